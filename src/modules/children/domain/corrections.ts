/**
 * Corrections to a child's identity ("Working together on one child", item 1). A correction is an addendum,
 * never an edit: the child's first record stays as it was made, and who the child is now is that record with
 * every correction applied in the order they were made (the newest correction of a field wins). A birth recorded
 * for an unborn child is a correction too: its date of birth replaces the expected date of delivery.
 *
 * The database applies the same rule in the child_current view (migration 0014), which the searches and the
 * child protection plan check read; `applyCorrections` is the rule in code, for the identity history and tests.
 */
import {
  compareLocalDate,
  formatLocalDate,
  type LocalDate,
  storedDateInWords,
} from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'
import { checkName, childMessages, cleanName, isChild, sexLabels, type Sex } from './child.js'
import { formatNhsNumber, isValidNhsNumber, isValidUpn, normaliseNhsNumber, normaliseUpn } from './identifiers.js'
import { searchName } from './nameMatching.js'

export const { ids: correctionKinds, labels: correctionKindLabels } = wordList({
  name: 'Name',
  date_of_birth: 'Date of birth',
  sex: 'Sex',
  nhs_number: 'NHS number',
  upn: 'Unique pupil number (UPN)',
  alias: 'Another name the child is known by',
  birth: 'Birth recorded',
})
export type CorrectionKind = (typeof correctionKinds)[number]

/** Who the child is, as far as identity goes. Dates are ISO (YYYY-MM-DD), as stored. */
export interface Identity {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth: string | null
  readonly expectedDateOfDelivery: string | null
  readonly sex: Sex
  readonly nhsNumber: string | null
  readonly upn: string | null
  readonly otherNames: readonly { readonly givenName: string; readonly familyName: string }[]
}

/** What one correction sets (only the fields of its kind are present). */
export interface CorrectionValues {
  readonly kind: CorrectionKind
  readonly givenName?: string | null | undefined
  readonly familyName?: string | null | undefined
  readonly dateOfBirth?: string | null | undefined
  readonly sex?: Sex | null | undefined
  readonly nhsNumber?: string | null | undefined
  readonly upn?: string | null | undefined
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined

/** One correction applied to an identity. */
export function applyCorrection(identity: Identity, c: CorrectionValues): Identity {
  switch (c.kind) {
    case 'name':
      return {
        ...identity,
        givenName: c.givenName ?? identity.givenName,
        familyName: c.familyName ?? identity.familyName,
      }
    case 'alias':
      return given(c.givenName) && given(c.familyName)
        ? { ...identity, otherNames: [...identity.otherNames, { givenName: c.givenName, familyName: c.familyName }] }
        : identity
    case 'date_of_birth':
      return { ...identity, dateOfBirth: c.dateOfBirth ?? identity.dateOfBirth }
    case 'birth':
      return given(c.dateOfBirth)
        ? { ...identity, dateOfBirth: c.dateOfBirth, expectedDateOfDelivery: null, sex: c.sex ?? identity.sex }
        : identity
    case 'sex':
      return { ...identity, sex: c.sex ?? identity.sex }
    case 'nhs_number':
      return { ...identity, nhsNumber: c.nhsNumber ?? identity.nhsNumber }
    case 'upn':
      return { ...identity, upn: c.upn ?? identity.upn }
  }
}

/** The child now: the first record with every correction applied in the order they were made. */
export const applyCorrections = (original: Identity, corrections: readonly CorrectionValues[]): Identity =>
  corrections.reduce(applyCorrection, original)

/** "2016-03-04" → "4 March 2016". */
const dateWords = (iso: string | null): string => (iso === null ? 'Not recorded' : storedDateInWords(iso))

/** "From" and "to", in words, for one correction against the identity it corrected. */
export function describeChange(before: Identity, c: CorrectionValues): { from: string; to: string } {
  const after = applyCorrection(before, c)
  switch (c.kind) {
    case 'name':
      return { from: `${before.givenName} ${before.familyName}`.trim(), to: `${after.givenName} ${after.familyName}` }
    case 'alias':
      return { from: 'No such name recorded', to: `Also known as ${c.givenName ?? ''} ${c.familyName ?? ''}`.trim() }
    case 'date_of_birth':
      return { from: dateWords(before.dateOfBirth), to: dateWords(after.dateOfBirth) }
    case 'birth':
      return {
        from: `Unborn, expected ${dateWords(before.expectedDateOfDelivery)}`,
        to: `Born ${dateWords(after.dateOfBirth)}${after.sex === before.sex ? '' : `, ${sexLabels[after.sex].toLowerCase()}`}`,
      }
    case 'sex':
      return { from: sexLabels[before.sex], to: sexLabels[after.sex] }
    case 'nhs_number':
      return {
        from: before.nhsNumber === null ? 'Not recorded' : formatNhsNumber(before.nhsNumber),
        to: after.nhsNumber === null ? 'Not recorded' : formatNhsNumber(after.nhsNumber),
      }
    case 'upn':
      return { from: before.upn ?? 'Not recorded', to: after.upn ?? 'Not recorded' }
  }
}

/** What the correction form sends (the step's fields), blanks left out. */
export interface CorrectionInput {
  readonly change: CorrectionKind
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly dateOfBirth?: LocalDate | undefined
  readonly sex?: Sex | undefined
  readonly nhsNumber?: string | undefined
  readonly upn?: string | undefined
  readonly aliasGivenName?: string | undefined
  readonly aliasFamilyName?: string | undefined
  readonly birthDate?: LocalDate | undefined
  readonly birthSex?: Sex | undefined
}

/** A correction ready to store: its values (normalised) and what the corrected fields held before. */
export interface ValidCorrection extends CorrectionValues {
  readonly searchName?: string
  readonly previous: Readonly<Record<string, string | null>>
}

export const correctionMessages = {
  dateOfBirthInFuture: 'Date of birth must be today or in the past',
  unbornUseBirth: 'This child is not born yet: choose ‘Record the birth’ to record their date of birth',
  birthNotUnborn: 'A date of birth is already recorded: choose ‘Date of birth’ to correct it',
  identifierUnborn: 'An unborn child does not have this yet: record the birth first',
  same: 'This is already what the child’s record says',
  nhsTaken: 'Another child’s record has this NHS number: check the number, or ask for the records to be merged',
} as const

/** The two identifiers are corrected alike: normalised as typed, checked, and not what the record already says. */
const identifierRules = {
  nhs_number: {
    field: 'nhsNumber',
    normalise: normaliseNhsNumber,
    isValid: isValidNhsNumber,
    missing: 'Enter the child’s NHS number',
    invalid: childMessages.nhsInvalid,
  },
  upn: {
    field: 'upn',
    normalise: normaliseUpn,
    isValid: isValidUpn,
    missing: 'Enter the child’s UPN',
    invalid: childMessages.upnInvalid,
  },
} as const

/**
 * Checks a correction against who the child is now and today. Field errors keyed by the form's field names:
 * names cleaned and at most NAME_MAX_LENGTH; a date of birth not in the future and under 18, and only for a child
 * who is born (an unborn child's birth is recorded instead); an NHS number with a valid check digit; a valid UPN;
 * nothing that is already what the record says.
 */
export function validateCorrection(
  input: CorrectionInput,
  current: Identity,
  today: LocalDate,
): Result<ValidCorrection, DomainError<'CHILD.CORRECTION_INVALID'>> {
  const fields: Record<string, string> = {}
  const unborn = current.dateOfBirth === null
  let value: ValidCorrection | undefined
  switch (input.change) {
    case 'name':
    case 'alias': {
      const [gField, fField] =
        input.change === 'name' ? ['givenName', 'familyName'] : ['aliasGivenName', 'aliasFamilyName']
      const given = cleanName((input.change === 'name' ? input.givenName : input.aliasGivenName) ?? '')
      const family = cleanName((input.change === 'name' ? input.familyName : input.aliasFamilyName) ?? '')
      checkName(fields, gField, given, {
        missing: childMessages.givenNameMissing,
        tooLong: childMessages.givenNameTooLong,
      })
      checkName(fields, fField, family, {
        missing: childMessages.familyNameMissing,
        tooLong: childMessages.familyNameTooLong,
      })
      const same =
        input.change === 'name'
          ? given === current.givenName && family === current.familyName
          : [{ givenName: current.givenName, familyName: current.familyName }, ...current.otherNames].some(
              (n) => n.givenName === given && n.familyName === family,
            )
      if (Object.keys(fields).length === 0 && same) fields[gField] = correctionMessages.same
      value = {
        kind: input.change,
        givenName: given,
        familyName: family,
        searchName: searchName(given, family),
        previous: input.change === 'name' ? { givenName: current.givenName, familyName: current.familyName } : {},
      }
      break
    }
    case 'date_of_birth': {
      const dob = input.dateOfBirth
      if (unborn) fields.change = correctionMessages.unbornUseBirth
      else if (dob === undefined) fields.dateOfBirth = 'Enter the child’s date of birth'
      else if (compareLocalDate(dob, today) > 0) fields.dateOfBirth = correctionMessages.dateOfBirthInFuture
      else if (!isChild(dob, today)) fields.dateOfBirth = childMessages.notUnder18
      else if (formatLocalDate(dob) === current.dateOfBirth) fields.dateOfBirth = correctionMessages.same
      if (dob !== undefined)
        value = {
          kind: 'date_of_birth',
          dateOfBirth: formatLocalDate(dob),
          previous: { dateOfBirth: current.dateOfBirth },
        }
      break
    }
    case 'birth': {
      const born = input.birthDate
      if (!unborn) fields.change = correctionMessages.birthNotUnborn
      else if (born === undefined) fields.birthDate = 'Enter the date the baby was born'
      else if (compareLocalDate(born, today) > 0) fields.birthDate = correctionMessages.dateOfBirthInFuture
      if (born !== undefined)
        value = {
          kind: 'birth',
          dateOfBirth: formatLocalDate(born),
          ...(input.birthSex === undefined ? {} : { sex: input.birthSex }),
          previous: { expectedDateOfDelivery: current.expectedDateOfDelivery, sex: current.sex },
        }
      break
    }
    case 'sex':
      if (input.sex === undefined) fields.sex = childMessages.sexMissing
      else if (unborn && input.sex !== 'unknown') fields.sex = childMessages.unbornSex
      else if (input.sex === current.sex) fields.sex = correctionMessages.same
      if (input.sex !== undefined) value = { kind: 'sex', sex: input.sex, previous: { sex: current.sex } }
      break
    case 'nhs_number':
    case 'upn': {
      const { field, normalise, isValid, missing, invalid } = identifierRules[input.change]
      const typed = normalise(input[field] ?? '')
      if (unborn) fields.change = correctionMessages.identifierUnborn
      else if (typed === '') fields[field] = missing
      else if (!isValid(typed)) fields[field] = invalid
      else if (typed === current[field]) fields[field] = correctionMessages.same
      value = { kind: input.change, [field]: typed, previous: { [field]: current[field] } }
      break
    }
  }
  if (Object.keys(fields).length > 0 || value === undefined)
    return err(
      domainError('CHILD.CORRECTION_INVALID', Object.values(fields)[0] ?? 'Check the correction', {
        ...(value === undefined && Object.keys(fields).length === 0 ? { change: 'Select what needs correcting' } : {}),
        ...fields,
      }),
    )
  return ok(value)
}
