import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema.js'

/**
 * An organisation becomes involved with a child (the need-to-know the access policy reads), for the reason given;
 * one already involved stays as it was, since when and why.
 */
export async function involve(
  db: Kysely<DB> | Transaction<DB>,
  involvement: { readonly childId: string; readonly organisationId: string; readonly reason: string },
  now: Date,
): Promise<void> {
  await involveWithChildren(db, { ...involvement, childIds: [involvement.childId] }, now)
}

/** The same for several children at once (a family), in one statement; none when the list is empty. */
export async function involveWithChildren(
  db: Kysely<DB> | Transaction<DB>,
  involvement: { readonly childIds: readonly string[]; readonly organisationId: string; readonly reason: string },
  now: Date,
): Promise<void> {
  if (involvement.childIds.length === 0) return
  await db
    .insertInto('involvement')
    .values(
      involvement.childIds.map((childId) => ({
        child_id: childId,
        organisation_id: involvement.organisationId,
        reason: involvement.reason,
        since: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}
