/**
 * The partnership's agreed data set, as data. The lead safeguarding partners provide "intelligence and analytical
 * functions, such as an agreed data set" (domain-2026 §3, Leeds quoting WT2023); WT2026 asks yearly reports to
 * evidence impact and analyse disproportionality. Every measure is computed from Together's own records, never
 * typed in, and each one is broken down by age band, sex, ethnicity and disability.
 *
 * `basis` names the records a measure counts; queries/dataSet.ts turns each basis into one SQL statement that
 * yields one row per child-level event (date, whether it counts in the numerator, its category), so adding a
 * measure over the same records is a row here, not new code.
 */
import type { AgeBand, DisabilityGroup, EthnicGroup } from './characteristics.js'

export type GoodDirection = 'higher' | 'lower' | 'neither'

export type MeasureBasis =
  | { readonly kind: 'referrals'; readonly numerator: 'all' | 're_referral_12_months' }
  | { readonly kind: 'deadline_met'; readonly rule: string }
  | { readonly kind: 'plans_started'; readonly numerator: 'all' | 'second_or_later' }
  | { readonly kind: 'plans_ended'; readonly numerator: 'over_2_years' }
  | { readonly kind: 'concerns' }

export interface Measure {
  readonly id: string
  readonly name: string
  readonly definition: string
  readonly numerator: string
  /** null: a plain count. */
  readonly denominator: string | null
  /** Counted month by month over the partnership's year (April to March). */
  readonly period: 'month'
  readonly source: string
  readonly goodDirection: GoodDirection
  /** The measure's own categories, if it has any (referral source, plan category, concern category …). */
  readonly categoryName: string | null
  readonly basis: MeasureBasis
}

export const dataSetMeasures: readonly Measure[] = [
  {
    id: 'referrals-by-source',
    name: 'Referrals to children’s social care',
    definition: 'Referrals received by the local authority’s front door, by who made them.',
    numerator: 'Referrals received in the month, one per child',
    denominator: null,
    period: 'month',
    source: 'Referrals recorded in Together (children in need census source codes)',
    goodDirection: 'neither',
    categoryName: 'Source of referral',
    basis: { kind: 'referrals', numerator: 'all' },
  },
  {
    id: 're-referrals-12-months',
    name: 'Re-referrals within 12 months',
    definition: 'Referrals about a child who had another referral in the 12 months before.',
    numerator: 'Referrals about a child referred in the previous 12 months',
    denominator: 'Referrals received',
    period: 'month',
    source: 'Referrals recorded in Together',
    goodDirection: 'lower',
    categoryName: null,
    basis: { kind: 'referrals', numerator: 're_referral_12_months' },
  },
  {
    id: 'referral-decisions-in-time',
    name: 'Referral decisions within 1 working day',
    definition: 'Referral decisions made by the end of the next working day, as the timescale rule counts it.',
    numerator: 'Decisions made by the due date',
    denominator: 'Referral decisions due in the month',
    period: 'month',
    source: 'The referral-decision clock in the deadline register',
    goodDirection: 'higher',
    categoryName: null,
    basis: { kind: 'deadline_met', rule: 'referral-decision' },
  },
  {
    id: 'assessments-in-time',
    name: 'Assessments completed within 45 working days',
    definition: 'Child and family assessments completed within 45 working days of the referral.',
    numerator: 'Assessments completed by the due date',
    denominator: 'Assessments due in the month',
    period: 'month',
    source: 'The child-and-family-assessment clock in the deadline register',
    goodDirection: 'higher',
    categoryName: null,
    basis: { kind: 'deadline_met', rule: 'child-and-family-assessment' },
  },
  {
    id: 'initial-conferences-in-time',
    name: 'Initial child protection conferences within 15 working days',
    definition:
      'Initial conferences held within 15 working days of the strategy discussion that started the section 47 enquiry.',
    numerator: 'Conferences held by the due date',
    denominator: 'Initial conferences due in the month',
    period: 'month',
    source: 'The initial-child-protection-conference clock in the deadline register',
    goodDirection: 'higher',
    categoryName: null,
    basis: { kind: 'deadline_met', rule: 'initial-child-protection-conference' },
  },
  {
    id: 'plans-by-category',
    name: 'Child protection plans started',
    definition: 'Child protection plans started, by the initial category of abuse.',
    numerator: 'Plans started in the month',
    denominator: null,
    period: 'month',
    source: 'Child protection plans recorded in Together',
    goodDirection: 'neither',
    categoryName: 'Category of abuse',
    basis: { kind: 'plans_started', numerator: 'all' },
  },
  {
    id: 'second-or-later-plans',
    name: 'Second or later child protection plans',
    definition: 'Plans started for a child who had been on a child protection plan before.',
    numerator: 'Plans started for a child with an earlier plan',
    denominator: 'Plans started',
    period: 'month',
    source: 'Child protection plans recorded in Together',
    goodDirection: 'lower',
    categoryName: null,
    basis: { kind: 'plans_started', numerator: 'second_or_later' },
  },
  {
    id: 'plans-over-2-years',
    name: 'Plans that lasted 2 years or more',
    definition: 'Child protection plans that ended after lasting 2 years or more.',
    numerator: 'Plans ended that had lasted 2 years or more',
    denominator: 'Plans ended',
    period: 'month',
    source: 'Child protection plans recorded in Together',
    goodDirection: 'lower',
    categoryName: null,
    basis: { kind: 'plans_ended', numerator: 'over_2_years' },
  },
  {
    id: 'concerns-by-category',
    name: 'Concerns recorded by agencies',
    definition: 'Children in concerns recorded by any agency, by category of concern and kind of organisation.',
    numerator: 'Children in concerns recorded in the month',
    denominator: null,
    period: 'month',
    source: 'Concerns recorded in Together',
    goodDirection: 'neither',
    categoryName: 'Category of concern',
    basis: { kind: 'concerns' },
  },
]

export const findMeasure = (id: string): Measure | undefined => dataSetMeasures.find((m) => m.id === id)

export const breakdowns = ['age_band', 'sex', 'ethnic_group', 'disability', 'category', 'organisation_kind'] as const
export type Breakdown = (typeof breakdowns)[number]
export const breakdownLabels: Readonly<Record<Breakdown, string>> = {
  age_band: 'Age',
  sex: 'Sex',
  ethnic_group: 'Ethnicity',
  disability: 'Disability',
  category: 'Category',
  organisation_kind: 'Kind of organisation',
}

export const ageBandLabels: Readonly<Record<AgeBand, string>> = {
  unborn: 'Unborn',
  under_1: 'Under 1',
  '1_to_4': '1 to 4',
  '5_to_9': '5 to 9',
  '10_to_15': '10 to 15',
  '16_and_over': '16 and over',
  not_known: 'Not known',
}
export const ethnicGroupLabels: Readonly<Record<EthnicGroup, string>> = {
  white: 'White',
  mixed: 'Mixed or multiple ethnic groups',
  asian: 'Asian or Asian British',
  black: 'Black, African, Caribbean or Black British',
  other: 'Other ethnic group',
  not_recorded: 'Not recorded or refused',
}
export const disabilityGroupLabels: Readonly<Record<DisabilityGroup, string>> = {
  disabled: 'Disabled',
  not_disabled: 'Not disabled',
  not_recorded: 'Not recorded',
}
export const sexLabels: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', unknown: 'Not known' }

// ---------------------------------------------------------------------------------------------------------------
// The partnership's year

/** The partnership's year runs April to March; `startYear` 2025 is April 2025 – March 2026. */
export interface ReportingYear {
  readonly startYear: number
}
export const reportingYearOf = (d: { year: number; month: number }): ReportingYear => ({
  startYear: d.month >= 4 ? d.year : d.year - 1,
})
export const reportingYearLabel = (y: ReportingYear): string => `April ${y.startYear} to March ${y.startYear + 1}`
/** The twelve months of the year, as YYYY-MM, April first. */
export function monthsOf(y: ReportingYear): readonly string[] {
  const months: string[] = []
  for (let i = 0; i < 12; i++) {
    const m = ((3 + i) % 12) + 1
    const year = m >= 4 ? y.startYear : y.startYear + 1
    months.push(`${year}-${String(m).padStart(2, '0')}`)
  }
  return months
}
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const monthLabel = (yyyyMm: string): string => {
  const month = Number(yyyyMm.slice(5, 7))
  return `${monthNames[month - 1] ?? '?'} ${yyyyMm.slice(0, 4)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Values and comparison

export interface Tally {
  readonly numerator: number
  /** For a count measure, equal to the numerator. */
  readonly denominator: number
}

export const percentage = (t: Tally): number | null =>
  t.denominator === 0 ? null : Math.round((1000 * t.numerator) / t.denominator) / 10

/** This year against last, in words a reader can act on. */
export function comparison(
  measure: Measure,
  thisYear: number | null,
  lastYear: number | null,
): 'better' | 'worse' | 'same' | 'no_comparison' | 'changed' {
  if (thisYear === null || lastYear === null) return 'no_comparison'
  if (thisYear === lastYear) return 'same'
  if (measure.goodDirection === 'neither') return 'changed'
  const up = thisYear > lastYear
  return up === (measure.goodDirection === 'higher') ? 'better' : 'worse'
}
