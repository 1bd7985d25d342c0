import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient

const ADMIN = 'admin@oakfield-primary.example'
const DSL = 'dsl@oakfield-primary.example'
const TEACHER = 'teacher@oakfield-primary.example'
const RIVERSIDE_DSL = 'dsl@riverside-academy.example'
const PARTNERSHIP_LEAD = 'partnership.lead@northshire-council.example'
const SOCIAL_WORKER = 'social.worker@northshire-council.example'

const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const complaint = (overrides: object = {}) => ({
  complainantName: 'Sam Parent',
  complainantContact: 'sam.parent@example.com',
  receivedOn: '2026-11-20',
  receivedHow: 'email',
  summary: 'The school shared my son’s record with the football club without telling me.',
  ...overrides,
})
const count = async (table: 'data_protection_complaint' | 'data_protection_complaint_acknowledgement') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
})
after(async () => ctx.close())

describe('the record of processing and the retention schedule', () => {
  test('administrators and partnership leads read both, as JSON and on a page', async () => {
    for (const who of [ADMIN, PARTNERSHIP_LEAD]) {
      const records = await api(who, 'GET', '/api/v1/data-protection/processing-records')
      assert.equal(records.statusCode, 200, records.body)
      const body = records.json() as { records: { kind: string; lawfulBasis: { article6: string }[] }[] }
      assert.ok(body.records.some((r) => r.kind === 'allegation'))
      assert.ok(
        body.records.every((r) => r.lawfulBasis.length > 0),
        'every kind of record has a lawful basis',
      )
    }
    const schedule = await api(ADMIN, 'GET', '/api/v1/data-protection/retention-schedule')
    assert.equal(schedule.statusCode, 200)
    const rules = (schedule.json() as { rules: { kind: string; period: string; confidence: string }[] }).rules
    const allegation = rules.find((r) => r.kind === 'allegation')
    assert.match(allegation?.period ?? '', /normal pension age, or 10 years .* whichever is longer/)
    assert.equal(allegation?.confidence, 'secondary')
    assert.equal(rules.find((r) => r.kind === 'cp_file_transfer')?.confidence, 'confirmed')
    // No period the shared facts do not give: those say so.
    assert.match(rules.find((r) => r.kind === 'referral')?.period ?? '', /^Local decision/)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(PARTNERSHIP_LEAD, DEMO.password)
    const page = await browser.get('/data-protection')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Retention schedule/)
    assert.match(page.body, /Local decision/)
  })

  test('anyone else is refused, page and API', async () => {
    for (const who of [DSL, TEACHER, SOCIAL_WORKER]) {
      assert.equal((await api(who, 'GET', '/api/v1/data-protection/processing-records')).statusCode, 403, who)
      assert.equal((await api(who, 'GET', '/api/v1/data-protection/retention-schedule')).statusCode, 403, who)
    }
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(TEACHER, DEMO.password)
    assert.equal((await browser.get('/data-protection')).statusCode, 403)
  })
})

describe('the data protection complaints log', () => {
  let id = ''

  test('a teacher or a social worker may not record a complaint; nothing is written', async () => {
    for (const who of [TEACHER, SOCIAL_WORKER, PARTNERSHIP_LEAD])
      assert.equal((await api(who, 'POST', '/api/v1/data-protection/complaints', complaint())).statusCode, 403, who)
    assert.equal(await count('data_protection_complaint'), 0)
  })

  test('bad input is refused field by field and writes nothing', async () => {
    for (const [payload, field] of [
      [complaint({ receivedOn: '2026-11-24' }), 'receivedOn'],
      [complaint({ receivedOn: '2026-02-30' }), 'receivedOn'],
      [complaint({ complainantName: '' }), 'complainantName'],
      [complaint({ receivedHow: 'pigeon' }), 'receivedHow'],
      [complaint({ summary: '' }), 'summary'],
    ] as const) {
      const res = await api(DSL, 'POST', '/api/v1/data-protection/complaints', payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(
        (res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        res.body,
      )
    }
    assert.equal(await count('data_protection_complaint'), 0)
  })

  test('the DSL records a complaint: the 30-day acknowledgement clock starts, and the step is audited', async () => {
    const res = await api(DSL, 'POST', '/api/v1/data-protection/complaints', complaint({ submissionKey: 'dpc-1' }))
    assert.equal(res.statusCode, 201, res.body)
    const out = res.json() as { id: string; reference: string; acknowledgeBy: string }
    id = out.id
    // 30 calendar days from Friday 20 November 2026 is Sunday 20 December: the Friday before, as every clock here.
    assert.equal(out.acknowledgeBy, '2026-12-18')
    assert.match(out.reference, /^DPC-[0-9A-F]{8}$/)
    const again = await api(DSL, 'POST', '/api/v1/data-protection/complaints', complaint({ submissionKey: 'dpc-1' }))
    assert.equal(again.statusCode, 200, 'the same form sent twice records once')
    assert.equal(await count('data_protection_complaint'), 1)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on', 'completed_at'])
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(clock, {
      rule_id: 'data-protection-complaint-acknowledgement',
      due_on: '2026-12-18',
      completed_at: null,
    })
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'data_protection.complaint_recorded')
      .execute()
    assert.equal(audit.length, 1)
  })

  test('the outcome cannot come before the acknowledgement', async () => {
    const res = await api(ADMIN, 'POST', `/api/v1/data-protection/complaints/${id}/outcome`, {
      decidedOn: '2026-11-23',
      outcome: 'upheld',
      response: 'Sorry.',
    })
    assert.equal(res.statusCode, 409, res.body)
    assert.match(res.body, /Acknowledge the complaint before recording its outcome/)
  })

  test('another organisation’s DSL is told it does not exist; a colleague without the role is refused', async () => {
    const ack = { acknowledgedOn: '2026-11-23', sentHow: 'email' }
    const elsewhere = await api(RIVERSIDE_DSL, 'POST', `/api/v1/data-protection/complaints/${id}/acknowledgement`, ack)
    assert.equal(elsewhere.statusCode, 404)
    const unknown = await api(
      DSL,
      'POST',
      '/api/v1/data-protection/complaints/00000000-0000-4000-8000-000000000000/acknowledgement',
      ack,
    )
    assert.equal(unknown.statusCode, 404)
    assert.equal(elsewhere.body.replace(/"requestId":"[^"]*"/, ''), unknown.body.replace(/"requestId":"[^"]*"/, ''))
    const teacher = await api(TEACHER, 'POST', `/api/v1/data-protection/complaints/${id}/acknowledgement`, ack)
    assert.equal(teacher.statusCode, 403)
    const before = await api(ADMIN, 'POST', `/api/v1/data-protection/complaints/${id}/acknowledgement`, {
      ...ack,
      acknowledgedOn: '2026-11-19',
    })
    assert.equal(before.statusCode, 400)
    assert.match(before.body, /cannot be sent before the complaint was received/)
    assert.equal(await count('data_protection_complaint_acknowledgement'), 0)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(RIVERSIDE_DSL, DEMO.password)
    assert.equal((await browser.get(`/data-protection/complaints/${id}`)).statusCode, 404)
    const denied = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['acknowledgeDataProtectionComplaint.denied', 'data_protection.complaint_denied'])
      .execute()
    assert.ok(denied.length >= 2, 'the refusals are audited')
  })

  test('the administrator acknowledges and records the outcome; the log shows it answered', async () => {
    const ack = await api(ADMIN, 'POST', `/api/v1/data-protection/complaints/${id}/acknowledgement`, {
      acknowledgedOn: '2026-11-23',
      sentHow: 'letter',
    })
    assert.equal(ack.statusCode, 201, ack.body)
    assert.equal((ack.json() as { late: boolean }).late, false)
    const stopped = await ctx.db.selectFrom('deadline').select('completed_at').where('subject_id', '=', id).execute()
    assert.notEqual(stopped[0]?.completed_at, null, 'the acknowledgement stops the clock')
    const twice = await api(ADMIN, 'POST', `/api/v1/data-protection/complaints/${id}/acknowledgement`, {
      acknowledgedOn: '2026-11-23',
      sentHow: 'letter',
    })
    assert.equal(twice.statusCode, 409)
    const answered = await api(DSL, 'POST', `/api/v1/data-protection/complaints/${id}/outcome`, {
      decidedOn: '2026-11-23',
      outcome: 'partly_upheld',
      response: 'We should have told you first. The club has deleted what it was sent.',
    })
    assert.equal(answered.statusCode, 201, answered.body)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(ADMIN, DEMO.password)
    const log = await browser.get('/data-protection/complaints')
    assert.equal(log.statusCode, 200)
    assert.match(log.body, /Answered/)
    const page = await browser.get(`/data-protection/complaints/${id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Partly upheld/)
    assert.match(page.body, /The club has deleted what it was sent/)
  })

  test('the log is append-only: the database refuses to change or delete a complaint', async () => {
    await assert.rejects(
      sql`UPDATE data_protection_complaint SET summary = 'changed' WHERE id = ${id}`.execute(ctx.db),
      /append-only/,
    )
    await assert.rejects(
      sql`DELETE FROM data_protection_complaint_outcome WHERE complaint_id = ${id}`.execute(ctx.db),
      /append-only/,
    )
  })
})
