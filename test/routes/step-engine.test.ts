import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../src/platform/calendar/localDate.js'
import { date, notInFuture, radios, textarea, time } from '../../src/platform/forms/fields.js'
import { hasRole } from '../../src/platform/identity/actor.js'
import { ok } from '../../src/platform/shared/result.js'
import { defineStep, takeStep } from '../../src/platform/steps/defineStep.js'
import { mountSteps } from '../../src/platform/steps/mountSteps.js'
import { actorFor } from '../support/protectionFixtures.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

/**
 * The step engine itself, through a step declared here and mounted on the real application (real database,
 * real sign-in, CSRF, layout): one declaration gives the page and the API, validation with GOV.UK messages,
 * conditional reveals, access with its audit row, a submission key that writes once, and 404 for unknown ids.
 */
const output = z.object({
  childId: z.string(),
  seenOn: z.string(),
  seenAt: z.string().optional(),
  outcome: z.string(),
  reason: z.string().optional(),
})

const recordTestVisit = defineStep({
  operationId: 'recordTestVisit',
  module: 'test',
  path: '/step-engine-test/:childId/visits',
  title: 'Record a visit',
  submitText: 'Record the visit',
  fields: {
    seenOn: date({ label: 'Date the child was seen', required: 'Enter the date the child was seen' }),
    seenAt: time({ label: 'Time the child was seen' }),
    outcome: radios({
      label: 'What happened',
      required: 'Select what happened',
      options: [
        { value: 'seen', text: 'The child was seen' },
        { value: 'other', text: 'Something else', reveals: ['reason'] },
      ],
    }),
    reason: textarea({ label: 'Reason', required: 'Enter what happened instead', max: 200 }),
  },
  load: async ({ tx, params }) =>
    tx
      .selectFrom('child')
      .select(['id', 'given_name', 'family_name'])
      .where('id', '=', params.childId!)
      .executeTakeFirst(),
  access: (actor) =>
    hasRole(actor, 'dsl')
      ? { allowed: true, reason: 'designated safeguarding lead' }
      : { allowed: false, reason: 'only a DSL records visits', visible: false },
  check: (input, _child, { today }) => {
    const future = notInFuture(input.seenOn as LocalDate, today, 'The date the child was seen must be in the past')
    return future === undefined ? {} : { seenOn: future }
  },
  run: async (_ctx, input, child) =>
    ok({
      childId: child.id,
      seenOn: formatLocalDate(input.seenOn as LocalDate),
      ...(input.seenAt === undefined ? {} : { seenAt: input.seenAt as string }),
      outcome: input.outcome as string,
      ...(input.reason === undefined ? {} : { reason: input.reason as string }),
    }),
  subject: (child) => ({ type: 'child', id: child.id }),
  action: 'test.visit_recorded',
  output,
  done: (out) => `/step-engine-test/${out.childId}/visits?done=1`,
  caption: (child) => `${child.given_name} ${child.family_name}`,
  back: () => ({ href: '/', text: 'Back' }),
})

/** The same visit, declared as a step whose contract answers 200 and refuses a repeated key with 409. */
const noteTestVisit = defineStep({
  ...recordTestVisit,
  operationId: 'noteTestVisit',
  path: '/step-engine-test/:childId/visit-notes',
  okStatus: 200,
  repeatedKey: 'refuse',
  // The page offers only what this record allows; the API is judged by check.
  choices: () => ({ outcome: ['seen'] }),
})

/**
 * The visit with its audit row written by `run`, in its own statement (`auditInRun`), as recordConcern's hot path
 * does; `writes` says how this copy's run behaves, to show the engine's check of it.
 */
const visitAuditedInRun = (operationId: string, writes: 'once' | 'not' | 'another record') =>
  defineStep({
    ...recordTestVisit,
    operationId,
    path: `/step-engine-test/:childId/${operationId}`,
    action: 'test.visit_audited_in_run',
    auditInRun: true,
    run: async (ctx, input, child) => {
      if (writes !== 'not') {
        const about = { type: 'child', id: writes === 'once' ? child.id : ctx.actor.organisationId }
        const audit = ctx.auditInStatement(about, { outcome: input.outcome }, sql`jsonb_build_object('written', 1)`)
        await sql`WITH audited AS (${audit}) SELECT 1`.execute(ctx.tx)
      }
      return recordTestVisit.run(ctx, input, child)
    },
  })
const auditedInRun = visitAuditedInRun('auditedInRun', 'once')
const forgetsItsAudit = visitAuditedInRun('forgetsItsAudit', 'not')
const auditsAnotherRecord = visitAuditedInRun('auditsAnotherRecord', 'another record')

let ctx: TestContext
let client: ApiClient
let childId: string

before(async () => {
  ctx = await buildTestApp({
    demoMode: true,
    register: (app, deps) =>
      mountSteps(app, deps, [recordTestVisit, noteTestVisit, auditedInRun, forgetsItsAudit, auditsAnotherRecord]),
  })
  client = new ApiClient(ctx)
  const made = await client.call(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Ava',
    familyName: 'Steppe',
    dateOfBirth: '2015-03-02',
    sex: 'female',
  })
  assert.equal(made.statusCode, 201, made.body)
  childId = (made.json() as { id: string }).id
})
after(async () => ctx.close())

const url = () => `/api/v1/step-engine-test/${childId}/visits`

describe('the step engine', () => {
  test('the API refuses bad input with the same messages a page shows, writing nothing', async () => {
    await client.token(DEMO.dsl)
    const before = (await auditActions(ctx.db)).length
    const res = await client.call(DEMO.dsl, 'POST', url(), { seenOn: '31/02/2025', seenAt: '25:00', outcome: 'other' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      error: 'bad_request',
      errors: [
        { field: 'seenOn', message: 'Date the child was seen must be a real date: February 2025 has 28 days' },
        { field: 'seenAt', message: 'Time the child was seen must be a real time: hours go up to 23' },
        { field: 'reason', message: 'Enter what happened instead' },
      ],
    })
    assert.equal((await auditActions(ctx.db)).length, before)
  })

  test('a step taken answers 201, writes its audit row; the same key again answers the same and writes nothing', async () => {
    const body = { seenOn: '14/05/2024', seenAt: '9.15am', outcome: 'seen', reason: 'dropped', submissionKey: 'k-1' }
    const first = await client.call(DEMO.dsl, 'POST', url(), body)
    assert.equal(first.statusCode, 201, first.body)
    assert.deepEqual(first.json(), { childId, seenOn: '2024-05-14', seenAt: '09:15', outcome: 'seen' })
    const count = (await auditActions(ctx.db)).filter((a) => a === 'test.visit_recorded').length
    assert.equal(count, 1)
    const again = await client.call(DEMO.dsl, 'POST', url(), body)
    assert.equal(again.statusCode, 200)
    assert.deepEqual(again.json(), first.json())
    assert.equal((await auditActions(ctx.db)).filter((a) => a === 'test.visit_recorded').length, 1)
  })

  test('a step whose run writes its own audit row (auditInRun): the row the engine would write, in the same transaction', async () => {
    const body = { seenOn: '2024-05-20', outcome: 'seen', submissionKey: 'k-in-run' }
    const res = await client.call(DEMO.dsl, 'POST', `/api/v1/step-engine-test/${childId}/auditedInRun`, body)
    assert.equal(res.statusCode, 201, res.body)
    const rows = await ctx.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'subject_type', 'subject_id', 'reason', 'details', 'correlation_id'])
      .where('action', '=', 'test.visit_audited_in_run')
      .execute()
    assert.equal(rows.length, 1)
    const [row] = rows
    assert.equal(row?.subject_type, 'child')
    assert.equal(row?.subject_id, childId)
    assert.equal(row?.reason, 'designated safeguarding lead')
    assert.notEqual(row?.actor_user_id, null)
    assert.notEqual(row?.correlation_id, null)
    assert.deepEqual(row?.details, { step: 'auditedInRun', outcome: 'seen', written: 1 })
    const again = await client.call(DEMO.dsl, 'POST', `/api/v1/step-engine-test/${childId}/auditedInRun`, body)
    assert.equal(again.statusCode, 200)
    assert.equal((await auditActions(ctx.db)).filter((a) => a === 'test.visit_audited_in_run').length, 1)
  })

  test('auditInRun: a run that does not write its row, or writes it for another record, is rolled back', async () => {
    const dsl = await actorFor(ctx.deps, DEMO.dsl)
    for (const step of [forgetsItsAudit, auditsAnotherRecord]) {
      const before = await auditActions(ctx.db)
      const keys = await ctx.db.selectFrom('step_submission').select('submission_key').execute()
      const body = { seenOn: '2024-05-21', outcome: 'seen' }
      const meta = { correlationId: `c-${step.operationId}` }
      await assert.rejects(
        takeStep(ctx.deps, step, dsl, { childId }, body, meta, `k-${step.operationId}`),
        /run must write its audit row once/,
      )
      assert.deepEqual(await auditActions(ctx.db), before, step.operationId)
      assert.equal((await ctx.db.selectFrom('step_submission').select('submission_key').execute()).length, keys.length)
    }
    assert.throws(
      () => defineStep({ ...auditedInRun, operationId: 'namedByOutput', action: () => 'test.chosen' }),
      /auditInRun wants a fixed action/,
    )
  })

  test('a step declared so answers 200, and the same key again 409 “already recorded”, writing nothing', async () => {
    const notes = `/api/v1/step-engine-test/${childId}/visit-notes`
    const body = { seenOn: '2024-05-16', outcome: 'seen', submissionKey: 'k-refuse' }
    const first = await client.call(DEMO.dsl, 'POST', notes, body)
    assert.equal(first.statusCode, 200, first.body)
    const audited = (await auditActions(ctx.db)).filter((a) => a === 'test.visit_recorded').length
    const again = await client.call(DEMO.dsl, 'POST', notes, body)
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /already been recorded/)
    assert.equal((await auditActions(ctx.db)).filter((a) => a === 'test.visit_recorded').length, audited)

    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.dsl, DEMO.password)
    const page = `/step-engine-test/${childId}/visit-notes`
    const shown = await browser.get(page)
    assert.match(shown.body, /The child was seen/)
    assert.doesNotMatch(shown.body, /Something else/, 'the page offers only the choices the record allows')
    assert.match((await browser.get(`/step-engine-test/${childId}/visits`)).body, /Something else/)
    const form = {
      'seenOn-day': '17',
      'seenOn-month': '5',
      'seenOn-year': '2024',
      outcome: 'seen',
      submissionKey: 'p-refuse',
    }
    assert.equal((await browser.post(page, form)).statusCode, 303)
    const twice = await browser.post(page, form)
    assert.equal(twice.statusCode, 409)
    assert.match(twice.body, /already been recorded/)
  })

  test('two copies of one submission sent at once write once', async () => {
    const body = { seenOn: '2024-05-15', outcome: 'seen', submissionKey: 'k-race' }
    const answers = await Promise.all([1, 2, 3].map(() => client.call(DEMO.dsl, 'POST', url(), body)))
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 201])
    const rows = await ctx.db.selectFrom('step_submission').selectAll().where('submission_key', '=', 'k-race').execute()
    assert.equal(rows.length, 1)
  })

  test('ten copies of one submission sent at once, round after round, all answer the first answer', async () => {
    // The duplicates must get the first answer whatever the timing: a copy that waited on the first one's claim
    // of the key used to answer 409 although the submission had been recorded.
    for (let round = 0; round < 5; round++) {
      const body = { seenOn: '2024-05-15', outcome: 'seen', submissionKey: `k-race-${round}` }
      const answers = await Promise.all(Array.from({ length: 10 }, () => client.call(DEMO.dsl, 'POST', url(), body)))
      const first = answers.find((a) => a.statusCode === 201)
      assert.deepEqual(
        answers.map((a) => a.statusCode).sort(),
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
        `round ${round}: ${answers.map((a) => a.body).join(' | ')}`,
      )
      for (const a of answers) assert.deepEqual(a.json(), first?.json())
      const rows = await ctx.db
        .selectFrom('step_submission')
        .selectAll()
        .where('submission_key', '=', body.submissionKey)
        .execute()
      assert.equal(rows.length, 1)
    }
  })

  test('a refused submission does not keep its key: the corrected one with the same key is recorded', async () => {
    const refused = await client.call(DEMO.dsl, 'POST', url(), {
      seenOn: '2099-01-01',
      outcome: 'seen',
      submissionKey: 'k-fix',
    })
    assert.equal(refused.statusCode, 400)
    const fixed = await client.call(DEMO.dsl, 'POST', url(), {
      seenOn: '2024-01-01',
      outcome: 'seen',
      submissionKey: 'k-fix',
    })
    assert.equal(fixed.statusCode, 201, fixed.body)
  })

  test('copies of one form sent at once all go on to the page after it', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.dsl, DEMO.password)
    const page = `/step-engine-test/${childId}/visits`
    await browser.get(page)
    for (let round = 0; round < 3; round++) {
      const form = { 'seenOn-day': '2', 'seenOn-month': '3', 'seenOn-year': '2024', outcome: 'seen' }
      const posts = Array.from({ length: 6 }, () => browser.post(page, { ...form, submissionKey: `p-race-${round}` }))
      const answers = await Promise.all(posts)
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        answers.map(() => 303),
        `round ${round}: ${answers.map((a) => a.statusCode).join(' ')}`,
      )
    }
  })

  test('unknown, malformed and hidden records answer 404 alike; the refusal is audited', async () => {
    const body = { seenOn: '2024-05-14', outcome: 'seen' }
    const unknown = await client.call(
      DEMO.dsl,
      'POST',
      '/api/v1/step-engine-test/7d0e1e9c-1111-4111-8111-111111111111/visits',
      body,
    )
    const malformed = await client.call(DEMO.dsl, 'POST', '/api/v1/step-engine-test/not-an-id/visits', body)
    const hidden = await client.call(DEMO.teacher, 'POST', url(), body)
    for (const r of [unknown, malformed, hidden]) assert.equal(r.statusCode, 404)
    assert.equal(unknown.body, hidden.body)
    assert.ok((await auditActions(ctx.db)).includes('recordTestVisit.denied'))
  })

  test('a date in the future is refused by the step check', async () => {
    const res = await client.call(DEMO.dsl, 'POST', url(), { seenOn: '2099-01-01', outcome: 'seen' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      error: 'bad_request',
      errors: [{ field: 'seenOn', message: 'The date the child was seen must be in the past' }],
    })
  })

  test('the page shows the form, keeps what was typed after an error, and redirects once taken', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.dsl, DEMO.password)
    const page = `/step-engine-test/${childId}/visits`
    const form = await browser.get(page)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Ava Steppe/)
    assert.match(form.body, /Record a visit/)
    const bad = await browser.post(page, {
      'seenOn-day': '31',
      'seenOn-month': '2',
      'seenOn-year': '2025',
      outcome: 'other',
      reason: '',
      submissionKey: 'p-1',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /February 2025 has 28 days/)
    assert.match(bad.body, /Enter what happened instead/)
    assert.match(bad.body, /value="other" checked/)
    assert.match(bad.body, /name="seenOn-day" type="text" value="31"|value="31"/)
    const good = await browser.post(page, {
      'seenOn-day': '1',
      'seenOn-month': '3',
      'seenOn-year': '2024',
      seenAt: '21:15',
      outcome: 'other',
      reason: 'The family was out',
      submissionKey: 'p-2',
    })
    assert.equal(good.statusCode, 303, good.body)
    assert.equal(good.headers.location, `/step-engine-test/${childId}/visits?done=1`)
  })

  test('the route carries an OpenAPI schema with its operationId', () => {
    const route = ctx.app.registeredRoutes().find((r) => r.url === '/api/v1/step-engine-test/:childId/visits')
    assert.ok(route)
  })
})
