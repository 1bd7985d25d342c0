/**
 * Allegations against people who work with children (KCSIE Part 4; Working Together chapter 4), as data: the
 * four limbs of the harm threshold, the outcomes with their definitions, one transition table, and the
 * retention rule. Sources: ../shared/domain-2026.md §6.
 *
 *   recorded ──refer_to_lado──▶ referred ──record_outcome──▶ concluded
 *
 * The LADO referral clock (`lado-referral`, 1 working day from the day the employer became aware) starts when the
 * allegation is recorded and stops when the referral is sent.
 */
import { addYears, compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { collectTextProblem } from '../../concerns/domain/text.js'
import { isOneOf, wordList } from '../../../platform/shared/wordList.js'

/** KCSIE Part 4's wording, as the form shows it: the person has… */
export const {
  ids: harmThresholdLimbs,
  is: isHarmThresholdLimb,
  labels: harmThresholdLabels,
} = wordList({
  harmed: 'behaved in a way that has harmed a child, or may have harmed a child',
  offence: 'possibly committed a criminal offence against or related to a child',
  risk_of_harm: 'behaved towards a child or children in a way that indicates they may pose a risk of harm to children',
  unsuitable:
    'behaved or may have behaved in a way that indicates they may not be suitable to work with children (including behaviour outside work)',
})
export type HarmThresholdLimb = (typeof harmThresholdLimbs)[number]

export const allegationOutcomes = ['substantiated', 'malicious', 'false', 'unsubstantiated', 'unfounded'] as const
export type AllegationOutcome = (typeof allegationOutcomes)[number]
export const isAllegationOutcome = isOneOf(allegationOutcomes)

export const outcomeLabels: Readonly<Record<AllegationOutcome, { label: string; hint: string }>> = {
  substantiated: { label: 'Substantiated', hint: 'There is sufficient evidence to prove the allegation.' },
  malicious: {
    label: 'Malicious',
    hint: 'There is sufficient evidence to disprove the allegation and there has been a deliberate act to deceive.',
  },
  false: { label: 'False', hint: 'There is sufficient evidence to disprove the allegation.' },
  unsubstantiated: {
    label: 'Unsubstantiated',
    hint: 'There is insufficient evidence to prove or disprove the allegation. This does not imply guilt or innocence.',
  },
  unfounded: {
    label: 'Unfounded',
    hint: 'There is no evidence or proper basis which supports the allegation being made.',
  },
}

export const allegationStates = ['recorded', 'referred', 'concluded'] as const
export type AllegationState = (typeof allegationStates)[number]
export const isAllegationState = isOneOf(allegationStates)
export const allegationStateLabels: Readonly<Record<AllegationState, string>> = {
  recorded: 'Not yet referred to the LADO',
  referred: 'Referred to the LADO',
  concluded: 'Concluded',
}

export type AllegationStep = 'refer_to_lado' | 'record_outcome'
/** Who takes a step: the case manager (head, manager or chair of governors) or the LADO. */
export type AllegationActor = 'case_manager' | 'lado'

export const allegationTransitions: readonly {
  readonly step: AllegationStep
  readonly from: readonly AllegationState[]
  readonly to: AllegationState
  readonly who: AllegationActor
}[] = [
  { step: 'refer_to_lado', from: ['recorded'], to: 'referred', who: 'case_manager' },
  { step: 'record_outcome', from: ['referred'], to: 'concluded', who: 'lado' },
]

export type AllegationStepRefusedCode = 'ALLEGATION.STEP_NOT_ALLOWED'

const refusals: Readonly<Record<AllegationStep, Partial<Record<AllegationState, string>>>> = {
  refer_to_lado: {
    referred: 'This allegation has already been referred to the LADO',
    concluded: 'This allegation has been concluded',
  },
  record_outcome: {
    recorded: 'The allegation must be referred to the LADO before an outcome is recorded',
    concluded: 'The outcome has already been recorded – an addendum is the way to add to it',
  },
}

export function allegationTransition(
  state: AllegationState,
  step: AllegationStep,
): Result<AllegationState, DomainError<AllegationStepRefusedCode>> {
  const row = allegationTransitions.find((t) => t.step === step)
  if (row === undefined || !row.from.includes(state))
    return err(domainError('ALLEGATION.STEP_NOT_ALLOWED', refusals[step][state] ?? 'You cannot do that now'))
  return ok(row.to)
}

// ——— Recording an allegation ———

export const ALLEGATION_TEXT_LIMITS = {
  name: 200,
  role: 200,
  employer: 200,
  account: 10_000,
  reference: 50,
  notes: 10_000,
} as const

export interface AllegationInput {
  readonly subjectName?: string | undefined
  readonly subjectRole?: string | undefined
  readonly subjectEmployer?: string | undefined
  readonly subjectDateOfBirth?: LocalDate | undefined
  readonly awareOn?: LocalDate | undefined
  readonly account?: string | undefined
  readonly limbs?: readonly string[] | undefined
}

export interface ValidAllegation {
  readonly subjectName: string
  readonly subjectRole: string
  readonly subjectEmployer: string
  readonly subjectDateOfBirth: LocalDate | null
  readonly awareOn: LocalDate
  readonly account: string
  readonly limbs: readonly HarmThresholdLimb[]
}

export const allegationMessages = {
  subjectNameMissing: 'Enter the name of the person the allegation is about',
  subjectRoleMissing: 'Enter their job or role',
  subjectEmployerMissing: 'Enter who employs them, or the organisation they volunteer for',
  awareOnMissing: 'Enter the date you became aware of the allegation',
  awareOnInFuture: 'The date you became aware must be today or in the past',
  dateOfBirthInFuture: 'Their date of birth must be in the past',
  accountMissing: 'Enter what is alleged to have happened',
  limbsMissing:
    'Select which parts of the harm threshold it meets. If it meets none, record it as a low-level concern instead',
} as const

export type AllegationInvalidCode = 'ALLEGATION.INVALID'

export function validateAllegation(
  input: AllegationInput,
  today: LocalDate,
): Result<ValidAllegation, DomainError<AllegationInvalidCode>> {
  const fields: Record<string, string> = {}
  collectTextProblem(fields, 'subjectName', input.subjectName ?? '', {
    label: 'Their name',
    max: ALLEGATION_TEXT_LIMITS.name,
    missing: allegationMessages.subjectNameMissing,
  })
  collectTextProblem(fields, 'subjectRole', input.subjectRole ?? '', {
    label: 'Their role',
    max: ALLEGATION_TEXT_LIMITS.role,
    missing: allegationMessages.subjectRoleMissing,
  })
  collectTextProblem(fields, 'subjectEmployer', input.subjectEmployer ?? '', {
    label: 'Their employer',
    max: ALLEGATION_TEXT_LIMITS.employer,
    missing: allegationMessages.subjectEmployerMissing,
  })
  if (input.subjectDateOfBirth !== undefined && compareLocalDate(input.subjectDateOfBirth, today) >= 0)
    fields.subjectDateOfBirth = allegationMessages.dateOfBirthInFuture
  if (input.awareOn === undefined) fields.awareOn = allegationMessages.awareOnMissing
  else if (compareLocalDate(input.awareOn, today) > 0) fields.awareOn = allegationMessages.awareOnInFuture
  collectTextProblem(fields, 'account', input.account ?? '', {
    label: 'What is alleged',
    max: ALLEGATION_TEXT_LIMITS.account,
    missing: allegationMessages.accountMissing,
  })
  const limbs = harmThresholdLimbs.filter((l) => (input.limbs ?? []).includes(l))
  if (limbs.length === 0) fields.limbs = allegationMessages.limbsMissing
  if (hasProblems(fields) || input.awareOn === undefined)
    return invalidFields('ALLEGATION.INVALID', fields, allegationMessages.awareOnMissing)
  return ok({
    subjectName: (input.subjectName ?? '').trim(),
    subjectRole: (input.subjectRole ?? '').trim(),
    subjectEmployer: (input.subjectEmployer ?? '').trim(),
    subjectDateOfBirth: input.subjectDateOfBirth ?? null,
    awareOn: input.awareOn,
    account: input.account ?? '',
    limbs,
  })
}

// ——— The referral to the LADO ———

export interface LadoReferralInput {
  readonly sentOn?: LocalDate | undefined
  readonly ladoReference?: string | undefined
}

export const ladoReferralMessages = {
  sentOnMissing: 'Enter the date the referral was sent to the LADO',
  sentOnInFuture: 'The date the referral was sent must be today or in the past',
  sentOnBeforeAware: 'The date the referral was sent cannot be before you became aware of the allegation',
} as const

export function validateLadoReferral(
  input: LadoReferralInput,
  awareOn: LocalDate,
  today: LocalDate,
): Result<{ sentOn: LocalDate; ladoReference: string | null }, DomainError<AllegationInvalidCode>> {
  const fields: Record<string, string> = {}
  if (input.sentOn === undefined) fields.sentOn = ladoReferralMessages.sentOnMissing
  else if (compareLocalDate(input.sentOn, today) > 0) fields.sentOn = ladoReferralMessages.sentOnInFuture
  else if (compareLocalDate(input.sentOn, awareOn) < 0) fields.sentOn = ladoReferralMessages.sentOnBeforeAware
  const reference = input.ladoReference?.trim() ?? ''
  collectTextProblem(fields, 'ladoReference', reference, {
    label: 'The LADO reference',
    max: ALLEGATION_TEXT_LIMITS.reference,
  })
  if (hasProblems(fields) || input.sentOn === undefined)
    return invalidFields('ALLEGATION.INVALID', fields, ladoReferralMessages.sentOnMissing)
  return ok({ sentOn: input.sentOn, ladoReference: reference === '' ? null : reference })
}

// ——— The LADO's record and outcome ———

export interface LadoOutcomeInput {
  readonly strategyDiscussionOn?: LocalDate | undefined
  readonly policeInvolved?: string | undefined
  readonly suspendedFrom?: LocalDate | undefined
  readonly suspendedUntil?: LocalDate | undefined
  readonly investigation?: string | undefined
  readonly outcome?: string | undefined
  readonly dbsReferral?: string | undefined
  readonly traReferral?: string | undefined
  readonly lessonsLearned?: string | undefined
}

export interface ValidLadoOutcome {
  readonly strategyDiscussionOn: LocalDate | null
  readonly policeInvolved: boolean
  readonly suspendedFrom: LocalDate | null
  readonly suspendedUntil: LocalDate | null
  readonly investigation: string
  readonly outcome: AllegationOutcome
  readonly dbsReferral: boolean
  readonly traReferral: boolean
  readonly lessonsLearned: string
}

export const ladoOutcomeMessages = {
  outcomeMissing: 'Select the outcome',
  policeMissing: 'Select whether the police were involved',
  dbsMissing: 'Select whether a referral was made to the Disclosure and Barring Service',
  traMissing: 'Select whether a referral was made to the Teaching Regulation Agency',
  investigationMissing: 'Enter how the allegation was investigated',
  dateInFuture: 'Dates must be today or in the past',
  dateBeforeAware: 'Dates cannot be before the employer became aware of the allegation',
  suspensionOrder: 'The end of the suspension must be on or after its start',
  suspensionEndWithoutStart: 'Enter the date the suspension started',
} as const

const yesNo = (v: string | undefined): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined)

/**
 * The LADO's record of how the allegation was managed and its outcome. Suspension is a neutral act: it is recorded
 * with its dates, never as a finding. A referral to the DBS is a legal duty when someone is removed for risk; the
 * form asks every time rather than inferring it.
 */
export function validateLadoOutcome(
  input: LadoOutcomeInput,
  awareOn: LocalDate,
  today: LocalDate,
): Result<ValidLadoOutcome, DomainError<AllegationInvalidCode>> {
  const fields: Record<string, string> = {}
  const dateField = (name: string, d: LocalDate | undefined): void => {
    if (d === undefined) return
    if (compareLocalDate(d, today) > 0) fields[name] = ladoOutcomeMessages.dateInFuture
    else if (compareLocalDate(d, awareOn) < 0) fields[name] = ladoOutcomeMessages.dateBeforeAware
  }
  dateField('strategyDiscussionOn', input.strategyDiscussionOn)
  dateField('suspendedFrom', input.suspendedFrom)
  if (input.suspendedUntil !== undefined) {
    if (input.suspendedFrom === undefined) fields.suspendedFrom = ladoOutcomeMessages.suspensionEndWithoutStart
    else if (compareLocalDate(input.suspendedUntil, input.suspendedFrom) < 0)
      fields.suspendedUntil = ladoOutcomeMessages.suspensionOrder
  }
  const police = yesNo(input.policeInvolved)
  if (police === undefined) fields.policeInvolved = ladoOutcomeMessages.policeMissing
  collectTextProblem(fields, 'investigation', input.investigation ?? '', {
    label: 'How it was investigated',
    max: ALLEGATION_TEXT_LIMITS.notes,
    missing: ladoOutcomeMessages.investigationMissing,
  })
  const outcome = input.outcome?.trim() ?? ''
  if (!isAllegationOutcome(outcome)) fields.outcome = ladoOutcomeMessages.outcomeMissing
  const dbs = yesNo(input.dbsReferral)
  if (dbs === undefined) fields.dbsReferral = ladoOutcomeMessages.dbsMissing
  const tra = yesNo(input.traReferral)
  if (tra === undefined) fields.traReferral = ladoOutcomeMessages.traMissing
  collectTextProblem(fields, 'lessonsLearned', input.lessonsLearned ?? '', {
    label: 'Lessons learned',
    max: ALLEGATION_TEXT_LIMITS.notes,
  })
  if (
    hasProblems(fields) ||
    police === undefined ||
    dbs === undefined ||
    tra === undefined ||
    !isAllegationOutcome(outcome)
  )
    return invalidFields('ALLEGATION.INVALID', fields, ladoOutcomeMessages.outcomeMissing)
  return ok({
    strategyDiscussionOn: input.strategyDiscussionOn ?? null,
    policeInvolved: police,
    suspendedFrom: input.suspendedFrom ?? null,
    suspendedUntil: input.suspendedUntil ?? null,
    investigation: input.investigation ?? '',
    outcome,
    dbsReferral: dbs,
    traReferral: tra,
    lessonsLearned: input.lessonsLearned ?? '',
  })
}

// ——— Retention ———

/**
 * State pension age by date of birth (Pensions Act 1995 sch 4 as amended by the Pensions Acts 2007, 2011 and
 * 2014). The phased bands (born 6 April 1960 – 5 March 1961, and 6 April 1977 – 5 April 1978) are rounded UP to
 * the next whole year: for a retention period, keeping a record a few months longer is the safe error. A
 * person's own scheme may have a different "normal pension age"; this is the default the form shows.
 */
const statePensionAgeBands: readonly { readonly bornBefore: string; readonly age: number }[] = [
  { bornBefore: '1960-04-06', age: 66 },
  { bornBefore: '1977-04-06', age: 67 },
  { bornBefore: '9999-12-31', age: 68 },
]

const iso = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

export function statePensionAge(dateOfBirth: LocalDate): number {
  const band = statePensionAgeBands.find((b) => iso(dateOfBirth) < b.bornBefore)
  return band?.age ?? 68
}

export const RETENTION_MINIMUM_YEARS = 10

export type Retention =
  | { readonly basis: 'ten_years'; readonly until: LocalDate }
  | { readonly basis: 'pension_age'; readonly until: LocalDate }
  | { readonly basis: 'ten_years_date_of_birth_unknown'; readonly until: LocalDate }

/**
 * Keep until the person's normal pension age or 10 years from the allegation, whichever is longer (KCSIE Part 4,
 * as quoted in ../shared/domain-2026.md §6). Without a date of birth the 10 years is a minimum and the page says
 * the pension-age date could not be worked out.
 */
export function retentionUntil(awareOn: LocalDate, dateOfBirth: LocalDate | null): Retention {
  const tenYears = addYears(awareOn, RETENTION_MINIMUM_YEARS)
  if (dateOfBirth === null) return { basis: 'ten_years_date_of_birth_unknown', until: tenYears }
  const pension = addYears(dateOfBirth, statePensionAge(dateOfBirth))
  return compareLocalDate(pension, tenYears) > 0
    ? { basis: 'pension_age', until: pension }
    : { basis: 'ten_years', until: tenYears }
}
