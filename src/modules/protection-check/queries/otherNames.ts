import type { Transaction } from 'kysely'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { DB } from '../../../platform/db/schema.js'
import { groupBy } from '../../../platform/shared/groupBy.js'
import { isExactIdentity, type CheckCandidate, type ProtectionCheckQuery } from '../domain/protectionCheck.js'

/**
 * The other names (aliases) recorded for each candidate child, in the order they were read, for an exact identity
 * match: a protection check and opening a record with a reason both match a child by any of their names.
 */
export async function otherNamesOf(
  tx: Transaction<DB>,
  childIds: readonly string[],
): Promise<Map<string, CheckCandidate['otherNames']>> {
  if (childIds.length === 0) return new Map()
  const aliases = await tx
    .selectFrom('child_alias')
    .select(['child_id', 'given_name', 'family_name'])
    .where('child_id', 'in', childIds)
    .execute()
  return groupBy(
    aliases,
    (a) => a.child_id,
    (a) => ({ givenName: a.given_name, familyName: a.family_name }),
  )
}

/**
 * The children of an area whose identity matches the query exactly (isExactIdentity), each with its other recorded
 * names: the one way a protection check and opening a record with a reason find a child. The candidates: by NHS
 * number, the children with that number; by name, the children born that day in the area (few). The children as
 * known now (child_current): a corrected NHS number, name or date of birth is what matches.
 */
export async function exactlyMatchingChildren(tx: Transaction<DB>, localAreaId: string, query: ProtectionCheckQuery) {
  const inArea = tx
    .selectFrom('child_current')
    .select(['id', 'local_area_id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number', 'postcode'])
    .where('local_area_id', '=', localAreaId)
  const candidates = await (
    query.by === 'nhs_number'
      ? inArea.where('nhs_number', '=', query.nhsNumber)
      : inArea.where('date_of_birth', '=', formatLocalDate(query.dateOfBirth))
  ).execute()
  const aliases = await otherNamesOf(
    tx,
    candidates.map((c) => c.id),
  )
  return candidates
    .map((c) => ({ ...c, otherNames: aliases.get(c.id) ?? [] }))
    .filter((c) =>
      isExactIdentity(query, {
        givenName: c.given_name,
        familyName: c.family_name,
        dateOfBirth: c.date_of_birth,
        nhsNumber: c.nhs_number,
        otherNames: c.otherNames,
      }),
    )
}
