/**
 * The partners' yearly report for April to March: what they did, reviews and learning with the actions' status,
 * independent scrutiny, how education is engaged, impact measured by the data set, disproportionality and
 * priorities (domain-2026 §3: WT2023/WT2026 ch.2, BCP and Leeds). It is drafted in Together, each draft a new
 * version; the three lead partners sign off the latest draft, and then it is published.
 */
import { localDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { okUnlessProblems } from '../../../platform/shared/problems.js'
import type { ReportingYear } from './dataSet.js'

export const reportSections = [
  { id: 'activity', heading: 'What we did', hint: 'What the partners did as a result of the arrangements this year.' },
  {
    id: 'reviews_and_learning',
    heading: 'Reviews and learning',
    hint: 'Rapid reviews and practice reviews, what was learned, and what changed. The actions’ status is added from the action log.',
  },
  { id: 'scrutiny', heading: 'Independent scrutiny', hint: 'How independent scrutiny was applied and what it found.' },
  { id: 'education', heading: 'How education is engaged', hint: 'How schools, colleges and childcare take part.' },
  {
    id: 'impact',
    heading: 'Impact on children and families',
    hint: 'The evidence of impact. The data set’s charts are added from Together’s records.',
  },
  {
    id: 'disproportionality',
    heading: 'Disproportionality',
    hint: 'What the breakdowns by ethnicity, sex, age and disability show, and what the partners will do.',
  },
  { id: 'priorities', heading: 'Priorities for next year', hint: 'What the partners will improve next year.' },
] as const
export type ReportSectionId = (typeof reportSections)[number]['id']

export type YearlyReportCode = 'YEARLY_REPORT.INVALID' | 'YEARLY_REPORT.SIGNED_OFF'

/** Every section needs words: a report of charts alone is the "few metrics, a lot of narrative" complaint reversed. */
export function checkDraft(
  sections: Readonly<Partial<Record<ReportSectionId, string>>>,
): Result<Readonly<Record<ReportSectionId, string>>, DomainError<YearlyReportCode>> {
  const fields: Record<string, string> = {}
  const out: Partial<Record<ReportSectionId, string>> = {}
  for (const s of reportSections) {
    const text = (sections[s.id] ?? '').trim()
    if (text === '') fields[s.id] = `Enter the section “${s.heading}”`
    out[s.id] = text
  }
  return okUnlessProblems('YEARLY_REPORT.INVALID', fields, out as Record<ReportSectionId, string>)
}

/** A draft can be revised until the three partners have signed it; after that only a new year's report. */
export function checkCanRedraft(state: 'draft' | 'published'): Result<true, DomainError<YearlyReportCode>> {
  return state === 'draft'
    ? ok(true)
    : err(domainError('YEARLY_REPORT.SIGNED_OFF', 'This year’s report has been signed off and published.'))
}

/** The clock for sending the report to the Panel counts from the last day of the year it covers (31 March). */
export function yearEnd(y: ReportingYear): LocalDate {
  const d = localDate(y.startYear + 1, 3, 31)
  if (!d.ok) throw new Error('31 March always exists')
  return d.value
}
