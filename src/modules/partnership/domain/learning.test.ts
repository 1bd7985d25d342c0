import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { date } from '../../../platform/calendar/testing.js'
import {
  checkDecision,
  checkNotification,
  checkPracticeReviewStage,
  checkPublicationDate,
  checkReadyToDecide,
  incidentStages,
  learningSteps,
  learningTransition,
  learningTransitions,
  type AskedAgency,
  type SeriousIncidentNotification,
} from './learning.js'
import { findRule } from '../../timescales/domain/rules.js'

const today = date('2026-06-10')

const notification: SeriousIncidentNotification = {
  incidentOn: date('2026-06-01'),
  awareOn: date('2026-06-02'),
  notifiedPanelOn: date('2026-06-05'),
  location: 'Northshire',
  children: [{ childId: 'c1', legalStatus: 'child_protection_plan' }],
  otherChildren: '',
  harm: 'serious_harm',
  abuseOrNeglect: 'suspected',
  happenedInLocalAuthority: 'Northshire',
  childLivesInLocalAuthority: 'Northshire',
}

describe('the learning transition table', () => {
  it('has one row per step, and every clock it names is in the timescale rule table', () => {
    assert.deepEqual(
      learningTransitions.map((t) => t.step),
      [...learningSteps],
    )
    for (const t of learningTransitions)
      for (const rule of [...t.starts, ...t.completes]) assert.ok(findRule(rule).ok, rule)
  })

  it('opens an incident only by notifying it, and never notifies twice', () => {
    assert.ok(learningTransition(undefined, 'notify_serious_incident').ok)
    for (const stage of incidentStages) {
      const r = learningTransition(stage, 'notify_serious_incident')
      assert.equal(r.ok, false)
      if (!r.ok) assert.equal(r.error.code, 'LEARNING.STEP_NOT_ALLOWED')
    }
  })

  it('allows no rapid review step before the notification', () => {
    for (const step of learningSteps.filter((s) => s !== 'notify_serious_incident'))
      assert.equal(learningTransition(undefined, step).ok, false, step)
  })

  it('refuses every step not in the table, with a plain sentence and never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...incidentStages), fc.constantFrom(...learningSteps), (stage, step) => {
        const r = learningTransition(stage, step)
        const row = learningTransitions.find((t) => t.step === step)
        const listed = row !== undefined && row.from !== 'none' && row.from.includes(stage)
        assert.equal(r.ok, listed)
        if (!r.ok) assert.match(r.error.message, /cannot/)
      }),
    )
  })

  it('decides only during the rapid review, and signs off only after the decision', () => {
    assert.ok(learningTransition('rapid_review', 'decide_rapid_review').ok)
    assert.equal(learningTransition('notified', 'decide_rapid_review').ok, false)
    assert.ok(learningTransition('awaiting_sign_off', 'sign_off_rapid_review').ok)
    assert.equal(learningTransition('rapid_review', 'sign_off_rapid_review').ok, false)
    assert.equal(learningTransition('closed', 'record_practice_review').ok, false)
  })
})

describe('checkNotification', () => {
  it('accepts a complete notification', () => {
    assert.ok(checkNotification(notification, today).ok)
  })

  it('refuses a notification without its children or the awareness date', () => {
    const noChildren = checkNotification({ ...notification, children: [] }, today)
    assert.ok(!noChildren.ok && noChildren.error.fields?.['children'])
    const { awareOn: _unused, ...rest } = notification
    const noDate = checkNotification(rest, today)
    assert.ok(!noDate.ok && noDate.error.fields?.['awareOn'])
  })

  it('takes at most four children; others are listed in words', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ childId: `c${i}`, legalStatus: 'none' as const }))
    const r = checkNotification({ ...notification, children: five }, today)
    assert.ok(!r.ok && /up to 4/.test(r.error.fields?.['children'] ?? ''))
    assert.ok(checkNotification({ ...notification, children: five.slice(0, 4) }, today).ok)
  })

  it('refuses the same child twice, a future awareness date and a Panel notice before awareness', () => {
    const twice = checkNotification(
      {
        ...notification,
        children: [
          { childId: 'c1', legalStatus: 'none' },
          { childId: 'c1', legalStatus: 'none' },
        ],
      },
      today,
    )
    assert.equal(twice.ok, false)
    assert.equal(checkNotification({ ...notification, awareOn: date('2026-06-11') }, today).ok, false)
    assert.equal(checkNotification({ ...notification, notifiedPanelOn: date('2026-06-01') }, today).ok, false)
  })

  it('notifies without suspected abuse only for the death of a looked-after child or care leaver', () => {
    const noAbuse = { ...notification, abuseOrNeglect: 'not_suspected' as const }
    assert.equal(checkNotification(noAbuse, today).ok, false)
    const lookedAfter = [{ childId: 'c1', legalStatus: 'looked_after' }] as const
    for (const [harm, notified] of [
      ['death', true],
      ['serious_harm', false],
    ] as const)
      assert.equal(checkNotification({ ...noAbuse, harm, children: lookedAfter }, today).ok, notified, harm)
  })
})

describe('checkReadyToDecide', () => {
  const agency = (name: string, state: AskedAgency['state']): AskedAgency => ({
    organisationId: name,
    organisationName: name,
    state,
  })

  it('waits for every asked agency and names the ones outstanding', () => {
    const r = checkReadyToDecide([
      agency('Northshire Police', { kind: 'submitted' }),
      agency('Northshire Primary School', { kind: 'awaited' }),
    ])
    assert.ok(!r.ok)
    if (!r.ok) {
      assert.equal(r.error.code, 'LEARNING.SUMMARIES_OUTSTANDING')
      assert.match(r.error.message, /Northshire Primary School/)
      assert.doesNotMatch(r.error.message, /Northshire Police/)
    }
  })

  it('accepts a summary, "holds nothing", or a gap the business manager closed with a reason', () => {
    assert.ok(
      checkReadyToDecide([
        agency('a', { kind: 'submitted' }),
        agency('b', { kind: 'holds_nothing' }),
        agency('c', { kind: 'gap_closed', reason: 'Agency closed; records held by the trust' }),
      ]).ok,
    )
  })
})

describe('checkDecision', () => {
  const input = {
    meetingOn: date('2026-06-09'),
    decision: 'no_review' as const,
    reasons: '',
    immediateActions: 'Safety plan',
    learning: 'Information sharing',
  }
  it('needs reasons for no practice review', () => {
    const r = checkDecision(input, date('2026-06-05'), today)
    assert.ok(!r.ok && r.error.fields?.['reasons'])
    assert.ok(checkDecision({ ...input, reasons: 'Learning already known' }, date('2026-06-05'), today).ok)
  })
  it('refuses a meeting before the notification or in the future', () => {
    assert.equal(
      checkDecision({ ...input, decision: 'practice_review', meetingOn: date('2026-06-04') }, date('2026-06-05'), today)
        .ok,
      false,
    )
    assert.equal(
      checkDecision({ ...input, decision: 'practice_review', meetingOn: date('2026-06-11') }, date('2026-06-05'), today)
        .ok,
      false,
    )
  })
})

describe('the practice review', () => {
  it('records its stages in order, each once', () => {
    assert.ok(checkPracticeReviewStage([], 'commissioned').ok)
    assert.equal(checkPracticeReviewStage([], 'draft').ok, false)
    assert.ok(checkPracticeReviewStage(['commissioned', 'draft', 'final'], 'sent').ok)
    assert.equal(checkPracticeReviewStage(['commissioned'], 'commissioned').ok, false)
    const done = checkPracticeReviewStage(['commissioned', 'draft', 'final', 'sent', 'published'], 'published')
    assert.ok(!done.ok && /published/.test(done.error.message))
  })
  it('refuses publication before the Panel and the Secretary of State have had the notice', () => {
    assert.equal(checkPublicationDate(date('2026-07-01'), date('2026-07-02'), 7).ok, false)
    assert.ok(checkPublicationDate(date('2026-07-02'), date('2026-07-02'), 7).ok)
  })
})
