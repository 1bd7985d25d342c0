import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  addYears,
  compareLocalDate,
  daysBetween,
  formatLocalDate,
  fromDayNumber,
  isoWeekday,
  localDate,
  parseLocalDate,
  toDayNumber,
} from './localDate.js'
import { date } from './testing.js'

describe('parseLocalDate', () => {
  const valid = ['2024-02-29', '2000-02-29', '2025-12-31', '2026-01-01', '0001-01-01', '9999-12-31']
  for (const text of valid) {
    it(`accepts ${text} and formats it back unchanged`, () => {
      const parsed = parseLocalDate(text)
      assert.ok(parsed.ok)
      assert.equal(formatLocalDate(parsed.value), text)
    })
  }

  const impossible = [
    ['2025-02-30', '30 February'],
    ['2023-02-29', '29 February in a non-leap year'],
    ['1900-02-29', '1900 is not a leap year (divisible by 100, not by 400)'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-04-31', '31 April'],
    ['2026-01-00', 'day 0'],
    ['0000-01-01', 'year 0'],
  ] as const

  /** Refused with DATE.INVALID, and a message that says which way the text is wrong. */
  const refused = (text: string, message: RegExp) => () => {
    const parsed = parseLocalDate(text)
    assert.equal(parsed.ok, false)
    if (!parsed.ok) {
      assert.equal(parsed.error.code, 'DATE.INVALID')
      assert.match(parsed.error.message, message)
    }
  }
  for (const [text, why] of impossible)
    it(`rejects ${text} (${why}) with DATE.INVALID`, refused(text, /not a real date/))

  const malformed = [
    '',
    '2025-1-05',
    '25-01-05',
    '2025/01/05',
    '2025-01-05T00:00:00Z',
    ' 2025-01-05',
    '2025-01-05 ',
    'today',
    '２０２５-01-05',
  ]
  for (const text of malformed) it(`rejects ${JSON.stringify(text)} as not YYYY-MM-DD`, refused(text, /YYYY-MM-DD/))

  it('localDate rejects non-integer parts', () => {
    assert.equal(localDate(2025, 1.5, 1).ok, false)
    assert.equal(localDate(2025, 1, Number.NaN).ok, false)
  })
})

describe('day numbers', () => {
  it('1970-01-01 is day 0 and a Thursday', () => {
    assert.equal(toDayNumber(date('1970-01-01')), 0)
    assert.equal(isoWeekday(date('1970-01-01')), 4)
  })

  it('knows the weekdays of some dates checked on a printed calendar', () => {
    assert.equal(isoWeekday(date('2025-12-25')), 4) // Thursday
    assert.equal(isoWeekday(date('2026-02-28')), 6) // Saturday
    assert.equal(isoWeekday(date('2021-12-25')), 6) // Saturday
    assert.equal(isoWeekday(date('2025-12-28')), 7) // Sunday
    assert.equal(isoWeekday(date('2000-01-01')), 6) // Saturday
  })

  // The test (not the domain) may use Date: it is an independent oracle for the arithmetic.
  it('agrees with the JavaScript Date oracle over years 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        const d = fromDayNumber(n)
        const oracle = new Date(n * 86_400_000)
        assert.equal(d.year, oracle.getUTCFullYear())
        assert.equal(d.month, oracle.getUTCMonth() + 1)
        assert.equal(d.day, oracle.getUTCDate())
        assert.equal(isoWeekday(d), oracle.getUTCDay() === 0 ? 7 : oracle.getUTCDay())
        assert.equal(toDayNumber(d), n)
      }),
      { numRuns: 5000 },
    )
  })

  it('round-trips through format and parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        const parsed = parseLocalDate(formatLocalDate(fromDayNumber(n)))
        assert.ok(parsed.ok)
        assert.equal(toDayNumber(parsed.value), n)
      }),
    )
  })

  it('adds and measures calendar days', () => {
    assert.equal(formatLocalDate(addDays(date('2025-12-31'), 1)), '2026-01-01')
    assert.equal(formatLocalDate(addDays(date('2024-03-01'), -1)), '2024-02-29')
    assert.equal(daysBetween(date('2025-01-01'), date('2026-01-01')), 365)
    assert.equal(compareLocalDate(date('2025-01-01'), date('2025-01-02')), -1)
    assert.equal(compareLocalDate(date('2025-01-02'), date('2025-01-02')), 0)
  })
})

describe('addMonths and addYears clamp to the end of a shorter month', () => {
  const cases = [
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2027-08-31', 3, '2027-11-30'],
    ['2025-10-31', 4, '2026-02-28'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-06-30', 6, '2025-12-30'],
  ] as const
  for (const [from, months, expected] of cases) {
    it(`${from} + ${months} month(s) = ${expected}`, () => {
      assert.equal(formatLocalDate(addMonths(date(from), months)), expected)
    })
  }

  it('29 February + 1 year = 28 February, + 4 years = 29 February', () => {
    assert.equal(formatLocalDate(addYears(date('2028-02-29'), 1)), '2029-02-28')
    assert.equal(formatLocalDate(addYears(date('2028-02-29'), 4)), '2032-02-29')
    assert.equal(formatLocalDate(addYears(date('2024-02-29'), 2)), '2026-02-28')
  })

  it('always gives a real date in the intended month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: -120, max: 120 }), (n, months) => {
        const from = fromDayNumber(n)
        const to = addMonths(from, months)
        assert.ok(parseLocalDate(formatLocalDate(to)).ok)
        assert.equal(to.year * 12 + to.month, from.year * 12 + from.month + months)
        assert.ok(to.day <= from.day)
      }),
    )
  })
})
