/**
 * The partnership's agreed data set, as data. The lead safeguarding partners provide "intelligence and analytical
 * functions, such as an agreed data set" (domain-2026 §3, Leeds quoting WT2023); WT2026 asks yearly reports to
 * evidence impact and analyse disproportionality. Every measure is computed from Together's own records, never
 * typed in, and each one is broken down by age band, sex, ethnicity and disability.
 *
 * `basis` names the records a measure counts; queries/dataSet.ts turns each basis into one set of rows, one per
 * child-level event (date, whether it counts in the numerator, its category), or for training one per person at
 * each month's end, so adding a measure over the same records is a row here, not new code. The records of other
 * modules (family help, school moves, training) come through those modules' own index.
 */
import { wordList } from '../../../platform/shared/wordList.js'

/** Which way a measure's figure is better, in the words its page says it. */
export const { ids: goodDirections, labels: goodDirectionLabels } = wordList({
  higher: 'Higher is better',
  lower: 'Lower is better',
  neither: 'Neither higher nor lower is better in itself',
})
export type GoodDirection = (typeof goodDirections)[number]

export type MeasureBasis =
  | { readonly kind: 'referrals'; readonly numerator: 'all' | 're_referral_12_months' }
  | { readonly kind: 'deadline_met'; readonly rule: string }
  | { readonly kind: 'plans_started'; readonly numerator: 'all' | 'second_or_later' }
  | { readonly kind: 'plans_ended'; readonly numerator: 'over_2_years' }
  | { readonly kind: 'concerns' }
  /** Family help episodes (one row per child in the family): opened, closed, stepped up, stepped down into it. */
  | { readonly kind: 'family_help'; readonly event: FamilyHelpEvent }
  /** Child protection files on a school move whose receipt was confirmed by the file-transfer clock's due date. */
  | { readonly kind: 'file_transfers_on_time' }
  /** People who must hold safeguarding training, and whether all of it was current at each month's end. */
  | { readonly kind: 'training_currency' }

export type FamilyHelpEvent = 'opened' | 'closed' | 'stepped_up' | 'stepped_down'

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
  /**
   * Whom a row counts: children (broken down by age band, sex, ethnicity and disability), or the workforce
   * (training currency: people, broken down by the kind of organisation they work for).
   */
  readonly counts: 'children' | 'staff'
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
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
    counts: 'children',
    categoryName: 'Category of concern',
    basis: { kind: 'concerns' },
  },
  {
    id: 'family-help-opened',
    name: 'Family help started',
    definition:
      'Children in families whose family help (early help or section 17 support) started, by how it came about.',
    numerator: 'Children in family help episodes started in the month',
    denominator: null,
    period: 'month',
    source: 'Family help episodes recorded in Together',
    goodDirection: 'neither',
    counts: 'children',
    categoryName: 'How it started',
    basis: { kind: 'family_help', event: 'opened' },
  },
  {
    id: 'family-help-closed',
    name: 'Family help ended',
    definition: 'Children in families whose family help ended, by why it ended.',
    numerator: 'Children in family help episodes closed in the month',
    denominator: null,
    period: 'month',
    source: 'Family help episodes recorded in Together (Standard Safeguarding Dataset end reasons)',
    goodDirection: 'neither',
    counts: 'children',
    categoryName: 'Why it ended',
    basis: { kind: 'family_help', event: 'closed' },
  },
  {
    id: 'family-help-stepped-up',
    name: 'Family help stepped up to children’s social care',
    definition:
      'Children in family help whose lead practitioner stepped the family up with a referral to children’s social care.',
    numerator: 'Children stepped up in the month',
    denominator: null,
    period: 'month',
    source: 'Step-ups recorded on family help episodes in Together',
    goodDirection: 'neither',
    counts: 'children',
    categoryName: null,
    basis: { kind: 'family_help', event: 'stepped_up' },
  },
  {
    id: 'family-help-stepped-down',
    name: 'Stepped down from children’s social care to family help',
    definition:
      'Children whose social care ended (after an assessment, or when a plan ended) with family help opened for them.',
    numerator: 'Children stepped down in the month',
    denominator: null,
    period: 'month',
    source: 'Family help episodes opened by a step-down in Together',
    goodDirection: 'neither',
    counts: 'children',
    categoryName: null,
    basis: { kind: 'family_help', event: 'stepped_down' },
  },
  {
    id: 'file-transfers-on-time',
    name: 'Child protection files received on time after a school move',
    definition:
      'Child protection files sent to a child’s new school whose receipt the new school confirmed by the due date (the file-transfer clock, counted in school days).',
    numerator: 'Files whose receipt was confirmed by the due date',
    denominator: 'Files due in the month',
    period: 'month',
    source: 'School moves recorded in Together and the cp-file-transfer clock',
    goodDirection: 'higher',
    counts: 'children',
    categoryName: 'Why the child moved',
    basis: { kind: 'file_transfers_on_time' },
  },
  {
    id: 'training-currency',
    name: 'Safeguarding training up to date',
    definition:
      'People who must hold safeguarding training (by their role and kind of organisation) whose required training was all current at the end of the month (this month: today).',
    numerator: 'People with all their required safeguarding training current',
    denominator: 'People who must hold safeguarding training',
    period: 'month',
    source: 'Training records in Together and the training requirements table',
    goodDirection: 'higher',
    counts: 'staff',
    categoryName: null,
    basis: { kind: 'training_currency' },
  },
]

export const findMeasure = (id: string): Measure | undefined => dataSetMeasures.find((m) => m.id === id)

export const { ids: breakdowns, labels: breakdownLabels } = wordList({
  age_band: 'Age',
  sex: 'Sex',
  ethnic_group: 'Ethnicity',
  disability: 'Disability',
  category: 'Category',
  organisation_kind: 'Kind of organisation',
})
export type Breakdown = (typeof breakdowns)[number]
/**
 * The breakdowns a measure has: children's measures by age band, sex, ethnicity and disability; every measure by
 * its own categories if it has them; by kind of organisation where the records say which organisation acted.
 */
export function breakdownsOf(m: Measure): readonly Breakdown[] {
  // A plan or a deadline belongs to the local authority, so a breakdown by kind of organisation would say nothing.
  const byOrganisation = !['plans_started', 'plans_ended', 'deadline_met'].includes(m.basis.kind)
  return breakdowns.filter((b) => {
    if (b === 'category') return m.categoryName !== null
    if (b === 'organisation_kind') return byOrganisation
    return m.counts === 'children'
  })
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
