/**
 * The agreed data set computed from Together's own records. Each measure's basis (domain/dataSet.ts) becomes one
 * set of child-level events — (date, counts in the numerator?, category, organisation kind, child) — and two
 * statements aggregate it: month by month over this year and last, and this year's breakdowns by age band, sex,
 * ethnicity, disability, category and kind of organisation (GROUPING SETS, one pass). Nothing here names a child:
 * only counts leave the database, and the page suppresses small ones.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import {
  compareLocalDate,
  daysInMonth,
  formatLocalDate,
  localDate,
  type LocalDate,
} from '../../../platform/calendar/localDate.js'
import { codeLabel, planCategories, referralSources } from '../../protection/domain/codes.js'
import { concernCategories } from '../../concerns/domain/concern.js'
import { organisationKindLabels, isOrganisationKind } from '../../../platform/identity/organisations.js'
import { familyHelpDataSetCategory, familyHelpDataSetRows } from '../../family-help/index.js'
import { fileTransferDataSetCategory, fileTransferDataSetRows } from '../../transfers/index.js'
import { trainingCurrencyRows } from '../../training/index.js'
import {
  breakdownsOf,
  monthsOf,
  sexLabels,
  type Breakdown,
  type Measure,
  type ReportingYear,
  type Tally,
} from '../domain/dataSet.js'
import { ageBandLabels, disabilityGroupLabels, ethnicGroupLabels } from '../domain/characteristics.js'

const LONDON = sql.lit('Europe/London')

async function events(
  db: Db,
  measure: Measure,
  localAreaId: string,
  year: ReportingYear,
  today: LocalDate,
): Promise<RawBuilder<unknown>> {
  const upTo = formatLocalDate(today)
  const b = measure.basis
  switch (b.kind) {
    case 'referrals':
      return sql`
        SELECT (r.received_at AT TIME ZONE ${LONDON})::date AS event_on, r.child_id, r.source_code AS category,
               fo.kind AS org_kind,
               ${
                 b.numerator === 'all'
                   ? sql`true`
                   : sql`EXISTS (SELECT 1 FROM referral r2 WHERE r2.child_id = r.child_id AND r2.received_at < r.received_at
                                  AND r2.received_at >= r.received_at - interval '12 months')`
               } AS num
        FROM referral r
        JOIN organisation lo ON lo.id = r.to_organisation_id
        LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
        WHERE lo.local_area_id = ${localAreaId} AND r.child_id IS NOT NULL`
    case 'deadline_met':
      // Only deadlines already due count: one not yet due has not been met or missed.
      return sql`
        SELECT d.due_on AS event_on, d.child_id, NULL::text AS category, o.kind AS org_kind,
               (d.completed_at IS NOT NULL AND (d.completed_at AT TIME ZONE ${LONDON})::date <= d.due_on) AS num
        FROM deadline d JOIN organisation o ON o.id = d.organisation_id
        WHERE d.local_area_id = ${localAreaId} AND d.rule_id = ${b.rule} AND d.due_on <= ${upTo}::date`
    case 'plans_started':
      return sql`
        SELECT p.started_on AS event_on, p.child_id, p.initial_category AS category, NULL::text AS org_kind,
               ${
                 b.numerator === 'all'
                   ? sql`true`
                   : sql`EXISTS (SELECT 1 FROM child_protection_plan p2 WHERE p2.child_id = p.child_id AND p2.started_on < p.started_on)`
               } AS num
        FROM child_protection_plan p JOIN episode e ON e.id = p.episode_id
        WHERE e.local_area_id = ${localAreaId}`
    case 'plans_ended':
      return sql`
        SELECT p.ended_on AS event_on, p.child_id, p.latest_category AS category, NULL::text AS org_kind,
               (p.ended_on >= p.started_on + interval '2 years') AS num
        FROM child_protection_plan p JOIN episode e ON e.id = p.episode_id
        WHERE e.local_area_id = ${localAreaId} AND p.ended_on IS NOT NULL`
    case 'concerns':
      // One row per child in a concern; its category is the first one recorded (a concern may have several).
      return sql`
        SELECT (c.created_at AT TIME ZONE ${LONDON})::date AS event_on, cc.child_id, c.categories[1] AS category,
               o.kind AS org_kind, true AS num
        FROM concern c JOIN concern_child cc ON cc.concern_id = c.id JOIN organisation o ON o.id = c.organisation_id
        WHERE c.local_area_id = ${localAreaId}`
    case 'family_help':
      return familyHelpDataSetRows(b.event, localAreaId)
    case 'file_transfers_on_time':
      return fileTransferDataSetRows(localAreaId, upTo)
    case 'training_currency': {
      // Currency is derived in code (as the training module's own views derive it), then aggregated here with the
      // other measures: one JSON parameter, however many people the area has.
      const rows = await trainingCurrencyRows(db, localAreaId, monthEnds(year, today))
      const json = JSON.stringify(
        rows.map((r) => ({ event_on: r.on, org_kind: r.organisationKind, num: r.allCurrent })),
      )
      return sql`
        SELECT ev.event_on, NULL::uuid AS child_id, NULL::text AS category, ev.org_kind, ev.num
        FROM jsonb_to_recordset(${json}::jsonb) AS ev(event_on date, org_kind text, num boolean)`
    }
  }
}

/** The last day of each month of this year and last, or today for the month under way; none after today. */
function monthEnds(year: ReportingYear, today: LocalDate): LocalDate[] {
  const out: LocalDate[] = []
  for (const month of [...monthsOf({ startYear: year.startYear - 1 }), ...monthsOf(year)]) {
    const y = Number(month.slice(0, 4))
    const m = Number(month.slice(5, 7))
    const first = localDate(y, m, 1)
    const end = localDate(y, m, daysInMonth(y, m))
    if (!first.ok || !end.ok) continue
    if (compareLocalDate(first.value, today) > 0) break
    out.push(compareLocalDate(end.value, today) > 0 ? today : end.value)
  }
  return out
}

const isRate = (m: Measure) => m.denominator !== null

export interface MonthRow {
  readonly month: string
  readonly thisYear: Tally
  readonly lastYear: Tally
}

export interface BreakdownCell {
  readonly key: string
  readonly label: string
  readonly tally: Tally
}

export interface MeasureFigures {
  readonly measure: Measure
  readonly year: ReportingYear
  readonly months: readonly MonthRow[]
  readonly thisYear: Tally
  readonly lastYear: Tally
  readonly breakdowns: Readonly<Partial<Record<Breakdown, readonly BreakdownCell[]>>>
}

const yearStart = (y: ReportingYear) => `${y.startYear}-04-01`
const yearEndText = (y: ReportingYear) => `${y.startYear + 1}-03-31`

function categoryLabel(measure: Measure, key: string): string {
  switch (measure.basis.kind) {
    case 'referrals':
      return codeLabel(referralSources, key)
    case 'plans_started':
    case 'plans_ended':
      return codeLabel(planCategories, key)
    case 'concerns':
      return concernCategories.find((c) => c.id === key)?.label ?? 'Other'
    case 'family_help':
      return familyHelpDataSetCategory(measure.basis.event, key)
    case 'file_transfers_on_time':
      return fileTransferDataSetCategory(key)
    default:
      return key
  }
}

function labelFor(measure: Measure, dimension: Breakdown, key: string | null): string {
  if (key === null) return 'Not recorded'
  switch (dimension) {
    case 'age_band':
      return labelOf(ageBandLabels, key)
    case 'sex':
      return labelOf(sexLabels, key)
    case 'ethnic_group':
      return labelOf(ethnicGroupLabels, key)
    case 'disability':
      return labelOf(disabilityGroupLabels, key)
    case 'category':
      return categoryLabel(measure, key)
    case 'organisation_kind':
      return isOrganisationKind(key) ? organisationKindLabels[key] : key
  }
}

/** The measure for one partnership year (and the year before, for comparison), as counts. */
export async function measureFigures(
  db: Db,
  localAreaId: string,
  measure: Measure,
  year: ReportingYear,
  today: LocalDate,
): Promise<MeasureFigures> {
  const ev = await events(db, measure, localAreaId, year, today)
  const from = yearStart({ startYear: year.startYear - 1 })
  const to = yearEndText(year)
  const monthly = await sql<{ month: string; n: string; d: string }>`
    WITH ev AS (${ev})
    SELECT to_char(event_on, 'YYYY-MM') AS month, count(*) FILTER (WHERE num) AS n, count(*) AS d
    FROM ev WHERE event_on BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1`.execute(db)
  const byMonth = new Map(monthly.rows.map((r) => [r.month, { numerator: Number(r.n), denominator: Number(r.d) }]))
  const zero: Tally = { numerator: 0, denominator: 0 }
  const lastMonths = monthsOf({ startYear: year.startYear - 1 })
  const months = monthsOf(year).map((month, i) => ({
    month,
    thisYear: byMonth.get(month) ?? zero,
    lastYear: byMonth.get(lastMonths[i] ?? '') ?? zero,
  }))
  const sum = (pick: (m: MonthRow) => Tally): Tally =>
    months.reduce(
      (a, m) => ({ numerator: a.numerator + pick(m).numerator, denominator: a.denominator + pick(m).denominator }),
      zero,
    )

  // Characteristics at the date of the event: age band by the date of birth then; sex, ethnicity and disability as
  // known now, as the census reads them: a corrected date of birth or sex counts, not the first record (child_current's
  // rule, migration 0014: the newest correction that sets the field), and ethnicity and disability come from the
  // newest social care record (child_census_detail) else the child row. Why not join child_current itself: the view
  // is worked out for every child in the area (+30% on the data-set benchmark, bench/data-set.bench.ts); the few
  // corrections joined by hash cost nothing measurable.
  const grouped = await sql<{
    age_band: string | null
    sex: string | null
    ethnic_group: string | null
    disability: string | null
    category: string | null
    org_kind: string | null
    g: number
    n: string
    d: string
  }>`
    WITH ev AS (${ev}),
    x AS (
      SELECT ev.num, ev.category, ev.org_kind,
        CASE
          WHEN c.date_of_birth IS NULL THEN CASE WHEN c.expected_date_of_delivery IS NOT NULL THEN 'unborn' ELSE 'not_known' END
          WHEN c.date_of_birth > ev.event_on THEN 'unborn'
          WHEN age(ev.event_on, c.date_of_birth) < interval '1 year' THEN 'under_1'
          WHEN age(ev.event_on, c.date_of_birth) < interval '5 years' THEN '1_to_4'
          WHEN age(ev.event_on, c.date_of_birth) < interval '10 years' THEN '5_to_9'
          WHEN age(ev.event_on, c.date_of_birth) < interval '16 years' THEN '10_to_15'
          ELSE '16_and_over'
        END AS age_band,
        coalesce(c.sex, 'unknown') AS sex,
        CASE
          WHEN k.ethnicity IS NULL OR k.ethnicity IN ('REFU', 'NOBT') THEN 'not_recorded'
          WHEN k.ethnicity IN ('CHNE', 'OOTH') THEN 'other'
          WHEN left(k.ethnicity, 1) = 'W' THEN 'white'
          WHEN left(k.ethnicity, 1) = 'M' THEN 'mixed'
          WHEN left(k.ethnicity, 1) = 'A' THEN 'asian'
          WHEN left(k.ethnicity, 1) = 'B' THEN 'black'
          ELSE 'not_recorded'
        END AS ethnic_group,
        CASE
          WHEN k.disabilities IS NULL OR cardinality(k.disabilities) = 0 THEN 'not_recorded'
          WHEN k.disabilities <@ ARRAY['NONE']::text[] THEN 'not_disabled'
          ELSE 'disabled'
        END AS disability
      FROM ev
      LEFT JOIN child r ON r.id = ev.child_id
      LEFT JOIN (SELECT DISTINCT ON (child_id) child_id, date_of_birth FROM child_correction
                 WHERE date_of_birth IS NOT NULL ORDER BY child_id, seq DESC) kd ON kd.child_id = ev.child_id
      LEFT JOIN (SELECT DISTINCT ON (child_id) child_id, sex FROM child_correction
                 WHERE sex IS NOT NULL ORDER BY child_id, seq DESC) ks ON ks.child_id = ev.child_id
      LEFT JOIN (SELECT DISTINCT ON (child_id) child_id, ethnicity, disabilities FROM child_census_detail
                 ORDER BY child_id, seq DESC) d ON d.child_id = ev.child_id
      CROSS JOIN LATERAL (SELECT
        coalesce(kd.date_of_birth, r.date_of_birth) AS date_of_birth,
        CASE WHEN kd.date_of_birth IS NULL THEN r.expected_date_of_delivery END AS expected_date_of_delivery,
        coalesce(ks.sex, r.sex) AS sex) c
      CROSS JOIN LATERAL (SELECT coalesce(d.ethnicity, r.ethnicity) AS ethnicity,
        coalesce(d.disabilities, r.disabilities) AS disabilities) k
      WHERE ev.event_on BETWEEN ${yearStart(year)}::date AND ${to}::date
    )
    SELECT age_band, sex, ethnic_group, disability, category, org_kind,
           GROUPING(age_band, sex, ethnic_group, disability, category, org_kind) AS g,
           count(*) FILTER (WHERE num) AS n, count(*) AS d
    FROM x
    GROUP BY GROUPING SETS ((age_band), (sex), (ethnic_group), (disability), (category), (org_kind))`.execute(db)

  // GROUPING's bit for a dimension is 0 when the row groups by it; bits run from the last argument (bit 0).
  const bitOf: Readonly<Record<Breakdown, number>> = {
    age_band: 5,
    sex: 4,
    ethnic_group: 3,
    disability: 2,
    category: 1,
    organisation_kind: 0,
  }
  const column: Readonly<Record<Breakdown, keyof (typeof grouped.rows)[number]>> = {
    age_band: 'age_band',
    sex: 'sex',
    ethnic_group: 'ethnic_group',
    disability: 'disability',
    category: 'category',
    organisation_kind: 'org_kind',
  }
  const wanted = breakdownsOf(measure)
  const out: Partial<Record<Breakdown, BreakdownCell[]>> = {}
  for (const b of wanted) {
    const rows = grouped.rows.filter((r) => (Number(r.g) & (1 << bitOf[b])) === 0)
    out[b] = rows
      .map((r) => {
        const key = r[column[b]] as string | null
        return {
          key: key ?? 'not_recorded',
          label: labelFor(measure, b, key),
          tally: { numerator: Number(r.n), denominator: Number(r.d) },
        }
      })
      .sort((x, y) => y.tally.denominator - x.tally.denominator || x.label.localeCompare(y.label))
  }
  return {
    measure,
    year,
    months,
    thisYear: sum((m) => m.thisYear),
    lastYear: sum((m) => m.lastYear),
    breakdowns: out,
  }
}

export { isRate }
