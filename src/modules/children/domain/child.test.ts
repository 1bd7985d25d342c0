import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addDays,
  compareLocalDate,
  formatLocalDate,
  fromDayNumber,
  toDayNumber,
} from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import {
  ageOn,
  anniversary,
  childDisplayName,
  childMessages,
  childNotice,
  childStatus,
  childWorkflowsOpen,
  cleanName,
  eighteenthBirthday,
  isChild,
  validateMother,
  validateNewChild,
  type NewChildInput,
} from './child.js'

const today = date('2026-03-15')
const base: NewChildInput = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: date('2015-12-10'), sex: 'female' }

describe('eighteenthBirthday and ageOn', () => {
  const birthdays: readonly [dob: string, eighteenth: string][] = [
    ['2008-03-15', '2026-03-15'],
    ['2008-02-29', '2026-03-01'], // no 29 February in 2026: 1 March [U]
    ['2012-02-29', '2030-03-01'],
    ['2006-02-28', '2024-02-28'],
    ['2004-02-29', '2022-03-01'],
    ['1996-02-29', '2014-03-01'],
    ['2000-02-29', '2018-03-01'],
    ['2010-02-28', '2028-02-28'],
    ['2016-02-29', '2034-03-01'],
    ['2020-02-29', '2038-03-01'],
    ['2022-12-31', '2040-12-31'],
  ]
  for (const [dob, eighteenth] of birthdays) {
    it(`born ${dob} → 18 on ${eighteenth}`, () => {
      assert.equal(formatLocalDate(eighteenthBirthday(date(dob))), eighteenth)
    })
  }

  it('a 29 February baby always turns 18 on 1 March (18 years on is never a leap year), but has leap-year birthdays', () => {
    assert.equal(formatLocalDate(anniversary(date('2008-02-29'), 4)), '2012-02-29')
    assert.equal(formatLocalDate(anniversary(date('2008-02-29'), 5)), '2013-03-01')
  })

  it('a 29 February baby is 17 on 28 February and 18 on 1 March of a non-leap year', () => {
    const dob = date('2008-02-29')
    assert.equal(ageOn(dob, date('2026-02-28')), 17)
    assert.equal(isChild(dob, date('2026-02-28')), true)
    assert.equal(ageOn(dob, date('2026-03-01')), 18)
    assert.equal(isChild(dob, date('2026-03-01')), false)
  })

  const ages: readonly [dob: string, on: string, age: number][] = [
    ['2015-12-10', '2026-03-15', 10],
    ['2015-03-15', '2026-03-15', 11],
    ['2015-03-16', '2026-03-15', 10],
    ['2026-03-15', '2026-03-15', 0],
    ['2026-03-16', '2026-03-15', -1],
    ['2008-03-16', '2026-03-15', 17],
    ['2008-03-15', '2026-03-15', 18],
  ]
  for (const [dob, on, age] of ages) {
    it(`born ${dob} is ${age} on ${on}`, () => assert.equal(ageOn(date(dob), date(on)), age))
  }

  const day = fc
    .integer({ min: toDayNumber(date('1990-01-01')), max: toDayNumber(date('2060-12-31')) })
    .map(fromDayNumber)
  it('property: isChild agrees with ageOn < 18, and the 18th birthday is the first day aged 18', () => {
    fc.assert(
      fc.property(day, day, (dob, on) => {
        fc.pre(compareLocalDate(dob, on) <= 0)
        assert.equal(isChild(dob, on), ageOn(dob, on) < 18)
        const eighteenth = eighteenthBirthday(dob)
        assert.equal(ageOn(dob, eighteenth), 18)
        assert.equal(ageOn(dob, addDays(eighteenth, -1)), 17)
      }),
    )
  })
})

describe('childStatus and childNotice', () => {
  it('is unborn with only an expected date of delivery, even once it has passed', () => {
    assert.equal(childStatus({ expectedDateOfDelivery: date('2026-06-01') }, today), 'unborn')
    assert.equal(childStatus({ expectedDateOfDelivery: date('2026-03-01') }, today), 'unborn')
    assert.equal(childNotice({ expectedDateOfDelivery: date('2026-06-01') }, today), undefined)
    assert.equal(childNotice({ expectedDateOfDelivery: date('2026-03-01') }, today)?.kind, 'birth_not_recorded')
  })

  it('is a child the day before the 18th birthday and an adult on it, with a notice', () => {
    const dob = date('2008-03-16')
    assert.equal(childStatus({ dateOfBirth: dob }, today), 'child')
    assert.equal(childNotice({ dateOfBirth: dob }, today), undefined)
    const on = addDays(today, 1)
    assert.equal(childStatus({ dateOfBirth: dob }, on), 'adult')
    assert.equal(childWorkflowsOpen('adult'), false)
    const notice = childNotice({ dateOfBirth: dob }, on)
    assert.equal(notice?.kind, 'turned_18')
    if (notice?.kind === 'turned_18') {
      assert.equal(formatLocalDate(notice.turned18On), '2026-03-16')
      assert.match(notice.body, /closed/)
    }
  })

  it('prefers the date of birth when a record has both (born after the expected date was recorded)', () => {
    assert.equal(
      childStatus({ dateOfBirth: date('2026-03-01'), expectedDateOfDelivery: date('2026-02-20') }, today),
      'child',
    )
  })

  it('throws on a record with neither date (the database forbids it)', () => {
    assert.throws(() => childStatus({}, today))
  })

  it('names an unnamed unborn baby by family name', () => {
    assert.equal(childDisplayName({ givenName: '', familyName: 'Smith' }), 'Unborn baby Smith')
    assert.equal(childDisplayName({ givenName: 'Ada', familyName: 'Lovelace' }), 'Ada Lovelace')
  })
})

describe('cleanName', () => {
  const cases: readonly [input: string, expected: string][] = [
    ['  Ada   Lovelace ', 'Ada Lovelace'],
    ['Ada\tMary\nLovelace', 'Ada Mary Lovelace'],
    ['Ad\u0000a\u0007', 'Ada'],
    ['Zo\u0065\u0308', 'Zoë'], // NFC
    ['\u202EecalevoL', 'ecalevoL'], // right-to-left override removed
    ['O’Brien-Smith', 'O’Brien-Smith'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'], // kept as text; the view escapes
    ['محمد', 'محمد'],
  ]
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(cleanName(input), expected))
  }
})

describe('validateNewChild', () => {
  it('accepts a child and returns cleaned, normalised fields', () => {
    const result = validateNewChild(
      { ...base, givenName: ' Zoë ', familyName: "O'Brien", nhsNumber: '943 476 5919', upn: ' b801200005001 ' },
      today,
    )
    assert.ok(result.ok)
    assert.equal(result.value.status, 'child')
    assert.equal(result.value.givenName, 'Zoë')
    assert.equal(result.value.searchName, "zoe o'brien")
    assert.equal(result.value.nhsNumber, '9434765919')
    assert.equal(result.value.upn, 'B801200005001')
    assert.equal(result.value.expectedDateOfDelivery, undefined)
  })

  it('treats blank identifiers as not given', () => {
    const result = validateNewChild({ ...base, nhsNumber: '  ', upn: '' }, today)
    assert.ok(result.ok)
    assert.equal('nhsNumber' in result.value, false)
    assert.equal('upn' in result.value, false)
  })

  it('accepts an unborn child with no first name, sex not known', () => {
    const result = validateNewChild(
      { givenName: '', familyName: 'Smith', expectedDateOfDelivery: date('2026-09-01'), sex: 'unknown' },
      today,
    )
    assert.ok(result.ok)
    assert.equal(result.value.status, 'unborn')
    assert.equal(result.value.sex, 'unknown')
    assert.equal(result.value.dateOfBirth, undefined)
  })

  it('accepts a baby born today and a child one day short of 18', () => {
    assert.ok(validateNewChild({ ...base, dateOfBirth: today }, today).ok)
    assert.ok(validateNewChild({ ...base, dateOfBirth: date('2008-03-16') }, today).ok)
  })

  const rejections: readonly [why: string, input: NewChildInput, field: string, message: string][] = [
    ['no first name', { ...base, givenName: '  ' }, 'givenName', childMessages.givenNameMissing],
    [
      'first name only control characters',
      { ...base, givenName: '\u0000\u0001' },
      'givenName',
      childMessages.givenNameMissing,
    ],
    ['no last name', { ...base, familyName: '' }, 'familyName', childMessages.familyNameMissing],
    [
      'first name of 101 characters',
      { ...base, givenName: 'a'.repeat(101) },
      'givenName',
      childMessages.givenNameTooLong,
    ],
    [
      'last name of 101 characters',
      { ...base, familyName: 'b'.repeat(101) },
      'familyName',
      childMessages.familyNameTooLong,
    ],
    ['no dates', { givenName: 'Ada', familyName: 'Lovelace', sex: 'female' }, 'dateOfBirth', childMessages.dateMissing],
    ['both dates', { ...base, expectedDateOfDelivery: date('2026-06-01') }, 'dateOfBirth', childMessages.bothDates],
    ['born tomorrow', { ...base, dateOfBirth: date('2026-03-16') }, 'dateOfBirth', childMessages.dateOfBirthInFuture],
    ['18 today', { ...base, dateOfBirth: date('2008-03-15') }, 'dateOfBirth', childMessages.notUnder18],
    ['aged 40', { ...base, dateOfBirth: date('1986-01-01') }, 'dateOfBirth', childMessages.notUnder18],
    [
      'expected yesterday',
      { givenName: '', familyName: 'Smith', expectedDateOfDelivery: date('2026-03-14'), sex: 'unknown' },
      'expectedDateOfDelivery',
      childMessages.deliveryInPast,
    ],
    [
      'expected in 11 months',
      { givenName: '', familyName: 'Smith', expectedDateOfDelivery: date('2027-02-15'), sex: 'unknown' },
      'expectedDateOfDelivery',
      childMessages.deliveryTooFar,
    ],
    ['no sex', { ...base, sex: undefined }, 'sex', childMessages.sexMissing],
    ['unknown sex value', { ...base, sex: 'F' }, 'sex', childMessages.sexMissing],
    [
      'unborn with a sex',
      { givenName: '', familyName: 'Smith', expectedDateOfDelivery: date('2026-09-01'), sex: 'female' },
      'sex',
      childMessages.unbornSex,
    ],
    ['bad NHS number', { ...base, nhsNumber: '943 476 5918' }, 'nhsNumber', childMessages.nhsInvalid],
    ['NHS number too short', { ...base, nhsNumber: '12345' }, 'nhsNumber', childMessages.nhsInvalid],
    [
      'unborn with NHS number',
      {
        givenName: '',
        familyName: 'Smith',
        expectedDateOfDelivery: date('2026-09-01'),
        sex: 'unknown',
        nhsNumber: '9434765919',
      },
      'nhsNumber',
      childMessages.nhsUnborn,
    ],
    ['bad UPN', { ...base, upn: 'A801200005001' }, 'upn', childMessages.upnInvalid],
    [
      'unborn with UPN',
      {
        givenName: '',
        familyName: 'Smith',
        expectedDateOfDelivery: date('2026-09-01'),
        sex: 'unknown',
        upn: 'B801200005001',
      },
      'upn',
      childMessages.upnUnborn,
    ],
  ]
  for (const [why, input, field, message] of rejections) {
    it(`rejects ${why}: ${field} → "${message}"`, () => {
      const result = validateNewChild(input, today)
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.error.code, 'CHILD.INVALID')
        assert.equal(result.error.fields?.[field], message)
        assert.equal(Object.keys(result.error.fields ?? {}).length, 1, JSON.stringify(result.error.fields))
        assert.equal(result.error.message, message)
      }
    })
  }

  it('reports every problem at once, in form order', () => {
    const result = validateNewChild({ givenName: '', familyName: '', sex: '', nhsNumber: '1', upn: 'x' }, today)
    assert.equal(result.ok, false)
    if (!result.ok)
      assert.deepEqual(Object.keys(result.error.fields ?? {}), [
        'givenName',
        'familyName',
        'dateOfBirth',
        'sex',
        'nhsNumber',
        'upn',
      ])
  })

  it('keeps names with markup as text and counts characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(100) // 200 UTF-16 units, 100 characters
    const result = validateNewChild({ ...base, givenName: emoji, familyName: '<b>Bold</b>' }, today)
    assert.ok(result.ok)
    assert.equal(result.value.familyName, '<b>Bold</b>')
  })
})

describe('validateMother', () => {
  it('accepts a mother with or without a date of birth', () => {
    const withDob = validateMother({ givenName: 'Jane', familyName: 'Smith', dateOfBirth: date('2010-01-01') }, today)
    assert.ok(withDob.ok)
    assert.equal(
      withDob.ok && withDob.value.dateOfBirth !== undefined && isChild(withDob.value.dateOfBirth, today),
      true,
    )
    const without = validateMother({ givenName: 'Jane', familyName: 'Smith' }, today)
    assert.ok(without.ok)
    assert.equal('dateOfBirth' in without.value, false)
  })

  it('needs both names and a past date of birth', () => {
    const result = validateMother({ givenName: '', familyName: ' ', dateOfBirth: date('2026-03-16') }, today)
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.deepEqual(result.error.fields, {
        motherGivenName: childMessages.motherGivenNameMissing,
        motherFamilyName: childMessages.motherFamilyNameMissing,
        motherDateOfBirth: childMessages.motherDateOfBirthInFuture,
      })
    }
  })
})
