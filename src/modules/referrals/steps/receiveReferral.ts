import { sql, type Transaction } from 'kysely'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import type { IdentityWithheld, ReferralChannel } from '../domain/referral.js'
import type { DB } from '../../../platform/db/schema.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { involve } from '../../../platform/db/involvement.js'

export interface IncomingReferral {
  readonly channel: ReferralChannel
  readonly childId: string | null
  readonly childDetails?: object
  readonly fromOrganisationId: string | null
  readonly toOrganisation: { readonly id: string; readonly localAreaId: string }
  readonly concernId?: string | null
  readonly referredBy: string | null
  readonly summary: string
  readonly sourceCode: string
  readonly details?: Readonly<Record<string, unknown>>
  readonly immediateDanger: boolean
  readonly referrerName?: string | null
  readonly referrerContact?: string | null
  readonly referrerRelationship?: string | null
  readonly referrerAnonymous?: boolean
  /** Whether the family must not be told who referred; left out, 'not_asked' (shown as "Not asked"). */
  readonly identityWithheld?: IdentityWithheld
  readonly identityWithheldReason?: string | null
  /** A public report's one-time key (its draft's id): the same report sent twice is refused by the database. */
  readonly submissionKey?: string
  readonly parentsAware: boolean | null
  readonly parentalConsent: string | null
  readonly consentNotSoughtReason: string | null
  readonly submittedFrom?: string | null
  /** How the front door's email names who referred, e.g. "Oakfield Primary School" or "A member of the public". */
  readonly fromDescription: string
}

/**
 * Every referral arrives the same way, whichever door it came through, inside the caller's transaction: the
 * referral row with its reference, the receiving local authority's involvement with the child (when there is a
 * child record), the `referral-decision` clock (T1: decide within one working day of receipt) and an email to
 * the local authority's front door through the outbox. The email names no child: it may be read anywhere.
 */
export async function receiveReferral(
  tx: Transaction<DB>,
  r: IncomingReferral,
  today: LocalDate,
  now: Date,
  serviceUrl: string,
): Promise<{ id: string; reference: string }> {
  const seq = await sql<{ n: string }>`SELECT nextval('referral_reference_seq') AS n`.execute(tx)
  const reference = `R-${today.year}-${String(seq.rows[0]?.n ?? '0').padStart(6, '0')}`
  const id = await insertWithNewId(tx, 'referral', {
    reference,
    child_id: r.childId,
    from_organisation_id: r.fromOrganisationId,
    to_organisation_id: r.toOrganisation.id,
    concern_id: r.concernId ?? null,
    referred_by: r.referredBy,
    summary: r.summary.slice(0, 5000),
    received_at: now,
    state: 'received',
    channel: r.channel,
    source_code: r.sourceCode,
    child_details: JSON.stringify(r.childDetails ?? {}),
    details: JSON.stringify(r.details ?? {}),
    immediate_danger: r.immediateDanger,
    referrer_name: r.referrerName ?? null,
    referrer_contact: r.referrerContact ?? null,
    referrer_relationship: r.referrerRelationship ?? null,
    referrer_anonymous: r.referrerAnonymous ?? false,
    parents_aware: r.parentsAware,
    parental_consent: r.parentalConsent,
    consent_not_sought_reason: r.consentNotSoughtReason,
    acknowledged_at: null,
    submitted_from: r.submittedFrom ?? null,
    referrer_identity_withheld: r.identityWithheld ?? 'not_asked',
    referrer_identity_reason: r.identityWithheldReason ?? null,
    submission_key: r.submissionKey ?? null,
  })
  if (r.childId !== null) {
    await involve(tx, { childId: r.childId, organisationId: r.toOrganisation.id, reason: 'referral' }, now)
  }
  const clock = await registerDeadline(
    tx,
    {
      localAreaId: r.toOrganisation.localAreaId,
      organisationId: r.toOrganisation.id,
      ruleId: 'referral-decision',
      subjectType: 'referral',
      subjectId: id,
      childId: r.childId,
      title: `Decide on referral ${reference}`,
      startedOn: today,
    },
    now,
  )
  if (!clock.ok) throw new Error(`Could not start the referral-decision clock: ${clock.error.message}`)
  const urgent = r.immediateDanger ? 'URGENT: ' : ''
  await notifyOrganisationRoles(
    tx,
    {
      organisationId: r.toOrganisation.id,
      roles: ['front_door'],
      kind: 'referral.received',
      subject: `${urgent}New referral ${reference}`,
      body:
        `${r.fromDescription} has made a referral (${reference}).${r.immediateDanger ? ' The referrer says a child is in immediate danger.' : ''} ` +
        `A decision is due within one working day.\n\nRead it in Together: ${serviceUrl}/front-door/referrals/${id}`,
      relatedType: 'referral',
      relatedId: id,
    },
    now,
  )
  return { id, reference }
}
