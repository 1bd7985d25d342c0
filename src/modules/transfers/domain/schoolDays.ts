/**
 * The child-protection file on a school move: when it is due, counted in the sending school's school days.
 *
 * KCSIE (quoted in Hansard written answer UIN 29912, 16 July 2021): the DSL ensures the file goes to the new school
 * "as soon as possible, and within 5 days for an in-year transfer or within the first 5 days of the start of a new
 * term". Sources: ../shared/domain-2026.md §6.
 *
 * A school day is a day on which the school has a session for pupils (Education Act 1996 s579(1), "school day"):
 * a weekday inside one of the school's terms that is not a bank holiday, an inset (training) day or another
 * closure. So:
 * - a move on a school day: the file is due on the 5th school day after it (the move day itself does not count,
 *   as with working days);
 * - a move in a holiday (between terms, or on a weekend or inset day before the next school day): due on the 5th
 *   school day from the start of the next term or session, that first school day counting as day 1.
 * A school with no term dates recorded falls back to England and Wales working days, which can only make the
 * deadline earlier (holidays counted as working days), never later: the safe direction.
 */
import type { WorkingDayCalendar } from '../../../platform/calendar/calendar.js'
import {
  addDays,
  compareLocalDate,
  formatLocalDate,
  isWeekend,
  type LocalDate,
} from '../../../platform/calendar/localDate.js'

export const FILE_TRANSFER_SCHOOL_DAYS = 5

export interface Term {
  readonly startsOn: LocalDate
  readonly endsOn: LocalDate
}

export interface SchoolCalendar {
  readonly terms: readonly Term[]
  /** Inset (training) days and other closures inside terms: no session for pupils. */
  readonly closures: readonly LocalDate[]
}

/** The longest holiday a search for the next school day crosses before giving up (the summer holiday is ~6 weeks). */
const MAX_SEARCH_DAYS = 400

export function isSchoolDay(calendar: SchoolCalendar, bankHolidays: WorkingDayCalendar, d: LocalDate): boolean {
  if (isWeekend(d)) return false
  if (!bankHolidays.isWorkingDay(d)) return false
  if (!calendar.terms.some((t) => compareLocalDate(t.startsOn, d) <= 0 && compareLocalDate(d, t.endsOn) <= 0))
    return false
  const key = formatLocalDate(d)
  return !calendar.closures.some((c) => formatLocalDate(c) === key)
}

export type TransferDue =
  | { readonly kind: 'school_days'; readonly dueOn: LocalDate; readonly inYear: boolean }
  | { readonly kind: 'working_days'; readonly dueOn: LocalDate }
  | { readonly kind: 'no_term_dates_ahead' }

/**
 * When the file must reach the new school, for a move on `movedOn`, in the sending school's calendar.
 * `no_term_dates_ahead`: the school has terms but none after the move — its term dates need adding.
 */
export function fileTransferDue(
  movedOn: LocalDate,
  calendar: SchoolCalendar,
  bankHolidays: WorkingDayCalendar,
): TransferDue {
  if (calendar.terms.length === 0)
    return { kind: 'working_days', dueOn: bankHolidays.addWorkingDays(movedOn, FILE_TRANSFER_SCHOOL_DAYS) }
  const inYear = isSchoolDay(calendar, bankHolidays, movedOn)
  // In-year: count from the day after the move. In a holiday: the first school day after it counts as day 1,
  // which is the same as counting from the day before it; both reduce to "the N-th school day after movedOn".
  let counted = 0
  let day = movedOn
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    day = addDays(day, 1)
    if (isSchoolDay(calendar, bankHolidays, day)) {
      counted++
      if (counted === FILE_TRANSFER_SCHOOL_DAYS) return { kind: 'school_days', dueOn: day, inYear }
    }
  }
  return { kind: 'no_term_dates_ahead' }
}
