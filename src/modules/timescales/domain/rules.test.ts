import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findRule, timescaleRules } from './rules.js'

describe('timescaleRules', () => {
  // These ids, amounts and units are a contract with the workflows: changing one is a deliberate act.
  const contract = [
    ['referral-decision', 1, 'working_days'],
    ['child-and-family-assessment', 45, 'working_days'],
    ['initial-child-protection-conference', 15, 'working_days'],
    ['first-core-group', 10, 'working_days'],
    ['first-review-conference', 3, 'months'],
    ['next-review-conference', 6, 'months'],
    ['serious-incident-notification', 5, 'working_days'],
    ['rapid-review', 15, 'working_days'],
    ['lado-referral', 1, 'working_days'],
    ['fgm-police-report', 1, 'working_days'],
    ['private-fostering-first-visit', 7, 'working_days'],
    ['private-fostering-visit-first-year', 6, 'weeks'],
    ['private-fostering-visit-later', 12, 'weeks'],
    ['dsl-training-renewal', 2, 'years'],
    ['dsl-knowledge-refresh', 1, 'years'],
    ['staff-safeguarding-update', 1, 'years'],
    ['lcspr-publication', 6, 'months'],
    ['pre-birth-review-after-birth', 10, 'working_days'],
    ['emergency-protection-order', 8, 'calendar_days'],
    ['partnership-yearly-report', 12, 'months'],
    ['looked-after-child-death-notification', 5, 'working_days'],
    ['practice-review-to-panel', 7, 'working_days'],
    ['yearly-report-to-panel', 6, 'months'],
    ['subject-access-response', 1, 'months'],
  ] as const
  for (const [id, amount, unit] of contract) {
    it(`has ${id}: ${amount} ${unit}`, () => {
      const rule = findRule(id)
      assert.ok(rule.ok)
      assert.equal(rule.value.amount, amount)
      assert.equal(rule.value.unit, unit)
    })
  }

  it('has unique ids in kebab-case', () => {
    const ids = timescaleRules.map((r) => r.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('gives every rule a name, trigger, clock start, source and a positive whole amount', () => {
    for (const rule of timescaleRules) {
      for (const text of [rule.name, rule.trigger, rule.clockStart, rule.source.document, rule.source.section]) {
        assert.ok(text.trim().length > 0, rule.id)
      }
      assert.ok(Number.isInteger(rule.amount) && rule.amount > 0, rule.id)
      assert.match(rule.domainRef, /^T\d+$/, rule.id)
    }
  })

  it('does not let a partnership change duties set in legislation or owed to national bodies', () => {
    const fixed = new Set<string>(timescaleRules.filter((r) => !r.overridable).map((r) => r.id))
    for (const id of [
      'fgm-police-report',
      'private-fostering-first-visit',
      'private-fostering-visit-first-year',
      'private-fostering-visit-later',
      'serious-incident-notification',
      'rapid-review',
      'emergency-protection-order',
    ]) {
      assert.ok(fixed.has(id), id)
    }
    const local = findRule('pre-birth-review-after-birth')
    assert.ok(local.ok && local.value.overridable)
  })

  it('marks confidence as domain.md does', () => {
    const confidence = (id: string): string | undefined => timescaleRules.find((r) => r.id === id)?.confidence
    assert.equal(confidence('private-fostering-first-visit'), 'confirmed') // [C] reg 4
    assert.equal(confidence('dsl-training-renewal'), 'confirmed') // [C] KCSIE Annex C
    assert.equal(confidence('child-and-family-assessment'), 'secondary') // [S]
    assert.equal(confidence('emergency-protection-order'), 'unconfirmed') // [U]
  })

  it('is frozen', () => {
    assert.ok(Object.isFrozen(timescaleRules))
    for (const rule of timescaleRules) assert.ok(Object.isFrozen(rule) && Object.isFrozen(rule.source))
  })
})

describe('findRule', () => {
  it('fails with TIMESCALE.UNKNOWN_RULE for an id that does not exist', () => {
    const rule = findRule('referral-decison')
    assert.equal(rule.ok, false)
    if (!rule.ok) {
      assert.equal(rule.error.code, 'TIMESCALE.UNKNOWN_RULE')
      assert.match(rule.error.message, /referral-decison/)
    }
  })
})
