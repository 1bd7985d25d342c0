import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { enqueueNotification, type NewNotification } from './enqueueNotification.js'

/**
 * Emails someone with an account, through the outbox, while the account is active (a leaver is not written to);
 * whether it did. The message is filed under `organisationId`, or else under the person's own organisation.
 */
export async function tellUser(
  tx: Transaction<DB>,
  userId: string,
  message: Omit<NewNotification, 'organisationId' | 'recipient'> & { readonly organisationId?: string },
  now: Date,
): Promise<boolean> {
  const user = await tx
    .selectFrom('app_user')
    .select(['email', 'organisation_id'])
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst()
  if (user === undefined) return false
  const organisationId = message.organisationId ?? user.organisation_id
  await enqueueNotification(tx, { ...message, organisationId, recipient: user.email }, now)
  return true
}
