import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { localDate as makeDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { applyCorrections, describeChange, validateCorrection, type Identity } from './corrections.js'

const original: Identity = {
  givenName: 'Rubi',
  familyName: 'Hartly',
  dateOfBirth: '2016-03-04',
  expectedDateOfDelivery: null,
  sex: 'female',
  nhsNumber: '4010232137',
  upn: null,
  otherNames: [],
}
const unborn: Identity = {
  ...original,
  givenName: '',
  dateOfBirth: null,
  expectedDateOfDelivery: '2027-01-10',
  sex: 'unknown',
  nhsNumber: null,
}
const localDate = (year: number, month: number, day: number): LocalDate => {
  const d = makeDate(year, month, day)
  if (!d.ok) throw new Error('not a date')
  return d.value
}
const today = localDate(2026, 11, 23)

describe('applyCorrections: the child now is the first record plus its corrections in order', () => {
  it('is the first record when there are none', () => {
    assert.deepEqual(applyCorrections(original, []), original)
  })

  it('applies each field’s corrections in order, the newest winning, and leaves other fields alone', () => {
    const now = applyCorrections(original, [
      { kind: 'name', givenName: 'Ruby', familyName: 'Hartly' },
      { kind: 'nhs_number', nhsNumber: '4010232145' },
      { kind: 'name', givenName: 'Ruby', familyName: 'Hartley' },
      { kind: 'alias', givenName: 'Roo', familyName: 'Hartley' },
    ])
    assert.deepEqual(now, {
      ...original,
      givenName: 'Ruby',
      familyName: 'Hartley',
      nhsNumber: '4010232145',
      otherNames: [{ givenName: 'Roo', familyName: 'Hartley' }],
    })
  })

  it('a birth replaces the expected date of delivery, with the sex if given', () => {
    const born = applyCorrections(unborn, [{ kind: 'birth', dateOfBirth: '2026-11-20', sex: 'male' }])
    assert.equal(born.dateOfBirth, '2026-11-20')
    assert.equal(born.expectedDateOfDelivery, null)
    assert.equal(born.sex, 'male')
  })

  it('describes a change from what it was to what it is', () => {
    assert.deepEqual(describeChange(original, { kind: 'nhs_number', nhsNumber: '4010232145' }), {
      from: '401 023 2137',
      to: '401 023 2145',
    })
    assert.deepEqual(describeChange(original, { kind: 'date_of_birth', dateOfBirth: '2016-04-03' }), {
      from: '4 March 2016',
      to: '3 April 2016',
    })
  })
})

describe('validateCorrection', () => {
  const fieldsOf = (r: ReturnType<typeof validateCorrection>) => (r.ok ? {} : r.error.fields)

  it('refuses an NHS number whose check digit is wrong', () => {
    assert.deepEqual(
      Object.keys(
        fieldsOf(validateCorrection({ change: 'nhs_number', nhsNumber: '4010232138' }, original, today)) ?? {},
      ),
      ['nhsNumber'],
    )
    const ok = validateCorrection({ change: 'nhs_number', nhsNumber: '401 023 2145' }, original, today)
    assert.ok(ok.ok)
    assert.equal(ok.value.nhsNumber, '4010232145')
    assert.deepEqual(ok.value.previous, { nhsNumber: '4010232137' })
  })

  it('refuses a date of birth in the future, one that makes the child 18, and one for an unborn child', () => {
    assert.match(
      fieldsOf(validateCorrection({ change: 'date_of_birth', dateOfBirth: localDate(2026, 11, 24) }, original, today))
        ?.dateOfBirth ?? '',
      /today or in the past/,
    )
    assert.ok(validateCorrection({ change: 'date_of_birth', dateOfBirth: today }, original, today).ok)
    assert.ok(
      !validateCorrection({ change: 'date_of_birth', dateOfBirth: localDate(2008, 11, 23) }, original, today).ok,
    )
    assert.ok(
      fieldsOf(validateCorrection({ change: 'date_of_birth', dateOfBirth: localDate(2026, 1, 1) }, unborn, today))
        ?.change,
    )
  })

  it('records a birth only for an unborn child, not in the future', () => {
    assert.ok(validateCorrection({ change: 'birth', birthDate: localDate(2026, 11, 20) }, unborn, today).ok)
    assert.ok(!validateCorrection({ change: 'birth', birthDate: localDate(2026, 11, 24) }, unborn, today).ok)
    assert.ok(!validateCorrection({ change: 'birth', birthDate: localDate(2026, 11, 20) }, original, today).ok)
  })

  it('refuses a correction that changes nothing, and names that are missing', () => {
    assert.ok(!validateCorrection({ change: 'name', givenName: 'Rubi', familyName: 'Hartly' }, original, today).ok)
    assert.deepEqual(Object.keys(fieldsOf(validateCorrection({ change: 'alias' }, original, today)) ?? {}), [
      'aliasGivenName',
      'aliasFamilyName',
    ])
    assert.ok(!validateCorrection({ change: 'sex', sex: 'female' }, original, today).ok)
  })
})
