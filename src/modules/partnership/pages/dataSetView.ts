/**
 * What a dashboard shows for one measure, with small-number suppression applied to every figure that leaves
 * here (the page, the CSV, the API and the yearly report all use this): the monthly trend this year against last,
 * the year's totals and comparison, and each breakdown as a chart and a table.
 */
import {
  breakdownLabels,
  comparison,
  goodDirectionLabels,
  monthLabel,
  percentage,
  reportingYearLabel,
  type Breakdown,
  type Tally,
} from '../domain/dataSet.js'
import { suppressBreakdown, suppressTally, shownText, type Shown } from '../domain/suppression.js'
import type { MeasureFigures } from '../queries/dataSet.js'
import { barChartSvg, lineChartSvg } from './charts.js'

const valueOf = (s: Shown): number | null => (s.shown ? s.value : null)

export interface MeasureView {
  readonly id: string
  readonly name: string
  readonly definition: string
  readonly numerator: string
  readonly denominator: string | null
  readonly source: string
  readonly goodDirection: string
  readonly yearLabel: string
  readonly lastYearLabel: string
  readonly isRate: boolean
  readonly headline: { thisYear: string; lastYear: string; comparison: string }
  readonly months: readonly { label: string; thisYear: string; lastYear: string }[]
  readonly trendSvg: string
  readonly breakdowns: readonly {
    id: Breakdown
    heading: string
    svg: string
    rows: readonly { label: string; numerator: string; denominator: string; percentage: string }[]
  }[]
  /** For the API and CSV: the same suppressed figures as numbers (null = not shown). */
  readonly data: {
    months: { month: string; thisYear: number | null; lastYear: number | null }[]
    breakdowns: Record<
      string,
      { label: string; numerator: number | null; denominator: number | null; percentage: number | null }[]
    >
  }
}

const comparisonWords = {
  better: 'Better than last year',
  worse: 'Worse than last year',
  same: 'The same as last year',
  changed: 'Changed from last year',
  no_comparison: 'No comparison (too few to show)',
} as const

export function measureView(f: MeasureFigures): MeasureView {
  const m = f.measure
  const isRate = m.denominator !== null
  const shownValue = (t: Tally): Shown => {
    const s = suppressTally(t, isRate)
    return isRate ? s.percentage : s.numerator
  }
  const text = (s: Shown) => (s.shown ? (isRate ? `${s.value}%` : s.value.toLocaleString('en-GB')) : shownText(s))
  const thisYear = shownValue(f.thisYear)
  const lastYear = shownValue(f.lastYear)
  const months = f.months.map((row) => ({
    month: row.month,
    label: monthLabel(row.month),
    thisYear: shownValue(row.thisYear),
    lastYear: shownValue(row.lastYear),
  }))
  const yearLabel = reportingYearLabel(f.year)
  const lastYearLabel = reportingYearLabel({ startYear: f.year.startYear - 1 })
  const trendSvg = lineChartSvg({
    title: `${m.name}: month by month`,
    description: `${isRate ? 'Percentage' : 'Number'} each month, ${yearLabel} (solid line) against ${lastYearLabel} (dashed line). The same figures are in the table below.`,
    labels: months.map((r) => r.label.slice(0, 3)),
    series: [
      { name: yearLabel, values: months.map((r) => valueOf(r.thisYear)), style: 'solid' },
      { name: lastYearLabel, values: months.map((r) => valueOf(r.lastYear)), style: 'dashed' },
    ],
    unit: isRate ? 'percentage' : 'count',
  })

  const breakdowns: MeasureView['breakdowns'][number][] = []
  const data: MeasureView['data'] = {
    months: months.map((r) => ({ month: r.month, thisYear: valueOf(r.thisYear), lastYear: valueOf(r.lastYear) })),
    breakdowns: {},
  }
  for (const [id, cells] of Object.entries(f.breakdowns) as [Breakdown, MeasureFigures['breakdowns'][Breakdown]][]) {
    if (cells === undefined) continue
    // Denominators and numerators are suppressed as whole breakdowns, so no hidden cell can be worked out
    // from the year's total.
    const dens = suppressBreakdown(cells.map((c) => ({ key: c.key, count: c.tally.denominator })))
    const nums = isRate ? suppressBreakdown(cells.map((c) => ({ key: c.key, count: c.tally.numerator }))) : dens
    const rows = cells.map((c, i) => {
      const den = dens[i]!.count
      const num = nums[i]!.count
      const pct: Shown =
        isRate && den.shown && num.shown ? { shown: true, value: percentage(c.tally) ?? 0 } : { shown: false }
      return { label: c.label, num, den, pct }
    })
    breakdowns.push({
      id,
      heading: breakdownLabels[id],
      svg: barChartSvg({
        title: `${m.name} by ${breakdownLabels[id].toLowerCase()}, ${yearLabel}`,
        description: `${isRate ? 'Percentage' : 'Number'} for each group. Groups with small numbers are not shown. The same figures are in the table below.`,
        bars: rows.map((r) => ({ label: r.label, value: valueOf(isRate ? r.pct : r.den) })),
        unit: isRate ? 'percentage' : 'count',
      }),
      rows: rows.map((r) => ({
        label: r.label,
        numerator: shownText(r.num),
        denominator: shownText(r.den),
        percentage: r.pct.shown ? `${r.pct.value}%` : shownText(r.pct),
      })),
    })
    data.breakdowns[id] = rows.map((r) => ({
      label: r.label,
      numerator: valueOf(r.num),
      denominator: isRate ? valueOf(r.den) : null,
      percentage: isRate ? valueOf(r.pct) : null,
    }))
  }

  return {
    id: m.id,
    name: m.name,
    definition: m.definition,
    numerator: m.numerator,
    denominator: m.denominator,
    source: m.source,
    goodDirection: goodDirectionLabels[m.goodDirection],
    yearLabel,
    lastYearLabel,
    isRate,
    headline: {
      thisYear: text(thisYear),
      lastYear: text(lastYear),
      comparison: comparisonWords[comparison(m, valueOf(thisYear), valueOf(lastYear))],
    },
    months: months.map((r) => ({ label: r.label, thisYear: text(r.thisYear), lastYear: text(r.lastYear) })),
    trendSvg,
    breakdowns,
    data,
  }
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The same suppressed figures as a CSV file: blank where a figure is not shown. */
export function measureCsv(v: MeasureView): string {
  const lines: string[] = [['measure', 'section', 'group', 'numerator', 'denominator', 'value'].join(',')]
  for (const r of v.data.months) {
    lines.push([v.id, `month ${v.yearLabel}`, r.month, '', '', r.thisYear].map(csvCell).join(','))
    lines.push([v.id, `month ${v.lastYearLabel}`, r.month, '', '', r.lastYear].map(csvCell).join(','))
  }
  for (const [id, rows] of Object.entries(v.data.breakdowns))
    for (const r of rows)
      lines.push(
        [v.id, `by ${id}`, r.label, r.numerator, r.denominator, v.isRate ? r.percentage : r.numerator]
          .map(csvCell)
          .join(','),
      )
  return lines.join('\r\n') + '\r\n'
}
