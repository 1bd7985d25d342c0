import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { actorFor, caseAfterFrontDoor, PEOPLE, type CaseFixture } from '../support/protectionFixtures.js'

let ctx: TestContext
let client: ApiClient
let kase: CaseFixture
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
/** Moves the clock; bearer tokens from before the jump have expired, so fresh ones are fetched. */
const moveClock = (iso: string) => {
  ctx.clock.set(new Date(iso))
  client = new ApiClient(ctx)
}
const base = () => `/api/v1/cases/${kase.episodeId}`

type Table =
  | 'episode_step'
  | 'strategy_discussion'
  | 'section47_enquiry'
  | 'conference'
  | 'conference_invitation'
  | 'conference_report'
  | 'child_protection_plan'
  | 'core_group_meeting'
  | 'child_in_need_plan'
  | 'audit_event'
const count = async (table: Table) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const phase = async () =>
  (await ctx.db.selectFrom('episode').select('phase').where('id', '=', kase.episodeId).executeTakeFirstOrThrow()).phase
const openClocks = async () =>
  await ctx.db
    .selectFrom('deadline')
    .select(['rule_id', 'assigned_user_id', 'started_on'])
    .where('subject_type', '=', 'episode')
    .where('subject_id', '=', kase.episodeId)
    .where('completed_at', 'is', null)
    .orderBy('rule_id')
    .execute()
const userId = async (email: string) => (await actorFor(ctx.deps, email)).userId
const orgId = async (name: string) =>
  (await ctx.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id

const attendees = [
  { agency: 'local_authority', name: 'Sam Social', role: 'Social worker' },
  { agency: 'police', name: 'DC Patel', role: 'Child protection officer' },
  { agency: 'health', name: 'Nurse Jones', role: 'Designated nurse' },
]
const discussion = (overrides: object = {}) => ({
  heldOn: '2026-11-23',
  heldTime: '09:30',
  attendees,
  decision: 'section_47',
  immediateSafetyActions: 'Mother agreed the boyfriend will not stay at the house.',
  actions: [{ action: 'Joint visit to see Amira', owner: 'Sam Social and DC Patel', dueOn: '2026-11-24' }],
  minutes: 'All agreed the threshold for section 47 enquiries is met.',
  ...overrides,
})

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  kase = await caseAfterFrontDoor(ctx.deps, { outcome: 'strategy_discussion', sibling: true })
})
after(async () => ctx.close())

describe('the case page and who sees it', () => {
  test('social care of the holding local authority sees the case with its open clocks and actions', async () => {
    const res = await api(PEOPLE.socialWorker, 'GET', base())
    assert.equal(res.statusCode, 200, res.body)
    const view = res.json() as {
      phase: string
      child: { givenName: string }
      deadlines: { ruleId: string; tag: { text: string } }[]
      actions: { step: string }[]
      history: { step: string }[]
    }
    assert.equal(view.phase, 'strategy_discussion')
    assert.equal(view.child.givenName, 'Amira')
    assert.deepEqual(
      view.deadlines.map((d) => d.ruleId),
      ['child-and-family-assessment'],
    )
    assert.deepEqual(
      view.actions.map((a) => a.step),
      ['record_strategy_discussion'],
    )
    assert.deepEqual(
      view.history.map((h) => h.step),
      ['decide_referral'],
    )

    const browser = new TestBrowser(ctx.app)
    await browser.signIn(PEOPLE.socialWorker, DEMO.password)
    const page = await browser.get(`/cases/${kase.episodeId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Amira Okafor/)
    assert.match(page.body, /Strategy discussion needed/)
    assert.match(page.body, /Child and family assessment/)
    assert.match(page.body, /Not due|Due soon|Due today/)
    assert.match(page.body, new RegExp(`href="/cases/${kase.episodeId}/strategy-discussion"`))
  })

  test('anyone else – the referring school, police, another school, a nonsense id – gets not found, audited', async () => {
    const before = await count('audit_event')
    for (const email of [PEOPLE.dsl, PEOPLE.police, PEOPLE.riversideDsl, DEMO.teacher]) {
      const res = await api(email, 'GET', base())
      assert.equal(res.statusCode, 404, `${email}: ${res.body}`)
    }
    assert.equal((await api(PEOPLE.socialWorker, 'GET', '/api/v1/cases/not-a-case')).statusCode, 404)
    assert.equal(
      (await api(PEOPLE.socialWorker, 'GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    )
    const denied = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'episode.access_denied')
      .execute()
    assert.ok(denied.length >= 6)
    assert.ok((await count('audit_event')) > before)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(PEOPLE.dsl, DEMO.password)
    assert.equal((await browser.get(`/cases/${kase.episodeId}`)).statusCode, 404)
  })
})

describe('allocation', () => {
  test('a social worker cannot allocate; a front door worker cannot be lead practitioner', async () => {
    const sw = await userId(PEOPLE.socialWorker)
    const tm = await userId(PEOPLE.teamManager)
    assert.equal(
      (await api(PEOPLE.socialWorker, 'POST', `${base()}/allocation`, { leadUserId: sw, teamManagerUserId: tm }))
        .statusCode,
      403,
    )
    const res = await api(PEOPLE.teamManager, 'POST', `${base()}/allocation`, {
      leadUserId: await userId(PEOPLE.frontDoor),
      teamManagerUserId: tm,
    })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(
      (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['leadUserId'],
    )
  })

  test('the team manager allocates; the open clocks go to the lead practitioner', async () => {
    const sw = await userId(PEOPLE.socialWorker)
    const res = await api(PEOPLE.teamManager, 'POST', `${base()}/allocation`, {
      leadUserId: sw,
      teamManagerUserId: await userId(PEOPLE.teamManager),
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.ok((await openClocks()).every((d) => d.assigned_user_id === sw))
    const view = (await api(PEOPLE.socialWorker, 'GET', base())).json() as {
      lead: { name: string }
      allocations: unknown[]
    }
    assert.ok(view.lead.name.length > 0)
    assert.equal(view.allocations.length, 1)
  })
})

describe('strategy discussion', () => {
  test('bad input is refused field by field and nothing is written', async () => {
    const before = { steps: await count('episode_step'), discussions: await count('strategy_discussion') }
    const cases: [object, string][] = [
      [discussion({ attendees: attendees.slice(0, 1) }), 'attendees'],
      [discussion({ heldOn: '2026-11-20' }), 'heldOn'],
      [discussion({ heldOn: '2026-11-24' }), 'heldOn'],
      [discussion({ heldTime: '11:30' }), 'heldTime'],
      [discussion({ decision: 'maybe' }), 'decision'],
      [discussion({ minutes: '' }), 'minutes'],
      [discussion({ heldOn: '2026-02-30' }), 'heldOn'],
      [discussion({ attendees: [...attendees, { agency: 'martians', name: 'X', role: '' }] }), 'attendees-4-agency'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/strategy-discussions`, payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(
        (res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        `${field}: ${res.body}`,
      )
    }
    const missing = await api(
      PEOPLE.socialWorker,
      'POST',
      `${base()}/strategy-discussions`,
      discussion({ attendees: attendees.slice(0, 1) }),
    )
    assert.match(missing.body, /must include police and health/)
    assert.equal(await count('episode_step'), before.steps)
    assert.equal(await count('strategy_discussion'), before.discussions)
  })

  test('a conference or a plan before the section 47 enquiry is a plain refusal, not a crash', async () => {
    const plan = await api(
      PEOPLE.chair,
      'POST',
      `${base()}/conferences/00000000-0000-4000-8000-000000000000/decision`,
      { heldOn: '2026-11-23', outcome: 'child_protection_plan' },
    )
    assert.equal(plan.statusCode, 409, plan.body)
    assert.match(plan.body, /needs a section 47 enquiry/)
    const core = await api(PEOPLE.socialWorker, 'POST', `${base()}/core-groups`, { heldOn: '2026-11-23', notes: 'x' })
    assert.equal(core.statusCode, 409)
    assert.match(core.body, /does not have a child protection plan/)
    const s47 = await api(PEOPLE.socialWorker, 'POST', `${base()}/section-47/conclusion`, {
      finding: 'substantiated',
      outcome: 'conference',
      concludedOn: '2026-11-23',
      summary: 'x',
    })
    assert.equal(s47.statusCode, 409)
    assert.match(s47.body, /There is no section 47 enquiry under way/)
  })

  test('with police and health, a section 47 decision starts the enquiry on the day and the conference clock', async () => {
    const res = await api(
      PEOPLE.socialWorker,
      'POST',
      `${base()}/strategy-discussions`,
      discussion({ submissionKey: 'sd-1' }),
    )
    assert.equal(res.statusCode, 201, res.body)
    const { section47Id } = res.json() as { section47Id: string }
    const s47 = await ctx.db
      .selectFrom('section47_enquiry')
      .selectAll()
      .where('id', '=', section47Id)
      .executeTakeFirstOrThrow()
    assert.equal(s47.started_on, '2026-11-23')
    assert.equal(await phase(), 'section_47')
    const clocks = await openClocks()
    assert.deepEqual(
      clocks.map((c) => c.rule_id),
      ['child-and-family-assessment', 'initial-child-protection-conference'],
    )
    assert.equal(clocks[1]?.started_on, '2026-11-23')
    assert.equal(clocks[1]?.assigned_user_id, await userId(PEOPLE.socialWorker))
  })

  test('the same form sent twice records once', async () => {
    const before = { steps: await count('episode_step'), discussions: await count('strategy_discussion') }
    const res = await api(
      PEOPLE.socialWorker,
      'POST',
      `${base()}/strategy-discussions`,
      discussion({ submissionKey: 'sd-1' }),
    )
    assert.equal(res.statusCode, 409)
    assert.match(res.body, /already been recorded/)
    assert.equal(await count('episode_step'), before.steps)
    assert.equal(await count('strategy_discussion'), before.discussions)
  })
})

describe('section 47 conclusion and the conference', () => {
  let conferenceId: string

  test('a conference needs substantiated concerns; the date cannot come before the discussion', async () => {
    const bad = await api(PEOPLE.socialWorker, 'POST', `${base()}/section-47/conclusion`, {
      finding: 'not_substantiated',
      outcome: 'conference',
      concludedOn: '2026-11-23',
      summary: 'x',
    })
    assert.equal(bad.statusCode, 400)
    const early = await api(PEOPLE.socialWorker, 'POST', `${base()}/section-47/conclusion`, {
      finding: 'substantiated',
      outcome: 'conference',
      concludedOn: '2026-11-22',
      summary: 'x',
    })
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /strategy discussion that started the enquiry/)
    const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/section-47/conclusion`, {
      finding: 'substantiated',
      outcome: 'conference',
      concludedOn: '2026-11-23',
      summary: 'Injuries consistent with her account.',
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(await phase(), 'initial_conference')
  })

  test('the conference is arranged, not before the strategy discussion', async () => {
    const early = await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences`, {
      scheduledOn: '2026-11-20',
      scheduledTime: '10:00',
    })
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /strategy discussion that started the section 47 enquiry/)
    const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences`, {
      scheduledOn: '2026-12-07',
      scheduledTime: '10:00',
      chairUserId: await userId(PEOPLE.chair),
    })
    assert.equal(res.statusCode, 201, res.body)
    conferenceId = (res.json() as { id: string }).id
    const again = await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences`, {
      scheduledOn: '2026-12-08',
      scheduledTime: '10:00',
    })
    assert.equal(again.statusCode, 409)
  })

  test('an invited school becomes involved and its leads are emailed; invitations are not repeated', async () => {
    const oakfield = await orgId('Oakfield Primary School')
    const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences/${conferenceId}/invitations`, {
      kind: 'agency',
      organisationId: oakfield,
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal((res.json() as { notified: number }).notified, 2)
    const involved = await ctx.db
      .selectFrom('involvement')
      .select('reason')
      .where('child_id', '=', kase.childId)
      .where('organisation_id', '=', oakfield)
      .execute()
    assert.ok(involved.some((i) => i.reason === 'conference_invitation'))
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('kind', '=', 'conference.invited')
      .execute()
    assert.deepEqual(mail.map((m) => m.recipient).sort(), [
      'deputy.dsl@oakfield-primary.example',
      'dsl@oakfield-primary.example',
    ])
    assert.ok(
      mail.every((m) => !m.body.includes('Amira')),
      'no child’s name in email',
    )
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences/${conferenceId}/invitations`, {
          kind: 'agency',
          organisationId: oakfield,
        })
      ).statusCode,
      400,
    )
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences/${conferenceId}/invitations`, {
          kind: 'agency',
          organisationId: await orgId('Northshire Police'),
        })
      ).statusCode,
      201,
    )
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences/${conferenceId}/invitations`, {
          kind: 'family',
          name: 'Grace Okafor',
          contact: '07700 900123',
        })
      ).statusCode,
      201,
    )
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/conferences/${conferenceId}/invitations`, {
          kind: 'family',
          name: '',
        })
      ).statusCode,
      400,
    )
  })

  test('the school’s DSL sees only the invitation and its own report; a GP practice not invited sees nothing', async () => {
    const list = await api(PEOPLE.dsl, 'GET', '/api/v1/conference-invitations')
    assert.equal(list.statusCode, 200)
    const items = (list.json() as { items: { conferenceId: string; childName: string }[] }).items
    assert.deepEqual(
      items.map((i) => [i.conferenceId, i.childName]),
      [[conferenceId, 'Amira Okafor']],
    )
    const sent = await api(PEOPLE.dsl, 'POST', `/api/v1/conferences/${conferenceId}/reports`, {
      text: 'Attendance 82%. Two previous marks noted this term.',
      submissionKey: 'rep-1',
    })
    assert.equal(sent.statusCode, 201, sent.body)
    assert.equal(
      (
        await api(PEOPLE.dsl, 'POST', `/api/v1/conferences/${conferenceId}/reports`, {
          text: 'Again',
          submissionKey: 'rep-1',
        })
      ).statusCode,
      409,
    )
    assert.equal(
      (await api(PEOPLE.dsl, 'POST', `/api/v1/conferences/${conferenceId}/reports`, { text: '' })).statusCode,
      400,
    )
    const one = (await api(PEOPLE.dsl, 'GET', `/api/v1/conferences/${conferenceId}`)).json() as Record<string, unknown>
    assert.deepEqual(Object.keys(one).sort(), ['child', 'held', 'id', 'invitedAt', 'kind', 'reports', 'scheduledAt'])
    assert.equal((one.reports as unknown[]).length, 1)
    assert.equal((await api(PEOPLE.dsl, 'GET', base())).statusCode, 404, 'the school still cannot open the case')

    assert.deepEqual(
      ((await api(PEOPLE.gp, 'GET', '/api/v1/conference-invitations')).json() as { items: unknown[] }).items,
      [],
    )
    assert.equal((await api(PEOPLE.gp, 'GET', `/api/v1/conferences/${conferenceId}`)).statusCode, 404)
    assert.equal(
      (await api(PEOPLE.gp, 'POST', `/api/v1/conferences/${conferenceId}/reports`, { text: 'x' })).statusCode,
      404,
    )
    assert.equal(
      (await api(DEMO.teacher, 'GET', `/api/v1/conference-invitations`)).statusCode,
      403,
      'staff who are not leads have no invitations page',
    )

    const browser = new TestBrowser(ctx.app)
    await browser.signIn(PEOPLE.dsl, DEMO.password)
    const page = await browser.get('/conferences')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Amira Okafor/)
    const conf = await browser.get(`/conferences/${conferenceId}`)
    assert.match(conf.body, /Attendance 82%/)
    assert.doesNotMatch(conf.body, /Mum’s boyfriend|Injuries consistent/)
    const empty = await browser.post(`/conferences/${conferenceId}/reports`, { report: '  ' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Enter your agency’s report/)
  })

  test('only the chair records the decision; every household child needs a note; dates in order', async () => {
    const sw = await userId(PEOPLE.socialWorker)
    const oakfield = await orgId('Oakfield Primary School')
    const police = await orgId('Northshire Police')
    const decision = async (overrides: object = {}) => ({
      heldOn: '2026-11-23',
      outcome: 'child_protection_plan',
      initialCategory: 'PHY',
      leadUserId: sw,
      coreGroupOrganisationIds: [oakfield, police],
      coreGroupFamily: [{ name: 'Grace Okafor', role: 'Mother' }],
      outlinePlan: 'Weekly visits; school to monitor and report marks.',
      contingencyPlan: 'If further injuries, strategy discussion the same day.',
      dissent: '',
      household: [
        { childId: kase.siblingId, note: 'Tobi: seen at home, no marks; considered under the same plan of support.' },
      ],
      ...overrides,
    })
    const url = `${base()}/conferences/${conferenceId}/decision`
    assert.equal((await api(PEOPLE.socialWorker, 'POST', url, await decision())).statusCode, 403)
    const noHousehold = await api(PEOPLE.chair, 'POST', url, await decision({ household: [] }))
    assert.equal(noHousehold.statusCode, 400)
    assert.ok(
      (noHousehold.json() as { errors: { field: string }[] }).errors.some(
        (e) => e.field === `household-${kase.siblingId}-note`,
      ),
    )
    const early = await api(PEOPLE.chair, 'POST', url, await decision({ heldOn: '2026-11-22' }))
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /strategy discussion that started the section 47 enquiry/)
    assert.equal(
      (await api(PEOPLE.chair, 'POST', url, await decision({ initialCategory: 'SEX' }))).statusCode,
      400,
      'sexual abuse is SAB, not SEX',
    )
    assert.equal(await count('child_protection_plan'), 0)

    const res = await api(PEOPLE.chair, 'POST', url, await decision({ submissionKey: 'icpc-1' }))
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(await phase(), 'child_protection_plan')
    const plan = await ctx.db.selectFrom('child_protection_plan').selectAll().executeTakeFirstOrThrow()
    assert.equal(plan.started_on, '2026-11-23')
    assert.equal(plan.initial_category, 'PHY')
    assert.equal(plan.latest_category, 'PHY')
    const members = await ctx.db
      .selectFrom('plan_member')
      .select(['member_kind', 'name'])
      .where('plan_id', '=', plan.id)
      .orderBy('position')
      .execute()
    assert.deepEqual(
      members.map((m) => m.member_kind),
      ['agency', 'agency', 'family'],
    )
    assert.ok(
      (
        await ctx.db
          .selectFrom('involvement')
          .select('reason')
          .where('child_id', '=', kase.childId)
          .where('organisation_id', '=', police)
          .execute()
      ).some((i) => i.reason === 'core_group'),
    )
    assert.deepEqual(
      (await openClocks()).map((c) => c.rule_id),
      ['child-and-family-assessment', 'first-core-group', 'first-review-conference'],
    )
    const again = await api(PEOPLE.chair, 'POST', url, await decision({ submissionKey: 'icpc-1' }))
    assert.equal(again.statusCode, 409)
    assert.equal(
      (await api(PEOPLE.dsl, 'POST', `/api/v1/conferences/${conferenceId}/reports`, { text: 'Late' })).statusCode,
      409,
      'no reports after the conference',
    )
  })
})

describe('the plan: core groups, reviews, ending, child in need plan, closure', () => {
  test('core group meets: not before the plan; the first meets its clock', async () => {
    assert.equal(
      (await api(PEOPLE.socialWorker, 'POST', `${base()}/core-groups`, { heldOn: '2026-11-22', notes: 'x' }))
        .statusCode,
      400,
    )
    moveClock('2026-12-01T10:00:00Z')
    const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/core-groups`, {
      heldOn: '2026-12-01',
      notes: 'Agreed who visits when.',
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.ok(!(await openClocks()).some((c) => c.rule_id === 'first-core-group'))
  })

  test('the first review continues the plan with a new latest category and starts the next review clock', async () => {
    moveClock('2027-02-15T10:00:00Z')
    const res = await api(PEOPLE.chair, 'POST', `${base()}/reviews`, {
      heldOn: '2027-02-15',
      outcome: 'continue_plan',
      latestCategory: 'MUL',
      notes: 'Some progress; emotional harm also now evident.',
    })
    assert.equal(res.statusCode, 201, res.body)
    const plan = await ctx.db
      .selectFrom('child_protection_plan')
      .select(['latest_category', 'initial_category'])
      .executeTakeFirstOrThrow()
    assert.deepEqual(plan, { latest_category: 'MUL', initial_category: 'PHY' })
    const clocks = (await openClocks()).map((c) => c.rule_id)
    assert.ok(clocks.includes('next-review-conference') && !clocks.includes('first-review-conference'))
  })

  test('ending the plan between reviews needs a reason, and a child in need plan needs its outcomes', async () => {
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/plan/end`, {
          endedOn: '2027-02-15',
          reason: 'no_continuing_risk',
          outcome: 'child_in_need_plan',
          childInNeedOutcomes: 'x',
        })
      ).statusCode,
      403,
      'a social worker does not end a plan',
    )
    const noOutcomes = await api(PEOPLE.teamManager, 'POST', `${base()}/plan/end`, {
      endedOn: '2027-02-15',
      reason: 'no_continuing_risk',
      outcome: 'child_in_need_plan',
    })
    assert.equal(noOutcomes.statusCode, 400)
    assert.equal(
      (
        await api(PEOPLE.teamManager, 'POST', `${base()}/plan/end`, {
          endedOn: '2027-02-15',
          reason: 'because',
          outcome: 'child_in_need_plan',
          childInNeedOutcomes: 'x',
        })
      ).statusCode,
      400,
    )
    const res = await api(PEOPLE.teamManager, 'POST', `${base()}/plan/end`, {
      endedOn: '2027-02-15',
      reason: 'no_continuing_risk',
      outcome: 'child_in_need_plan',
      childInNeedOutcomes: 'Amira attends school every day and says she feels safe at home.',
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(await phase(), 'child_in_need_plan')
    const plan = await ctx.db
      .selectFrom('child_protection_plan')
      .select(['ended_on', 'end_reason', 'step_down'])
      .executeTakeFirstOrThrow()
    assert.deepEqual(plan, {
      ended_on: '2027-02-15',
      end_reason: 'no_continuing_risk',
      step_down: 'child_in_need_plan',
    })
    assert.equal(await count('child_in_need_plan'), 1)
    assert.ok(!(await openClocks()).some((c) => c.rule_id.includes('review') || c.rule_id === 'first-core-group'))
  })

  test('the child in need plan is reviewed and the case closed with a census reason, ending the plan', async () => {
    moveClock('2027-04-01T10:00:00Z')
    assert.equal(
      (await api(PEOPLE.socialWorker, 'POST', `${base()}/child-in-need-reviews`, { heldOn: '2027-02-01', notes: 'x' }))
        .statusCode,
      400,
      'not before the plan',
    )
    assert.equal(
      (
        await api(PEOPLE.socialWorker, 'POST', `${base()}/child-in-need-reviews`, {
          heldOn: '2027-03-30',
          notes: 'Going well.',
        })
      ).statusCode,
      201,
    )
    assert.equal(
      (await api(PEOPLE.socialWorker, 'POST', `${base()}/closure`, { closedOn: '2027-04-01', reason: 'RC99' }))
        .statusCode,
      400,
    )
    const res = await api(PEOPLE.socialWorker, 'POST', `${base()}/closure`, {
      closedOn: '2027-04-01',
      reason: 'RC7',
      notes: 'No longer in need.',
    })
    assert.equal(res.statusCode, 200, res.body)
    const episode = await ctx.db
      .selectFrom('episode')
      .select(['phase', 'closed_on', 'closure_reason'])
      .where('id', '=', kase.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(episode, { phase: 'closed', closed_on: '2027-04-01', closure_reason: 'RC7' })
    assert.equal(
      (await ctx.db.selectFrom('child_in_need_plan').select('ended_on').executeTakeFirstOrThrow()).ended_on,
      '2027-04-01',
    )
    assert.deepEqual(await openClocks(), [])
    const after = await api(PEOPLE.socialWorker, 'POST', `${base()}/child-in-need-reviews`, {
      heldOn: '2027-04-01',
      notes: 'x',
    })
    assert.equal(after.statusCode, 409)
    assert.match(after.body, /closed/)
  })

  test('the audit chain is intact after the whole path', async () => {
    const verified = await verifyAuditChain(ctx.db)
    assert.equal(verified.ok, true)
    const actions = new Set((await ctx.db.selectFrom('audit_event').select('action').execute()).map((r) => r.action))
    for (const a of [
      'episode.viewed',
      'episode.allocated',
      'episode.step_taken',
      'conference.scheduled',
      'conference.invited',
      'conference.report_submitted',
      'episode.access_denied',
    ])
      assert.ok(actions.has(a), a)
  })
})
