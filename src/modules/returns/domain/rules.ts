import type { WorkingDayCalendar } from '../../../platform/calendar/index.js'
import { formatLocalDate, isWeekend, parseLocalDate } from '../../../platform/calendar/index.js'
import { isDisabilityCode, isEthnicityCode } from '../../../platform/shared/censusCodes.js'
import { isPlanCategory, isPrimaryNeed, isReasonForClosure, isReferralSource } from '../../protection/domain/codes.js'
import type { CensusChild, CensusEpisode, CollectionYear, IsoDate } from './census.js'
import { upnCheckLetterValid, UPN_UNKNOWN_REFERRAL_NFA } from './codes.js'

/**
 * The DfE's validation rules for the children in need census, as data: each has the DfE's rule id, the DfE's
 * message, and whether a failure is an error (the return is rejected) or a query (the authority must amend or
 * explain). Ids and messages are those of the published rules (2025-26 validation rules; the data-to-insight
 * validator `cin_validator/rules`, which adds and deletes no rules for 2025-26 against 2024-25).
 *
 * This is the subset whose data Together holds; rules about data Together does not collect (former UPNs, review
 * record gaps in imported history) are not listed rather than pretended.
 */
export type Severity = 'error' | 'query'

export interface RuleContext {
  readonly year: CollectionYear
  readonly calendar: WorkingDayCalendar
}

/** Where a rule failed: the child, and the episode when the rule is about one. */
export interface Failure {
  readonly episode: CensusEpisode | null
}

interface ChildRule {
  readonly id: string
  readonly severity: Severity
  readonly message: string
  readonly child: (child: CensusChild, ctx: RuleContext) => readonly Failure[]
}

interface ReturnRule {
  readonly id: string
  readonly severity: Severity
  readonly message: string
  /** Rules about the return as a whole; a failure names the children concerned (none for a percentage). */
  readonly whole: (tally: ReturnTally) => readonly { readonly child: ChildRef | null }[]
}

export type CensusRule = ChildRule | ReturnRule

/** Who a finding names. */
export interface ChildRef {
  readonly childId: string
  readonly laChildId: string
}

/**
 * What the rules about the return as a whole read, gathered one child at a time (`add`), so that a large
 * authority's return is checked without keeping its children: the identifiers that more than one child has (with
 * those children), and how many children are born and how many of them have no sex recorded. It keeps one small
 * entry per child (its identifiers), not the child.
 */
export interface ReturnTally {
  add(child: CensusChild): void
  /** How many children have been added. */
  readonly children: number
  /** Children sharing an LA child id with another child, in the order they were added. */
  duplicateLaChildIds(): readonly ChildRef[]
  /** Children sharing a UPN with another child, in the order they were added. */
  duplicateUpns(): readonly ChildRef[]
  readonly born: number
  readonly bornWithUnknownSex: number
}

export function returnTally(): ReturnTally {
  // Index of each child, in the order added; the maps hold the first child with each identifier.
  const childIds: string[] = []
  const laChildIds: string[] = []
  const firstByLaChildId = new Map<string, number>()
  const firstByUpn = new Map<string, number>()
  // Only identifiers more than one child has, with the index of every such child.
  const sharedLaChildId = new Set<number>()
  const sharedUpn = new Set<number>()
  let born = 0
  let bornWithUnknownSex = 0
  const note = (first: Map<string, number>, shared: Set<number>, key: string | null, index: number): void => {
    if (key === null || key === '') return
    const earlier = first.get(key)
    if (earlier === undefined) first.set(key, index)
    else shared.add(earlier).add(index)
  }
  const refs = (shared: Set<number>): ChildRef[] =>
    [...shared]
      .sort((a, b) => a - b)
      .map((i) => ({ childId: childIds[i] as string, laChildId: laChildIds[i] as string }))
  return {
    add(c) {
      const index = childIds.length
      childIds.push(c.childId)
      laChildIds.push(c.laChildId)
      note(firstByLaChildId, sharedLaChildId, c.laChildId, index)
      note(firstByUpn, sharedUpn, c.upn, index)
      if (!isUnborn(c)) {
        born += 1
        if (c.sex === 'U') bornWithUnknownSex += 1
      }
    },
    get children() {
      return childIds.length
    },
    duplicateLaChildIds: () => refs(sharedLaChildId),
    duplicateUpns: () => refs(sharedUpn),
    get born() {
      return born
    },
    get bornWithUnknownSex() {
      return bornWithUnknownSex
    },
  }
}

// The rules run tens of times for every child of a large return: a passing rule allocates nothing.
const PASSES: readonly Failure[] = Object.freeze([])
const CHILD_FAILS: readonly Failure[] = Object.freeze([Object.freeze({ episode: null })])
const childFails = (fails: boolean): readonly Failure[] => (fails ? CHILD_FAILS : PASSES)
const eachEpisode =
  (test: (e: CensusEpisode, child: CensusChild, ctx: RuleContext) => boolean) =>
  (child: CensusChild, ctx: RuleContext): readonly Failure[] => {
    let failures: Failure[] | undefined
    for (const episode of child.episodes) if (test(episode, child, ctx)) (failures ??= []).push({ episode })
    return failures ?? PASSES
  }

const inYear = (d: IsoDate, y: CollectionYear): boolean => d >= y.start && d <= y.end
/** A date that is given and falls outside the census year (a date not yet given is never outside it). */
const givenOutsideYear = (d: IsoDate | null, y: CollectionYear): boolean => d !== null && !inYear(d, y)
const isUnborn = (c: CensusChild): boolean => c.dateOfBirth === null && c.expectedDateOfBirth !== null
const dayOf = (d: IsoDate) => {
  const parsed = parseLocalDate(d)
  if (!parsed.ok) throw new Error(`not a date: ${d}`)
  return parsed.value
}
const ageOn = (birth: IsoDate, on: IsoDate): number => {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4))
  return on.slice(5) < birth.slice(5) ? years - 1 : years
}
const episodeDates = (e: CensusEpisode): IsoDate[] => [
  ...e.assessments.flatMap((a) => [a.startDate, ...(a.authorisationDate === null ? [] : [a.authorisationDate])]),
  ...e.section47.flatMap((s) => [s.startDate, ...(s.initialConferenceDate === null ? [] : [s.initialConferenceDate])]),
  ...e.protectionPlans.flatMap((p) => (p.endDate === null ? [] : [p.endDate])),
  ...e.cinPlans.flatMap((p) => [p.startDate, ...(p.endDate === null ? [] : [p.endDate])]),
]
const overlapping = (spans: readonly { startDate: IsoDate; endDate: IsoDate | null }[]): boolean => {
  const sorted = [...spans].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))
  return sorted.some((s, i) => {
    const next = sorted[i + 1]
    return next !== undefined && (s.endDate === null || s.endDate > next.startDate)
  })
}

export const censusRules: readonly CensusRule[] = [
  // ——— The child ———
  { id: '8500', severity: 'error', message: 'LA Child ID missing', child: (c) => childFails(c.laChildId === '') },
  {
    id: '1570',
    severity: 'error',
    message: 'LA Child ID must not be longer than 20 characters',
    child: (c) => childFails(c.laChildId.length > 20),
  },
  {
    id: '1580',
    severity: 'error',
    message: 'LA Child ID must not contain any non-alphanumeric characters',
    child: (c) => childFails(!/^[A-Za-z0-9]*$/.test(c.laChildId)),
  },
  {
    id: '1510',
    severity: 'error',
    message: 'UPN invalid (wrong check letter at character 1)',
    child: (c) => childFails(c.upn !== null && !upnCheckLetterValid(c.upn)),
  },
  {
    id: '4180',
    severity: 'error',
    message: 'Sex must be provided and equal M, F, or U',
    child: (c) => childFails(!['M', 'F', 'U'].includes(c.sex)),
  },
  {
    id: '8750',
    severity: 'error',
    message: 'Sex must equal U for an unborn child',
    child: (c) => childFails(isUnborn(c) && c.sex !== 'U'),
  },
  {
    id: '4220',
    severity: 'error',
    message: 'Ethnicity is missing or invalid (see Ethnicity table)',
    child: (c) => childFails(!isEthnicityCode(c.ethnicity)),
  },
  {
    id: '8540',
    severity: 'error',
    message: 'Child’s disability is missing or invalid (see Disability table)',
    child: (c) =>
      childFails(
        c.dateOfBirth !== null &&
          c.episodes.some((e) => !e.referralNfa) &&
          (c.disabilities.length === 0 || c.disabilities.some((d) => !isDisabilityCode(d))),
      ),
  },
  {
    id: '8790',
    severity: 'error',
    message: 'Disability information includes both None and other values',
    child: (c) => childFails(c.disabilities.includes('NONE') && c.disabilities.length > 1),
  },
  {
    id: '8794',
    severity: 'error',
    message: 'Child has two or more disabilities with the same code',
    child: (c) => childFails(new Set(c.disabilities).size !== c.disabilities.length),
  },
  {
    id: '8520',
    severity: 'error',
    message: 'Date of Birth is after data collection period (must be on or before the end of the census period)',
    child: (c, { year }) => childFails(c.dateOfBirth !== null && c.dateOfBirth > year.end),
  },
  {
    id: '8525Q',
    severity: 'query',
    message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    child: (c) => childFails((c.dateOfBirth === null) === (c.expectedDateOfBirth === null)),
  },
  {
    id: '8535Q',
    severity: 'query',
    message:
      'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
    child: (c) => childFails(c.deathDate !== null && c.dateOfBirth !== null && c.deathDate < c.dateOfBirth),
  },
  {
    id: '8545Q',
    severity: 'query',
    message:
      'Please check and either amend data or provide a reason: Child’s date of death should be within the census year',
    child: (c, { year }) => childFails(givenOutsideYear(c.deathDate, year)),
  },
  {
    id: '8775Q',
    severity: 'query',
    message: 'Please check and either amend data or provide a reason: Child is over 25 years old',
    child: (c, { year }) => childFails(c.dateOfBirth !== null && ageOn(c.dateOfBirth, year.end) > 25),
  },
  {
    id: '8772',
    severity: 'error',
    message:
      'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    child: (c) => childFails(c.upnUnknown === UPN_UNKNOWN_REFERRAL_NFA && c.episodes.some((e) => !e.referralNfa)),
  },
  // ——— Each episode (CINdetails) ———
  {
    id: '8600',
    severity: 'error',
    message: 'Child referral date missing or after data collection period',
    child: eachEpisode((e, _c, { year }) => e.referralDate === '' || e.referralDate > year.end),
  },
  {
    id: '8866',
    severity: 'error',
    message: 'Source of Referral is missing or an invalid code',
    child: eachEpisode((e) => !isReferralSource(e.referralSource)),
  },
  {
    id: '8610',
    severity: 'error',
    message: 'Primary Need code is missing for a referral which led to further action.',
    child: eachEpisode((e) => !e.referralNfa && e.primaryNeed === null),
  },
  {
    id: '8650',
    severity: 'error',
    message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    child: eachEpisode((e) => e.primaryNeed !== null && !isPrimaryNeed(e.primaryNeed)),
  },
  {
    id: '8569Q',
    severity: 'query',
    message:
      'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
    child: eachEpisode(
      (e, _c, { year, calendar }) =>
        e.referralNfa && e.referralDate < formatLocalDate(calendar.addWorkingDays(dayOf(year.start), -1)),
    ),
  },
  {
    id: '8620',
    severity: 'error',
    message: 'CIN Closure Date present and does not fall within the Census year',
    child: eachEpisode((e, _c, { year }) => givenOutsideYear(e.closureDate, year)),
  },
  {
    id: '8630',
    severity: 'error',
    message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    child: eachEpisode((e) => e.closureDate !== null && e.closureDate < e.referralDate),
  },
  {
    id: '8640',
    severity: 'error',
    message: 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    child: eachEpisode((e) => e.closureReason !== null && !isReasonForClosure(e.closureReason)),
  },
  {
    id: '8805',
    severity: 'error',
    message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
    child: eachEpisode((e) => e.closureDate !== null && e.closureReason === null),
  },
  {
    id: '8810',
    severity: 'error',
    message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    child: eachEpisode((e) => e.closureReason !== null && e.closureDate === null),
  },
  {
    id: '8565',
    severity: 'error',
    message: 'Activity shown after a case has been closed',
    child: eachEpisode((e) => e.closureDate !== null && episodeDates(e).some((d) => d > (e.closureDate as string))),
  },
  {
    id: '8831',
    severity: 'error',
    message: 'Activity is recorded against a case marked as a referral with no further action',
    child: eachEpisode(
      (e) =>
        e.referralNfa &&
        (e.assessments.length > 0 || e.section47.length > 0 || e.cinPlans.length > 0 || e.protectionPlans.length > 0),
    ),
  },
  {
    id: '2990',
    severity: 'error',
    message:
      "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    child: eachEpisode(
      (e) =>
        (e.closureReason === 'RC8' || e.closureReason === 'RC9') &&
        (e.section47.length > 0 || e.protectionPlans.length > 0 || e.cinPlans.length > 0),
    ),
  },
  {
    id: '8815',
    severity: 'error',
    message:
      'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    child: (c) => childFails(c.episodes.filter((e) => e.closureDate === null && !e.referralNfa).length > 1),
  },
  {
    id: '8820',
    severity: 'error',
    message: 'The dates on the CIN episodes for this child overlap',
    child: (c) =>
      childFails(overlapping(c.episodes.map((e) => ({ startDate: e.referralDate, endDate: e.closureDate })))),
  },
  // ——— Assessments ———
  {
    id: '1103',
    severity: 'error',
    message: 'The assessment start date cannot be before the referral date',
    child: eachEpisode((e) => e.assessments.some((a) => a.startDate < e.referralDate)),
  },
  {
    id: '8608',
    severity: 'error',
    message: 'Assessment Start Date cannot be later than its End Date',
    child: eachEpisode((e) =>
      e.assessments.some((a) => a.authorisationDate !== null && a.startDate > a.authorisationDate),
    ),
  },
  {
    id: '8696',
    severity: 'error',
    message: 'Assessment end date must fall within the census year',
    child: eachEpisode((e, _c, { year }) => e.assessments.some((a) => givenOutsideYear(a.authorisationDate, year))),
  },
  {
    id: '8736',
    severity: 'error',
    message: 'For an Assessment that has not been completed, the start date must fall within the census year',
    child: eachEpisode((e, _c, { year }) =>
      e.assessments.some((a) => a.authorisationDate === null && !inYear(a.startDate, year)),
    ),
  },
  {
    id: '8614',
    severity: 'error',
    message: 'Parental or child factors at assessment should only be present for a completed assessment.',
    child: eachEpisode((e) => e.assessments.some((a) => a.authorisationDate === null && a.factors.length > 0)),
  },
  {
    id: '8897Q',
    severity: 'query',
    message: 'Parental or child factors at assessment information is missing from a completed assessment',
    child: eachEpisode((e) => e.assessments.some((a) => a.authorisationDate !== null && a.factors.length === 0)),
  },
  {
    id: '8869',
    severity: 'error',
    message: 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    child: eachEpisode((e) => e.assessments.some((a) => a.factors.includes('21') && a.factors.length > 1)),
  },
  {
    id: '8898',
    severity: 'error',
    message: 'The assessment has more than one parental or child factors with the same code',
    child: eachEpisode((e) => e.assessments.some((a) => new Set(a.factors).size !== a.factors.length)),
  },
  {
    id: '8945Q',
    severity: 'query',
    message:
      "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
    child: eachEpisode((e) => e.assessments.some((a) => a.factors.includes('18A'))),
  },
  {
    id: '8950Q',
    severity: 'query',
    message:
      "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
    child: eachEpisode((e) => e.assessments.some((a) => a.factors.includes('19A'))),
  },
  {
    id: '8670Q',
    severity: 'query',
    message:
      'Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
    child: eachEpisode((e, _c, { year, calendar }) =>
      e.assessments.some(
        (a) => a.authorisationDate === null && calendar.workingDaysBetween(dayOf(a.startDate), dayOf(year.end)) > 45,
      ),
    ),
  },
  {
    id: '8896',
    severity: 'error',
    message: 'Within one CINDetails group there are 2 or more open Assessments groups',
    child: eachEpisode((e) => e.assessments.filter((a) => a.authorisationDate === null).length > 1),
  },
  {
    id: '8867',
    severity: 'error',
    message: 'CIN episode is shown as closed, however Assessment is not shown as completed',
    child: eachEpisode((e) => e.closureDate !== null && e.assessments.some((a) => a.authorisationDate === null)),
  },
  {
    id: '8825Q',
    severity: 'query',
    message:
      'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
    child: eachEpisode((e) => (e.closureReason === 'RC8' || e.closureReason === 'RC9') && e.assessments.length === 0),
  },
  // ——— Child in need plans ———
  {
    id: '4011',
    severity: 'error',
    message: 'CIN Plan End Date earlier than Start Date',
    child: eachEpisode((e) => e.cinPlans.some((p) => p.endDate !== null && p.endDate < p.startDate)),
  },
  {
    id: '4013',
    severity: 'error',
    message: 'CIN Plan end date must fall within the census year',
    child: eachEpisode((e, _c, { year }) => e.cinPlans.some((p) => givenOutsideYear(p.endDate, year))),
  },
  {
    id: '4015',
    severity: 'error',
    message: 'The CIN Plan start date cannot be before the referral date',
    child: eachEpisode((e) => e.cinPlans.some((p) => p.startDate < e.referralDate)),
  },
  {
    id: '4004',
    severity: 'error',
    message: 'This child is showing more than one open CIN Plan, i.e. with no End Date',
    child: (c) => childFails(c.episodes.flatMap((e) => e.cinPlans).filter((p) => p.endDate === null).length > 1),
  },
  {
    id: '4001',
    severity: 'error',
    message: 'A CIN Plan cannot run concurrently with a Child Protection Plan',
    child: eachEpisode((e) =>
      e.cinPlans.some((cin) =>
        e.protectionPlans.some(
          (cp) =>
            (cp.endDate === null || cin.startDate < cp.endDate) && (cin.endDate === null || cp.startDate < cin.endDate),
        ),
      ),
    ),
  },
  // ——— Section 47 enquiries and initial conferences ———
  {
    id: '2889',
    severity: 'error',
    message: 'The S47 start date cannot be before the referral date.',
    child: eachEpisode((e) => e.section47.some((s) => s.startDate < e.referralDate)),
  },
  {
    id: '8615',
    severity: 'error',
    message:
      'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    child: eachEpisode((e) =>
      e.section47.some((s) => s.initialConferenceDate !== null && s.startDate > s.initialConferenceDate),
    ),
  },
  {
    id: '1104',
    severity: 'error',
    message: 'The date of the initial child protection conference cannot be before the referral date',
    child: eachEpisode((e) =>
      e.section47.some((s) => s.initialConferenceDate !== null && s.initialConferenceDate < e.referralDate),
    ),
  },
  {
    id: '8715',
    severity: 'error',
    message: 'Date of Initial Child Protection Conference must fall within the census year',
    child: eachEpisode((e, _c, { year }) => e.section47.some((s) => givenOutsideYear(s.initialConferenceDate, year))),
  },
  {
    id: '8740',
    severity: 'error',
    message:
      'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    child: eachEpisode((e, _c, { year }) =>
      e.section47.some(
        (s) => s.initialConferenceDate === null && !s.conferenceNotRequired && !inYear(s.startDate, year),
      ),
    ),
  },
  {
    id: '8875',
    severity: 'error',
    message: 'The Date of Initial Child Protection Conference cannot be a weekend',
    child: eachEpisode((e) =>
      e.section47.some((s) => {
        if (s.initialConferenceDate === null) return false
        return isWeekend(dayOf(s.initialConferenceDate))
      }),
    ),
  },
  {
    id: '8868',
    severity: 'error',
    message:
      'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    child: eachEpisode(
      (e) =>
        e.closureDate !== null &&
        e.section47.some((s) => (s.initialConferenceDate === null) === !s.conferenceNotRequired),
    ),
  },
  {
    id: '8890',
    severity: 'error',
    message: 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    child: eachEpisode(
      (e) => e.section47.filter((s) => s.initialConferenceDate === null && !s.conferenceNotRequired).length > 1,
    ),
  },
  {
    id: '8675Q',
    severity: 'query',
    message:
      'Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
    child: eachEpisode((e, _c, { year, calendar }) =>
      e.section47.some(
        (s) =>
          s.initialConferenceDate === null &&
          !s.conferenceNotRequired &&
          calendar.workingDaysBetween(dayOf(s.startDate), dayOf(year.end)) > 15,
      ),
    ),
  },
  // ——— Child protection plans ———
  {
    id: '1105',
    severity: 'error',
    message: 'The child protection plan start date cannot be before the referral date',
    child: eachEpisode((e) => e.protectionPlans.some((p) => p.startDate < e.referralDate)),
  },
  {
    id: '2885',
    severity: 'error',
    message: 'Child protection plan shown as starting a different day to the initial child protection conference.',
    child: eachEpisode((e) =>
      e.protectionPlans.some(
        (p) => p.startDate >= e.referralDate && !e.section47.some((s) => s.initialConferenceDate === p.startDate),
      ),
    ),
  },
  {
    id: '8905',
    severity: 'error',
    message: 'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    child: eachEpisode((e) => e.protectionPlans.some((p) => !isPlanCategory(p.initialCategory))),
  },
  {
    id: '8910',
    severity: 'error',
    message: 'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    child: eachEpisode((e) => e.protectionPlans.some((p) => !isPlanCategory(p.latestCategory))),
  },
  {
    id: '8925',
    severity: 'error',
    message: 'Child Protection Plan End Date earlier than Start Date',
    child: eachEpisode((e) => e.protectionPlans.some((p) => p.endDate !== null && p.endDate < p.startDate)),
  },
  {
    id: '8840',
    severity: 'error',
    message: 'Child Protection Plan cannot start and end on the same day',
    child: eachEpisode((e) => e.protectionPlans.some((p) => p.endDate === p.startDate)),
  },
  {
    id: '8930',
    severity: 'error',
    message: 'Child Protection Plan End Date must fall within the census year',
    child: eachEpisode((e, _c, { year }) => e.protectionPlans.some((p) => givenOutsideYear(p.endDate, year))),
  },
  {
    id: '8935',
    severity: 'error',
    message: 'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    child: (c) => childFails(c.episodes.flatMap((e) => e.protectionPlans).filter((p) => p.endDate === null).length > 1),
  },
  {
    id: '8940',
    severity: 'error',
    message: 'Child Protection Plan data contains overlapping dates',
    child: (c) => childFails(overlapping(c.episodes.flatMap((e) => e.protectionPlans))),
  },
  {
    id: '8841',
    severity: 'error',
    message: 'The review date cannot be on the same day or before the Child protection Plan start date.',
    child: eachEpisode((e) => e.protectionPlans.some((p) => p.reviewDates.some((r) => r <= p.startDate))),
  },
  {
    id: '8832',
    severity: 'error',
    message: 'Child Protection details provided for a referral with no further action.',
    child: eachEpisode((e) => e.referralNfa && e.protectionPlans.length > 0),
  },
  {
    id: '8915',
    severity: 'error',
    message: 'Child Protection Plan shown as starting after the child’s Date of Death',
    child: eachEpisode(
      (e, c) => c.deathDate !== null && e.protectionPlans.some((p) => p.startDate > (c.deathDate as string)),
    ),
  },
  // ——— The return as a whole ———
  {
    id: '8510',
    severity: 'error',
    message: 'More than one child record with the same LA Child ID',
    whole: (tally) => tally.duplicateLaChildIds().map((child) => ({ child })),
  },
  {
    id: '1520',
    severity: 'error',
    message: 'More than one record with the same UPN.',
    whole: (tally) => tally.duplicateUpns().map((child) => ({ child })),
  },
  {
    id: '2886Q',
    severity: 'query',
    message:
      'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    whole: ({ born, bornWithUnknownSex }) => (born > 0 && bornWithUnknownSex / born > 0.02 ? [{ child: null }] : []),
  },
]

/** One failed rule, as the validation page and its CSV list it. */
export interface CensusFinding {
  readonly ruleId: string
  readonly severity: Severity
  readonly message: string
  readonly childId: string | null
  readonly laChildId: string | null
  readonly episodeId: string | null
  readonly episodeReference: string | null
}

export interface CensusValidation {
  readonly findings: readonly CensusFinding[]
  readonly errors: number
  readonly queries: number
}

export const censusFinding = (
  rule: CensusRule,
  child: ChildRef | null,
  episode: CensusEpisode | null,
): CensusFinding => ({
  ruleId: rule.id,
  severity: rule.severity,
  message: rule.message,
  childId: child?.childId ?? null,
  laChildId: child?.laChildId ?? null,
  episodeId: episode?.episodeId ?? null,
  episodeReference: episode?.reference ?? null,
})

/** Called for each failure: the rule, the child and the episode when the rule is about one. */
export type FailureSink = (rule: CensusRule, child: CensusChild, episode: CensusEpisode | null) => void

/**
 * The rules about one child at a time, so a large return is checked a batch at a time. Each failure goes to
 * `failed`, so a caller that only counts them makes no finding objects.
 */
export function checkChildren(children: readonly CensusChild[], ctx: RuleContext, failed: FailureSink): void {
  for (const rule of censusRules)
    if ('child' in rule)
      for (const child of children) for (const f of rule.child(child, ctx)) failed(rule, child, f.episode)
}

export function childFindings(children: readonly CensusChild[], ctx: RuleContext): CensusFinding[] {
  const findings: CensusFinding[] = []
  checkChildren(children, ctx, (rule, child, episode) => findings.push(censusFinding(rule, child, episode)))
  return findings
}

/** The rules about the return as a whole, on what a tally gathered from every child in it. */
export function tallyFindings(tally: ReturnTally): CensusFinding[] {
  const findings: CensusFinding[] = []
  for (const rule of censusRules)
    if ('whole' in rule) for (const f of rule.whole(tally)) findings.push(censusFinding(rule, f.child, null))
  return findings
}

export function wholeReturnFindings(children: readonly CensusChild[]): CensusFinding[] {
  const tally = returnTally()
  for (const c of children) tally.add(c)
  return tallyFindings(tally)
}

export const summarise = (findings: readonly CensusFinding[]): CensusValidation => ({
  findings,
  errors: findings.filter((f) => f.severity === 'error').length,
  queries: findings.filter((f) => f.severity === 'query').length,
})

/** Runs every rule over the children in scope. Rule failures are findings, never exceptions. */
export function validateCensus(children: readonly CensusChild[], ctx: RuleContext): CensusValidation {
  return summarise([...childFindings(children, ctx), ...wholeReturnFindings(children)])
}
