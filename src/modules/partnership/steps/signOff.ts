/**
 * The three partners' sign-off, shared by the steps that need it (a partnership document, a rapid review, a yearly
 * report): the form's one confirmation, and one partner's signature recorded against what is signed.
 */
import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { checkboxes } from '../../../platform/forms/fields.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import { signOff, type StatutoryPartner } from '../domain/register.js'
import { currentSeats, partnershipFor, signedPartners } from '../queries/repository.js'

/** The box a partner ticks to sign `what` off; `missing` names it in the error when the box is left empty. */
export const confirmField = (what: string, missing = what) =>
  checkboxes({
    label: 'Sign-off',
    options: [{ value: 'yes', text: `I sign off ${what} for my organisation` }],
    required: `Confirm that you sign off ${missing}`,
  })

/** One partner's signature; the third completes it. Refuses anyone who is not a lead or delegated partner. */
export async function signFor(
  tx: Transaction<DB>,
  subjectType: 'document' | 'rapid_review' | 'yearly_report',
  subjectId: string,
  localAreaId: string,
  userId: string,
  now: Date,
): Promise<
  Result<{ partner: StatutoryPartner; remaining: readonly StatutoryPartner[]; complete: boolean }, DomainError>
> {
  const partnership = await partnershipFor(tx, localAreaId, now)
  const seats = await currentSeats(tx, partnership.id)
  const signed = await signedPartners(tx, subjectType, subjectId)
  const result = signOff(seats, { signed }, userId)
  if (!result.ok) return result
  await tx
    .insertInto('partnership_sign_off')
    .values({
      id: newId(),
      subject_type: subjectType,
      subject_id: subjectId,
      partner: result.value.partner,
      user_id: userId,
      submission_key: null,
      signed_at: now,
    })
    .execute()
  return ok({ ...result.value, complete: result.value.remaining.length === 0 })
}
