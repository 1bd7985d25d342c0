import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { date } from '../../../platform/calendar/testing.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { findRule } from '../../timescales/domain/rules.js'
import {
  allowedEvents,
  concernActorKinds,
  concernEvents,
  concernStates,
  concernTransitions,
  decisionKinds,
  decisionMessages,
  mayCause,
  transition,
  validateDecision,
  validateEventText,
  type ConcernEvent,
  type ConcernState,
  type DecisionInput,
} from './workflow.js'

describe('transition', () => {
  // Every state × event: the next state, or undefined when refused.
  const matrix: Readonly<Record<ConcernState, Readonly<Record<ConcernEvent, ConcernState | undefined>>>> = {
    new: {
      acknowledge: 'acknowledged',
      request_information: undefined,
      provide_information: undefined,
      decide: undefined,
      add_addendum: 'new',
    },
    acknowledged: {
      acknowledge: undefined,
      request_information: 'information_requested',
      provide_information: undefined,
      decide: 'decided',
      add_addendum: 'acknowledged',
    },
    information_requested: {
      acknowledge: undefined,
      request_information: undefined,
      provide_information: 'acknowledged',
      decide: 'decided',
      add_addendum: 'information_requested',
    },
    decided: {
      acknowledge: undefined,
      request_information: undefined,
      provide_information: undefined,
      decide: 'decided',
      add_addendum: 'decided',
    },
  }
  for (const state of concernStates) {
    for (const event of concernEvents) {
      const expected = matrix[state][event]
      it(`${state} --${event}--> ${expected ?? 'refused'}`, () => {
        const result = transition(state, event)
        if (expected === undefined) {
          assert.equal(result.ok, false)
          if (!result.ok) {
            assert.equal(result.error.code, 'CONCERN.TRANSITION_NOT_ALLOWED')
            assert.ok(result.error.message.length > 0)
          }
        } else {
          assert.ok(result.ok)
          assert.equal(result.value, expected)
        }
      })
    }
  }

  it('allowedEvents lists exactly the events transition accepts', () => {
    for (const state of concernStates) {
      assert.deepEqual(
        allowedEvents(state),
        concernEvents.filter((e) => transition(state, e).ok),
      )
    }
  })

  it('has one row per event', () => {
    assert.deepEqual(
      concernTransitions.map((t) => t.event),
      [...concernEvents],
    )
  })

  it('property: any sequence of allowed events stays in a known state; addenda never change it; decided is never left', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...concernEvents), { maxLength: 30 }), (events) => {
        let state: ConcernState = 'new'
        for (const event of events) {
          const next = transition(state, event)
          if (!next.ok) continue
          if (event === 'add_addendum') assert.equal(next.value, state)
          if (state === 'decided') assert.equal(next.value, 'decided')
          state = next.value
          assert.ok(concernStates.includes(state))
        }
      }),
    )
  })
})

describe('who may cause what', () => {
  const author = { userId: 'u-author', organisationId: 'org-1', roles: ['staff'] as const }
  const dsl = { userId: 'u-dsl', organisationId: 'org-1', roles: ['dsl'] as const }
  const otherDsl = { userId: 'u-other', organisationId: 'org-2', roles: ['dsl'] as const }
  const dslAuthor = { userId: 'u-author', organisationId: 'org-1', roles: ['deputy_dsl'] as const }
  const concern = { authorUserId: 'u-author', organisationId: 'org-1' }

  const cases: readonly [
    who: string,
    actor: { userId: string; organisationId: string; roles: readonly ('staff' | 'dsl' | 'deputy_dsl')[] },
    kinds: readonly string[],
    may: readonly ConcernEvent[],
  ][] = [
    ['the author', author, ['author'], ['provide_information', 'add_addendum']],
    [
      'a DSL of the organisation',
      dsl,
      ['safeguarding_lead'],
      ['acknowledge', 'request_information', 'decide', 'add_addendum'],
    ],
    ['a DSL elsewhere', otherDsl, [], []],
    ['a deputy DSL who wrote it', dslAuthor, ['author', 'safeguarding_lead'], [...concernEvents]],
  ]
  for (const [who, actor, kinds, may] of cases) {
    it(`${who}: ${may.join(', ') || 'nothing'}`, () => {
      const found = concernActorKinds(actor, concern)
      assert.deepEqual(found, kinds)
      assert.deepEqual(
        concernEvents.filter((e) => mayCause(e, found)),
        may,
      )
    })
  }
})

describe('validateEventText', () => {
  it('keeps the text verbatim', () => {
    const result = validateEventText('add_addendum', '  Correction: it was the right cheek.\n')
    assert.ok(result.ok)
    assert.equal(result.value, '  Correction: it was the right cheek.\n')
  })
  const cases: readonly [
    event: 'request_information' | 'provide_information' | 'add_addendum',
    text: string,
    message: string | RegExp,
  ][] = [
    ['request_information', '', 'Enter what more information you need'],
    ['provide_information', ' ', 'Enter the information you were asked for'],
    ['add_addendum', '', 'Enter the addendum'],
    ['add_addendum', 'x'.repeat(5_001), 'The addendum must be 5,000 characters or fewer'],
    ['request_information', 'x'.repeat(2_001), 'Your request must be 2,000 characters or fewer'],
    ['provide_information', 'x'.repeat(10_001), 'The information must be 10,000 characters or fewer'],
    ['add_addendum', 'bad\u0000', /hidden control characters/],
  ]
  for (const [event, text, message] of cases) {
    it(`${event}: ${typeof message === 'string' ? message : message.source}`, () => {
      const result = validateEventText(event, text)
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.error.code, 'CONCERN.TEXT_INVALID')
        if (typeof message === 'string') assert.equal(result.error.fields?.text, message)
        else assert.match(result.error.fields?.text ?? '', message)
      }
    })
  }
})

describe('decisionKinds', () => {
  it('is exactly the decisions in the issue', () => {
    assert.deepEqual(
      decisionKinds.map((k) => k.id),
      [
        'no_further_action',
        'monitor',
        'internal_support',
        'early_help',
        'refer_to_childrens_social_care',
        'inform_police',
        'lado',
        'fgm_report_made',
      ],
    )
  })

  it('names timescale rules that exist', () => {
    for (const kind of decisionKinds) {
      for (const rule of [kind.startsRule, kind.satisfiesRule])
        if (rule !== undefined) assert.ok(findRule(rule).ok, rule)
    }
    assert.equal(decisionKinds.find((k) => k.id === 'lado')?.startsRule, 'lado-referral')
    assert.equal(decisionKinds.find((k) => k.id === 'fgm_report_made')?.satisfiesRule, 'fgm-police-report')
  })

  it('only the referral decision creates a referral, and monitoring needs a review date', () => {
    assert.deepEqual(
      decisionKinds.filter((k) => k.createsReferral).map((k) => k.id),
      ['refer_to_childrens_social_care'],
    )
    assert.deepEqual(decisionKinds.find((k) => k.id === 'monitor')?.requires, ['reviewOn'])
  })
})

describe('validateDecision', () => {
  const today = date('2026-03-15')
  const valid: readonly [why: string, input: DecisionInput, expected: Readonly<Record<string, unknown>>][] = [
    [
      'no further action with a reason',
      { kind: 'no_further_action', rationale: 'Explained by a fall seen by two staff' },
      { kind: 'no_further_action' },
    ],
    [
      'monitor with a review date tomorrow',
      { kind: 'monitor', rationale: 'r', reviewOn: date('2026-03-16') },
      { kind: 'monitor', reviewOn: '2026-03-16' },
    ],
    [
      'monitor with a review date 12 months ahead',
      { kind: 'monitor', rationale: 'r', reviewOn: date('2027-03-15') },
      { kind: 'monitor', reviewOn: '2027-03-15' },
    ],
    [
      'a referral, ignoring a stray review date',
      { kind: 'refer_to_childrens_social_care', rationale: 'r', reviewOn: date('2020-01-01') },
      { kind: 'refer_to_childrens_social_care' },
    ],
    [
      'inform the police with a reference',
      { kind: 'inform_police', rationale: 'r', policeReference: ' 01/2345/26 ' },
      { kind: 'inform_police', policeReference: '01/2345/26' },
    ],
    [
      'inform the police without a reference',
      { kind: 'inform_police', rationale: 'r', policeReference: ' ' },
      { kind: 'inform_police' },
    ],
    [
      'FGM report made today',
      { kind: 'fgm_report_made', rationale: 'r', reportedOn: today, policeReference: 'X1' },
      { kind: 'fgm_report_made', reportedOn: '2026-03-15', policeReference: 'X1' },
    ],
    ['LADO', { kind: 'lado', rationale: 'Allegation about a teaching assistant' }, { kind: 'lado' }],
  ]
  for (const [why, input, expected] of valid) {
    it(`accepts ${why}`, () => {
      const result = validateDecision(input, today)
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
      const { reviewOn, reportedOn, ...rest } = result.value
      const actual: Record<string, unknown> = { ...rest }
      if (reviewOn !== undefined) actual.reviewOn = formatLocalDate(reviewOn)
      if (reportedOn !== undefined) actual.reportedOn = formatLocalDate(reportedOn)
      assert.deepEqual(actual, { rationale: input.rationale, ...expected })
    })
  }

  const invalid: readonly [why: string, input: DecisionInput, field: string, message: string][] = [
    ['no kind', { rationale: 'r' }, 'kind', decisionMessages.kindMissing],
    ['an unknown kind', { kind: 'shrug', rationale: 'r' }, 'kind', decisionMessages.kindMissing],
    ['no reason', { kind: 'early_help', rationale: ' ' }, 'rationale', decisionMessages.rationaleMissing],
    [
      'no reason for no further action',
      { kind: 'no_further_action', rationale: '' },
      'rationale',
      decisionMessages.noFurtherActionRationaleMissing,
    ],
    [
      'an oversize reason',
      { kind: 'early_help', rationale: 'x'.repeat(5_001) },
      'rationale',
      'The reason for your decision must be 5,000 characters or fewer',
    ],
    [
      'monitor without a review date',
      { kind: 'monitor', rationale: 'r' },
      'reviewOn',
      decisionMessages.reviewOnMissing,
    ],
    [
      'monitor reviewed today',
      { kind: 'monitor', rationale: 'r', reviewOn: today },
      'reviewOn',
      decisionMessages.reviewOnNotFuture,
    ],
    [
      'monitor reviewed in the past',
      { kind: 'monitor', rationale: 'r', reviewOn: date('2026-01-01') },
      'reviewOn',
      decisionMessages.reviewOnNotFuture,
    ],
    [
      'monitor reviewed in 13 months',
      { kind: 'monitor', rationale: 'r', reviewOn: date('2027-04-15') },
      'reviewOn',
      decisionMessages.reviewOnTooFar,
    ],
    [
      'an FGM report with no date',
      { kind: 'fgm_report_made', rationale: 'r' },
      'reportedOn',
      decisionMessages.reportedOnMissing,
    ],
    [
      'an FGM report tomorrow',
      { kind: 'fgm_report_made', rationale: 'r', reportedOn: date('2026-03-16') },
      'reportedOn',
      decisionMessages.reportedOnInFuture,
    ],
    [
      'an oversize police reference',
      { kind: 'inform_police', rationale: 'r', policeReference: 'x'.repeat(51) },
      'policeReference',
      'The police reference must be 50 characters or fewer',
    ],
  ]
  for (const [why, input, field, message] of invalid) {
    it(`rejects ${why} → ${field}`, () => {
      const result = validateDecision(input, today)
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.error.code, 'CONCERN.DECISION_INVALID')
        assert.deepEqual(result.error.fields, { [field]: message })
        assert.equal(result.error.message, message)
      }
    })
  }
})
