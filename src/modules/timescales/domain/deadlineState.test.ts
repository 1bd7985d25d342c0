import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import { date } from '../../../platform/calendar/testing.js'
import { deadlineLabel, deadlineState, deadlineTag } from './deadlineState.js'

const calendar = createCalendar()
const state = (due: string, today: string, soon?: number) =>
  soon === undefined
    ? deadlineState(date(due), date(today), calendar)
    : deadlineState(date(due), date(today), calendar, soon)

describe('deadlineState', () => {
  const cases = [
    // due, today, status, working days left / overdue, label
    ['2025-06-16', '2025-06-09', 'not_due', 5, 'Due in 5 working days'], // Mon → next Mon
    ['2025-06-12', '2025-06-09', 'not_due', 3, 'Due in 3 working days'],
    ['2025-06-11', '2025-06-09', 'due_soon', 2, 'Due in 2 working days'],
    ['2025-06-09', '2025-06-06', 'due_soon', 1, 'Due in 1 working day'], // Fri → Mon
    ['2025-06-09', '2025-06-07', 'due_soon', 1, 'Due in 1 working day'], // Sat → Mon
    ['2025-12-29', '2025-12-24', 'due_soon', 1, 'Due in 1 working day'], // over Christmas
    ['2025-06-09', '2025-06-09', 'due_today', undefined, 'Due today'],
    ['2025-06-09', '2025-06-10', 'overdue', 1, 'Overdue by 1 working day'],
    ['2025-06-09', '2025-06-11', 'overdue', 2, 'Overdue by 2 working days'],
    ['2025-06-06', '2025-06-07', 'overdue', 1, 'Overdue by 1 working day'], // Fri deadline, seen on Saturday
    ['2025-06-06', '2025-06-09', 'overdue', 1, 'Overdue by 1 working day'], // and on Monday
    ['2025-12-24', '2025-12-29', 'overdue', 1, 'Overdue by 1 working day'], // Christmas does not count
    ['2025-06-08', '2025-06-07', 'due_soon', 0, 'Due before the next working day'], // a Sunday deadline seen on Saturday
  ] as const
  for (const [due, today, status, days, label] of cases) {
    it(`due ${due}, today ${today}: ${label}`, () => {
      const s = state(due, today)
      assert.equal(s.status, status)
      if (status === 'overdue') assert.equal(s.workingDaysOverdue, days)
      else assert.equal(s.workingDaysLeft, days)
      assert.equal(deadlineLabel(s), label)
    })
  }

  it('dueSoonWorkingDays moves the due-soon threshold', () => {
    assert.equal(state('2025-06-16', '2025-06-09', 5).status, 'due_soon')
    assert.equal(state('2025-06-10', '2025-06-09', 0).status, 'not_due')
  })
})

describe('deadlineTag', () => {
  it('maps each status to a GOV.UK tag', () => {
    assert.deepEqual(deadlineTag(state('2025-06-16', '2025-06-09')), { text: 'Not due', classes: 'govuk-tag--grey' })
    assert.deepEqual(deadlineTag(state('2025-06-10', '2025-06-09')), { text: 'Due soon', classes: 'govuk-tag--yellow' })
    assert.deepEqual(deadlineTag(state('2025-06-09', '2025-06-09')), {
      text: 'Due today',
      classes: 'govuk-tag--orange',
    })
    assert.deepEqual(deadlineTag(state('2025-06-09', '2025-06-10')), { text: 'Overdue', classes: 'govuk-tag--red' })
  })
})
