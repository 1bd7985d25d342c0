import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  checkSettingValue,
  inForce,
  settingChanges,
  settingInWords,
  type StoredSettings,
} from './partnershipSettings.js'

const defaults: StoredSettings = {
  repeated_concerns_count: null,
  repeated_concerns_days: null,
  open_record_hours: null,
}

describe('a partnership setting’s value', () => {
  const table: [Parameters<typeof checkSettingValue>[0], string | number | undefined, string | number][] = [
    ['repeated_concerns_count', undefined, 'Enter the number of concerns'],
    ['repeated_concerns_count', '  ', 'Enter the number of concerns'],
    ['repeated_concerns_count', '1', 'The number of concerns must be between 2 and 20'],
    ['repeated_concerns_count', '2', 2],
    ['repeated_concerns_count', ' 20 ', 20],
    ['repeated_concerns_count', 21, 'The number of concerns must be between 2 and 20'],
    ['repeated_concerns_count', '2.5', 'The number of concerns must be a whole number, like 3'],
    ['repeated_concerns_count', '-3', 'The number of concerns must be a whole number, like 3'],
    ['repeated_concerns_days', '6', 'The number of days must be between 7 and 365'],
    ['repeated_concerns_days', '365', 365],
    ['repeated_concerns_days', '366', 'The number of days must be between 7 and 365'],
    ['open_record_hours', '0', 'The number of hours must be between 1 and 72'],
    ['open_record_hours', 1, 1],
    ['open_record_hours', '72', 72],
    ['open_record_hours', '73', 'The number of hours must be between 1 and 72'],
    ['open_record_hours', 'twelve', 'The number of hours must be a whole number, like 24'],
  ]
  for (const [id, raw, expected] of table)
    it(`${id} ${JSON.stringify(raw)} → ${expected}`, () =>
      assert.deepEqual(
        checkSettingValue(id, raw),
        typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, message: expected },
      ))
})

describe('what a change changes', () => {
  it('the defaults are in force until the partnership sets its own', () => {
    assert.equal(inForce(defaults, 'repeated_concerns_count'), 3)
    assert.equal(inForce(defaults, 'repeated_concerns_days'), 90)
    assert.equal(inForce(defaults, 'open_record_hours'), 24)
  })
  it('sending the values in force changes nothing', () => {
    assert.deepEqual(
      settingChanges(defaults, { repeated_concerns_count: 3, repeated_concerns_days: 90, open_record_hours: 24 }),
      [],
    )
  })
  it('each setting that differs is one change, from the stored value (null: the default)', () => {
    assert.deepEqual(
      settingChanges(
        { ...defaults, open_record_hours: 8 },
        { repeated_concerns_count: 2, repeated_concerns_days: 90, open_record_hours: 12 },
      ),
      [
        { setting: 'repeated_concerns_count', from: null, to: 2 },
        { setting: 'open_record_hours', from: 8, to: 12 },
      ],
    )
  })
  it('says values in words', () => {
    assert.equal(settingInWords('open_record_hours', 1), '1 hour')
    assert.equal(settingInWords('repeated_concerns_days', 30), '30 days')
  })
})
