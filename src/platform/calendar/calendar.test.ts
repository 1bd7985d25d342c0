import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { CalendarRangeError, createCalendar } from './calendar.js'
import { englandAndWalesBankHolidays } from './bankHolidays.js'
import {
  addDays,
  compareLocalDate,
  formatLocalDate,
  fromDayNumber,
  isoWeekday,
  toDayNumber,
  type LocalDate,
} from './localDate.js'
import { date } from './testing.js'

const calendar = createCalendar()
const fmt = formatLocalDate

/*
 * Every expected value below was checked by hand against a printed calendar and the GOV.UK list; the
 * weekday of each trigger is in the description so a reader can re-check it.
 */
describe('addWorkingDays: the Nth working day after D, D never counted', () => {
  const cases = [
    // Christmas and New Year
    ['2025-12-23', 3, '2025-12-30', 'Tue; 25, 26 Dec are holidays, 27-28 weekend'],
    ['2025-12-24', 1, '2025-12-29', 'Wed; Christmas Day and Boxing Day, then the weekend'],
    ['2026-12-24', 1, '2026-12-29', 'Thu; 25 Dec (Fri) and 28 Dec (Boxing Day substitute) are holidays'],
    ['2025-12-31', 1, '2026-01-02', "Wed; New Year's Day is Thursday"],
    ['2027-12-24', 1, '2027-12-29', 'Fri; 27 and 28 Dec are both substitute days'],
    ['2022-12-23', 1, '2022-12-28', 'Fri; Boxing Day Mon 26, Christmas substitute Tue 27'],
    ['2023-12-29', 1, '2024-01-02', "Fri; New Year's Day Mon 1 Jan 2024"],
    // Easter: Good Friday and Easter Monday
    ['2025-04-17', 1, '2025-04-22', 'Thu before Good Friday 18 Apr; Easter Monday 21 Apr'],
    ['2026-04-02', 1, '2026-04-07', 'Thu before Good Friday 3 Apr; Easter Monday 6 Apr'],
    ['2027-03-25', 1, '2027-03-30', 'Thu before Good Friday 26 Mar; Easter Monday 29 Mar'],
    ['2026-03-20', 15, '2026-04-14', 'Fri; 15 working days that cross Easter 2026'],
    // Substitute days
    ['2021-12-24', 1, '2021-12-29', 'Fri; Christmas substitute Mon 27, Boxing Day substitute Tue 28'],
    ['2021-12-31', 1, '2022-01-04', "Fri; New Year's Day substitute Mon 3 Jan 2022"],
    // One-off days
    ['2020-05-07', 1, '2020-05-11', 'Thu; early May bank holiday moved to Fri 8 May (VE day)'],
    ['2022-06-01', 1, '2022-06-06', 'Wed; spring bank holiday Thu 2 Jun and Platinum Jubilee Fri 3 Jun'],
    ['2022-09-16', 1, '2022-09-20', 'Fri; State Funeral Mon 19 Sep'],
    ['2023-05-05', 1, '2023-05-09', 'Fri; Coronation Mon 8 May'],
    // Triggers on weekends and bank holidays
    ['2025-06-07', 1, '2025-06-09', 'Sat; next working day is Monday'],
    ['2025-08-23', 1, '2025-08-26', 'Sat; Monday 25 Aug is the summer bank holiday, so Tuesday'],
    ['2025-08-24', 1, '2025-08-26', 'Sun before the summer bank holiday'],
    ['2025-12-25', 1, '2025-12-29', 'Christmas Day (Thu) itself does not count'],
    ['2025-12-26', 2, '2025-12-30', 'Boxing Day (Fri) itself does not count'],
    // Ordinary weeks and a long count
    ['2025-06-06', 1, '2025-06-09', 'Fri; Monday'],
    ['2025-06-09', 5, '2025-06-16', 'Mon; a week later'],
    ['2025-12-01', 45, '2026-02-05', 'Mon; 45 working days over Christmas and New Year'],
    ['2025-11-03', 45, '2026-01-08', 'Mon; 45 working days ending just after New Year'],
    ['2025-06-09', 0, '2025-06-09', 'zero days is the date itself'],
    ['2025-06-07', 0, '2025-06-07', 'zero days is the date itself, even on a Saturday'],
    // Backwards
    ['2025-12-29', -1, '2025-12-24', 'Mon; the working day before is Wed 24 Dec'],
    ['2025-06-09', -1, '2025-06-06', 'Mon; Friday'],
    ['2025-06-08', -1, '2025-06-06', 'Sun; Friday'],
  ] as const
  for (const [from, n, expected, why] of cases) {
    it(`${from} + ${n} = ${expected} (${why})`, () => {
      assert.equal(fmt(calendar.addWorkingDays(date(from), n)), expected)
    })
  }
})

describe('isWorkingDay', () => {
  it('is false at weekends and on every shipped bank holiday', () => {
    assert.equal(calendar.isWorkingDay(date('2025-06-07')), false) // Saturday
    assert.equal(calendar.isWorkingDay(date('2025-06-08')), false) // Sunday
    assert.equal(calendar.isWorkingDay(date('2025-06-09')), true) // Monday
    for (const holiday of englandAndWalesBankHolidays)
      assert.equal(calendar.isWorkingDay(date(holiday.date)), false, holiday.date)
  })

  it('treats Christmas Eve and New Year’s Eve as ordinary working days', () => {
    assert.equal(calendar.isWorkingDay(date('2025-12-24')), true)
    assert.equal(calendar.isWorkingDay(date('2025-12-31')), true)
  })
})

describe('workingDaysBetween counts the working days in (a, b]', () => {
  const cases = [
    ['2025-12-23', '2025-12-30', 3],
    ['2025-06-06', '2025-06-09', 1], // Fri to Mon
    ['2025-06-07', '2025-06-08', 0], // Sat to Sun
    ['2025-06-09', '2025-06-09', 0],
    ['2025-06-09', '2025-06-06', -1], // backwards is negative
    ['2025-01-01', '2025-12-31', 253], // 2025: 261 weekdays less 8 bank holidays (all on weekdays, 1 Jan among them)
  ] as const
  for (const [a, b, expected] of cases) {
    it(`(${a}, ${b}] has ${expected}`, () => assert.equal(calendar.workingDaysBetween(date(a), date(b)), expected))
  }
})

describe('lastWorkingDayOnOrBefore', () => {
  const cases = [
    ['2026-02-28', '2026-02-27'], // Saturday → Friday
    ['2026-03-01', '2026-02-27'], // Sunday → Friday
    ['2026-12-28', '2026-12-24'], // Boxing Day substitute (Mon) → Thu 24 Dec
    ['2026-04-06', '2026-04-02'], // Easter Monday → the Thursday before Good Friday
    ['2025-06-09', '2025-06-09'], // a working day is its own answer
  ] as const
  for (const [from, expected] of cases) {
    it(`${from} → ${expected}`, () => assert.equal(fmt(calendar.lastWorkingDayOnOrBefore(date(from))), expected))
  }
})

describe('extra non-working days (a partnership’s local closures)', () => {
  it('are skipped like bank holidays, in that calendar only', () => {
    const local = createCalendar([date('2025-06-09'), date('2025-06-10')])
    assert.equal(fmt(local.addWorkingDays(date('2025-06-06'), 1)), '2025-06-11')
    assert.equal(fmt(calendar.addWorkingDays(date('2025-06-06'), 1)), '2025-06-09')
  })

  it('can supply next year’s bank holidays before a release ships them', () => {
    // Years after the shipped table count weekends only, which gives an EARLIER (safe) deadline:
    // 3 Jan 2028 is really the New Year's Day substitute.
    assert.equal(calendar.hasBankHolidayData(date('2028-01-03')), false)
    assert.equal(fmt(calendar.addWorkingDays(date('2027-12-23'), 5)), '2028-01-03')
    const with2028 = createCalendar([date('2028-01-03')])
    assert.equal(fmt(with2028.addWorkingDays(date('2027-12-23'), 5)), '2028-01-04')
  })

  it('ignores days that are already weekends or holidays, and days outside the window', () => {
    const local = createCalendar([date('2025-06-07'), date('2025-12-25'), date('1999-01-04'), date('2150-01-05')])
    assert.equal(local.workingDaysBetween(date('2025-01-01'), date('2025-12-31')), 253)
  })
})

describe('the calendar window', () => {
  it('covers 2000 to 2099 and says which years have bank holidays', () => {
    assert.equal(fmt(calendar.first), '2000-01-01')
    assert.equal(fmt(calendar.last), '2099-12-31')
    assert.deepEqual(calendar.bankHolidayYears, { first: 2018, last: 2027 })
    assert.equal(calendar.covers(date('1999-12-31')), false)
    assert.equal(calendar.covers(date('2000-01-01')), true)
    assert.equal(calendar.hasBankHolidayData(date('2017-12-25')), false)
    assert.equal(calendar.hasBankHolidayData(date('2018-01-01')), true)
    assert.equal(calendar.hasBankHolidayData(date('2027-12-31')), true)
  })

  it('throws CalendarRangeError for a date outside it, or an answer beyond it', () => {
    assert.throws(() => calendar.isWorkingDay(date('1999-12-31')), CalendarRangeError)
    assert.throws(() => calendar.addWorkingDays(date('2099-12-30'), 5), CalendarRangeError)
    // 1 January 2000 was a Saturday: there is no working day on or before it inside the window.
    assert.throws(() => calendar.lastWorkingDayOnOrBefore(date('2000-01-01')), CalendarRangeError)
    assert.throws(() => calendar.workingDaysBetween(date('2025-01-01'), date('2100-01-01')), CalendarRangeError)
  })

  it('rejects a fractional number of working days', () => {
    assert.throws(() => calendar.addWorkingDays(date('2025-06-09'), 1.5), RangeError)
  })

  it('is immutable', () => {
    assert.ok(Object.isFrozen(calendar))
  })
})

/** A deliberately naive model: walk day by day. Slow, but obviously right. */
function naiveAddWorkingDays(holidays: ReadonlySet<string>, from: LocalDate, n: number): LocalDate {
  let d = from
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (isoWeekday(d) <= 5 && !holidays.has(fmt(d))) left--
  }
  return d
}

describe('properties', () => {
  const holidays = new Set(englandAndWalesBankHolidays.map((h) => h.date))
  const shipped = fc
    .integer({ min: toDayNumber(date('2018-01-01')), max: toDayNumber(date('2027-12-31')) })
    .map(fromDayNumber)
  const amount = fc.integer({ min: 0, max: 300 })

  it('agrees with the day-by-day model', () => {
    fc.assert(
      fc.property(shipped, fc.integer({ min: 0, max: 60 }), (d, n) => {
        assert.equal(fmt(calendar.addWorkingDays(d, n)), fmt(naiveAddWorkingDays(holidays, d, n)))
      }),
      { numRuns: 2000 },
    )
  })

  it('the Nth working day after D is a working day (N ≥ 1)', () => {
    fc.assert(
      fc.property(shipped, fc.integer({ min: 1, max: 300 }), (d, n) =>
        calendar.isWorkingDay(calendar.addWorkingDays(d, n)),
      ),
    )
  })

  it('workingDaysBetween(D, addWorkingDays(D, N)) === N', () => {
    fc.assert(
      fc.property(shipped, amount, (d, n) => calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n)) === n),
    )
  })

  it('never goes backwards as D moves forward', () => {
    fc.assert(
      fc.property(shipped, shipped, amount, (a, b, n) => {
        const [early, late] = compareLocalDate(a, b) <= 0 ? [a, b] : [b, a]
        assert.ok(compareLocalDate(calendar.addWorkingDays(early, n), calendar.addWorkingDays(late, n)) <= 0)
      }),
    )
  })

  it('going N forward then N back lands on the last working day on or before D', () => {
    fc.assert(
      fc.property(shipped, fc.integer({ min: 1, max: 300 }), (d, n) => {
        const there = calendar.addWorkingDays(d, n)
        assert.equal(fmt(calendar.addWorkingDays(there, -n)), fmt(calendar.lastWorkingDayOnOrBefore(d)))
      }),
    )
  })
})
