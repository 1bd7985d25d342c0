import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { localDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import {
  checkNameMatches,
  protectionCheckMessages,
  REASON_MAX_LENGTH,
  validateProtectionCheck,
} from './protectionCheck.js'

const day = (y: number, m: number, d: number): LocalDate => {
  const r = localDate(y, m, d)
  if (!r.ok) throw new Error('bad date')
  return r.value
}
const today = day(2026, 11, 23)
const reason = 'Attending a domestic incident at the family home'

describe('validating a child protection plan check', () => {
  it('accepts a valid NHS number (spaces allowed) and ignores the name fields', () => {
    const r = validateProtectionCheck({ nhsNumber: '943 476 5919', givenName: 'Maya', reason }, today)
    assert.deepEqual(r, { ok: true, value: { query: { by: 'nhs_number', nhsNumber: '9434765919' }, reason } })
  })

  it('refuses an NHS number with a wrong check digit', () => {
    const r = validateProtectionCheck({ nhsNumber: '943 476 5918', reason }, today)
    assert.equal(r.ok, false)
    assert.equal(!r.ok && r.error.fields?.nhsNumber, protectionCheckMessages.nhsNumber)
  })

  it('accepts first name, last name and date of birth together', () => {
    const r = validateProtectionCheck(
      { givenName: ' Maya ', familyName: 'Patel', dateOfBirth: '2017-03-02', reason },
      today,
    )
    assert.deepEqual(r, {
      ok: true,
      value: {
        query: { by: 'name_and_date_of_birth', givenName: 'Maya', familyName: 'Patel', dateOfBirth: day(2017, 3, 2) },
        reason,
      },
    })
  })

  it('needs all three of name and date of birth: each missing one is named', () => {
    const r = validateProtectionCheck({ givenName: 'Maya', reason }, today)
    assert.equal(r.ok, false)
    assert.deepEqual(!r.ok && Object.keys(r.error.fields ?? {}).sort(), ['dateOfBirth', 'familyName'])
  })

  it('refuses a date of birth that is not a date, or is in the future', () => {
    const bad = validateProtectionCheck(
      { givenName: 'Maya', familyName: 'Patel', dateOfBirth: '2017-02-30', reason },
      today,
    )
    assert.equal(!bad.ok && bad.error.fields?.dateOfBirth, protectionCheckMessages.dateOfBirthInvalid)
    const future = validateProtectionCheck(
      { givenName: 'Maya', familyName: 'Patel', dateOfBirth: '2026-11-24', reason },
      today,
    )
    assert.equal(!future.ok && future.error.fields?.dateOfBirth, protectionCheckMessages.dateOfBirthFuture)
  })

  it('needs something to check by', () => {
    const r = validateProtectionCheck({ reason }, today)
    assert.equal(!r.ok && r.error.fields?.nhsNumber, protectionCheckMessages.nothing)
  })

  it('always needs a reason, of a sensible length', () => {
    for (const given of [undefined, '', '   ']) {
      const r = validateProtectionCheck({ nhsNumber: '9434765919', reason: given }, today)
      assert.equal(!r.ok && r.error.fields?.reason, protectionCheckMessages.reason)
    }
    const long = validateProtectionCheck({ nhsNumber: '9434765919', reason: 'x'.repeat(REASON_MAX_LENGTH + 1) }, today)
    assert.equal(!long.ok && long.error.fields?.reason, protectionCheckMessages.reasonTooLong)
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

describe('matching a child by name for a check', () => {
  const recorded = [{ givenName: 'William', familyName: 'O’Brien-Smith' }]
  it('matches the same name however it is typed', () => {
    assert.ok(checkNameMatches({ givenName: 'william', familyName: "o'brien-smith" }, recorded))
    assert.ok(checkNameMatches({ givenName: 'O’Brien-Smith', familyName: 'William' }, recorded), 'surname first')
  })
  it('matches a nickname and a small typo', () => {
    assert.ok(checkNameMatches({ givenName: 'Bill', familyName: 'O’Brien-Smith' }, recorded))
    assert.ok(checkNameMatches({ givenName: 'Jon', familyName: 'Smyth' }, [{ givenName: 'John', familyName: 'Smyth' }]))
  })
  it('matches a recorded alias', () => {
    assert.ok(
      checkNameMatches({ givenName: 'Maya', familyName: 'Jones' }, [
        { givenName: 'Maya', familyName: 'Patel' },
        { givenName: 'Maya', familyName: 'Jones' },
      ]),
    )
  })
  it('does not match a different child', () => {
    assert.ok(
      !checkNameMatches({ givenName: 'Ravi', familyName: 'Patel' }, [{ givenName: 'Maya', familyName: 'Patel' }]),
    )
    assert.ok(
      !checkNameMatches({ givenName: 'Maya', familyName: 'Green' }, [{ givenName: 'Maya', familyName: 'Patel' }]),
    )
  })
})
