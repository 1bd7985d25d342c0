import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { date as d } from '../../../platform/calendar/testing.js'
import { fileTransferDue, isSchoolDay, type SchoolCalendar } from './schoolDays.js'
import { checkLink, isUrn, isValidUpn } from './transfer.js'

const bank = createCalendar()

/** A Northshire school's 2026–27 year: three terms with half terms, inset days at the start of two terms. */
const northshire: SchoolCalendar = {
  terms: [
    { startsOn: d('2026-09-02'), endsOn: d('2026-10-23') },
    { startsOn: d('2026-11-02'), endsOn: d('2026-12-18') },
    { startsOn: d('2027-01-04'), endsOn: d('2027-02-12') },
    { startsOn: d('2027-02-22'), endsOn: d('2027-03-26') },
    { startsOn: d('2027-04-12'), endsOn: d('2027-05-28') },
  ],
  closures: [d('2026-09-02'), d('2026-09-03'), d('2027-01-04'), d('2026-11-20')],
}

describe('school days', () => {
  const table: [string, string, boolean][] = [
    ['a term-time Wednesday', '2026-12-02', true],
    ['a Saturday in term', '2026-12-05', false],
    ['half term', '2026-10-27', false],
    ['an inset day', '2026-09-02', false],
    ['a one-off closure', '2026-11-20', false],
    ['the Christmas holiday', '2026-12-21', false],
    ['Easter Monday 2027 is a bank holiday, but in the holidays anyway', '2027-03-29', false],
    ['May Day bank holiday 2027 is in term but not a school day', '2027-05-03', false],
  ]
  for (const [name, day, expected] of table)
    it(name, () => assert.equal(isSchoolDay(northshire, bank, d(day)), expected))
})

describe('when the child-protection file is due', () => {
  const table: [string, string, string, boolean | 'working_days'][] = [
    // [why, moved on, due on, in year?]
    ['in-year move on a Monday: the Monday after', '2026-11-30', '2026-12-07', true],
    ['in-year move on a Thursday: across a weekend', '2026-12-03', '2026-12-10', true],
    ['in-year move with a closure day inside the 5 days', '2026-11-17', '2026-11-25', true],
    ['in-year move near the end of term: carries into the next term', '2026-12-16', '2027-01-07', true],
    ['a move over the summer: the 5th day of the new term, inset days not counted', '2026-08-20', '2026-09-10', false],
    ['a move in half term: the 5th school day after half term', '2026-10-28', '2026-11-06', false],
    ['a move on a Saturday in term counts from Monday as day 1', '2026-12-05', '2026-12-11', false],
    ['a move over Christmas: 4 January is an inset day', '2026-12-24', '2027-01-11', false],
    ['a move just before the May bank holiday', '2027-04-30', '2027-05-10', true],
    [
      'in-year move on the last day of term: over Christmas, the inset day not counted',
      '2026-12-18',
      '2027-01-11',
      true,
    ],
    ['a move on an inset day: the first session is day 1', '2026-09-02', '2026-09-10', false],
    ['a move on a one-off closure day in term: the next school day is day 1', '2026-11-20', '2026-11-27', false],
  ]
  for (const [name, moved, due, inYear] of table)
    it(name, () => {
      const r = fileTransferDue(d(moved), northshire, bank)
      assert.equal(r.kind, 'school_days')
      if (r.kind !== 'school_days') return
      assert.equal(formatLocalDate(r.dueOn), due)
      assert.equal(r.inYear, inYear)
    })

  it('a school with no term dates falls back to working days (never later)', () => {
    const r = fileTransferDue(d('2026-12-24'), { terms: [], closures: [] }, bank)
    assert.equal(r.kind, 'working_days')
    if (r.kind === 'working_days') assert.equal(formatLocalDate(r.dueOn), '2027-01-05')
  })
  it('term dates that end before the move: say so rather than guess', () => {
    assert.equal(fileTransferDue(d('2027-07-30'), northshire, bank).kind, 'no_term_dates_ahead')
  })
})

describe('identifiers', () => {
  it('URN is 6 digits', () => {
    assert.equal(isUrn('123456'), true)
    assert.equal(isUrn('12345'), false)
    assert.equal(isUrn('12345a'), false)
  })
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ'
  const withCheck = (rest: string): string => {
    let sum = 0
    for (let i = 0; i < 12; i++) sum += Number(rest[i]) * (i + 2)
    return (letters[sum % 23] ?? '') + rest
  }
  it('a UPN with the right check letter is valid', () => assert.equal(isValidUpn(withCheck('801200001001')), true))
  it('one digit wrong is refused', () => {
    const good = withCheck('801200001001')
    assert.equal(isValidUpn(good.slice(0, 12) + '2'), false)
  })
  it('wrong length or characters are refused', () => {
    assert.equal(isValidUpn('A12345'), false)
    assert.equal(isValidUpn('I801200001001'), false)
  })
})

describe('download links', () => {
  const now = new Date('2026-12-04T10:00:00Z')
  it('works once, before it expires', () => {
    assert.equal(checkLink({ expiresAt: new Date('2026-12-05T00:00:00Z'), usedAt: null }, now).ok, true)
  })
  const refusals: [string, Parameters<typeof checkLink>[0], string][] = [
    ['unknown', undefined, 'TRANSFER.LINK_UNKNOWN'],
    [
      'used',
      { expiresAt: new Date('2026-12-05T00:00:00Z'), usedAt: new Date('2026-12-04T09:00:00Z') },
      'TRANSFER.LINK_USED',
    ],
    ['expired', { expiresAt: now, usedAt: null }, 'TRANSFER.LINK_EXPIRED'],
  ]
  for (const [name, link, code] of refusals)
    it(`refuses a link that is ${name}`, () => {
      const r = checkLink(link, now)
      assert.equal(r.ok ? undefined : r.error.code, code)
    })
})
