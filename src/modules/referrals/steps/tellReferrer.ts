import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import type { ReferralRow } from '../queries/referralAccess.js'

/**
 * The referrer's email about their referral, through the outbox. A professional (or the DSL whose decision
 * made the referral) is sent to "Your referrals" in Together; a member of the public who left an email address
 * is told only the reference. Neither email names the child: it may be read anywhere.
 */
export async function tellReferrer(
  tx: Transaction<DB>,
  referral: ReferralRow,
  message: {
    readonly kind: string
    readonly subject: string
    readonly professional: string
    readonly publicText?: string
  },
  now: Date,
  serviceUrl: string,
): Promise<boolean> {
  if (referral.referredBy !== null) {
    const referrer = await tx
      .selectFrom('app_user')
      .select(['email', 'organisation_id'])
      .where('id', '=', referral.referredBy)
      .where('active', '=', true)
      .executeTakeFirst()
    if (referrer === undefined) return false
    await enqueueNotification(
      tx,
      {
        kind: message.kind,
        organisationId: referrer.organisation_id,
        recipient: referrer.email,
        subject: message.subject,
        body: `${message.professional}\n\nSee it in Together: ${serviceUrl}/referrals`,
        relatedType: 'referral',
        relatedId: referral.id,
      },
      now,
    )
    return true
  }
  if (message.publicText === undefined) return false
  const row = await tx.selectFrom('referral').select('details').where('id', '=', referral.id).executeTakeFirstOrThrow()
  const email = (row.details as { referrerEmail?: unknown }).referrerEmail
  if (typeof email !== 'string' || email === '') return false
  await enqueueNotification(
    tx,
    {
      kind: message.kind,
      organisationId: referral.toOrganisationId,
      recipient: email,
      subject: message.subject,
      body: message.publicText,
      relatedType: 'referral',
      relatedId: referral.id,
    },
    now,
  )
  return true
}
