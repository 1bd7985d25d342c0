import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import type { CheckCandidate } from '../domain/protectionCheck.js'

/**
 * The other names (aliases) recorded for each candidate child, in the order they were read, for an exact identity
 * match: a protection check and opening a record with a reason both match a child by any of their names.
 */
export async function otherNamesOf(
  tx: Transaction<DB>,
  childIds: readonly string[],
): Promise<Map<string, CheckCandidate['otherNames']>> {
  const byChild = new Map<string, { givenName: string; familyName: string }[]>()
  if (childIds.length === 0) return byChild
  const aliases = await tx
    .selectFrom('child_alias')
    .select(['child_id', 'given_name', 'family_name'])
    .where('child_id', 'in', childIds)
    .execute()
  for (const a of aliases) {
    const names = byChild.get(a.child_id) ?? []
    if (names.length === 0) byChild.set(a.child_id, names)
    names.push({ givenName: a.given_name, familyName: a.family_name })
  }
  return byChild
}
