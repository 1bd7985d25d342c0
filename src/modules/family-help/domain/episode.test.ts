import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  familyHelpPhases,
  familyHelpSteps,
  familyHelpStepsAvailable,
  familyHelpTransition,
  familyHelpTransitions,
  planPaused,
  type FamilyHelpPhase,
  type FamilyHelpStep,
} from './episode.js'
import { closureReasonLabels } from './codes.js'
import { idsOf } from '../../../platform/shared/wordList.js'
import { findRule } from '../../timescales/domain/rules.js'

describe('family help transition table', () => {
  // [phase, step, outcome, expected phase or refusal code]
  const cases: readonly [FamilyHelpPhase, FamilyHelpStep, string, FamilyHelpPhase | 'REFUSED' | 'UNKNOWN'][] = [
    ['awaiting_consent', 'record_consent', 'given', 'consented'],
    ['awaiting_consent', 'record_consent', 'refused', 'without_consent'],
    ['awaiting_consent', 'record_consent', 'withdrawn', 'REFUSED'],
    ['consented', 'record_consent', 'given', 'REFUSED'],
    ['plan', 'record_consent', 'withdrawn', 'without_consent'],
    ['awaiting_consent', 'assign_lead_practitioner', 'recorded', 'awaiting_consent'],
    ['awaiting_consent', 'add_team_member', 'recorded', 'awaiting_consent'],
    ['without_consent', 'add_team_member', 'recorded', 'REFUSED'],
    ['awaiting_consent', 'record_assessment', 'recorded', 'REFUSED'],
    ['consented', 'record_assessment', 'recorded', 'assessed'],
    ['plan', 'record_assessment', 'recorded', 'plan'],
    // No plan before consent, nor before an assessment.
    ['awaiting_consent', 'record_plan', 'recorded', 'REFUSED'],
    ['consented', 'record_plan', 'recorded', 'REFUSED'],
    ['assessed', 'record_plan', 'recorded', 'plan'],
    ['plan', 'record_plan', 'recorded', 'plan'],
    // No review before a plan.
    ['assessed', 'record_review', 'continue', 'REFUSED'],
    ['consented', 'record_review', 'continue', 'REFUSED'],
    ['plan', 'record_review', 'continue', 'plan'],
    ['plan', 'record_review', 'step_up', 'plan'],
    ['plan', 'record_review', 'sideways', 'UNKNOWN'],
    // Stepping up never waits for consent or a plan; it pauses the plan.
    ['awaiting_consent', 'step_up', 'recorded', 'stepped_up'],
    ['without_consent', 'step_up', 'recorded', 'stepped_up'],
    ['plan', 'step_up', 'recorded', 'stepped_up'],
    ['stepped_up', 'step_up', 'recorded', 'REFUSED'],
    ['stepped_up', 'record_plan', 'recorded', 'REFUSED'],
    ['stepped_up', 'record_review', 'continue', 'REFUSED'],
    ['stepped_up', 'close', 'stepped_up', 'closed'],
    ['plan', 'close', 'stepped_up', 'REFUSED'],
    ['plan', 'close', 'outcomes_met', 'closed'],
    ['assessed', 'close', 'outcomes_met', 'REFUSED'],
    ['without_consent', 'close', 'consent_withdrawn', 'closed'],
    ['closed', 'record_review', 'continue', 'REFUSED'],
    ['closed', 'close', 'other', 'REFUSED'],
  ]
  for (const [phase, step, outcome, expected] of cases) {
    it(`${step} (${outcome}) from ${phase} → ${expected}`, () => {
      const result = familyHelpTransition(phase, step, outcome)
      if (expected === 'REFUSED') {
        assert.ok(!result.ok)
        assert.equal(result.error.code, 'FAMILY_HELP.STEP_NOT_ALLOWED')
        assert.ok(result.error.message.length > 10 && !/[_]/.test(result.error.message), result.error.message)
      } else if (expected === 'UNKNOWN') {
        assert.ok(!result.ok)
        assert.equal(result.error.code, 'FAMILY_HELP.UNKNOWN_OUTCOME')
      } else {
        assert.ok(result.ok, result.ok ? '' : result.error.message)
        assert.equal(result.value.to, expected)
      }
    })
  }

  it('says why a plan before consent is refused', () => {
    const r = familyHelpTransition('awaiting_consent', 'record_plan')
    assert.ok(!r.ok)
    assert.match(r.error.message, /consent/)
    const later = familyHelpTransition('consented', 'record_plan')
    assert.ok(!later.ok)
    assert.match(later.error.message, /assessment/)
  })

  it('refuses every step except some closures once stepped up, and everything once closed', () => {
    for (const step of familyHelpSteps) {
      assert.deepEqual(
        familyHelpStepsAvailable('closed').includes(step),
        false,
        `${step} should not be available when closed`,
      )
    }
    assert.deepEqual(familyHelpStepsAvailable('stepped_up'), ['close'])
    assert.ok(planPaused('stepped_up'))
    assert.ok(!planPaused('plan'))
  })

  it('closes only with a known closure reason, and every reason can close from somewhere', () => {
    const closeOutcomes = new Set(familyHelpTransitions.filter((t) => t.step === 'close').map((t) => t.outcome))
    assert.deepEqual([...closeOutcomes].sort(), [...idsOf(closureReasonLabels)].sort())
  })

  it('names only rules in the timescale table, and every phase is reachable', () => {
    for (const t of familyHelpTransitions) {
      for (const id of [...t.starts, ...t.completes]) assert.ok(findRule(id).ok, id)
    }
    const reached = new Set<FamilyHelpPhase>(['awaiting_consent'])
    for (let i = 0; i < familyHelpPhases.length; i++) {
      for (const t of familyHelpTransitions) {
        if (t.to !== 'unchanged' && t.from.some((f) => reached.has(f))) reached.add(t.to)
      }
    }
    assert.deepEqual([...reached].sort(), [...familyHelpPhases].sort())
  })

  it('starts the assessment clock at consent and the first review clock at the first plan only', () => {
    const consent = familyHelpTransition('awaiting_consent', 'record_consent', 'given')
    assert.ok(consent.ok)
    assert.deepEqual(consent.value.row.starts, ['family-help-assessment'])
    const first = familyHelpTransition('assessed', 'record_plan')
    assert.ok(first.ok)
    assert.deepEqual(first.value.row.starts, ['family-help-first-review'])
    const second = familyHelpTransition('plan', 'record_plan')
    assert.ok(second.ok)
    assert.deepEqual(second.value.row.starts, [])
    const review = familyHelpTransition('plan', 'record_review', 'continue')
    assert.ok(review.ok)
    assert.deepEqual(review.value.row.starts, ['family-help-next-review'])
    assert.ok(review.value.row.completes.includes('family-help-first-review'))
    const up = familyHelpTransition('plan', 'step_up')
    assert.ok(up.ok)
    assert.equal(up.value.row.completes.length, 4)
  })
})
