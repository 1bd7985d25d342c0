import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { tellUser } from '../../notifications/index.js'
import type { ConcernRow } from '../queries/concernAccess.js'

/** Emails the person who recorded the concern, while their account is active (a leaver is not written to). */
export async function tellAuthor(
  tx: Transaction<DB>,
  concern: Pick<ConcernRow, 'id' | 'organisationId' | 'authorUserId'>,
  message: { readonly kind: string; readonly subject: string; readonly body: string },
  now: Date,
): Promise<void> {
  const related = { organisationId: concern.organisationId, relatedType: 'concern', relatedId: concern.id }
  await tellUser(tx, concern.authorUserId, { ...message, ...related }, now)
}
