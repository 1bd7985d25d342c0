/**
 * When is something due? The counting convention (also in docs/timescales.md and ../shared/DESIGN.md §5):
 *
 * - "Within N working days of D": the Nth working day after D. D itself never counts, whether or not it is
 *   a working day. A referral received on Saturday with 1 working day is due on Monday (Tuesday if Monday
 *   is a bank holiday).
 * - "Within N calendar days / weeks of D": D + N days (or 7N days). If that lands on a non-working day, the
 *   deadline moves BACK to the last working day on or before it: the work has to be done while offices are
 *   open, and moving forward would give more time than the law allows.
 * - "Within N months / years of D": the same day of the month N months (12N for years) later, clamped to
 *   the last day of a shorter month (31 January + 1 month = 28 February; 29 February + 1 year =
 *   28 February), then moved back to the last working day on or before it, as above.
 *
 * Every due date is therefore a working day, and a later start never gives an earlier due date.
 */
import { CalendarRangeError, type WorkingDayCalendar } from '../../../platform/calendar/calendar.js'
import { addDays, addMonths, addYears, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { err, ok, domainError, type DomainError, type Result } from '../../../platform/shared/result.js'
import { effectiveRule, type OverrideErrorCode, type TimescaleOverride } from './override.js'
import type { Duration, TimescaleRule } from './rules.js'

export type OutOfRangeCode = 'CALENDAR.OUT_OF_RANGE'

const outOfRange = (start: LocalDate, calendar: WorkingDayCalendar): DomainError<OutOfRangeCode> =>
  domainError(
    'CALENDAR.OUT_OF_RANGE',
    `Cannot work out a deadline from ${formatLocalDate(start)}: dates must be between ${formatLocalDate(calendar.first)} and ${formatLocalDate(calendar.last)}.`,
  )

/** The due date `duration` after `start`, by the convention above. */
export function addDuration(
  start: LocalDate,
  duration: Duration,
  calendar: WorkingDayCalendar,
): Result<LocalDate, DomainError<OutOfRangeCode>> {
  if (!calendar.covers(start)) return err(outOfRange(start, calendar))
  const { amount } = duration
  try {
    switch (duration.unit) {
      case 'working_days':
        return ok(calendar.addWorkingDays(start, amount))
      case 'calendar_days':
        return ok(calendar.lastWorkingDayOnOrBefore(addDays(start, amount)))
      case 'weeks':
        return ok(calendar.lastWorkingDayOnOrBefore(addDays(start, 7 * amount)))
      case 'months':
        return ok(calendar.lastWorkingDayOnOrBefore(addMonths(start, amount)))
      case 'years':
        return ok(calendar.lastWorkingDayOnOrBefore(addYears(start, amount)))
    }
  } catch (error) {
    // The answer would fall outside the calendar's window (e.g. 2099-12-30 + 45 working days).
    if (error instanceof CalendarRangeError) return err(outOfRange(start, calendar))
    throw error
  }
}

/**
 * The due date for `rule`, started on `startDate`, using the partnership's override if it has one. Fails
 * if the override is not allowed or not valid, or the dates fall outside the calendar.
 */
export function dueDate(
  rule: TimescaleRule,
  startDate: LocalDate,
  calendar: WorkingDayCalendar,
  override?: TimescaleOverride,
): Result<LocalDate, DomainError<OverrideErrorCode | OutOfRangeCode>> {
  const effective = effectiveRule(rule, override)
  if (!effective.ok) return effective
  const { amount, unit } = effective.value.effective
  // A 'before' rule counts back from a planned event by the same convention (D itself never counts).
  return addDuration(startDate, rule.counts === 'before' ? { amount: -amount, unit } : { amount, unit }, calendar)
}
