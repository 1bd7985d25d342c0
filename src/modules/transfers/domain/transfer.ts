/**
 * Sending a child's child-protection file to the next school: separately from the pupil file, to the receiving
 * DSL, who confirms receipt (the clock stops). A school not on Together gets a secure, time-limited, single-use
 * link to a vendor-neutral export instead, and confirms receipt through it. Sources: ../shared/domain-2026.md §6.
 *
 *   sent ──confirm_receipt──▶ received
 */
import { compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'
import { textProblem } from '../../concerns/domain/text.js'

export const { is: isTransferReason, labels: transferReasonLabels } = wordList({
  in_year: 'Moving school during the school year',
  phase_transition: 'Moving on at the end of a phase (for example primary to secondary)',
  missing_education: 'Child missing education',
  elective_home: 'Elective home education',
  abroad: 'Moving abroad',
})
export type TransferReason = keyof typeof transferReasonLabels

export const { labels: transferStateLabels } = wordList({
  sent: 'Sent, receipt not yet confirmed',
  received: 'Receipt confirmed',
})
export type TransferState = keyof typeof transferStateLabels

/** The designated safeguarding lead and deputies: only they send, receive and read a school's child protection files. */
export const DSL_ROLES = ['dsl', 'deputy_dsl'] as const
export const isDsl = (actor: Actor): boolean => hasRole(actor, ...DSL_ROLES)

/** Which end of the move this person is a DSL at, if either: the sending school or the receiving one. */
export function dslEnd(
  actor: Actor,
  transfer: { readonly fromOrganisationId: string; readonly toOrganisationId: string | null },
): 'sending' | 'receiving' | undefined {
  if (!isDsl(actor)) return undefined
  if (transfer.toOrganisationId === actor.organisationId) return 'receiving'
  return transfer.fromOrganisationId === actor.organisationId ? 'sending' : undefined
}

/** How long a download link for a school not on Together lasts: long enough for a holiday inbox, no longer. */
export const LINK_VALID_DAYS = 7

/** URN: the 6-digit unique reference number of a school or college (Get Information About Schools). */
export const isUrn = (v: string): boolean => /^\d{6}$/.test(v.trim())

/**
 * UPN: the 13-character unique pupil number (DfE): a check letter then 12 digits, or for a temporary UPN 11 digits
 * and a final letter. The check letter is verified so that a mistyped UPN never finds another child.
 */
export function isValidUpn(value: string): boolean {
  const upn = value.trim().toUpperCase()
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) return false
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ'
  const weights = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
  let sum = 0
  for (let i = 1; i < 13; i++) {
    const ch = upn[i] ?? ''
    const v = /\d/.test(ch) ? Number(ch) : letters.indexOf(ch)
    if (v < 0) return false
    sum += v * (weights[i] ?? 0)
  }
  return letters[sum % 23] === upn[0]
}

export interface SendFileInput {
  readonly movedOn?: LocalDate | undefined
  readonly reason?: string | undefined
  readonly toUrn?: string | undefined
  /** For a school not on Together: its name and the DSL's email address for the link. */
  readonly toSchoolName?: string | undefined
  readonly toEmail?: string | undefined
  readonly advanceInformation?: string | undefined
}

export const transferMessages = {
  movedOnMissing: 'Enter the date the child moved, or will move, to the new school',
  movedOnTooFar: 'The move date must be within the last year or the next 6 months',
  reasonMissing: 'Select why the child is moving',
  urnInvalid: 'Enter the new school’s URN, which is 6 digits, like 123456',
  schoolNotFound:
    'No school with that URN is on Together. Check the URN, or send a secure link to the school’s DSL instead',
  emailInvalid: 'Enter the new school DSL’s email address, like name@school.sch.uk',
  schoolNameMissing: 'Enter the name of the new school',
  sameSchool: 'The new school cannot be your own school',
} as const

export type TransferInvalidCode = 'TRANSFER.INVALID'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateSendFile(
  input: SendFileInput,
  mode: 'on_together' | 'by_link',
  earliest: LocalDate,
  latest: LocalDate,
): Result<
  {
    movedOn: LocalDate
    reason: TransferReason
    toUrn: string | null
    toSchoolName: string | null
    toEmail: string | null
    advanceInformation: string
  },
  DomainError<TransferInvalidCode>
> {
  const fields: Record<string, string> = {}
  if (input.movedOn === undefined) fields.movedOn = transferMessages.movedOnMissing
  else if (compareLocalDate(input.movedOn, earliest) < 0 || compareLocalDate(input.movedOn, latest) > 0)
    fields.movedOn = transferMessages.movedOnTooFar
  const reason = input.reason?.trim() ?? ''
  if (!isTransferReason(reason)) fields.reason = transferMessages.reasonMissing
  const urn = input.toUrn?.trim() ?? ''
  if (mode === 'on_together' && !isUrn(urn)) fields.toUrn = transferMessages.urnInvalid
  const email = input.toEmail?.trim() ?? ''
  const schoolName = input.toSchoolName ?? ''
  if (mode === 'by_link') {
    const nameProblem = textProblem(schoolName, {
      label: 'The school’s name',
      max: 200,
      missing: transferMessages.schoolNameMissing,
    })
    if (nameProblem !== undefined) fields.toSchoolName = nameProblem
    if (!EMAIL.test(email) || email.length > 320) fields.toEmail = transferMessages.emailInvalid
  }
  const advanceProblem = textProblem(input.advanceInformation ?? '', {
    label: 'Information shared in advance',
    max: 5_000,
  })
  if (advanceProblem !== undefined) fields.advanceInformation = advanceProblem
  if (hasProblems(fields) || input.movedOn === undefined || !isTransferReason(reason))
    return invalidFields('TRANSFER.INVALID', fields, transferMessages.movedOnMissing)
  return ok({
    movedOn: input.movedOn,
    reason,
    toUrn: mode === 'on_together' ? urn : null,
    toSchoolName: mode === 'by_link' ? schoolName.trim() : null,
    toEmail: mode === 'by_link' ? email : null,
    advanceInformation: input.advanceInformation ?? '',
  })
}

export type LinkRefusalCode = 'TRANSFER.LINK_USED' | 'TRANSFER.LINK_EXPIRED' | 'TRANSFER.LINK_UNKNOWN'

/**
 * A download link works once, before it expires: the link when it can be used; otherwise a refusal saying which,
 * so the school knows to ask again.
 */
export function checkLink<L extends { readonly expiresAt: Date; readonly usedAt: Date | null }>(
  link: L | undefined,
  now: Date,
): Result<L, DomainError<LinkRefusalCode>> {
  if (link === undefined)
    return err(
      domainError('TRANSFER.LINK_UNKNOWN', 'This link is not valid. Ask the school that sent it for a new one'),
    )
  if (link.usedAt !== null)
    return err(
      domainError(
        'TRANSFER.LINK_USED',
        'This link has already been used. Each link works once – ask the school that sent it for a new one',
      ),
    )
  if (link.expiresAt.getTime() <= now.getTime())
    return err(domainError('TRANSFER.LINK_EXPIRED', 'This link has expired. Ask the school that sent it for a new one'))
  return ok(link)
}
