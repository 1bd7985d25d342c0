import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import { dueDate } from '../../timescales/domain/dueDate.js'
import { rule } from '../../timescales/domain/testing.js'

/*
 * The family help clocks: local practice defaults after Sefton's published early help timescales, in the one
 * timescale table. Each expected date is hand-checked against a printed calendar and the GOV.UK bank holidays;
 * the comment says why.
 */
const calendar = createCalendar()

describe('family help clocks', () => {
  /** Each clock's cases: the day its count starts, the day it falls due, and why. */
  const cases: Readonly<Record<string, readonly [start: string, due: string, why: string][]>> = {
    'family-help-assessment': [
      ['2026-12-03', '2026-12-24', '15 working days, no holidays before Christmas'],
      [
        '2026-12-18',
        '2027-01-13',
        'skips Christmas Day (Fri), Boxing Day substitute (Mon 28) and New Year’s Day (Fri)',
      ],
      ['2026-03-30', '2026-04-22', 'skips Good Friday 3 April and Easter Monday 6 April'],
      ['2026-12-05', '2026-12-29', 'consent on a Saturday: counting starts on Monday and skips 25 and 28 December'],
    ],
    'family-help-first-review': [
      ['2026-12-03', '2027-01-14', '6 weeks is 42 days: a Thursday'],
      ['2026-11-13', '2026-12-24', '6 weeks lands on Christmas Day: back to the day before'],
    ],
    'family-help-next-review': [
      ['2026-12-03', '2027-03-03', '3 months: the same day of the month'],
      ['2026-11-30', '2027-02-26', '30 February does not exist: 28 February 2027 is a Sunday, so back to Friday'],
    ],
    'family-help-reassessment': [
      ['2026-12-03', '2027-12-03', '12 months: a Friday'],
      [
        '2026-12-27',
        '2027-12-24',
        '27 December 2027 is the Christmas substitute holiday: back past the weekend to Friday 24th',
      ],
      ['2028-02-29', '2029-02-28', '29 February: one year later is 28 February'],
    ],
  }
  for (const [id, ofRule] of Object.entries(cases))
    for (const [start, expected, why] of ofRule)
      it(`${id} from ${start} is due ${expected} (${why})`, () => {
        const result = dueDate(rule(id), date(start), calendar)
        assert.ok(result.ok)
        assert.equal(formatLocalDate(result.value), expected)
      })

  it('is local practice a partnership may change, with the national default kept beside it', () => {
    for (const id of Object.keys(cases)) {
      const r = rule(id)
      assert.ok(r.overridable, id)
      assert.match(r.source.document, /Local practice/, id)
      assert.match(r.source.references.join(' '), /sefton/i, id)
    }
    const local = dueDate(rule('family-help-assessment'), date('2026-12-03'), calendar, {
      amount: 10,
      reason: 'Our partnership concludes assessments within 10 working days',
    })
    assert.ok(local.ok)
    assert.equal(formatLocalDate(local.value), '2026-12-17')
  })
})
