import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import { compareLocalDate, formatLocalDate, fromDayNumber, toDayNumber } from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import { addDuration, dueDate } from './dueDate.js'
import { timescaleRules, type TimescaleRule } from './rules.js'
import { rule } from './testing.js'

const calendar = createCalendar()

const due = (id: string, start: string): string => {
  const result = dueDate(rule(id), date(start), calendar)
  if (!result.ok) throw new Error(result.error.message)
  return formatLocalDate(result.value)
}

/*
 * Hand-checked against a printed calendar and the GOV.UK bank holiday list. The comment says why, so a
 * reviewer can re-check without running anything.
 */
describe('dueDate', () => {
  const cases = [
    // Working days: the Nth working day after the start, the start never counted
    ['referral-decision', '2025-12-24', '2025-12-29', 'Wed; 25-26 Dec holidays, then the weekend'],
    ['referral-decision', '2025-06-07', '2025-06-09', 'received on a Saturday: Monday'],
    ['referral-decision', '2025-08-23', '2025-08-26', 'received on a Saturday before the summer bank holiday: Tuesday'],
    ['child-and-family-assessment', '2025-12-01', '2026-02-05', '45 working days across Christmas and New Year'],
    [
      'initial-child-protection-conference',
      '2026-03-20',
      '2026-04-14',
      '15 working days across Good Friday and Easter Monday',
    ],
    ['first-core-group', '2025-12-18', '2026-01-06', '10 working days across Christmas and New Year'],
    ['private-fostering-first-visit', '2027-03-22', '2027-04-02', '7 working days across Easter 2027'],
    ['serious-incident-notification', '2022-09-13', '2022-09-21', '5 working days across the State Funeral'],
    ['rapid-review', '2023-04-28', '2023-05-23', '15 working days across 1 May and the Coronation'],
    ['fgm-police-report', '2022-06-01', '2022-06-06', 'Platinum Jubilee: Thu 2 and Fri 3 June'],
    ['lado-referral', '2026-04-03', '2026-04-07', 'allegation on Good Friday: Easter Monday skipped'],
    // Calendar days and weeks: D + N days, moved back to a working day
    ['emergency-protection-order', '2025-06-02', '2025-06-10', 'Mon + 8 days = Tue'],
    ['emergency-protection-order', '2025-12-17', '2025-12-24', '+ 8 days = Christmas Day, back to Christmas Eve'],
    [
      'private-fostering-visit-first-year',
      '2025-11-14',
      '2025-12-24',
      '+ 6 weeks = Boxing Day (Fri), back past Christmas Day',
    ],
    ['private-fostering-visit-later', '2025-06-07', '2025-08-29', '+ 12 weeks = Sat 30 Aug, back to Friday'],
    // Months and years: same day of month, clamped, moved back to a working day
    ['first-review-conference', '2027-08-31', '2027-11-30', '31 Aug + 3 months = 30 Nov (Tue)'],
    ['first-review-conference', '2026-11-30', '2027-02-26', '+ 3 months clamps to Sun 28 Feb 2027, back to Friday'],
    ['next-review-conference', '2026-06-25', '2026-12-24', '+ 6 months = Christmas Day 2026, back to Thursday'],
    ['lcspr-publication', '2025-10-05', '2026-04-02', '+ 6 months = Easter Sunday 2026, back past Good Friday'],
    ['partnership-yearly-report', '2026-09-30', '2027-09-30', '+ 12 months = Thu 30 Sep 2027'],
    // Subject access (UK GDPR Art 12(3)): one calendar month from receipt, clamped at the month's end.
    ['subject-access-response', '2025-01-31', '2025-02-28', '31 Jan + 1 month clamps to Fri 28 Feb 2025'],
    ['subject-access-response', '2028-01-31', '2028-02-29', '31 Jan + 1 month in a leap year: Tue 29 Feb 2028'],
    ['subject-access-response', '2026-01-31', '2026-02-27', 'clamps to Sat 28 Feb 2026, back to Friday'],
    ['subject-access-response', '2026-03-15', '2026-04-15', 'the same day of the next month (Wed)'],
    ['dsl-knowledge-refresh', '2028-02-29', '2029-02-28', '29 Feb + 1 year = 28 Feb 2029 (Wed)'],
    ['dsl-training-renewal', '2024-02-29', '2026-02-27', '29 Feb + 2 years = Sat 28 Feb 2026, back to Friday'],
    ['staff-safeguarding-update', '2024-12-25', '2025-12-24', '+ 1 year = Christmas Day 2025, back to Wednesday'],
  ] as const
  for (const [id, start, expected, why] of cases) {
    it(`${id} from ${start} is due ${expected} (${why})`, () => assert.equal(due(id, start), expected))
  }

  it('31 January + 1 month = 27 February 2026 (28 February is a Saturday)', () => {
    const result = addDuration(date('2026-01-31'), { amount: 1, unit: 'months' }, calendar)
    assert.ok(result.ok)
    assert.equal(formatLocalDate(result.value), '2026-02-27')
  })

  it('applies a valid local override', () => {
    const result = dueDate(rule('child-and-family-assessment'), date('2025-12-01'), calendar, {
      amount: 35,
      reason: 'Local target',
    })
    assert.ok(result.ok)
    // 45 working days is 5 Feb 2026; 10 working days earlier is 22 Jan 2026 (no holidays between).
    assert.equal(formatLocalDate(result.value), '2026-01-22')
  })

  it('uses the partnership’s extra non-working days', () => {
    const local = createCalendar([date('2025-06-09')])
    const result = dueDate(rule('referral-decision'), date('2025-06-06'), local)
    assert.ok(result.ok)
    assert.equal(formatLocalDate(result.value), '2025-06-10')
  })

  it('refuses an override of a statutory rule', () => {
    const result = dueDate(rule('private-fostering-first-visit'), date('2025-06-02'), calendar, {
      amount: 10,
      reason: 'Short staffed',
    })
    assert.equal(result.ok, false)
    if (!result.ok) assert.equal(result.error.code, 'TIMESCALE.NOT_OVERRIDABLE')
  })

  it('returns CALENDAR.OUT_OF_RANGE outside the calendar window, for the start or the answer', () => {
    for (const [id, start] of [
      ['referral-decision', '1999-06-01'],
      ['emergency-protection-order', '1999-12-30'],
      ['child-and-family-assessment', '2099-12-01'],
      ['dsl-training-renewal', '2099-01-01'],
    ] as const) {
      const result = dueDate(rule(id), date(start), calendar)
      assert.equal(result.ok, false, `${id} ${start}`)
      if (!result.ok) assert.equal(result.error.code, 'CALENDAR.OUT_OF_RANGE')
    }
  })
})

describe('dueDate properties, for every rule', () => {
  const start = fc
    .integer({ min: toDayNumber(date('2018-01-01')), max: toDayNumber(date('2027-12-31')) })
    .map(fromDayNumber)
  const anyRule = fc.constantFrom(...timescaleRules)
  const dueOf = (r: TimescaleRule, d: ReturnType<typeof date>) => {
    const result = dueDate(r, d, calendar)
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('is always a working day', () => {
    fc.assert(
      fc.property(anyRule, start, (r, d) => calendar.isWorkingDay(dueOf(r, d))),
      { numRuns: 2000 },
    )
  })

  it('is after the start date (before it, for a rule that counts back from a planned event)', () => {
    fc.assert(
      fc.property(anyRule, start, (r, d) => compareLocalDate(dueOf(r, d), d) === (r.counts === 'before' ? -1 : 1)),
      { numRuns: 2000 },
    )
  })

  it('never goes backwards as the start moves forward', () => {
    fc.assert(
      fc.property(anyRule, start, start, (r, a, b) => {
        const [early, late] = compareLocalDate(a, b) <= 0 ? [a, b] : [b, a]
        return compareLocalDate(dueOf(r, early), dueOf(r, late)) <= 0
      }),
      { numRuns: 2000 },
    )
  })

  it('for working-day rules, is exactly N working days after the start', () => {
    const workingDayRule = fc.constantFrom(...timescaleRules.filter((r) => r.unit === 'working_days'))
    fc.assert(
      fc.property(workingDayRule, start, (r, d) =>
        r.counts === 'before'
          ? calendar.workingDaysBetween(dueOf(r, d), d) === r.amount ||
            // D itself never counts: from a non-working D, the Nth working day before is N-1 apart.
            (!calendar.isWorkingDay(d) && calendar.workingDaysBetween(dueOf(r, d), d) === r.amount - 1)
          : calendar.workingDaysBetween(d, dueOf(r, d)) === r.amount,
      ),
    )
  })

  it('monotonic for any override amount and unit too', () => {
    const duration = fc.record({
      amount: fc.integer({ min: 1, max: 60 }),
      unit: fc.constantFrom('working_days', 'calendar_days', 'weeks', 'months', 'years' as const),
    })
    fc.assert(
      fc.property(duration, start, start, (dur, a, b) => {
        const [early, late] = compareLocalDate(a, b) <= 0 ? [a, b] : [b, a]
        const x = addDuration(early, dur, calendar)
        const y = addDuration(late, dur, calendar)
        assert.ok(x.ok && y.ok)
        assert.ok(calendar.isWorkingDay(x.value))
        assert.ok(compareLocalDate(x.value, y.value) <= 0)
      }),
      { numRuns: 2000 },
    )
  })
})
