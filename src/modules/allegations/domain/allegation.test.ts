import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { testActor } from '../../../platform/identity/testingActor.js'
import { fieldProblems } from '../../../platform/shared/result.js'
import {
  allegationMessages,
  allegationTransition,
  retentionUntil,
  statePensionAge,
  validateAllegation,
  validateLadoOutcome,
  validateLadoReferral,
  ladoReferralMessages,
} from './allegation.js'
import {
  isPattern,
  reviewerRolesFor,
  sameSubjectKey,
  validateLowLevelConcern,
  validateReview,
} from './lowLevelConcern.js'
import { decideAllegation, decideLowLevelConcern, type AllegationFacts } from './policy.js'

const today = date('2026-12-04')

describe('allegation workflow', () => {
  it('recorded → referred → concluded, nothing else', () => {
    assert.deepEqual(allegationTransition('recorded', 'refer_to_lado'), { ok: true, value: 'referred' })
    assert.deepEqual(allegationTransition('referred', 'record_outcome'), { ok: true, value: 'concluded' })
    for (const [state, step] of [
      ['recorded', 'record_outcome'],
      ['referred', 'refer_to_lado'],
      ['concluded', 'refer_to_lado'],
      ['concluded', 'record_outcome'],
    ] as const) {
      const r = allegationTransition(state, step)
      assert.equal(r.ok ? undefined : r.error.code, 'ALLEGATION.STEP_NOT_ALLOWED', `${state} ${step}`)
    }
  })
})

describe('recording an allegation', () => {
  const good = {
    subjectName: 'Sam Coach',
    subjectRole: 'Volunteer coach',
    subjectEmployer: 'Northshire Juniors FC',
    awareOn: date('2026-12-03'),
    account: 'A parent says the coach messaged her son on social media late at night.',
    limbs: ['risk_of_harm'],
  }
  it('accepts a good allegation', () => assert.equal(validateAllegation(good, today).ok, true))
  it('refuses one without the employer', () => {
    const r = validateAllegation({ ...good, subjectEmployer: '  ' }, today)
    assert.equal(r.ok ? undefined : r.error.fields?.subjectEmployer, allegationMessages.subjectEmployerMissing)
  })
  it('refuses one that meets no limb of the harm threshold, pointing to a low-level concern', () => {
    const r = validateAllegation({ ...good, limbs: ['nonsense'] }, today)
    assert.equal(r.ok ? undefined : r.error.fields?.limbs, allegationMessages.limbsMissing)
  })
  it('refuses an awareness date in the future', () => {
    const r = validateAllegation({ ...good, awareOn: date('2026-12-05') }, today)
    assert.equal(r.ok ? undefined : r.error.fields?.awareOn, allegationMessages.awareOnInFuture)
  })
  it('keeps the limbs in the threshold’s order', () => {
    const r = validateAllegation({ ...good, limbs: ['unsuitable', 'harmed'] }, today)
    assert.deepEqual(r.ok ? r.value.limbs : [], ['harmed', 'unsuitable'])
  })
})

describe('the LADO referral and outcome', () => {
  it('refuses a referral sent before the employer knew, or in the future', () => {
    const before = validateLadoReferral({ sentOn: date('2026-12-01') }, date('2026-12-02'), today)
    assert.equal(before.ok ? undefined : before.error.fields?.sentOn, ladoReferralMessages.sentOnBeforeAware)
    const future = validateLadoReferral({ sentOn: date('2026-12-05') }, date('2026-12-02'), today)
    assert.equal(future.ok ? undefined : future.error.fields?.sentOn, ladoReferralMessages.sentOnInFuture)
    assert.equal(validateLadoReferral({ sentOn: today, ladoReference: ' L-1 ' }, date('2026-12-02'), today).ok, true)
  })
  it('needs an outcome, police, DBS and TRA answers and the investigation', () => {
    const r = validateLadoOutcome({}, date('2026-11-01'), today)
    assert.deepEqual(Object.keys(fieldProblems(r)).sort(), [
      'dbsReferral',
      'investigation',
      'outcome',
      'policeInvolved',
      'traReferral',
    ])
  })
  it('suspension end must follow its start', () => {
    const r = validateLadoOutcome(
      {
        outcome: 'unsubstantiated',
        policeInvolved: 'no',
        dbsReferral: 'no',
        traReferral: 'no',
        investigation: 'Interviews',
        suspendedFrom: date('2026-11-10'),
        suspendedUntil: date('2026-11-09'),
      },
      date('2026-11-01'),
      today,
    )
    assert.ok(!r.ok && r.error.fields?.suspendedUntil !== undefined)
  })
})

describe('retention', () => {
  const table: [string, string, string | null, string, string][] = [
    ['young person: until pension age', '2026-12-03', '1990-05-01', '2058-05-01', 'pension_age'],
    ['near pension age: 10 years', '2026-12-03', '1962-01-01', '2036-12-03', 'ten_years'],
    ['born before 6 April 1960: 66', '2020-01-01', '1960-04-05', '2030-01-01', 'ten_years'],
    ['born after 5 April 1977: 68', '2026-12-03', '1977-04-06', '2045-04-06', 'pension_age'],
    [
      'date of birth unknown: 10 years, and says so',
      '2026-12-03',
      null,
      '2036-12-03',
      'ten_years_date_of_birth_unknown',
    ],
  ]
  for (const [name, aware, dob, until, basis] of table)
    it(name, () => {
      const r = retentionUntil(date(aware), dob === null ? null : date(dob))
      assert.equal(formatLocalDate(r.until), until)
      assert.equal(r.basis, basis)
    })
  it('state pension age bands', () => {
    assert.equal(statePensionAge(date('1955-01-01')), 66)
    assert.equal(statePensionAge(date('1970-01-01')), 67)
    assert.equal(statePensionAge(date('1990-01-01')), 68)
  })
})

const actor = (userId: string, roles: Role[], organisationId = 'org-1', localAreaId = 'area-1'): Actor =>
  testActor(userId, roles, { organisationId, localAreaId })

describe('who sees an allegation', () => {
  const a: AllegationFacts = {
    organisationId: 'org-1',
    localAreaId: 'area-1',
    caseManagerUserId: 'head',
    namedUserIds: ['chair'],
    subjectUserId: 'teacher',
  }
  const table: [string, Actor, boolean][] = [
    ['the case manager', actor('head', ['head']), true],
    ['the LADO of the area', actor('lado', ['lado'], 'la-1'), true],
    ['a LADO of another area', actor('lado2', ['lado'], 'la-2', 'area-2'), false],
    ['someone named on it', actor('chair', ['chair_of_governors']), true],
    ['a colleague who is the DSL', actor('dsl', ['dsl']), false],
    ['a colleague', actor('other', ['staff']), false],
    ['the subject, even with a lead role', actor('teacher', ['head', 'staff']), false],
  ]
  for (const [name, who, allowed] of table)
    it(name, () => assert.equal(decideAllegation(who, { kind: 'allegation.view', allegation: a }).allowed, allowed))
  it('only the LADO records the outcome', () => {
    assert.equal(
      decideAllegation(actor('head', ['head']), { kind: 'allegation.record_outcome', allegation: a }).allowed,
      false,
    )
    assert.equal(
      decideAllegation(actor('lado', ['lado'], 'la-1'), { kind: 'allegation.record_outcome', allegation: a }).allowed,
      true,
    )
  })
})

describe('low-level concerns', () => {
  it('the head reviews, the chair of governors when it is about the head', () => {
    assert.deepEqual(reviewerRolesFor(false), ['head'])
    assert.deepEqual(reviewerRolesFor(true), ['chair_of_governors'])
    const aboutHead = { organisationId: 'org-1', raisedByUserId: 'teacher', subjectUserId: 'head', aboutHead: true }
    assert.equal(
      decideLowLevelConcern(actor('head', ['head']), { kind: 'low_level_concern.view', concern: aboutHead }).allowed,
      false,
    )
    assert.equal(
      decideLowLevelConcern(actor('chair', ['chair_of_governors']), {
        kind: 'low_level_concern.review',
        concern: aboutHead,
      }).allowed,
      true,
    )
    assert.equal(
      decideLowLevelConcern(actor('teacher', ['staff']), { kind: 'low_level_concern.view', concern: aboutHead })
        .allowed,
      true,
    )
    const other = { ...aboutHead, subjectUserId: 'ta', aboutHead: false }
    assert.equal(
      decideLowLevelConcern(actor('head', ['head'], 'org-2'), { kind: 'low_level_concern.review', concern: other })
        .allowed,
      false,
    )
    assert.equal(
      decideLowLevelConcern(actor('dsl', ['dsl']), { kind: 'low_level_concern.view', concern: other }).allowed,
      false,
    )
  })
  it('patterns: the second concern about the same person is flagged', () => {
    assert.equal(isPattern(1), false)
    assert.equal(isPattern(2), true)
    assert.equal(
      sameSubjectKey({ userId: null, name: ' Pat  Smith ' }),
      sameSubjectKey({ userId: null, name: 'pat smith' }),
    )
    assert.notEqual(sameSubjectKey({ userId: 'u1', name: 'Pat' }), sameSubjectKey({ userId: null, name: 'Pat' }))
  })
  it('a concern needs a person, how they work here and what happened', () => {
    const r = validateLowLevelConcern({})
    assert.deepEqual(Object.keys(fieldProblems(r)).sort(), ['account', 'subjectKind', 'subjectName'])
    assert.equal(validateLowLevelConcern({ subjectUserId: 'u1', subjectKind: 'staff', account: 'x' }).ok, true)
  })
  it('a low-level decision needs the actions', () => {
    assert.equal(validateReview({ decision: 'low_level', actions: '' }).ok, false)
    assert.equal(validateReview({ decision: 'no_further_action' }).ok, true)
    assert.equal(validateReview({ decision: 'allegation' }).ok, true)
  })
})
