/**
 * The shipped table is hand-copied from GOV.UK, so it is checked against an independent derivation: the
 * Banking and Financial Dealings Act 1971 Sch. 1 rules, New Year's Day, Good Friday and Christmas Day,
 * substitute days for weekends, and Easter by the Gregorian computus. Only the one-off changes (moved or
 * extra days) are listed here by hand, and each of those is also tested in calendar.test.ts.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BANK_HOLIDAY_YEARS, englandAndWalesBankHolidays } from './bankHolidays.js'
import {
  addDays,
  dayNumberFromParts,
  formatLocalDate,
  fromDayNumber,
  isoWeekday,
  parseLocalDate,
  type LocalDate,
} from './localDate.js'

/** Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): LocalDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return fromDayNumber(dayNumberFromParts(year, month, day))
}

const ymd = (year: number, month: number, day: number): LocalDate => fromDayNumber(dayNumberFromParts(year, month, day))

function firstMonday(year: number, month: number): LocalDate {
  const first = ymd(year, month, 1)
  return addDays(first, (8 - isoWeekday(first)) % 7)
}

function lastMonday(year: number, month: number): LocalDate {
  const nextMonthFirst = month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1)
  const last = addDays(nextMonthFirst, -1)
  return addDays(last, -((isoWeekday(last) + 6) % 7))
}

/** The one-off changes, from the GOV.UK feed and royal proclamations. */
const ONE_OFFS = {
  moved: new Map([
    ['2020-05-04', '2020-05-08'], // early May bank holiday moved to Friday 8 May for the 75th VE day
    ['2022-05-30', '2022-06-02'], // spring bank holiday moved to Thursday 2 June for the Platinum Jubilee
  ]),
  added: ['2022-06-03', '2022-09-19', '2023-05-08'],
}

function derivedHolidays(year: number): string[] {
  const days: LocalDate[] = []
  const newYear = ymd(year, 1, 1)
  // New Year's Day by proclamation; on a weekend the next Monday is the substitute.
  days.push(isoWeekday(newYear) === 6 ? addDays(newYear, 2) : isoWeekday(newYear) === 7 ? addDays(newYear, 1) : newYear)
  const easter = easterSunday(year)
  days.push(addDays(easter, -2), addDays(easter, 1))
  days.push(firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8))
  const christmas = ymd(year, 12, 25)
  switch (isoWeekday(christmas)) {
    case 5: // Friday: Boxing Day (Saturday) moves to Monday 28th
      days.push(christmas, ymd(year, 12, 28))
      break
    case 6: // Saturday: both move, to Monday 27th and Tuesday 28th
      days.push(ymd(year, 12, 27), ymd(year, 12, 28))
      break
    case 7: // Sunday: Boxing Day is Monday 26th, Christmas moves to Tuesday 27th
      days.push(ymd(year, 12, 26), ymd(year, 12, 27))
      break
    default:
      days.push(christmas, ymd(year, 12, 26))
  }
  const dates = days.map(formatLocalDate).map((d) => ONE_OFFS.moved.get(d) ?? d)
  dates.push(...ONE_OFFS.added.filter((d) => d.startsWith(`${year}-`)))
  return dates.sort()
}

describe('England and Wales bank holidays', () => {
  for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year++) {
    it(`${year} matches the 1971 Act rules, Easter and the known one-off changes`, () => {
      const shipped = englandAndWalesBankHolidays.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date)
      assert.deepEqual(shipped, derivedHolidays(year))
    })
  }

  it('has real dates, in order, with no duplicates, all Monday to Friday', () => {
    const dates = englandAndWalesBankHolidays.map((h) => h.date)
    assert.deepEqual([...dates].sort(), dates)
    assert.equal(new Set(dates).size, dates.length)
    for (const text of dates) {
      const parsed = parseLocalDate(text)
      assert.ok(parsed.ok, text)
      assert.ok(isoWeekday(parsed.value) <= 5, `${text} is a weekend`)
    }
  })

  it('includes the substitute and one-off days named in domain.md', () => {
    const byDate = new Map(englandAndWalesBankHolidays.map((h) => [h.date, h]))
    assert.equal(byDate.get('2021-12-27')?.notes, 'Substitute day')
    assert.equal(byDate.get('2021-12-28')?.notes, 'Substitute day')
    assert.equal(byDate.get('2022-01-03')?.notes, 'Substitute day')
    assert.equal(byDate.get('2022-06-03')?.title, 'Platinum Jubilee bank holiday')
    assert.equal(byDate.get('2022-09-19')?.title, 'Bank Holiday for the State Funeral of Queen Elizabeth II')
    assert.equal(byDate.get('2023-05-08')?.title, 'Bank holiday for the coronation of King Charles III')
  })

  it('computes Easter correctly for years checked against a printed table', () => {
    assert.equal(formatLocalDate(easterSunday(2025)), '2025-04-20')
    assert.equal(formatLocalDate(easterSunday(2026)), '2026-04-05')
    assert.equal(formatLocalDate(easterSunday(2027)), '2027-03-28')
    assert.equal(formatLocalDate(easterSunday(2019)), '2019-04-21')
  })
})
