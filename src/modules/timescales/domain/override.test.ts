import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { effectiveRule, type TimescaleOverride } from './override.js'
import { rule } from './testing.js'

describe('effectiveRule', () => {
  it('with no override, the national value applies', () => {
    const result = effectiveRule(rule('child-and-family-assessment'), undefined)
    assert.ok(result.ok)
    assert.deepEqual(result.value.national, { amount: 45, unit: 'working_days' })
    assert.deepEqual(result.value.effective, { amount: 45, unit: 'working_days' })
    assert.equal(result.value.local, undefined)
  })

  it('a valid override carries the national and the local value side by side', () => {
    const result = effectiveRule(rule('child-and-family-assessment'), {
      amount: 35,
      reason: '  Local target agreed by the partners  ',
    })
    assert.ok(result.ok)
    assert.deepEqual(result.value.national, { amount: 45, unit: 'working_days' })
    assert.deepEqual(result.value.local, {
      amount: 35,
      unit: 'working_days',
      reason: 'Local target agreed by the partners',
    })
    assert.deepEqual(result.value.effective, { amount: 35, unit: 'working_days' })
  })

  it('refuses a local value longer than the national maximum (60 working days where the maximum is 45)', () => {
    const result = effectiveRule(rule('child-and-family-assessment'), { amount: 60, reason: 'We are busy' })
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.equal(result.error.code, 'TIMESCALE.LONGER_THAN_NATIONAL')
      assert.equal(
        result.error.fields?.['amount'],
        'Enter 45 working days or fewer: the national maximum is 45 working days',
      )
    }
  })

  it('allows the national maximum itself', () => {
    assert.ok(effectiveRule(rule('child-and-family-assessment'), { amount: 45, reason: 'Same' }).ok)
  })

  it('refuses a change of unit that could end later than the national maximum', () => {
    // 3 months can be 92 days; 13 weeks is 91, which is longer than the shortest 3 months (89 or 90 days).
    const result = effectiveRule(rule('first-review-conference'), { amount: 13, unit: 'weeks', reason: 'Local' })
    assert.equal(result.ok, false)
    if (!result.ok) assert.equal(result.error.code, 'TIMESCALE.LONGER_THAN_NATIONAL')
  })

  it('local practice has no national limit: a partnership may set a longer value of its own', () => {
    const result = effectiveRule(rule('pre-birth-review-after-birth'), { amount: 15, reason: 'Our procedure' })
    assert.ok(result.ok)
    assert.deepEqual(result.value.effective, { amount: 15, unit: 'working_days' })
  })

  it('an override may change the unit', () => {
    const result = effectiveRule(rule('first-review-conference'), {
      amount: 12,
      unit: 'weeks',
      reason: 'Local practice',
    })
    assert.ok(result.ok)
    assert.deepEqual(result.value.effective, { amount: 12, unit: 'weeks' })
  })

  for (const id of ['fgm-police-report', 'private-fostering-first-visit', 'serious-incident-notification']) {
    it(`refuses any override of ${id} with TIMESCALE.NOT_OVERRIDABLE`, () => {
      const result = effectiveRule(rule(id), { amount: 1, reason: 'We would like to' })
      assert.equal(result.ok, false)
      if (!result.ok) assert.equal(result.error.code, 'TIMESCALE.NOT_OVERRIDABLE')
    })
  }

  for (const amount of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1001]) {
    it(`refuses amount ${amount} with TIMESCALE.INVALID_AMOUNT`, () => {
      const result = effectiveRule(rule('referral-decision'), { amount, reason: 'Because' })
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.error.code, 'TIMESCALE.INVALID_AMOUNT')
        assert.ok(result.error.fields?.['amount'])
      }
    })
  }

  it('refuses an override with no reason', () => {
    const result = effectiveRule(rule('referral-decision'), { amount: 2, reason: '   ' })
    assert.equal(result.ok, false)
    if (!result.ok) assert.equal(result.error.code, 'TIMESCALE.REASON_REQUIRED')
  })

  it('refuses a unit that is not one of ours (overrides come from the database)', () => {
    const bad = { amount: 2, unit: 'fortnights', reason: 'Because' } as unknown as TimescaleOverride
    const result = effectiveRule(rule('referral-decision'), bad)
    assert.equal(result.ok, false)
    if (!result.ok) assert.equal(result.error.code, 'TIMESCALE.INVALID_UNIT')
  })
})
