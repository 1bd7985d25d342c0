import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import type { ConcernRow } from '../queries/concernAccess.js'

/** Emails the person who recorded the concern, while their account is active (a leaver is not written to). */
export async function tellAuthor(
  tx: Transaction<DB>,
  concern: Pick<ConcernRow, 'id' | 'organisationId' | 'authorUserId'>,
  message: { readonly kind: string; readonly subject: string; readonly body: string },
  now: Date,
): Promise<void> {
  const author = await tx
    .selectFrom('app_user')
    .select('email')
    .where('id', '=', concern.authorUserId)
    .where('active', '=', true)
    .executeTakeFirst()
  if (author === undefined) return
  await enqueueNotification(
    tx,
    {
      ...message,
      organisationId: concern.organisationId,
      recipient: author.email,
      relatedType: 'concern',
      relatedId: concern.id,
    },
    now,
  )
}
