import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { formatLocalDate } from '../calendar/localDate.js'
import { dateInputText, readDate, readTime } from './readers.js'

const date = (t: string) => {
  const r = readDate(t, 'Date of birth')
  return r.ok ? formatLocalDate(r.value) : `error: ${r.error}`
}

test('dates are read however people type them', () => {
  const cases: [string, string][] = [
    ['14/05/2017', '2017-05-14'],
    ['14 5 2017', '2017-05-14'],
    ['2017-05-14', '2017-05-14'],
    ['14-5-2017', '2017-05-14'],
    ['14.05.2017', '2017-05-14'],
    ['14 May 2017', '2017-05-14'],
    ['14 sept 2017', '2017-09-14'],
    [' 1 1 2020 ', '2020-01-01'],
    ['29/02/2028', '2028-02-29'],
  ]
  for (const [input, want] of cases) assert.equal(date(input), want, input)
})

test('impossible dates are refused with a reason', () => {
  const cases: [string, string][] = [
    ['31/02/2025', 'error: Date of birth must be a real date: February 2025 has 28 days'],
    ['29/02/2027', 'error: Date of birth must be a real date: February 2027 has 28 days'],
    ['31/04/2025', 'error: Date of birth must be a real date: April 2025 has 30 days'],
    ['1/13/2025', 'error: Date of birth must be a real date: there is no month 13'],
    ['', 'error: Enter the date of birth'],
    ['yesterday', 'error: Date of birth must be a real date, for example 27 3 2017'],
    ['1 5 17', 'error: Date of birth must include a year with 4 numbers, for example 2017'],
    [dateInputText('', '5', '2017'), 'error: Date of birth must include a day'],
  ]
  for (const [input, want] of cases) assert.equal(date(input), want, input)
})

test('every real date written as D/M/YYYY reads back as itself', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString().slice(0, 10)
      const [y, m, day] = iso.split('-').map(Number) as [number, number, number]
      assert.equal(date(`${day}/${m}/${y}`), iso)
      assert.equal(date(dateInputText(String(day), String(m), String(y))), iso)
    }),
  )
})

test('times are read as 24-hour HH:MM', () => {
  const cases: [string, string][] = [
    ['9.15am', '09:15'],
    ['9:15 am', '09:15'],
    ['09:15', '09:15'],
    ['21:15', '21:15'],
    ['9.15pm', '21:15'],
    ['9pm', '21:00'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
    ['12.30 a.m.', '00:30'],
  ]
  for (const [input, want] of cases) {
    const r = readTime(input, 'Time')
    assert.deepEqual(r, { ok: true, value: want }, input)
  }
  for (const bad of ['25:00', '9.75am', '13pm', 'noonish', '9']) assert.equal(readTime(bad, 'Time').ok, false, bad)
})
