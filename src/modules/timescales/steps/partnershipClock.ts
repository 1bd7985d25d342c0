import { sql, type Kysely, type Transaction } from 'kysely'
import { createCalendar, type WorkingDayCalendar } from '../../../platform/calendar/calendar.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { dueDate } from '../domain/dueDate.js'
import { effectiveRule, type EffectiveRule, type TimescaleOverride } from '../domain/override.js'
import type { PartnershipTimescales } from '../domain/partnership.js'
import { findRule, timescaleRules, type TimescaleUnit } from '../domain/rules.js'
import type { DB } from '../../../platform/db/schema.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { localNonWorkingDays } from '../queries/localNonWorkingDays.js'

type Q = Kysely<DB> | Transaction<DB>

// Many steps read today's date in England from here, beside the partnership's clocks.
export { todayInEngland }

/** The partnership's local overrides (latest per rule; a NULL amount is a return to the national value) and extra days. */
export async function loadPartnershipTimescalesFrom(db: Q, localAreaId: string): Promise<PartnershipTimescales> {
  const overrideRows = await db
    .selectFrom('timescale_override')
    .select(['rule_id', 'amount', 'unit', 'reason'])
    .distinctOn('rule_id')
    .where('local_area_id', '=', localAreaId)
    .orderBy('rule_id')
    .orderBy('seq', 'desc')
    .execute()
  const overrides = new Map<string, TimescaleOverride>()
  for (const r of overrideRows) {
    if (r.amount === null) continue
    overrides.set(
      r.rule_id,
      r.unit === null
        ? { amount: r.amount, reason: r.reason }
        : { amount: r.amount, unit: r.unit as TimescaleUnit, reason: r.reason },
    )
  }
  const days = await localNonWorkingDays(db, localAreaId).select('day').execute()
  return { overrides, extraNonWorkingDays: days.map((d) => storedDate(d.day)) }
}

/**
 * Building a calendar precomputes a century of working days (a few milliseconds), so each distinct set of extra
 * non-working days is built once per process and reused. The calendar is an immutable value keyed by its
 * inputs, so this cache can never serve a stale answer.
 */
const calendars = new Map<string, WorkingDayCalendar>()
function calendarFor(extraNonWorkingDays: readonly LocalDate[]): WorkingDayCalendar {
  const key = extraNonWorkingDays.map(formatLocalDate).sort().join(',')
  let calendar = calendars.get(key)
  if (calendar === undefined) {
    if (calendars.size >= 64) calendars.delete(calendars.keys().next().value as string)
    calendar = createCalendar(extraNonWorkingDays)
    calendars.set(key, calendar)
  }
  return calendar
}

/** Everything needed to compute a partnership's deadlines: its calendar and its effective rules. */
export interface PartnershipClock {
  readonly calendar: WorkingDayCalendar
  readonly timescales: PartnershipTimescales
  readonly effective: (ruleId: string) => EffectiveRule | undefined
}

export async function loadPartnershipClock(db: Q, localAreaId: string): Promise<PartnershipClock> {
  const timescales = await loadPartnershipTimescalesFrom(db, localAreaId)
  const calendar = calendarFor(timescales.extraNonWorkingDays)
  const effective = (ruleId: string): EffectiveRule | undefined => {
    const rule = findRule(ruleId)
    if (!rule.ok) return undefined
    const result = effectiveRule(rule.value, timescales.overrides.get(ruleId))
    // An override stored before a rule became non-overridable falls back to the national value.
    return result.ok ? result.value : (effectiveRule(rule.value, undefined) as { ok: true; value: EffectiveRule }).value
  }
  return { calendar, timescales, effective }
}

/** The local and national due dates for a clock started on `startedOn`. */
export function computeDueDates(
  clock: PartnershipClock,
  ruleId: string,
  startedOn: LocalDate,
): { due: LocalDate; nationalDue: LocalDate } | undefined {
  const rule = findRule(ruleId)
  if (!rule.ok) return undefined
  const effective = clock.effective(ruleId)
  const local = dueDate(
    rule.value,
    startedOn,
    clock.calendar,
    effective?.local === undefined
      ? undefined
      : { amount: effective.local.amount, unit: effective.local.unit, reason: effective.local.reason },
  )
  const national = dueDate(rule.value, startedOn, clock.calendar)
  if (!local.ok || !national.ok) return undefined
  return { due: local.value, nationalDue: national.value }
}

/**
 * Re-derives the due dates of a partnership's open deadlines after its timescales or calendar change, in the
 * caller's transaction, so that no one ever sees a deadline computed from rules no longer in force.
 */
export async function recomputeOpenDeadlines(
  tx: Transaction<DB>,
  localAreaId: string,
  ruleIds?: readonly string[],
): Promise<number> {
  const clock = await loadPartnershipClock(tx, localAreaId)
  let q = tx
    .selectFrom('deadline')
    .select(['id', 'rule_id', 'started_on', 'due_on', 'national_due_on'])
    .where('local_area_id', '=', localAreaId)
    .where('completed_at', 'is', null)
    .where('fixed_due', '=', false)
  if (ruleIds !== undefined) q = q.where('rule_id', 'in', ruleIds.length > 0 ? [...ruleIds] : ['-'])
  const rows = await q.execute()
  const changed: { id: string; due: string; national: string }[] = []
  for (const r of rows) {
    const dates = computeDueDates(clock, r.rule_id, storedDate(r.started_on))
    if (dates === undefined) continue
    const due = formatLocalDate(dates.due)
    const national = formatLocalDate(dates.nationalDue)
    if (due !== r.due_on || national !== r.national_due_on) changed.push({ id: r.id, due, national })
  }
  for (let i = 0; i < changed.length; i += 2000) {
    const chunk = changed.slice(i, i + 2000)
    await sql`UPDATE deadline d SET due_on = v.due, national_due_on = v.national
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS v(id uuid, due date, national date)
      WHERE d.id = v.id`.execute(tx)
  }
  return changed.length
}

export const allRules = timescaleRules
