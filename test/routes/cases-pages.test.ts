import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { actorFor, caseAfterFrontDoor, PEOPLE, type CaseFixture } from '../support/protectionFixtures.js'

/** The GOV.UK pages of a case: forms, error summaries, plain refusals, and the assessment path. */
let ctx: TestContext
let client: ApiClient
let assessed: CaseFixture
let protectionCase: CaseFixture
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const phase = async (id: string) =>
  (await ctx.db.selectFrom('episode').select('phase').where('id', '=', id).executeTakeFirstOrThrow()).phase
const count = async (table: 'episode_step' | 'strategy_discussion' | 'assessment' | 'child_in_need_plan') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function signedIn(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(ctx.app)
  const res = await browser.signIn(email, DEMO.password)
  assert.equal(res.statusCode, 303, res.body)
  return browser
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  assessed = await caseAfterFrontDoor(ctx.deps, { outcome: 'assessment', givenName: 'Leo', familyName: 'Marsh' })
  protectionCase = await caseAfterFrontDoor(ctx.deps, {
    outcome: 'strategy_discussion',
    givenName: 'Ivy',
    familyName: 'Hart',
  })
})
after(async () => ctx.close())

describe('the assessment through the pages', () => {
  test('“none” with another factor, a date before the referral, and a future date are refused with an error summary', async () => {
    const sw = await signedIn(PEOPLE.socialWorker)
    const form = await sw.get(`/cases/${assessed.episodeId}/assessment`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Factors identified/)
    const bad = await sw.post(`/cases/${assessed.episodeId}/assessment`, {
      'childSeenOn-day': '20',
      'childSeenOn-month': '11',
      'childSeenOn-year': '2026',
      childSeenAlone: 'yes',
      factors: ['21', '16A'],
      primaryNeed: 'N1',
      summary: 'x',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /govuk-error-summary/)
    assert.match(bad.body, /cannot be selected with other factors/)
    assert.match(bad.body, /on or after the referral date/)
    assert.match(bad.body, /href="#childSeenOn-day"/)
    const future = await sw.post(`/cases/${assessed.episodeId}/assessment`, {
      'childSeenOn-day': '24',
      'childSeenOn-month': '11',
      'childSeenOn-year': '2026',
      childSeenAlone: 'yes',
      factors: ['16A'],
      primaryNeed: 'N1',
      summary: 'x',
    })
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /today or in the past/)
    const assessment = await ctx.db
      .selectFrom('assessment')
      .selectAll()
      .where('episode_id', '=', assessed.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(assessment.factors, [])
  })

  test('submitting before the child was seen is refused; saving then submitting works', async () => {
    const sw = await signedIn(PEOPLE.socialWorker)
    await sw.get(`/cases/${assessed.episodeId}`)
    const early = await sw.post(`/cases/${assessed.episodeId}/assessment/submit`, {})
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /Record the date the child was seen before submitting/)
    await sw.get(`/cases/${assessed.episodeId}/assessment`)
    const saved = await sw.post(`/cases/${assessed.episodeId}/assessment`, {
      'childSeenOn-day': '23',
      'childSeenOn-month': '11',
      'childSeenOn-year': '2026',
      childSeenAlone: 'yes',
      factors: ['16A', '4B'],
      primaryNeed: 'N1',
      summary: 'Home conditions poor; mother low in mood.',
    })
    assert.equal(saved.statusCode, 303, saved.body)
    const page = await sw.get(`/cases/${assessed.episodeId}`)
    assert.match(page.body, /Neglect \(16A\)|16A: Neglect/)
    const submitted = await sw.post(`/cases/${assessed.episodeId}/assessment/submit`, {})
    assert.equal(submitted.statusCode, 303)
  })

  test('only the team manager authorises; a child in need plan needs its outcomes', async () => {
    const sw = await signedIn(PEOPLE.socialWorker)
    const swForm = await sw.get(`/cases/${assessed.episodeId}/assessment/authorise`)
    assert.equal(swForm.statusCode, 200)
    const refused = await sw.post(`/cases/${assessed.episodeId}/assessment/authorise`, {
      outcome: 'child_in_need_plan',
      childInNeedOutcomes: 'x',
    })
    assert.equal(refused.statusCode, 403)
    assert.match(refused.body, /You cannot do this: [^<]+\.<\/p>/)

    const tm = await signedIn(PEOPLE.teamManager)
    const form = await tm.get(`/cases/${assessed.episodeId}/assessment/authorise`)
    assert.match(form.body, /Child in need plan/)
    const noOutcomes = await tm.post(`/cases/${assessed.episodeId}/assessment/authorise`, {
      outcome: 'child_in_need_plan',
    })
    assert.equal(noOutcomes.statusCode, 400)
    assert.match(noOutcomes.body, /what the child in need plan is to achieve/)
    const key = /name="submissionKey" value="([^"]+)"/.exec(noOutcomes.body)?.[1] ?? ''
    const ok = await tm.post(`/cases/${assessed.episodeId}/assessment/authorise`, {
      outcome: 'child_in_need_plan',
      childInNeedOutcomes: 'Leo is fed, clean and at school every day.',
      submissionKey: key,
    })
    assert.equal(ok.statusCode, 303, ok.body)
    assert.equal(await phase(assessed.episodeId), 'child_in_need_plan')
    assert.equal(await count('child_in_need_plan'), 1)
    const steps = await count('episode_step')
    await tm.get(`/cases/${assessed.episodeId}/assessment/authorise`)
    const twice = await tm.post(`/cases/${assessed.episodeId}/assessment/authorise`, {
      outcome: 'child_in_need_plan',
      childInNeedOutcomes: 'again',
      submissionKey: key,
    })
    assert.equal(twice.statusCode, 409)
    assert.match(twice.body, /already been recorded/)
    assert.equal(await count('episode_step'), steps)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select('completed_at')
      .where('subject_id', '=', assessed.episodeId)
      .where('rule_id', '=', 'child-and-family-assessment')
      .executeTakeFirstOrThrow()
    assert.notEqual(clock.completed_at, null)
  })

  test('from the child in need plan a strategy discussion can be asked for', async () => {
    const sw = await signedIn(PEOPLE.socialWorker)
    const page = await sw.get(`/cases/${assessed.episodeId}`)
    assert.match(page.body, /Ask for a strategy discussion/)
    assert.match(page.body, /Record a child in need plan review/)
    await sw.get(`/cases/${assessed.episodeId}/strategy-discussion/request`)
    const empty = await sw.post(`/cases/${assessed.episodeId}/strategy-discussion/request`, { reason: '' })
    assert.equal(empty.statusCode, 400)
    const res = await sw.post(`/cases/${assessed.episodeId}/strategy-discussion/request`, {
      reason: 'Leo disclosed being hit.',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(await phase(assessed.episodeId), 'strategy_discussion')
  })
})

describe('allocating through the page: the choices are the local authority’s own people', () => {
  test('the form offers the social workers only and starts from the lead now; anyone else is refused, nothing written', async () => {
    const sw = await actorFor(ctx.deps, PEOPLE.socialWorker)
    const manager = await actorFor(ctx.deps, PEOPLE.teamManager)
    const frontDoor = await actorFor(ctx.deps, PEOPLE.frontDoor)
    const tm = await signedIn(PEOPLE.teamManager)
    const leadChoices = async () => {
      const form = await tm.get(`/cases/${assessed.episodeId}/allocate`)
      assert.equal(form.statusCode, 200)
      return /<select[^>]*name="leadUserId"[^>]*>([\s\S]*?)<\/select>/.exec(form.body)?.[1] ?? ''
    }
    const offered = await leadChoices()
    assert.match(offered, new RegExp(`value="${sw.userId}"`))
    assert.doesNotMatch(offered, new RegExp(frontDoor.userId), 'a front door worker is not offered as lead')
    const allocations = async () =>
      (
        await ctx.db
          .selectFrom('episode_allocation')
          .select('id')
          .where('episode_id', '=', assessed.episodeId)
          .execute()
      ).length
    const before = await allocations()
    const refused = await tm.post(`/cases/${assessed.episodeId}/allocate`, {
      leadUserId: frontDoor.userId,
      teamManagerUserId: manager.userId,
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /Choose a social worker from this local authority as lead practitioner/)
    assert.equal(await allocations(), before)
    const done = await tm.post(`/cases/${assessed.episodeId}/allocate`, {
      leadUserId: sw.userId,
      teamManagerUserId: manager.userId,
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal(await allocations(), before + 1)
    assert.match(await leadChoices(), new RegExp(`value="${sw.userId}" selected`), 'the form starts from the lead now')
  })
})

describe('strategy discussion and illegal steps through the pages', () => {
  test('a discussion without police and health is refused with the reason, nothing written', async () => {
    const sw = await signedIn(PEOPLE.socialWorker)
    const form = await sw.get(`/cases/${protectionCase.episodeId}/strategy-discussion`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Agency of attendee 1/)
    const before = await count('strategy_discussion')
    const res = await sw.post(`/cases/${protectionCase.episodeId}/strategy-discussion`, {
      'heldOn-day': '23',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      heldTime: '09:00',
      'attendees-1-agency': 'local_authority',
      'attendees-1-name': 'Sam Social',
      decision: 'section_47',
      minutes: 'Minutes',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /must include police and health/)
    assert.match(res.body, /href="#attendees"/)
    assert.match(res.body, /value="Sam Social"/, 'what was typed is kept')
    assert.equal(await count('strategy_discussion'), before)
  })

  test('a step the table does not allow is shown plainly, not a crash', async () => {
    const chair = await signedIn(PEOPLE.chair)
    const form = await chair.get(`/cases/${protectionCase.episodeId}/review-conference`)
    assert.equal(form.statusCode, 200)
    const res = await chair.post(`/cases/${protectionCase.episodeId}/review-conference`, {
      'heldOn-day': '23',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      outcome: 'continue_plan',
      notes: 'x',
    })
    assert.equal(res.statusCode, 409)
    assert.match(
      res.body,
      /The child does not have a child protection plan – a plan is made only at a child protection conference/,
    )
    const page = await chair.get(`/cases/${protectionCase.episodeId}/conferences/new`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /A conference can be arranged when/)
  })

  test('forms for a case elsewhere, a foreign conference id or an unknown case answer not found', async () => {
    const dsl = await signedIn(PEOPLE.dsl)
    assert.equal((await dsl.get(`/cases/${protectionCase.episodeId}/strategy-discussion`)).statusCode, 404)
    const sw = await signedIn(PEOPLE.socialWorker)
    assert.equal(
      (await sw.get(`/cases/${protectionCase.episodeId}/conferences/00000000-0000-4000-8000-000000000000/invitations`))
        .statusCode,
      404,
    )
    assert.equal((await sw.get('/cases/nothing-here')).statusCode, 404)
    await sw.get(`/cases/${protectionCase.episodeId}`)
    assert.equal(
      (await sw.post('/cases/00000000-0000-4000-8000-000000000000/strategy-discussion', { minutes: 'x' })).statusCode,
      404,
    )
    assert.equal(
      (await sw.post(`/cases/${protectionCase.episodeId}/strategy-discussion`, { minutes: 'x' }, { csrf: false }))
        .statusCode,
      403,
      'no CSRF token, no write',
    )
  })

  test('the whole journey to a plan through the pages, with the household child considered', async () => {
    const sibling = await caseAfterFrontDoor(ctx.deps, {
      outcome: 'strategy_discussion',
      givenName: 'Rosa',
      familyName: 'Vane',
      sibling: true,
    })
    const id = sibling.episodeId
    const sw = await signedIn(PEOPLE.socialWorker)
    await sw.get(`/cases/${id}/strategy-discussion`)
    const sd = await sw.post(`/cases/${id}/strategy-discussion`, {
      'heldOn-day': '23',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      heldTime: '09:00',
      'attendees-1-agency': 'local_authority',
      'attendees-1-name': 'Sam Social',
      'attendees-2-agency': 'police',
      'attendees-2-name': 'DC Patel',
      'attendees-3-agency': 'health',
      'attendees-3-name': 'Nurse Jones',
      decision: 'section_47',
      'actions-1-action': 'Joint visit',
      'actions-1-owner': 'Sam and DC Patel',
      'actions-1-dueOn-day': '24',
      'actions-1-dueOn-month': '11',
      'actions-1-dueOn-year': '2026',
      minutes: 'Threshold met.',
    })
    assert.equal(sd.statusCode, 303, sd.body)
    await sw.get(`/cases/${id}/section-47`)
    assert.equal(
      (
        await sw.post(`/cases/${id}/section-47`, {
          finding: 'substantiated',
          outcome: 'conference',
          'concludedOn-day': '23',
          'concludedOn-month': '11',
          'concludedOn-year': '2026',
          summary: 'Substantiated.',
        })
      ).statusCode,
      303,
    )
    await sw.get(`/cases/${id}/conferences/new`)
    assert.equal(
      (
        await sw.post(`/cases/${id}/conferences/new`, {
          'scheduledOn-day': '23',
          'scheduledOn-month': '11',
          'scheduledOn-year': '2026',
          scheduledTime: '08:00',
        })
      ).statusCode,
      303,
    )
    const page = await sw.get(`/cases/${id}`)
    const conferenceId = /\/conferences\/([0-9a-f-]{36})\/invitations/.exec(page.body)?.[1]
    assert.ok(conferenceId, 'the case page links to the invitations form')
    const oakfield = (
      await ctx.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Oakfield Primary School')
        .executeTakeFirstOrThrow()
    ).id
    await sw.get(`/cases/${id}/conferences/${conferenceId}/invitations`)
    assert.equal(
      (
        await sw.post(`/cases/${id}/conferences/${conferenceId}/invitations`, {
          kind: 'agency',
          organisationId: oakfield,
        })
      ).statusCode,
      303,
    )

    const chair = await signedIn(PEOPLE.chair)
    const form = await chair.get(`/cases/${id}/initial-conference/decision`)
    assert.match(form.body, /Tobi Vane/, 'the household child is listed')
    assert.match(
      form.body,
      new RegExp(`value="${oakfield}" checked`),
      'invited agencies start ticked for the core group',
    )
    const sw2 = await actorFor(ctx.deps, PEOPLE.socialWorker)
    assert.doesNotMatch(form.body, /name="conferenceId"/, 'the step finds the conference arranged for the case')
    const fields = {
      'heldOn-day': '23',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      outcome: 'child_protection_plan',
      initialCategory: 'NEG',
      leadUserId: sw2.userId,
      coreGroupOrganisationIds: oakfield,
      'coreGroupFamily-1-name': 'Mia Vane',
      'coreGroupFamily-1-role': 'Mother',
      outlinePlan: 'Plan',
      contingencyPlan: 'Contingency',
    }
    const missing = await chair.post(`/cases/${id}/initial-conference/decision`, fields)
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Record what the conference decided or noted for Tobi Vane/)
    const done = await chair.post(`/cases/${id}/initial-conference/decision`, {
      ...fields,
      [`household-${sibling.siblingId ?? ''}-note`]: 'Tobi to be seen alone by the social worker.',
    })
    assert.equal(done.statusCode, 303, done.body)
    const shown = await chair.get(`/cases/${id}`)
    assert.match(shown.body, /Child protection plan, from 23 November 2026/)
    assert.match(shown.body, /Tobi Vane: Tobi to be seen alone/)
    assert.match(shown.body, /Record a review conference/)
  })
})

describe('racing and census outcomes', () => {
  test('two identical submissions at once record one step', async () => {
    const kase = await caseAfterFrontDoor(ctx.deps, {
      outcome: 'strategy_discussion',
      givenName: 'Nia',
      familyName: 'Cole',
    })
    const body = {
      heldOn: '2026-11-23',
      heldTime: '08:00',
      attendees: [
        { agency: 'local_authority', name: 'A' },
        { agency: 'police', name: 'B' },
        { agency: 'health', name: 'C' },
      ],
      decision: 'section_47',
      minutes: 'Met.',
      submissionKey: 'race-1',
    }
    const url = `/api/v1/cases/${kase.episodeId}/strategy-discussions`
    await client.token(PEOPLE.socialWorker)
    const results = await Promise.all([
      api(PEOPLE.socialWorker, 'POST', url, body),
      api(PEOPLE.socialWorker, 'POST', url, body),
    ])
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409])
    const discussions = await ctx.db
      .selectFrom('strategy_discussion')
      .select('id')
      .where('episode_id', '=', kase.episodeId)
      .execute()
    assert.equal(discussions.length, 1)

    // No conference needed and no further action: the census's ICPCnotRequired, closed as RC8.
    const res = await api(PEOPLE.socialWorker, 'POST', `/api/v1/cases/${kase.episodeId}/section-47/conclusion`, {
      finding: 'not_substantiated',
      outcome: 'no_further_action',
      concludedOn: '2026-11-23',
      summary: 'Explained accident, corroborated.',
    })
    assert.equal(res.statusCode, 200, res.body)
    const s47 = await ctx.db
      .selectFrom('section47_enquiry')
      .select(['outcome', 'conference_required'])
      .where('episode_id', '=', kase.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(s47, { outcome: 'not_substantiated', conference_required: false })
    const episode = await ctx.db
      .selectFrom('episode')
      .select(['phase', 'closure_reason'])
      .where('id', '=', kase.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(episode, { phase: 'closed', closure_reason: 'RC8' })
    const open = await ctx.db
      .selectFrom('deadline')
      .select('rule_id')
      .where('subject_id', '=', kase.episodeId)
      .where('completed_at', 'is', null)
      .execute()
    assert.deepEqual(open, [])
  })
})

describe('the OpenAPI document', () => {
  test('describes the case steps', async () => {
    const res = await api(PEOPLE.socialWorker, 'GET', '/api/openapi.json')
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths)
    for (const p of [
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/strategy-discussions',
      '/api/v1/cases/{id}/conferences/{conferenceId}/decision',
      '/api/v1/conferences/{conferenceId}/reports',
      '/api/v1/cases/{id}/closure',
    ])
      assert.ok(paths.includes(p), p)
  })
})
