/**
 * A child's record: who they are, and whether they are still a child. Working Together 2023: a child is anyone
 * under 18, and the guidance also applies to unborn children (shared/domain.md §0 [C]). An unborn child is
 * recorded with an expected date of delivery and linked to the mother; at 18 a young person's child-level
 * workflows close, with a visible notice.
 *
 * Validation speaks GOV.UK: every problem is a field error keyed by the form field's name, worded as the
 * design system's error messages are ("Enter…", "… must be …").
 */
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'
import { addMonths, compareLocalDate, localDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import {
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
} from './identifiers.js'
import { searchName } from './nameMatching.js'

/** As the CIN census records it from 2024-25 (M/F/U, U for unborn: domain.md §8); a form offers them as worded here. */
export const {
  ids: sexes,
  labels: sexLabels,
  is: isSex,
  options: sexOptions,
} = wordList({ female: 'Female', male: 'Male', unknown: 'Not known' })
export type Sex = (typeof sexes)[number]

/** Names are at most this many characters (Unicode code points) after cleanName. */
export const NAME_MAX_LENGTH = 100
/** How far ahead an expected date of delivery may be: a pregnancy is about 9 months, plus some slack. */
export const EXPECTED_DELIVERY_MAX_MONTHS = 10

/** What the "add a child" form sends. Blank strings count as "not given". Dates are parsed by the page. */
export interface NewChildInput {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth?: LocalDate | undefined
  /** For an unborn child, instead of a date of birth. */
  readonly expectedDateOfDelivery?: LocalDate | undefined
  readonly sex?: string | undefined
  readonly nhsNumber?: string | undefined
  readonly upn?: string | undefined
  /** Where the child lives, when known: it tells two children of the same name apart. */
  readonly postcode?: string | undefined
}

interface ValidChildCommon {
  /** Cleaned (see cleanName). Empty only for an unborn child, who may not be named yet. */
  readonly givenName: string
  readonly familyName: string
  /** normaliseName("given family"): store it for the trigram search. */
  readonly searchName: string
  readonly sex: Sex
  /** Ten digits, no spaces. */
  readonly nhsNumber?: string
  /** Upper case, no spaces. */
  readonly upn?: string
  /** Normalised: "SW1A 1AA". */
  readonly postcode?: string
}

/** A born child has a date of birth; an unborn one an expected date of delivery and sex 'unknown'. Never both. */
export type ValidChild =
  | (ValidChildCommon & {
      readonly status: 'child'
      readonly dateOfBirth: LocalDate
      readonly expectedDateOfDelivery?: undefined
    })
  | (ValidChildCommon & {
      readonly status: 'unborn'
      readonly expectedDateOfDelivery: LocalDate
      readonly dateOfBirth?: undefined
      readonly sex: 'unknown'
    })

export type ChildInvalidCode = 'CHILD.INVALID'

/** Field names used by validateNewChild and validateMother, for the error summary's links. */
export type ChildField =
  | 'givenName'
  | 'familyName'
  | 'dateOfBirth'
  | 'expectedDateOfDelivery'
  | 'sex'
  | 'nhsNumber'
  | 'upn'
  | 'postcode'
  | 'motherGivenName'
  | 'motherFamilyName'
  | 'motherDateOfBirth'

export const childMessages = {
  givenNameMissing: 'Enter the child’s first name',
  givenNameTooLong: `First name must be ${NAME_MAX_LENGTH} characters or fewer`,
  familyNameMissing: 'Enter the child’s last name',
  familyNameTooLong: `Last name must be ${NAME_MAX_LENGTH} characters or fewer`,
  dateMissing: 'Enter a date of birth or, for an unborn child, the expected date of delivery',
  bothDates: 'Enter a date of birth or an expected date of delivery, not both',
  dateOfBirthInFuture: 'Date of birth must be in the past',
  notUnder18: 'The child must be under 18 — this date of birth makes them 18 or over',
  deliveryInPast: 'Expected date of delivery must be in the future',
  deliveryTooFar: `Expected date of delivery must be within ${EXPECTED_DELIVERY_MAX_MONTHS} months of today`,
  sexMissing: 'Select the child’s sex',
  unbornSex: 'Select ‘Not known’ for an unborn child',
  nhsInvalid: 'Enter a valid NHS number — it is 10 digits, like 943 476 5919',
  nhsUnborn: 'An unborn child does not have an NHS number yet — leave it blank',
  upnInvalid:
    'Enter a valid UPN — it is 13 characters: a letter, 11 numbers, then a number or a letter, like B801200005001',
  upnUnborn: 'An unborn child does not have a UPN — leave it blank',
  postcodeInvalid: 'Enter a real postcode, like SW1A 1AA, or leave it blank',
  motherGivenNameMissing: 'Enter the mother’s first name',
  motherGivenNameTooLong: `Mother’s first name must be ${NAME_MAX_LENGTH} characters or fewer`,
  motherFamilyNameMissing: 'Enter the mother’s last name',
  motherFamilyNameTooLong: `Mother’s last name must be ${NAME_MAX_LENGTH} characters or fewer`,
  motherDateOfBirthInFuture: 'Mother’s date of birth must be in the past',
} as const

/**
 * Names are stored as typed, minus what no name contains: control characters (tabs and line breaks become
 * spaces, the rest are removed) and invisible direction marks and overrides (U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), which can make a name display differently from how it sorts and searches. Then NFC,
 * collapsed spaces, trimmed. Markup such as "<b>" is kept as text: the view escapes it.
 */
export function cleanName(input: string): string {
  return input
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
}

const codePoints = (s: string): number => [...s].length

/** A cleaned name's problem, put under `field`: blank where a name is needed, or longer than NAME_MAX_LENGTH. */
export function checkName<F extends string>(
  fields: Partial<Record<F, string>>,
  field: F,
  name: string,
  messages: { readonly missing: string | undefined; readonly tooLong: string },
): void {
  if (name === '' && messages.missing !== undefined) fields[field] = messages.missing
  else if (codePoints(name) > NAME_MAX_LENGTH) fields[field] = messages.tooLong
}

/** A child's or mother's names as they are stored: cleaned, with the form they are searched by. */
function cleanNames(input: { readonly givenName: string; readonly familyName: string }) {
  const givenName = cleanName(input.givenName)
  const familyName = cleanName(input.familyName)
  return { givenName, familyName, searchName: searchName(givenName, familyName) }
}

/** A child's or mother's name field, checked with the messages named after it (`givenNameMissing`...). */
function checkPersonName(
  fields: Partial<Record<ChildField, string>>,
  field: 'givenName' | 'familyName' | 'motherGivenName' | 'motherFamilyName',
  name: string,
  required = true,
): void {
  const tooLong = childMessages[`${field}TooLong`]
  checkName(fields, field, name, { missing: required ? childMessages[`${field}Missing`] : undefined, tooLong })
}

const blank = (s: string | undefined): s is undefined => s === undefined || s.trim() === ''

/**
 * The day a person born on `dob` reaches `years` old. Family Law Reform Act 1969 s9: a person attains an age
 * at the commencement of the relevant anniversary of the date of their birth. For someone born on 29
 * February, in a year with no 29 February we use 1 March: the anniversary has not come while 28 February
 * lasts. That reading is common UK practice but is not settled by any statute or case law we have read. [U]
 */
export function anniversary(dob: LocalDate, years: number): LocalDate {
  const same = localDate(dob.year + years, dob.month, dob.day)
  if (same.ok) return same.value
  const firstOfMarch = localDate(dob.year + years, 3, 1) // only 29 February can fail
  if (!firstOfMarch.ok) throw new Error(`No anniversary ${years} years after year ${dob.year}`)
  return firstOfMarch.value
}

/**
 * The 18th birthday: the day a young person stops being a child. Someone born on 29 February always turns 18
 * on 1 March, since 18 years after a leap year is never one (see anniversary).
 */
export const eighteenthBirthday = (dob: LocalDate): LocalDate => anniversary(dob, 18)

/** Age in whole years on `today`, consistent with `anniversary` (a 29 February baby turns one on 1 March). Negative before birth. */
export function ageOn(dob: LocalDate, today: LocalDate): number {
  const years = today.year - dob.year
  const hadBirthday = today.month > dob.month || (today.month === dob.month && today.day >= dob.day)
  return hadBirthday ? years : years - 1
}

/** Under 18 on `today`. */
export const isChild = (dob: LocalDate, today: LocalDate): boolean =>
  compareLocalDate(today, eighteenthBirthday(dob)) < 0

export type ChildStatus = 'unborn' | 'child' | 'adult'

/** The dates a stored child record carries; at least one of them is always present. */
export interface ChildDates {
  readonly dateOfBirth?: LocalDate | undefined
  readonly expectedDateOfDelivery?: LocalDate | undefined
}

/**
 * 'unborn' until a date of birth is recorded (even past the expected date: the birth has to be recorded);
 * 'child' under 18; 'adult' from the 18th birthday, when child-level workflows close (see childNotice).
 * Throws if the record has neither date: the database forbids that, so it is a bug.
 */
export function childStatus(child: ChildDates, today: LocalDate): ChildStatus {
  if (child.dateOfBirth !== undefined) return isChild(child.dateOfBirth, today) ? 'child' : 'adult'
  if (child.expectedDateOfDelivery !== undefined) return 'unborn'
  throw new Error('A child record has neither a date of birth nor an expected date of delivery')
}

/** Whether new child-level work (concerns, decisions, referrals) may start for a child with this status. */
export const childWorkflowsOpen = (status: ChildStatus): boolean => status !== 'adult'

export type ChildNotice =
  | { readonly kind: 'turned_18'; readonly turned18On: LocalDate; readonly heading: string; readonly body: string }
  | {
      readonly kind: 'birth_not_recorded'
      readonly expectedDateOfDelivery: LocalDate
      readonly heading: string
      readonly body: string
    }

/**
 * A notice to show prominently on the child's pages (a GOV.UK notification banner), or undefined. The page
 * formats the date itself.
 * - turned_18: child-level workflows are closed; existing records stay readable.
 * - birth_not_recorded: the expected date of delivery has passed and no date of birth is recorded.
 */
export function childNotice(child: ChildDates, today: LocalDate): ChildNotice | undefined {
  if (child.dateOfBirth !== undefined) {
    const turned18On = eighteenthBirthday(child.dateOfBirth)
    if (compareLocalDate(today, turned18On) < 0) return undefined
    return {
      kind: 'turned_18',
      turned18On,
      heading: 'This young person is now 18',
      body: 'Child-level safeguarding work for them has closed: you cannot record new concerns, decisions or referrals here. Their records stay available to read. If they are still at risk, follow your organisation’s adult safeguarding procedures.',
    }
  }
  if (child.expectedDateOfDelivery !== undefined && compareLocalDate(today, child.expectedDateOfDelivery) > 0) {
    return {
      kind: 'birth_not_recorded',
      expectedDateOfDelivery: child.expectedDateOfDelivery,
      heading: 'The expected date of delivery has passed',
      body: 'Record the baby’s date of birth when you know it.',
    }
  }
  return undefined
}

/** "Ada Lovelace", or "Unborn baby Smith" for an unborn child with no first name yet. */
export const childDisplayName = (child: { readonly givenName: string; readonly familyName: string }): string =>
  child.givenName === '' ? `Unborn baby ${child.familyName}` : `${child.givenName} ${child.familyName}`

/** A child's or mother's details checked: the valid details, or every field's message at once. */
type Checked<T> = Result<T, DomainError<ChildInvalidCode>>

const invalid = (fields: Partial<Record<ChildField, string>>): Checked<never> => {
  const all: Record<string, string> = {}
  for (const [name, message] of Object.entries(fields)) if (message !== undefined) all[name] = message
  return err(domainError('CHILD.INVALID', Object.values(all)[0] ?? 'Check the child’s details', all))
}

/**
 * Check a new child's details against `today`. Field errors (ChildField → message) for everything wrong at
 * once, in form order; the error's message is the first of them. Rules:
 * - first name required (except for an unborn child), last name required; each ≤ NAME_MAX_LENGTH after cleanName;
 * - exactly one of: date of birth (today or earlier, and under 18 today), or expected date of delivery
 *   (today or later, at most EXPECTED_DELIVERY_MAX_MONTHS months ahead);
 * - sex required, and 'unknown' for an unborn child;
 * - NHS number and UPN optional (blank means not given), valid when given, never for an unborn child;
 * - postcode optional, a real UK postcode when given.
 */
export function validateNewChild(input: NewChildInput, today: LocalDate): Checked<ValidChild> {
  const fields: Partial<Record<ChildField, string>> = {}
  const names = cleanNames(input)
  const { dateOfBirth, expectedDateOfDelivery } = input
  const unborn = dateOfBirth === undefined && expectedDateOfDelivery !== undefined

  checkPersonName(fields, 'givenName', names.givenName, !unborn)
  checkPersonName(fields, 'familyName', names.familyName)

  if (dateOfBirth === undefined && expectedDateOfDelivery === undefined) fields.dateOfBirth = childMessages.dateMissing
  else if (dateOfBirth !== undefined && expectedDateOfDelivery !== undefined)
    fields.dateOfBirth = childMessages.bothDates
  else if (dateOfBirth !== undefined) {
    // Today is allowed: a baby born today may need safeguarding today.
    if (compareLocalDate(dateOfBirth, today) > 0) fields.dateOfBirth = childMessages.dateOfBirthInFuture
    else if (!isChild(dateOfBirth, today)) fields.dateOfBirth = childMessages.notUnder18
  } else if (expectedDateOfDelivery !== undefined) {
    if (compareLocalDate(expectedDateOfDelivery, today) < 0)
      fields.expectedDateOfDelivery = childMessages.deliveryInPast
    else if (compareLocalDate(expectedDateOfDelivery, addMonths(today, EXPECTED_DELIVERY_MAX_MONTHS)) > 0) {
      fields.expectedDateOfDelivery = childMessages.deliveryTooFar
    }
  }

  const sex = input.sex?.trim() ?? ''
  if (!isSex(sex)) fields.sex = childMessages.sexMissing
  else if (unborn && sex !== 'unknown') fields.sex = childMessages.unbornSex

  const nhsNumber = blank(input.nhsNumber) ? undefined : normaliseNhsNumber(input.nhsNumber)
  if (nhsNumber !== undefined) {
    if (unborn) fields.nhsNumber = childMessages.nhsUnborn
    else if (!isValidNhsNumber(nhsNumber)) fields.nhsNumber = childMessages.nhsInvalid
  }
  const upn = blank(input.upn) ? undefined : normaliseUpn(input.upn)
  if (upn !== undefined) {
    if (unborn) fields.upn = childMessages.upnUnborn
    else if (!isValidUpn(upn)) fields.upn = childMessages.upnInvalid
  }

  const postcode = blank(input.postcode) ? undefined : normalisePostcode(input.postcode)
  if (postcode !== undefined && !isValidPostcode(postcode)) fields.postcode = childMessages.postcodeInvalid

  if (Object.keys(fields).length > 0 || !isSex(sex)) return invalid(fields)

  const common = {
    ...names,
    ...(nhsNumber === undefined ? {} : { nhsNumber }),
    ...(upn === undefined ? {} : { upn }),
    ...(postcode === undefined ? {} : { postcode }),
  }
  if (dateOfBirth !== undefined) return ok({ ...common, sex, status: 'child', dateOfBirth })
  if (expectedDateOfDelivery !== undefined)
    return ok({ ...common, sex: 'unknown', status: 'unborn', expectedDateOfDelivery })
  throw new Error('unreachable: a missing date is a field error above')
}

/** The mother of an unborn child, when she is not already on the system. She may herself be a child. */
export interface MotherInput {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth?: LocalDate | undefined
}

export interface ValidMother {
  readonly givenName: string
  readonly familyName: string
  readonly searchName: string
  readonly dateOfBirth?: LocalDate
}

/**
 * Fields motherGivenName, motherFamilyName (both required) and motherDateOfBirth (optional; today or
 * earlier). No upper or lower age: a mother under 18 is a child in her own right and may need her own record
 * (`isChild(mother.dateOfBirth, today)` tells the page to suggest one).
 */
export function validateMother(input: MotherInput, today: LocalDate): Checked<ValidMother> {
  const fields: Partial<Record<ChildField, string>> = {}
  const names = cleanNames(input)
  checkPersonName(fields, 'motherGivenName', names.givenName)
  checkPersonName(fields, 'motherFamilyName', names.familyName)
  if (input.dateOfBirth !== undefined && compareLocalDate(input.dateOfBirth, today) > 0) {
    fields.motherDateOfBirth = childMessages.motherDateOfBirthInFuture
  }
  if (Object.keys(fields).length > 0) return invalid(fields)
  return ok({
    ...names,
    ...(input.dateOfBirth === undefined ? {} : { dateOfBirth: input.dateOfBirth }),
  })
}
