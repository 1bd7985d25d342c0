import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { tellUser } from '../../notifications/index.js'
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
  const about = { kind: message.kind, subject: message.subject, relatedType: 'referral', relatedId: referral.id }
  if (referral.referredBy !== null) {
    const body = `${message.professional}\n\nSee it in Together: ${serviceUrl}/referrals`
    return tellUser(tx, referral.referredBy, { ...about, body }, now)
  }
  if (message.publicText === undefined) return false
  const row = await tx.selectFrom('referral').select('details').where('id', '=', referral.id).executeTakeFirstOrThrow()
  const email = (row.details as { referrerEmail?: unknown }).referrerEmail
  if (typeof email !== 'string' || email === '') return false
  await enqueueNotification(
    tx,
    { ...about, organisationId: referral.toOrganisationId, recipient: email, body: message.publicText },
    now,
  )
  return true
}
