import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import { fieldProblems } from '../../../platform/shared/result.js'
import { normaliseName } from '../../children/domain/nameMatching.js'
import {
  isExactIdentity,
  protectionCheckMessages,
  REASON_MAX_LENGTH,
  validateProtectionCheck,
  type CheckCandidate,
  type ProtectionCheckQuery,
} from './protectionCheck.js'

const today = date('2026-11-23')
const reason = 'Attending a domestic incident at the family home'

/** The messages a check refuses with, by field ({} when it accepts). */
const problems = (input: Parameters<typeof validateProtectionCheck>[0]) => {
  return fieldProblems(validateProtectionCheck(input, today))
}

describe('validating a child protection plan check', () => {
  it('accepts a valid NHS number (spaces allowed) and ignores the name fields', () => {
    const r = validateProtectionCheck({ nhsNumber: '943 476 5919', givenName: 'Maya', reason }, today)
    assert.deepEqual(r, { ok: true, value: { query: { by: 'nhs_number', nhsNumber: '9434765919' }, reason } })
  })

  it('refuses an NHS number with a wrong check digit', () => {
    assert.equal(problems({ nhsNumber: '943 476 5918', reason }).nhsNumber, protectionCheckMessages.nhsNumber)
  })

  it('accepts first name, last name and date of birth together', () => {
    const r = validateProtectionCheck(
      { givenName: ' Maya ', familyName: 'Patel', dateOfBirth: '2017-03-02', reason },
      today,
    )
    assert.deepEqual(r, {
      ok: true,
      value: {
        query: {
          by: 'name_and_date_of_birth',
          givenName: 'Maya',
          familyName: 'Patel',
          dateOfBirth: date('2017-03-02'),
        },
        reason,
      },
    })
  })

  it('needs all three of name and date of birth: each missing one is named', () => {
    assert.deepEqual(Object.keys(problems({ givenName: 'Maya', reason })).sort(), ['dateOfBirth', 'familyName'])
  })

  it('refuses a date of birth that is not a date, or is in the future', () => {
    for (const [dateOfBirth, message] of [
      ['2017-02-30', protectionCheckMessages.dateOfBirthInvalid],
      ['2026-11-24', protectionCheckMessages.dateOfBirthFuture],
    ]) {
      assert.equal(problems({ givenName: 'Maya', familyName: 'Patel', dateOfBirth, reason }).dateOfBirth, message)
    }
  })

  it('needs something to check by', () => {
    assert.equal(problems({ reason }).nhsNumber, protectionCheckMessages.nothing)
  })

  it('always needs a reason, of a sensible length', () => {
    for (const given of [undefined, '', '   ']) {
      assert.equal(problems({ nhsNumber: '9434765919', reason: given }).reason, protectionCheckMessages.reason)
    }
    const long = 'x'.repeat(REASON_MAX_LENGTH + 1)
    assert.equal(problems({ nhsNumber: '9434765919', reason: long }).reason, protectionCheckMessages.reasonTooLong)
  })

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(
        fc.record({
          nhsNumber: fc.option(fc.string(), { nil: undefined }),
          givenName: fc.option(fc.string(), { nil: undefined }),
          familyName: fc.option(fc.string(), { nil: undefined }),
          dateOfBirth: fc.option(fc.string(), { nil: undefined }),
          reason: fc.option(fc.string(), { nil: undefined }),
        }),
        (input) => {
          const r = validateProtectionCheck(input, today)
          if (!r.ok) assert.ok(Object.keys(r.error.fields ?? {}).length > 0)
        },
      ),
    )
  })
})

describe('an exact identity, and nothing less, answers a check', () => {
  const leo: CheckCandidate = {
    givenName: 'Leo',
    familyName: 'Marsh',
    otherNames: [{ givenName: 'Leo', familyName: 'Fenn' }],
    dateOfBirth: '2019-06-12',
    nhsNumber: '9434765919',
  }
  const zoe: CheckCandidate = {
    givenName: 'Zoë',
    familyName: 'O’Brien-Smith',
    otherNames: [],
    dateOfBirth: '2015-01-31',
    nhsNumber: null,
  }
  const byName = (givenName: string, familyName: string, dob: LocalDate): ProtectionCheckQuery => ({
    by: 'name_and_date_of_birth',
    givenName,
    familyName,
    dateOfBirth: dob,
  })
  const leoBorn = date('2019-06-12')
  const table: [why: string, query: ProtectionCheckQuery, candidate: CheckCandidate, matches: boolean][] = [
    ['the same name and date of birth', byName('Leo', 'Marsh', leoBorn), leo, true],
    ['case and spacing differ', byName('  leo ', 'MARSH', leoBorn), leo, true],
    ['a recorded other name', byName('Leo', 'Fenn', leoBorn), leo, true],
    ['accents and typographic apostrophes differ', byName('Zoe', "o'brien-smith", date('2015-01-31')), zoe, true],
    ['Lea is not Leo, though born the same day', byName('Lea', 'Marsh', leoBorn), leo, false],
    ['Leon is not Leo, though born the same day', byName('Leon', 'Marsh', leoBorn), leo, false],
    ['Leo born a day later is another child', byName('Leo', 'Marsh', date('2019-06-13')), leo, false],
    ['a misspelt last name', byName('Leo', 'Mars', leoBorn), leo, false],
    ['first and last names swapped', byName('Marsh', 'Leo', leoBorn), leo, false],
    ['a nickname is not the recorded name', byName('Bill', 'Marsh', leoBorn), { ...leo, givenName: 'William' }, false],
    ['first name of one name, last name of another', byName('Leo', 'Fenn-Marsh', leoBorn), leo, false],
    [
      'an unborn child has no date of birth to match',
      byName('Leo', 'Marsh', leoBorn),
      { ...leo, dateOfBirth: null },
      false,
    ],
    ['the same NHS number', { by: 'nhs_number', nhsNumber: '9434765919' }, leo, true],
    ['another NHS number', { by: 'nhs_number', nhsNumber: '4010232137' }, leo, false],
    ['no NHS number recorded', { by: 'nhs_number', nhsNumber: '4010232137' }, zoe, false],
  ]
  for (const [why, query, candidate, matches] of table) {
    it(`${matches ? 'matches' : 'does not match'}: ${why}`, () => {
      assert.equal(isExactIdentity(query, candidate), matches)
    })
  }

  it('never matches a name that differs once normalised, whatever it is', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (given) => {
        fc.pre(normaliseName(given) !== 'leo')
        assert.equal(isExactIdentity(byName(given, 'Marsh', leoBorn), leo), false)
      }),
    )
  })
})
