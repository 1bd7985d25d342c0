/**
 * The England and Wales working-day calendar: a value built once and passed in wherever a deadline is
 * computed, never a global, so that each partnership can have its own extra non-working days and tests
 * can build any calendar they like.
 *
 * A working day is any day that is not a Saturday, a Sunday, an England and Wales bank holiday (Christmas
 * Day and Good Friday are in the GOV.UK list) or one of the calendar's extra non-working days. That is the
 * statutory model in ../shared/domain.md §2 (WSI 2006/940 reg 2), plus local closures.
 *
 * Speed: every question is answered from two arrays built up front over a fixed window of dates, so each
 * call is O(1) with no loops, whatever the number of days involved:
 * - `cumulative[i]` is the number of working days among window days 0 … i-1 (a prefix count), so
 *   "working days between" is one subtraction;
 * - `workingDays[k]` is the window index of the k-th working day (0-based), so "the N-th working day after
 *   D" is one lookup at `cumulative[D + 1] + N - 1`.
 *
 * Window: 1 January 2000 to 31 December 2099. Bank holidays are shipped for 2018–2027 only
 * (`BANK_HOLIDAY_YEARS`); for other years inside the window only weekends and the extra days are
 * non-working. A missing holiday can only make a deadline EARLIER than it should be, never later, which is
 * the safe direction for safeguarding; `hasBankHolidayData` lets the UI say so. Outside the window, every
 * method throws `CalendarRangeError`: no real case needs dates there, so reaching it is a bug (or absurd
 * input, which `dueDate` turns into a `CALENDAR.OUT_OF_RANGE` result).
 */
import { BANK_HOLIDAY_YEARS, englandAndWalesBankHolidays } from './bankHolidays.js'
import {
  dayNumberFromParts,
  formatLocalDate,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  parseLocalDate,
  toDayNumber,
  type LocalDate,
} from './localDate.js'

export interface WorkingDayCalendar {
  /** The first and last dates this calendar can answer for (inclusive). */
  readonly first: LocalDate
  readonly last: LocalDate
  /** The calendar years whose bank holidays are known. */
  readonly bankHolidayYears: { readonly first: number; readonly last: number }
  /** True if `d` is inside the calendar's window (see `first` and `last`). */
  covers(d: LocalDate): boolean
  /** True if `d`'s year has shipped bank holidays; if false, only weekends and extra days are non-working. */
  hasBankHolidayData(d: LocalDate): boolean
  isWorkingDay(d: LocalDate): boolean
  /**
   * The `n`-th working day after `d`; `d` itself never counts, whether or not it is a working day. So
   * Friday + 1 = Monday, Saturday + 1 = Monday, and Saturday + 1 = Tuesday when that Monday is a bank holiday.
   * `n = 0` returns `d` unchanged; a negative `n` counts backwards the same way (the |n|-th working day
   * before `d`). `n` must be an integer.
   */
  addWorkingDays(d: LocalDate, n: number): LocalDate
  /**
   * The number of working days in (a, b]: after `a`, up to and including `b`. Negative if `b` is before `a`.
   * This is the inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 0.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number
  /** `d` if it is a working day, otherwise the nearest working day before it. */
  lastWorkingDayOnOrBefore(d: LocalDate): LocalDate
}

/** A date outside the calendar's window, or an answer that would fall outside it. */
export class CalendarRangeError extends RangeError {
  readonly code = 'CALENDAR.OUT_OF_RANGE'
}

export function createCalendar(extraNonWorkingDays: readonly LocalDate[] = []): WorkingDayCalendar {
  const firstDay = dayNumberFromParts(2000, 1, 1)
  const size = dayNumberFromParts(2099, 12, 31) - firstDay + 1
  const first = fromDayNumber(firstDay)
  const last = fromDayNumber(firstDay + size - 1)

  const closed = new Uint8Array(size)
  for (let i = 0; i < size; i++) if (isoWeekdayOfDayNumber(firstDay + i) >= 6) closed[i] = 1
  const close = (d: LocalDate): void => {
    const i = toDayNumber(d) - firstDay
    // Extra days outside the window can never affect an answer, so they are simply ignored.
    if (i >= 0 && i < size) closed[i] = 1
  }
  for (const holiday of englandAndWalesBankHolidays) {
    const parsed = parseLocalDate(holiday.date)
    if (!parsed.ok) throw new Error(`Bank holiday table has an impossible date: ${holiday.date}`)
    close(parsed.value)
  }
  for (const d of extraNonWorkingDays) close(d)

  const cumulative = new Int32Array(size + 1)
  for (let i = 0; i < size; i++) cumulative[i + 1] = (cumulative[i] ?? 0) + (closed[i] === 1 ? 0 : 1)
  const workingDays = new Int32Array(cumulative[size] ?? 0)
  for (let i = 0, k = 0; i < size; i++) if (closed[i] !== 1) workingDays[k++] = i

  const indexOf = (d: LocalDate): number => {
    const i = toDayNumber(d) - firstDay
    if (i < 0 || i >= size) {
      throw new CalendarRangeError(
        `${formatLocalDate(d)} is outside the working-day calendar (${formatLocalDate(first)} to ${formatLocalDate(last)}).`,
      )
    }
    return i
  }
  // Working days in window days 0 … i (inclusive).
  const countUpTo = (i: number): number => cumulative[i + 1] ?? 0
  const nthWorkingDay = (k: number, from: LocalDate): LocalDate => {
    const i = workingDays[k]
    if (i === undefined)
      throw new CalendarRangeError(`The answer for ${formatLocalDate(from)} falls outside the working-day calendar.`)
    return fromDayNumber(firstDay + i)
  }

  const calendar: WorkingDayCalendar = {
    first,
    last,
    bankHolidayYears: BANK_HOLIDAY_YEARS,
    covers: (d) => {
      const i = toDayNumber(d) - firstDay
      return i >= 0 && i < size
    },
    hasBankHolidayData: (d) => d.year >= BANK_HOLIDAY_YEARS.first && d.year <= BANK_HOLIDAY_YEARS.last,
    isWorkingDay: (d) => closed[indexOf(d)] !== 1,
    addWorkingDays: (d, n) => {
      if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays needs a whole number of days, not ${n}.`)
      const i = indexOf(d)
      if (n === 0) return d
      // Forwards: skip the working days up to and including d. Backwards: those strictly before d.
      return nthWorkingDay(n > 0 ? countUpTo(i) + n - 1 : countUpTo(i - 1) + n, d)
    },
    workingDaysBetween: (a, b) => countUpTo(indexOf(b)) - countUpTo(indexOf(a)),
    lastWorkingDayOnOrBefore: (d) => {
      const i = indexOf(d)
      return closed[i] === 1 ? nthWorkingDay(countUpTo(i) - 1, d) : d
    },
  }
  return Object.freeze(calendar)
}
