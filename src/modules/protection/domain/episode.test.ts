import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { date } from '../../../platform/calendar/testing.js'
import { findRule } from '../../timescales/domain/rules.js'
import {
  checkStepDate,
  checkStrategyDiscussionAttendance,
  episodePhases,
  episodeSteps,
  episodeTransitions,
  outcomesFor,
  stepsAvailable,
  transition,
  type ClockStart,
  type EpisodePhase,
  type EpisodeStep,
} from './episode.js'

describe('the episode transition table', () => {
  it('names only real timescale rules', () => {
    for (const t of episodeTransitions) {
      for (const c of t.starts) assert.ok(findRule(c.rule).ok, `${t.step}/${t.outcome} starts unknown rule ${c.rule}`)
      for (const r of t.completes) assert.ok(findRule(r).ok, `${t.step}/${t.outcome} completes unknown rule ${r}`)
    }
  })

  it('has one row per step, outcome and phase', () => {
    const seen = new Set<string>()
    for (const t of episodeTransitions) {
      for (const from of t.from) {
        const key = `${t.step}/${t.outcome}/${from}`
        assert.ok(!seen.has(key), `duplicate row ${key}`)
        seen.add(key)
      }
    }
  })

  it('lets every phase but closed move on, and nothing leave closed', () => {
    for (const phase of episodePhases) {
      if (phase === 'closed') assert.deepEqual(stepsAvailable(phase), [])
      else assert.ok(stepsAvailable(phase).length > 0, `${phase} is a dead end`)
    }
  })

  it('reaches every phase from the front door', () => {
    const reached = new Set<string>(['front_door'])
    let grew = true
    while (grew) {
      grew = false
      for (const t of episodeTransitions) {
        if (t.to !== 'unchanged' && t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
          reached.add(t.to)
          grew = true
        }
      }
    }
    assert.deepEqual([...reached].sort(), [...episodePhases].sort())
  })

  it('follows the statutory path: referral, strategy discussion, s47, conference, plan, review, step down', () => {
    const path: [EpisodeStep, string, EpisodePhase][] = [
      ['decide_referral', 'strategy_discussion', 'strategy_discussion'],
      ['record_strategy_discussion', 'section_47', 'section_47'],
      ['conclude_section_47', 'conference', 'initial_conference'],
      ['hold_initial_conference', 'child_protection_plan', 'child_protection_plan'],
      ['record_core_group', 'held', 'child_protection_plan'],
      ['hold_review_conference', 'continue_plan', 'child_protection_plan'],
      ['hold_review_conference', 'child_in_need_plan', 'child_in_need_plan'],
      ['close_episode', 'closed', 'closed'],
    ]
    let phase: EpisodePhase = 'front_door'
    for (const [step, outcome, expected] of path) {
      const r = transition(phase, step, outcome)
      assert.ok(r.ok, `${phase} --${step}/${outcome}--> refused: ${r.ok ? '' : r.error.message}`)
      phase = r.value.to
      assert.equal(phase, expected)
    }
  })

  it('refuses a conference without a section 47 enquiry and a plan without a conference, plainly', () => {
    const conference = transition('assessment', 'hold_initial_conference', 'child_protection_plan')
    assert.ok(!conference.ok)
    assert.equal(conference.error.code, 'EPISODE.STEP_NOT_ALLOWED')
    assert.match(conference.error.message, /section 47/)
    const review = transition('section_47', 'hold_review_conference', 'continue_plan')
    assert.ok(!review.ok)
    assert.match(review.error.message, /child protection plan/)
  })

  it('refuses a second decision on the same referral (double submission)', () => {
    const again = transition('assessment', 'decide_referral', 'assessment')
    assert.ok(!again.ok)
    assert.equal(again.error.code, 'EPISODE.STEP_NOT_ALLOWED')
  })

  it('never crashes: any phase, step and outcome gives a typed result', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...episodePhases),
        fc.constantFrom(...episodeSteps),
        fc.string(),
        (phase, step, outcome) => {
          const r = transition(phase, step, outcome)
          if (r.ok) assert.ok(outcomesFor(phase, step).some((t) => t.outcome === outcome))
          else assert.ok(['EPISODE.STEP_NOT_ALLOWED', 'EPISODE.UNKNOWN_OUTCOME'].includes(r.error.code))
        },
      ),
    )
  })

  const clocks: [why: string, phase: EpisodePhase, step: EpisodeStep, outcome: string, starts: ClockStart[]][] = [
    [
      'starts the conference clock at the strategy discussion that began the section 47 (T5)',
      'strategy_discussion',
      'record_strategy_discussion',
      'section_47',
      [{ rule: 'initial-child-protection-conference', from: 'step' }],
    ],
    [
      'counts the assessment from the referral date (T2)',
      'front_door',
      'decide_referral',
      'assessment',
      [{ rule: 'child-and-family-assessment', from: 'referral' }],
    ],
  ]
  for (const [why, phase, step, outcome, starts] of clocks) {
    it(why, () => {
      const r = transition(phase, step, outcome)
      assert.ok(r.ok)
      assert.deepEqual(r.value.transition.starts, starts)
    })
  }
})

describe('strategy discussion attendance', () => {
  it('needs the local authority, police and health', () => {
    assert.ok(checkStrategyDiscussionAttendance(['local_authority', 'police', 'health', 'education']).ok)
    const r = checkStrategyDiscussionAttendance(['local_authority', 'education'])
    assert.ok(!r.ok)
    assert.equal(r.error.code, 'STRATEGY_DISCUSSION.MISSING_AGENCIES')
    assert.match(r.error.message, /police and health/)
  })
})

describe('step dates', () => {
  const today = date('2026-11-23')
  it('refuses a date before the event it follows, or in the future', () => {
    const before = checkStepDate('heldOn', date('2026-11-01'), today, {
      date: date('2026-11-02'),
      what: 'the strategy discussion (2 November 2026)',
    })
    assert.ok(!before.ok)
    assert.equal(before.error.code, 'EPISODE.DATE_OUT_OF_ORDER')
    assert.ok(before.error.fields?.heldOn)
    const future = checkStepDate('heldOn', date('2026-11-24'), today, undefined)
    assert.ok(!future.ok)
    assert.equal(future.error.code, 'EPISODE.DATE_IN_FUTURE')
    assert.ok(checkStepDate('heldOn', date('2026-11-02'), today, { date: date('2026-11-02'), what: 'x' }).ok)
  })
})

describe('what a step does beyond the phase is in its row', () => {
  it('closing after an assessment carries the census reason RC8 or RC9; other rows none', () => {
    for (const t of episodeTransitions) {
      const want =
        t.to === 'closed' && t.outcome === 'no_further_action'
          ? 'RC8'
          : t.to === 'closed' && t.outcome === 'early_help'
            ? 'RC9'
            : undefined
      assert.equal(t.closureReason, want, `${t.step}/${t.outcome}`)
      assert.equal(t.endsAllClocks, t.to === 'closed', `${t.step}/${t.outcome}`)
    }
  })

  it('only the front door deciding no further action flags the referral NFA', () => {
    const flagged = episodeTransitions.filter((t) => t.referralNoFurtherAction).map((t) => `${t.step}/${t.outcome}`)
    assert.deepEqual(flagged, ['decide_referral/no_further_action'])
  })

  it('the steps that start the assessment clock open the assessment record', () => {
    const opening = episodeTransitions.filter((t) => t.opensAssessment).map((t) => t.outcome)
    assert.deepEqual(opening, ['assessment', 'strategy_discussion', 'immediate_protection'])
  })
})
