import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { parseLocalDate } from '../../src/platform/calendar/localDate.js'
import { actorFor, NORTHSHIRE, openCase, step, type FixtureContext } from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, TEST_SERVICE_URL, TestBrowser, type TestContext } from '../support/testApp.js'

/*
 * Family help through the API as each agency would use it: a DSL's early-help decision opens the episode;
 * consent, team, lead practitioner, assessment, plan, meeting with a contribution, review, step-up with a
 * referral carrying the history; refusals for steps out of order, a lead from outside the team, dates in the
 * future, agencies outside the team, and forms sent twice; consent withdrawn ends the team's new access; and a
 * step-down from social care opens the next episode with a handover meeting.
 */
let ctx: TestContext
let client: ApiClient
const meta = { correlationId: 'family-help-test' }
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const TODAY = '2026-11-23'
const TRUST_LEAD = 'safeguarding.lead@northshire-nhs.example'
const SCHOOL_NURSE = 'school.nurse@northshire-nhs.example'
const NURSERY = 'practitioner@beacon-nursery.example'
const COORDINATOR = 'early.help@northshire-council.example'

/** A teacher records a concern about a child; the DSL decides on early help. Returns the child and the episode. */
async function earlyHelpFromDsl(given: string): Promise<{ childId: string; episodeId: string }> {
  const fx: FixtureContext = ctx
  const teacher = await actorFor(fx, NORTHSHIRE.teacher)
  const dsl = await actorFor(fx, NORTHSHIRE.dsl)
  const born = parseLocalDate('2017-03-02')
  assert.ok(born.ok)
  const child = await createChild(
    ctx.deps,
    teacher,
    { givenName: given, familyName: 'Family', dateOfBirth: born.value, sex: 'male' },
    meta,
  )
  assert.ok(child.ok)
  const concern = await recordConcernFor(
    ctx.deps,
    teacher,
    {
      childIds: [child.value.id],
      observedAtMs: ctx.clock.now().getTime() - 3_600_000,
      place: 'Classroom',
      facts: 'Often late and hungry; says there is no food at home.',
      childWords: 'Mum is sad all the time',
      othersPresent: 'None',
      categories: ['neglect'],
      bodyMap: [],
      immediateDanger: false,
      actionTaken: 'Gave breakfast; told the DSL',
    },
    meta,
  )
  assert.ok(concern.ok)
  assert.ok((await takeStep(ctx.deps, acknowledgeConcern, dsl, { id: concern.value.id }, {}, meta)).ok)
  const decided = await takeStep(
    ctx.deps,
    decideConcern,
    dsl,
    { id: concern.value.id },
    { kind: 'early_help', rationale: 'Needs below the threshold for social care; the family want help.' },
    meta,
  )
  assert.ok(decided.ok, decided.ok ? '' : decided.error.message)
  assert.ok(decided.value.familyHelpEpisodeId, 'the early-help decision opens family help')
  return { childId: child.value.id, episodeId: decided.value.familyHelpEpisodeId }
}

const consent = (outcome = 'given', extra: object = {}) => ({
  outcome,
  givenBy: 'parent_or_carer',
  givenByName: 'Sam Family',
  scope: 'Help with routines, school attendance and health',
  decidedOn: TODAY,
  ...extra,
})
const assessment = {
  startedOn: TODAY,
  completedOn: TODAY,
  needs: ['education', 'health'],
  needsSummary: 'Attendance 82%; mother’s low mood.',
  factors: ['4B'],
  strengths: 'Loving family; grandmother nearby.',
  childVoice: 'I want to be on time.',
  parentsVoice: 'I need help in the mornings.',
}
const plan = {
  agreedOn: TODAY,
  action1What: 'Breakfast club place',
  action1Who: 'Oakfield Primary School',
  action1ByWhen: '2026-12-01',
  action2What: 'Health visitor home visit',
  action2Who: 'Northshire NHS Foundation Trust',
  action2ByWhen: '2026-12-10',
  action3What: 'Morning routine chart',
  action3Who: 'Mum',
  action3ByWhen: '2026-11-30',
  goal1Area: 'education',
  goal1Goal: 'At school on time every day',
  goal1Score: '4',
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
})
after(async () => ctx.close())

describe('family help from an early-help decision to step-up and step-down', () => {
  let episodeId = ''
  let childId = ''
  let referralId = ''

  test('the DSL’s early-help decision opens an episode; agencies outside the team see nothing', async () => {
    ;({ episodeId, childId } = await earlyHelpFromDsl('Alfie'))
    const seen = await api(NORTHSHIRE.dsl, 'GET', `/api/v1/family-help/${episodeId}`)
    assert.equal(seen.statusCode, 200)
    const body = seen.json() as { phase: string; origin: string; team: { organisation: string }[] }
    assert.equal(body.phase, 'awaiting_consent')
    assert.match(body.origin, /designated safeguarding lead/)
    assert.deepEqual(
      body.team.map((m) => m.organisation),
      [NORTHSHIRE.school],
    )
    for (const outsider of [NORTHSHIRE.gpLead, TRUST_LEAD, NORTHSHIRE.police]) {
      const hidden = await api(outsider, 'GET', `/api/v1/family-help/${episodeId}`)
      assert.equal(hidden.statusCode, 404, outsider)
      const unknown = await api(outsider, 'GET', '/api/v1/family-help/00000000-0000-4000-8000-000000000000')
      assert.equal(hidden.body, unknown.body)
      assert.doesNotMatch(hidden.body, /Alfie/)
    }
    const denied = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'family_help.view_denied')
      .execute()
    assert.ok(denied.length >= 3)
    // A second open episode for the same child is refused: the search before start.
    const again = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/episodes/for-child/${childId}`, {
      level: 'early_help',
      openerRole: 'teacher',
    })
    assert.equal(again.statusCode, 409)
    assert.match(again.json().message, /already has an open family help episode/)
  })

  test('steps out of order are refused and write nothing', async () => {
    const before = await ctx.db
      .selectFrom('family_help_step')
      .select('id')
      .where('episode_id', '=', episodeId)
      .execute()
    const planFirst = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/plans`, plan)
    assert.equal(planFirst.statusCode, 409)
    assert.match(planFirst.json().message, /consent/)
    const review = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/reviews`, {
      heldOn: TODAY,
      attendees: 'x',
      decision: 'continue',
      notes: 'x',
    })
    assert.equal(review.statusCode, 409)
    const future = await api(
      NORTHSHIRE.dsl,
      'POST',
      `/api/v1/family-help/${episodeId}/consent`,
      consent('given', { decidedOn: '2026-11-24' }),
    )
    assert.equal(future.statusCode, 400)
    assert.match(JSON.stringify(future.json()), /today or in the past/)
    const early = await api(
      NORTHSHIRE.dsl,
      'POST',
      `/api/v1/family-help/${episodeId}/consent`,
      consent('given', { decidedOn: '2026-11-20' }),
    )
    assert.equal(early.statusCode, 400)
    assert.match(JSON.stringify(early.json()), /on or after the day the episode was opened/)
    const after = await ctx.db.selectFrom('family_help_step').select('id').where('episode_id', '=', episodeId).execute()
    assert.equal(after.length, before.length)
  })

  test('consent, sent twice, is recorded once and starts the assessment clock (15 working days)', async () => {
    const body = { ...consent(), submissionKey: 'fh-consent-1' }
    const first = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/consent`, body)
    assert.equal(first.statusCode, 201, first.body)
    const second = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/consent`, body)
    assert.equal(second.statusCode, 200)
    assert.deepEqual(second.json(), first.json())
    const rows = await ctx.db
      .selectFrom('family_help_step')
      .select('id')
      .where('episode_id', '=', episodeId)
      .where('step', '=', 'record_consent')
      .execute()
    assert.equal(rows.length, 1)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on'])
      .where('subject_id', '=', episodeId)
      .where('completed_at', 'is', null)
      .execute()
    // Monday 23 November 2026 + 15 working days = Monday 14 December 2026.
    assert.deepEqual(clock, [{ rule_id: 'family-help-assessment', due_on: '2026-12-14' }])
  })

  test('the assessment is not offered before a lead practitioner is named, and its form says why', async () => {
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(NORTHSHIRE.dsl, DEMO.password)
    const page = await dsl.get(`/family-help/${episodeId}`)
    assert.equal(page.statusCode, 200)
    assert.ok(!page.body.includes(`href="/family-help/${episodeId}/assessments"`), 'no link to the assessment')
    assert.ok(page.body.includes('Name the family’s lead practitioner before recording the assessment.'))
    assert.ok(page.body.includes(`href="/family-help/${episodeId}/lead-practitioner"`))
    // The form, reached by its address, says so before anything is filled in.
    const form = await dsl.get(`/family-help/${episodeId}/assessments`)
    assert.ok(form.body.includes('Name the family’s lead practitioner before recording the assessment'), form.body)
    assert.ok(!form.body.includes('name="needsSummary"'), 'no form to fill in')
    const before = await ctx.db
      .selectFrom('family_help_step')
      .select('id')
      .where('episode_id', '=', episodeId)
      .execute()
    const res = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/assessments`, assessment)
    assert.equal(res.statusCode, 409, res.body)
    assert.match(res.body, /Name the family’s lead practitioner/)
    const after = await ctx.db.selectFrom('family_help_step').select('id').where('episode_id', '=', episodeId).execute()
    assert.equal(after.length, before.length)
  })

  test('the lead practitioner must come from an agency in the team; the team grows by agency', async () => {
    const outsider = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/lead-practitioner`, {
      email: NURSERY,
      familyHadSay: 'yes',
      startsOn: TODAY,
    })
    assert.equal(outsider.statusCode, 400)
    assert.match(JSON.stringify(outsider.json()), /team around the family/)
    const added = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/team`, {
      email: SCHOOL_NURSE,
      role: 'school_nurse',
      joinedOn: TODAY,
    })
    assert.equal(added.statusCode, 201, added.body)
    const lead = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/lead-practitioner`, {
      email: NORTHSHIRE.teacher,
      familyHadSay: 'yes',
      startsOn: TODAY,
    })
    assert.equal(lead.statusCode, 201, lead.body)
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(NORTHSHIRE.dsl, DEMO.password)
    const page = await dsl.get(`/family-help/${episodeId}`)
    assert.ok(page.body.includes(`href="/family-help/${episodeId}/assessments">Record the assessment</a>`))
    assert.ok(!page.body.includes('before recording the assessment'))
    // The trust is in the team now: its safeguarding lead sees the family; the GP practice still does not.
    assert.equal((await api(TRUST_LEAD, 'GET', `/api/v1/family-help/${episodeId}`)).statusCode, 200)
    assert.equal((await api(NORTHSHIRE.gpLead, 'GET', `/api/v1/family-help/${episodeId}`)).statusCode, 404)
    // The teacher (plain staff) sees it as lead practitioner, in My families.
    const mine = await api(NORTHSHIRE.teacher, 'GET', '/api/v1/family-help?view=mine')
    assert.equal(mine.statusCode, 200)
    assert.deepEqual(
      (mine.json() as { items: { id: string }[] }).items.map((i) => i.id),
      [episodeId],
    )
    // Clocks follow the lead.
    const assigned = await ctx.db
      .selectFrom('deadline as d')
      .innerJoin('app_user as u', 'u.id', 'd.assigned_user_id')
      .select('u.email')
      .where('d.subject_id', '=', episodeId)
      .executeTakeFirstOrThrow()
    assert.equal(assigned.email, NORTHSHIRE.teacher)
  })

  test('assessment, then a plan; a member agency whose part it is not is refused', async () => {
    const byTrust = await api(TRUST_LEAD, 'POST', `/api/v1/family-help/${episodeId}/assessments`, assessment)
    assert.equal(byTrust.statusCode, 403)
    const assessed = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/assessments`, assessment)
    assert.equal(assessed.statusCode, 201, assessed.body)
    const badGoal = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/plans`, {
      ...plan,
      goal1Area: 'housing',
    })
    assert.equal(badGoal.statusCode, 400)
    assert.match(JSON.stringify(badGoal.json()), /area of need the assessment found/)
    const planned = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/plans`, plan)
    assert.equal(planned.statusCode, 201, planned.body)
    assert.equal(planned.json().version, 1)
    const open = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on'])
      .where('subject_id', '=', episodeId)
      .where('completed_at', 'is', null)
      .orderBy('rule_id')
      .execute()
    // First review 6 weeks after the plan (4 January 2027); re-assessment 12 months after the assessment.
    assert.deepEqual(open, [
      { rule_id: 'family-help-first-review', due_on: '2027-01-04' },
      { rule_id: 'family-help-reassessment', due_on: '2027-11-23' },
    ])
    const episode = await ctx.db
      .selectFrom('family_help_episode')
      .select(['next_due_on', 'next_review_due_on'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(episode, { next_due_on: '2027-01-04', next_review_due_on: '2027-01-04' })
  })

  test('a meeting: the trust contributes once; an agency outside the team cannot', async () => {
    const arranged = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/meetings`, {
      kind: 'team_around_the_family',
      on: '2026-11-30',
      time: '15:30',
      place: 'Oakfield Primary School',
    })
    assert.equal(arranged.statusCode, 201, arranged.body)
    const meetingId = (arranged.json() as { meetingId: string }).meetingId
    const invites = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('kind', '=', 'family_help.meeting')
      .execute()
    assert.ok(invites.some((i) => i.recipient === SCHOOL_NURSE))
    for (const i of invites)
      assert.ok(
        i.body.includes(`: ${TEST_SERVICE_URL}/family-help/${episodeId}`),
        `the invitation links to the family in full, for a mail client: ${i.body}`,
      )
    assert.ok(invites.some((i) => i.recipient === TRUST_LEAD))
    const url = `/api/v1/family-help/${episodeId}/meetings/${meetingId}/contributions`
    const first = await api(TRUST_LEAD, 'POST', url, { contribution: 'Health visitor visited twice; mum engaging.' })
    assert.equal(first.statusCode, 201, first.body)
    const again = await api(TRUST_LEAD, 'POST', url, { contribution: 'Again' })
    assert.equal(again.statusCode, 409)
    assert.equal((await api(NORTHSHIRE.gpLead, 'POST', url, { contribution: 'x' })).statusCode, 404)
    // The form names the meeting's day as every page does, not as stored.
    const nurse = new TestBrowser(ctx.app)
    await nurse.signIn(SCHOOL_NURSE, DEMO.password)
    const form = await nurse.get(`/family-help/${episodeId}/meetings/${meetingId}/contributions`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Meeting on 30 November 2026 at 15:30, Oakfield Primary School\./)
  })

  test('a review says how each action and goal went; "worse" and step up makes a referral carrying the history', async () => {
    const missing = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/reviews`, {
      heldOn: TODAY,
      attendees: 'School, health visitor, mum',
      action1Progress: 'worse',
      decision: 'step_up',
      notes: 'Attendance worse; new concerns.',
    })
    assert.equal(missing.statusCode, 400)
    assert.match(JSON.stringify(missing.json()), /Action 2/)
    const reviewed = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/reviews`, {
      heldOn: TODAY,
      attendees: 'School, health visitor, mum',
      action1Progress: 'worse',
      action2Progress: 'same',
      action3Progress: 'worse',
      goal1Progress: 'worse',
      decision: 'step_up',
      notes: 'Attendance worse; new concerns.',
    })
    assert.equal(reviewed.statusCode, 201, reviewed.body)
    // The history says how it went in the form's words, not its codes.
    const coordinator = new TestBrowser(ctx.app)
    await coordinator.signIn(COORDINATOR, DEMO.password)
    const page = await coordinator.get(`/family-help/${episodeId}`)
    assert.equal(page.statusCode, 200)
    assert.ok(
      page.body.includes('Actions: Worse, The same, Worse. Goals: Worse. Decision: Step up to children’s social care.'),
      page.body,
    )
    const up = await api(TRUST_LEAD, 'POST', `/api/v1/family-help/${episodeId}/step-up`, {
      reason: 'Neglect is getting worse despite the plan.',
      parentsAware: 'yes',
      parentalConsent: 'given',
    })
    assert.equal(up.statusCode, 201, up.body)
    const body = up.json() as { phase: string; referralIds: string[] }
    assert.equal(body.phase, 'stepped_up')
    referralId = body.referralIds[0] ?? ''
    const referral = await ctx.db
      .selectFrom('referral')
      .select(['details', 'child_id', 'source_code'])
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow()
    assert.equal(referral.child_id, childId)
    const history = referral.details['familyHelp'] as {
      plan: { version: number }
      reviews: unknown[]
      assessment: object
    }
    assert.equal(history.plan.version, 1)
    assert.equal(history.reviews.length, 1)
    assert.ok(history.assessment)
    // The plan is paused: no clocks, no new version; the front door sees the whole history.
    const planAgain = await api(NORTHSHIRE.teacher, 'POST', `/api/v1/family-help/${episodeId}/plans`, plan)
    assert.equal(planAgain.statusCode, 409)
    const open = await ctx.db
      .selectFrom('deadline')
      .select('id')
      .where('subject_id', '=', episodeId)
      .where('completed_at', 'is', null)
      .execute()
    assert.equal(open.length, 0)
    const frontDoor = await api(NORTHSHIRE.frontDoor, 'GET', `/api/v1/family-help/${episodeId}`)
    assert.equal(frontDoor.statusCode, 200)
    assert.ok((frontDoor.json() as { steps: unknown[] }).steps.length >= 8)
    // ...and reads it on the referral itself, in the words of the forms, with a link to the episode.
    const door = new TestBrowser(ctx.app)
    await door.signIn(NORTHSHIRE.frontDoor, DEMO.password)
    const referralPage = await door.get(`/front-door/referrals/${referralId}`)
    assert.equal(referralPage.statusCode, 200)
    assert.match(referralPage.body, /Family help before this referral \(FH-\d{6}\)/)
    assert.ok(referralPage.body.includes('Decision: Step up to children’s social care.'), referralPage.body)
    assert.ok(referralPage.body.includes(`href="/family-help/${episodeId}"`), 'links to the episode')
  })

  test('social care closes to early help (RC9) and steps down: a new episode, a handover meeting, one thread', async () => {
    const caseId = await openCase(ctx, referralId, { outcome: 'assessment' })
    const notYet = await api(NORTHSHIRE.socialWorker, 'POST', `/api/v1/family-help/step-downs/${caseId}`, {
      level: 'early_help',
      leadEmail: NORTHSHIRE.teacher,
      leadRole: 'teacher',
      familyHadSay: 'yes',
      handoverOn: '2026-11-26',
      handoverTime: '10:00',
      handoverPlace: 'Oakfield Primary School',
    })
    assert.equal(notYet.statusCode, 409)
    await step(ctx, NORTHSHIRE.teamManager, caseId, {
      step: 'complete_assessment',
      outcome: 'early_help',
      rationale: 'Family help can meet the needs.',
    })
    // The case closed to early help (RC9) offers the step-down.
    const manager = new TestBrowser(ctx.app)
    await manager.signIn(NORTHSHIRE.teamManager, DEMO.password)
    const casePage = await manager.get(`/cases/${caseId}`)
    assert.equal(casePage.statusCode, 200)
    assert.ok(casePage.body.includes(`href="/cases/${caseId}/step-down-to-family-help"`), 'offers the step-down')
    const down = await api(NORTHSHIRE.socialWorker, 'POST', `/api/v1/family-help/step-downs/${caseId}`, {
      level: 'early_help',
      leadEmail: NORTHSHIRE.teacher,
      leadRole: 'teacher',
      familyHadSay: 'yes',
      handoverOn: '2026-11-26',
      handoverTime: '10:00',
      handoverPlace: 'Oakfield Primary School',
    })
    assert.equal(down.statusCode, 201, down.body)
    const next = (down.json() as { episodeId: string }).episodeId
    const view = (await api(NORTHSHIRE.teacher, 'GET', `/api/v1/family-help/${next}`)).json() as {
      previousEpisodeId: string
      lead: { name: string }
      steps: { step: string; details: { kind?: string } }[]
    }
    assert.equal(view.previousEpisodeId, episodeId)
    assert.equal(view.lead.name, 'Amira Khan')
    assert.ok(view.steps.some((s) => s.step === 'schedule_meeting' && s.details.kind === 'handover'))
    const old = await ctx.db
      .selectFrom('family_help_episode')
      .select(['closure_reason', 'phase'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(old, { closure_reason: 'stepped_up', phase: 'closed' })
    const coordinator = await api(COORDINATOR, 'GET', '/api/v1/family-help?view=area&filter=stepped_down')
    assert.equal(coordinator.statusCode, 200)
    assert.deepEqual(
      (coordinator.json() as { items: { id: string }[] }).items.map((i) => i.id),
      [next],
    )
    assert.equal((await api(NORTHSHIRE.dsl, 'GET', '/api/v1/family-help?view=area')).statusCode, 403)
  })
})

describe('consent withdrawn ends the team’s new access', () => {
  test('the team sees what was recorded before; only the lead acts; the coordinator sees everything', async () => {
    const { episodeId } = await earlyHelpFromDsl('Bella')
    assert.equal(
      (await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/consent`, consent())).statusCode,
      201,
    )
    assert.equal(
      (
        await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/team`, {
          email: SCHOOL_NURSE,
          role: 'school_nurse',
          joinedOn: TODAY,
        })
      ).statusCode,
      201,
    )
    ctx.clock.advance(60_000)
    assert.equal(
      (
        await api(
          NORTHSHIRE.dsl,
          'POST',
          `/api/v1/family-help/${episodeId}/consent`,
          consent('withdrawn', { givenByName: 'Sam Family' }),
        )
      ).statusCode,
      201,
    )
    ctx.clock.advance(60_000)
    const closure = { reason: 'consent_withdrawn', closedOn: TODAY, notes: 'The family no longer want support.' }
    // The school's DSL was acting for the team; after the withdrawal only the lead or the coordinator acts.
    const byTeam = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${episodeId}/closure`, closure)
    assert.equal(byTeam.statusCode, 403)
    const contribution = await api(COORDINATOR, 'POST', `/api/v1/family-help/${episodeId}/team`, {
      email: NURSERY,
      role: 'family_support_worker',
      joinedOn: TODAY,
    })
    assert.equal(contribution.statusCode, 409, 'no one joins the team after consent is withdrawn')
    const closed = await api(COORDINATOR, 'POST', `/api/v1/family-help/${episodeId}/closure`, closure)
    assert.equal(closed.statusCode, 201, closed.body)
    const trust = (await api(TRUST_LEAD, 'GET', `/api/v1/family-help/${episodeId}`)).json() as {
      steps: { step: string }[]
      limitedToBeforeWithdrawal: boolean
    }
    assert.ok(trust.limitedToBeforeWithdrawal)
    assert.ok(!trust.steps.some((s) => s.step === 'close'), 'the closure came after withdrawal')
    const coordinator = (await api(COORDINATOR, 'GET', `/api/v1/family-help/${episodeId}`)).json() as {
      steps: { step: string }[]
    }
    assert.ok(coordinator.steps.some((s) => s.step === 'close'))
  })
})

describe('the front door’s early-help decision', () => {
  test('opens family help for the child, coordinated by the local authority', async () => {
    const { referralFromDsl } = await import('../support/caseloadFixtures.js')
    const { childId, referralId } = await referralFromDsl(ctx, {
      givenName: 'Dara',
      familyName: 'Family',
      dateOfBirth: '2015-06-01',
    })
    const decided = await api(NORTHSHIRE.frontDoor, 'POST', `/api/v1/referrals/${referralId}/decision`, {
      outcome: 'early_help',
      rationale: 'Needs can be met by family help.',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const episode = await ctx.db
      .selectFrom('family_help_member as m')
      .innerJoin('family_help_episode as e', 'e.id', 'm.episode_id')
      .select(['e.origin', 'e.referral_id'])
      .where('m.child_id', '=', childId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(episode, { origin: 'front_door_decision', referral_id: referralId })
  })
})

describe('pages', () => {
  test('the episode page, My families and the area view render for the people who may see them', async () => {
    const { episodeId } = await earlyHelpFromDsl('Cara')
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.dsl, DEMO.password)
    const page = await browser.get(`/family-help/${episodeId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Record consent/)
    assert.doesNotMatch(page.body, /Record the family plan/)
    const form = await browser.get(`/family-help/${episodeId}/consent`)
    assert.equal(form.statusCode, 200)
    const posted = await browser.post(`/family-help/${episodeId}/consent`, {
      outcome: 'given',
      givenBy: 'parent_or_carer',
      givenByName: 'Sam Family',
      scope: 'Help with mornings',
      'decidedOn-day': '23',
      'decidedOn-month': '11',
      'decidedOn-year': '2026',
      submissionKey: 'page-consent-1',
    })
    assert.equal(posted.statusCode, 303)
    const mine = await browser.get('/family-help/mine')
    assert.equal(mine.statusCode, 200)
    const area = await browser.get('/family-help/area')
    assert.equal(area.statusCode, 403)
    const coordinator = new TestBrowser(ctx.app)
    await coordinator.signIn(COORDINATOR, DEMO.password)
    const view = await coordinator.get('/family-help/area?filter=unallocated')
    assert.equal(view.statusCode, 200)
    assert.match(view.body, /Cara Family/)
  })
})
