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
  await db
    .insertInto('involvement')
    .values({
      child_id: involvement.childId,
      organisation_id: involvement.organisationId,
      reason: involvement.reason,
      since: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
}
