/**
 * Where an open item stands against its deadline, for task lists and dashboards. Counted in working days,
 * like the timescales themselves: "due in 1 working day" on a Friday means Monday.
 */
import type { WorkingDayCalendar } from '../../../platform/calendar/calendar.js'
import { compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'

export type DeadlineStatus = 'not_due' | 'due_soon' | 'due_today' | 'overdue'

/**
 * The optional fields are present only for the statuses where they mean something, and typed `never`
 * elsewhere, so `state.workingDaysLeft` reads as `number | undefined` without narrowing first.
 */
export type DeadlineState =
  | { readonly status: 'not_due' | 'due_soon'; readonly workingDaysLeft: number; readonly workingDaysOverdue?: never }
  | { readonly status: 'due_today'; readonly workingDaysLeft?: never; readonly workingDaysOverdue?: never }
  | { readonly status: 'overdue'; readonly workingDaysOverdue: number; readonly workingDaysLeft?: never }

/**
 * - `due_today`: today is the due date.
 * - `overdue`: today is after it. `workingDaysOverdue` counts the working days after the due date up to and
 *   including today, and is at least 1: on the Saturday after a Friday deadline the item is already late,
 *   and Monday is the earliest it can now be done.
 * - otherwise `workingDaysLeft` counts the working days after today up to and including the due date:
 *   `due_soon` when that is at most `dueSoonWorkingDays`, else `not_due`. It can be 0 only when the due date
 *   is not itself a working day (dueDate never produces one, but an imported date might), e.g. a Sunday
 *   deadline seen on a Saturday.
 *
 * Both dates must be inside the calendar's window (`calendar.covers`), or this throws CalendarRangeError.
 */
export function deadlineState(
  due: LocalDate,
  today: LocalDate,
  calendar: WorkingDayCalendar,
  dueSoonWorkingDays = 2,
): DeadlineState {
  const order = compareLocalDate(today, due)
  if (order === 0) return { status: 'due_today' }
  if (order > 0) return { status: 'overdue', workingDaysOverdue: Math.max(1, calendar.workingDaysBetween(due, today)) }
  const workingDaysLeft = calendar.workingDaysBetween(today, due)
  return { status: workingDaysLeft <= dueSoonWorkingDays ? 'due_soon' : 'not_due', workingDaysLeft }
}

export interface GovukTag {
  readonly text: string
  /** For govuk-frontend's `govukTag({ text, classes })`. */
  readonly classes: 'govuk-tag--grey' | 'govuk-tag--yellow' | 'govuk-tag--orange' | 'govuk-tag--red'
}

const TAGS: Readonly<Record<DeadlineStatus, GovukTag>> = {
  not_due: { text: 'Not due', classes: 'govuk-tag--grey' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--yellow' },
  due_today: { text: 'Due today', classes: 'govuk-tag--orange' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
}

export const deadlineTag = (state: DeadlineState): GovukTag => TAGS[state.status]

const workingDays = (n: number): string => `${n} working ${n === 1 ? 'day' : 'days'}`

/** Plain English: "Due in 3 working days", "Due today", "Overdue by 2 working days". */
export function deadlineLabel(state: DeadlineState): string {
  switch (state.status) {
    case 'due_today':
      return 'Due today'
    case 'overdue':
      return `Overdue by ${workingDays(state.workingDaysOverdue)}`
    case 'due_soon':
    case 'not_due':
      return state.workingDaysLeft === 0
        ? 'Due before the next working day'
        : `Due in ${workingDays(state.workingDaysLeft)}`
  }
}
