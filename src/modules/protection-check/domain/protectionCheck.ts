/**
 * The child protection plan check, as the NHS Child Protection – Information Sharing service (CP-IS) offers it to
 * unscheduled care: a police officer or health safeguarding professional in the area asks whether a child has a
 * current child protection plan, and learns only that (yes or no), the plan's start date and category, and whom
 * to call at the local authority. The check names the child by NHS number, or by name and date of birth; the
 * reason for the check is required, because every check is audited and the local authority is told about it.
 *
 * A plan is found only for an exact identity (isExactIdentity), and the answer first shows which child matched, so
 * the checker can see it is the child in front of them. A check that finds no plan (no child, a child without a
 * plan, or only a near miss such as "Lea Marsh" for "Leo Marsh") answers exactly the same way, so the check cannot
 * be used to learn who is known to children's social care.
 */
import {
  compareLocalDate,
  formatLocalDate,
  parseLocalDate,
  type LocalDate,
} from '../../../platform/calendar/localDate.js'
import { isValidNhsNumber, normaliseNhsNumber } from '../../children/domain/identifiers.js'
import { normaliseName } from '../../children/domain/nameMatching.js'
import { hasProblems } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

export interface ProtectionCheckInput {
  readonly nhsNumber?: string | undefined
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  /** YYYY-MM-DD. */
  readonly dateOfBirth?: string | undefined
  readonly reason?: string | undefined
}

export type ProtectionCheckQuery =
  | { readonly by: 'nhs_number'; readonly nhsNumber: string }
  | {
      readonly by: 'name_and_date_of_birth'
      readonly givenName: string
      readonly familyName: string
      readonly dateOfBirth: LocalDate
    }

export interface ValidProtectionCheck {
  readonly query: ProtectionCheckQuery
  readonly reason: string
}

export type ProtectionCheckInvalidCode = 'PROTECTION_CHECK.INVALID'

export const REASON_MAX_LENGTH = 1000
const NAME_MAX_LENGTH = 100

export const protectionCheckMessages = {
  nothing: 'Enter the child’s NHS number, or their first name, last name and date of birth',
  nhsNumber: 'Enter a valid NHS number, like 943 476 5919',
  givenName: 'Enter the child’s first name',
  familyName: 'Enter the child’s last name',
  nameTooLong: `Names must be ${NAME_MAX_LENGTH} characters or fewer`,
  dateOfBirth: 'Enter the child’s date of birth',
  dateOfBirthInvalid: 'Date of birth must be a real date, like 14 5 2016',
  dateOfBirthFuture: 'Date of birth must be today or in the past',
  reason: 'Give the reason for the check, for example the incident you are attending',
  reasonTooLong: `The reason must be ${REASON_MAX_LENGTH} characters or fewer`,
} as const

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/**
 * The NHS number wins when it is given (it names one child); otherwise the first name, last name and date of
 * birth are all needed, because a name alone could match many children and would say too much.
 */
export function validateProtectionCheck(
  input: ProtectionCheckInput,
  today: LocalDate,
): Result<ValidProtectionCheck, DomainError<ProtectionCheckInvalidCode>> {
  const fields: Record<string, string> = {}
  const reason = (input.reason ?? '').trim()
  if (reason === '') fields.reason = protectionCheckMessages.reason
  else if (reason.length > REASON_MAX_LENGTH) fields.reason = protectionCheckMessages.reasonTooLong

  let query: ProtectionCheckQuery | undefined
  if (!blank(input.nhsNumber)) {
    const nhs = normaliseNhsNumber(input.nhsNumber ?? '')
    if (isValidNhsNumber(nhs)) query = { by: 'nhs_number', nhsNumber: nhs }
    else fields.nhsNumber = protectionCheckMessages.nhsNumber
  } else if (blank(input.givenName) && blank(input.familyName) && blank(input.dateOfBirth)) {
    fields.nhsNumber = protectionCheckMessages.nothing
  } else {
    const givenName = (input.givenName ?? '').trim()
    const familyName = (input.familyName ?? '').trim()
    if (givenName === '') fields.givenName = protectionCheckMessages.givenName
    else if (givenName.length > NAME_MAX_LENGTH) fields.givenName = protectionCheckMessages.nameTooLong
    if (familyName === '') fields.familyName = protectionCheckMessages.familyName
    else if (familyName.length > NAME_MAX_LENGTH) fields.familyName = protectionCheckMessages.nameTooLong
    let dateOfBirth: LocalDate | undefined
    if (blank(input.dateOfBirth)) fields.dateOfBirth = protectionCheckMessages.dateOfBirth
    else {
      const parsed = parseLocalDate((input.dateOfBirth ?? '').trim())
      if (!parsed.ok) fields.dateOfBirth = protectionCheckMessages.dateOfBirthInvalid
      else if (compareLocalDate(parsed.value, today) > 0) fields.dateOfBirth = protectionCheckMessages.dateOfBirthFuture
      else dateOfBirth = parsed.value
    }
    if (!('givenName' in fields) && !('familyName' in fields) && dateOfBirth !== undefined)
      query = { by: 'name_and_date_of_birth', givenName, familyName, dateOfBirth }
  }
  if (hasProblems(fields) || query === undefined)
    return err(domainError('PROTECTION_CHECK.INVALID', 'Check the details of the child', fields))
  return ok({ query, reason })
}

/** A child record as the check compares it: its recorded name, other recorded names, date of birth and NHS number. */
export interface CheckCandidate {
  readonly givenName: string
  readonly familyName: string
  /** Other names the child is recorded under (aliases). */
  readonly otherNames: readonly { readonly givenName: string; readonly familyName: string }[]
  /** YYYY-MM-DD, or null for an unborn child. */
  readonly dateOfBirth: string | null
  /** Ten digits, or null when not recorded. */
  readonly nhsNumber: string | null
}

/**
 * Names compared for an exact identity: the same letters, ignoring only case, spacing and accents (and the
 * typographic form of apostrophes and hyphens: "O’Brien" is "O'Brien"). "Lea" is not "Leo"; "Leon" is not "Leo".
 */
export const sameName = (a: string, b: string): boolean => normaliseName(a) === normaliseName(b)

/**
 * Whether a recorded child is exactly the child asked about. A check answers a question about a child protection
 * plan, so it never guesses: no nicknames, no misspellings, no swapped first and last names, no similar names
 * born the same day. By NHS number, the numbers are equal. By name and date of birth, the date of birth is equal
 * and the first and last names are each the same (see sameName) as the child's recorded name or one of its other
 * recorded names. A near miss is simply not a match: what the checker is told then does not depend on whether a
 * near-miss child exists.
 */
export function isExactIdentity(query: ProtectionCheckQuery, candidate: CheckCandidate): boolean {
  if (query.by === 'nhs_number') return candidate.nhsNumber !== null && candidate.nhsNumber === query.nhsNumber
  if (candidate.dateOfBirth === null || candidate.dateOfBirth !== formatLocalDate(query.dateOfBirth)) return false
  return [{ givenName: candidate.givenName, familyName: candidate.familyName }, ...candidate.otherNames].some(
    (n) => sameName(n.givenName, query.givenName) && sameName(n.familyName, query.familyName),
  )
}
