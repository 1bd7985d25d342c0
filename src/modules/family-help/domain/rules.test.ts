import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import {
  checkAssessment,
  checkConsent,
  checkEpisodeDate,
  checkLeadPractitioner,
  checkMeetingDate,
  checkNoOpenEpisode,
  checkPlan,
  checkReview,
  waitsForLeadPractitioner,
  closureReasonForDecision,
  episodeReference,
  type TeamMembership,
} from './rules.js'

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day }) as LocalDate
const today = d(2026, 12, 3)
const opened = { date: d(2026, 11, 2), what: 'the day the episode was opened' }
const team: TeamMembership[] = [
  { id: 'm-school', organisationId: 'school', leftOn: null },
  { id: 'm-health', organisationId: 'health', leftOn: null },
  { id: 'm-left', organisationId: 'police', leftOn: d(2026, 11, 20) },
]

describe('checkEpisodeDate', () => {
  const cases: readonly [string, LocalDate, string | undefined][] = [
    ['today', today, undefined],
    ['the opening day', d(2026, 11, 2), undefined],
    ['tomorrow', d(2026, 12, 4), 'FAMILY_HELP.DATE_IN_FUTURE'],
    ['the day before opening', d(2026, 11, 1), 'FAMILY_HELP.DATE_BEFORE_EPISODE'],
  ]
  for (const [name, date, code] of cases) {
    it(`${name}: ${code ?? 'accepted'}`, () => {
      const r = checkEpisodeDate('heldOn', date, today, opened)
      if (code === undefined) assert.ok(r.ok)
      else {
        assert.ok(!r.ok)
        assert.equal(r.error.code, code)
        assert.ok(r.error.fields?.['heldOn'])
      }
    })
  }
  it('names the earliest date in words', () => {
    const r = checkEpisodeDate('heldOn', d(2026, 1, 1), today, opened)
    assert.ok(!r.ok)
    assert.match(r.error.message, /2 November 2026/)
  })
  it('meetings are arranged for today or later', () => {
    assert.ok(checkMeetingDate('on', today, today).ok)
    const past = checkMeetingDate('on', d(2026, 12, 2), today)
    assert.ok(!past.ok && past.error.code === 'FAMILY_HELP.MEETING_IN_PAST')
  })
})

describe('checkLeadPractitioner', () => {
  it('accepts someone from a current team agency', () => assert.ok(checkLeadPractitioner('school', team).ok))
  it('refuses an agency not in the team', () => {
    const r = checkLeadPractitioner('nursery', team)
    assert.ok(!r.ok)
    assert.equal(r.error.code, 'FAMILY_HELP.LEAD_NOT_IN_TEAM')
    assert.ok(r.error.fields?.['leadPractitioner'])
  })
  it('refuses an agency that has left the team', () => {
    const r = checkLeadPractitioner('police', team)
    assert.ok(!r.ok)
  })
})

describe('waitsForLeadPractitioner', () => {
  it('holds back only the assessment, and only until a lead practitioner is named', () => {
    assert.equal(waitsForLeadPractitioner('record_assessment', false), true)
    assert.equal(waitsForLeadPractitioner('record_assessment', true), false)
    assert.equal(waitsForLeadPractitioner('assign_lead_practitioner', false), false)
    assert.equal(waitsForLeadPractitioner('step_up', false), false)
  })
})

describe('checkAssessment', () => {
  it('needs a lead practitioner first', () => {
    const r = checkAssessment([{ area: 'education', description: 'x' }], false)
    assert.ok(!r.ok && r.error.code === 'FAMILY_HELP.NO_LEAD_PRACTITIONER')
  })
  it('needs at least one need, each area once', () => {
    const none = checkAssessment([], true)
    assert.ok(!none.ok && none.error.code === 'FAMILY_HELP.ASSESSMENT_INVALID')
    const twice = checkAssessment(
      [
        { area: 'housing', description: 'a' },
        { area: 'housing', description: 'b' },
      ],
      true,
    )
    assert.ok(!twice.ok)
    assert.ok(checkAssessment([{ area: 'housing', description: 'a' }], true).ok)
  })
})

describe('checkPlan', () => {
  const agreedOn = d(2026, 12, 1)
  const good = {
    agreedOn,
    actions: [
      { what: 'Attendance plan', who: 'Oakfield Primary School', byWhen: d(2027, 1, 8) },
      { what: 'Bedtime routine', who: 'Mum', byWhen: d(2026, 12, 1) },
    ],
    goals: [{ area: 'education' as const, goal: 'At school every day', score: 4 }],
  }
  it('accepts a plan with dated actions and scored goals', () => assert.ok(checkPlan(good, ['education']).ok))
  const bad: readonly [string, Parameters<typeof checkPlan>[0], string][] = [
    ['no actions', { ...good, actions: [] }, 'action1What'],
    ['no goals', { ...good, goals: [] }, 'goal1Area'],
    [
      'an action due before the plan',
      { ...good, actions: [{ what: 'x', who: 'Dad', byWhen: d(2026, 11, 30) }] },
      'action1ByWhen',
    ],
    ['a score of 0', { ...good, goals: [{ area: 'education', goal: 'g', score: 0 }] }, 'goal1Score'],
    ['a score of 11', { ...good, goals: [{ area: 'education', goal: 'g', score: 11 }] }, 'goal1Score'],
    ['a score of 4.5', { ...good, goals: [{ area: 'education', goal: 'g', score: 4.5 }] }, 'goal1Score'],
    ['a goal for a need not assessed', { ...good, goals: [{ area: 'housing', goal: 'g', score: 5 }] }, 'goal1Area'],
  ]
  for (const [name, plan, field] of bad) {
    it(`refuses ${name}`, () => {
      const r = checkPlan(plan, ['education'])
      assert.ok(!r.ok)
      assert.equal(r.error.code, 'FAMILY_HELP.PLAN_INVALID')
      assert.ok(r.error.fields?.[field], JSON.stringify(r.error.fields))
    })
  }
})

describe('checkReview', () => {
  const plan = { actions: 2, goals: 1 }
  it('accepts progress on every action and goal', () => {
    assert.ok(checkReview({ actions: ['better', 'same', undefined], goals: ['worse', undefined] }, plan).ok)
  })
  it('refuses missing progress, and progress on actions the plan does not have', () => {
    const r = checkReview({ actions: ['better', undefined, 'worse'], goals: [undefined] }, plan)
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}).sort(), ['action2Progress', 'action3Progress', 'goal1Progress'])
  })
  it('suggests a closure reason from the decision', () => {
    assert.equal(closureReasonForDecision('close'), 'outcomes_met')
    assert.equal(closureReasonForDecision('step_down'), 'stepped_down_universal')
    assert.equal(closureReasonForDecision('continue'), undefined)
  })
})

describe('checkNoOpenEpisode', () => {
  const open = [{ id: 'e1', reference: 'FH-000007', childIds: ['c1', 'c2'] }]
  it('refuses a child already in an open episode, naming it', () => {
    const r = checkNoOpenEpisode(['c3', 'c2'], open)
    assert.ok(!r.ok)
    assert.equal(r.error.code, 'FAMILY_HELP.ALREADY_OPEN')
    assert.match(r.error.message, /FH-000007/)
  })
  it('accepts other children and refuses none', () => {
    assert.ok(checkNoOpenEpisode(['c3'], open).ok)
    const none = checkNoOpenEpisode([], open)
    assert.ok(!none.ok && none.error.code === 'FAMILY_HELP.NO_CHILDREN')
  })
  it('makes references', () => assert.equal(episodeReference(42), 'FH-000042'))
})

describe('checkConsent', () => {
  it('needs who gave it and its scope', () => {
    const r = checkConsent({ outcome: 'given', givenBy: ' ', scope: '' })
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}).sort(), ['givenBy', 'scope'])
    assert.ok(checkConsent({ outcome: 'withdrawn', givenBy: 'Mother', scope: '' }).ok)
  })
})
