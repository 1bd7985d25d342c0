/**
 * Repeated concerns (issue 11, item 7), end to end: concerns about one child from a school and a GP practice reach
 * the partnership's threshold (3 within 90 days by default); the recording organisations' safeguarding leads and
 * the local authority's front door (it holds an open referral) are emailed once, through the real outbox and a
 * real SMTP server, and see it in their inbox, the front door's queue and on the child's page. A 4th concern does
 * not tell anyone again; two concerns recorded at the same moment cross once; a partnership's own threshold is used
 * with its source.
 */
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { SMTPServer } from 'smtp-server'
import { deliverDueNotifications } from '../../src/modules/notifications/steps/outboxWorker.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { findUserByEmail } from '../../src/modules/people/queries/loadActor.js'
import { createSmtpMailer } from '../../src/platform/mail/mailer.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

const DAY = 86_400_000
const GP = 'gp@elmtree-surgery.example'
const GP_LEAD = 'safeguarding.lead@elmtree-surgery.example'
const FRONT_DOOR = 'front.door@northshire-council.example'
const OTHER_DSL = 'dsl@riverside-academy.example'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

interface Received {
  readonly to: string[]
  readonly raw: string
}
let smtp: { port: number; received: Received[]; close(): Promise<void> }

/** A real SMTP server on a free local port that keeps every message it accepts. */
async function startSmtpServer(): Promise<typeof smtp> {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  server.on('error', (e: Error) => console.error(`test SMTP server: ${e.message}`))
  const { port } = server.server.address() as AddressInfo
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const count = async (table: 'repeated_concern_alert' | 'notification_outbox', kind?: string) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .$if(kind !== undefined, (q) => q.where('kind' as never, '=', kind as never))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function newChild(givenName: string): Promise<string> {
  const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName,
    familyName: 'Repeated',
    dateOfBirth: '2016-02-03',
    sex: 'male',
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

async function concern(email: string, childId: string, facts: string): Promise<string> {
  const res = await api(email, 'POST', '/api/v1/concerns', {
    childIds: [childId],
    observedAt: new Date(ctx.clock.now().getTime() - 3_600_000).toISOString(),
    place: 'School gate',
    facts,
    childWords: '',
    othersPresent: '',
    categories: ['neglect'],
    immediateDanger: false,
    actionTaken: 'Told the DSL',
    bodyMap: [],
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

async function signedIn(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, `sign in ${email}`)
  return b
}

let leo: string

/** Moves the clock on; API tokens last an hour, so the next calls fetch new ones. */
function advance(ms: number): void {
  ctx.clock.advance(ms)
  client = new ApiClient(ctx)
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  smtp = await startSmtpServer()
  ctx.clock.set(new Date('2026-09-01T09:00:00Z'))
  leo = await newChild('Leo')
})
after(async () => {
  await smtp.close()
  await ctx.close()
})

describe('repeated concerns about one child', () => {
  test('two concerns tell no one', async () => {
    const first = await concern(DEMO.teacher, leo, 'Leo came in without a coat in the rain.')
    // The DSL refers the first: the local authority now holds open work for Leo.
    assert.equal((await api(DEMO.dsl, 'POST', `/api/v1/concerns/${first}/acknowledge`)).statusCode, 200)
    const referred = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${first}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Neglect: repeated signs, asking for an assessment.',
      parentsAware: 'yes',
      parentalConsent: 'given',
    })
    assert.equal(referred.statusCode, 200, referred.body)
    // The school shares with the GP practice, which is then involved with Leo and may record its own concern.
    const surgery = (
      await ctx.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Elm Tree Surgery')
        .executeTakeFirstOrThrow()
    ).id
    const shared = await api(DEMO.dsl, 'POST', `/api/v1/children/${leo}/sharing-decisions`, {
      direction: 'proactive',
      decision: 'share',
      lawfulBasis: 'public_task',
      specialCategory: 'none',
      consent: 'not_needed_risk',
      told: 'yes',
      identitiesAtRisk: 'no',
      detriment: 'no',
      necessity: 'The GP sees Leo and needs to know the school is worried',
      summary: 'Signs of neglect at school; referred to children’s social care.',
      recipientOrganisationId: surgery,
      recipientPerson: 'Dr James Reid',
      sharedOn: '2026-09-01',
    })
    assert.equal(shared.statusCode, 201, shared.body)
    advance(30 * DAY)
    await concern(DEMO.teacher, leo, 'Leo fell asleep in class and said he had no breakfast.')
    assert.equal(await count('repeated_concern_alert'), 0)
    assert.equal(await count('notification_outbox', 'child.repeated_concerns'), 0)
  })

  test('a third within 90 days, from the GP practice: the school’s and the practice’s leads and the front door are emailed once, through SMTP, without the child’s name', async () => {
    advance(50 * DAY)
    await concern(GP, leo, 'Leo missed his second asthma review; mum did not answer calls.')
    const alerts = await ctx.db.selectFrom('repeated_concern_alert').selectAll().execute()
    assert.equal(alerts.length, 1)
    assert.equal(alerts[0]?.concern_ids.length, 3)
    assert.equal(alerts[0]?.threshold_count, 3)
    assert.equal(alerts[0]?.threshold_days, 90)
    assert.match(alerts[0]?.threshold_source ?? '', /Together’s default/)
    assert.notEqual(alerts[0]?.local_authority_id, null, 'the local authority holds an open referral')
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${smtp.port}`, 'Together <no-reply@together.invalid>')
    await deliverDueNotifications(ctx.deps, mailer)
    const repeated = smtp.received.filter((m) => m.raw.includes('Repeated concerns about a child'))
    assert.deepEqual(repeated.flatMap((m) => m.to).sort(), [
      'deputy.dsl@oakfield-primary.example',
      'dsl@oakfield-primary.example',
      FRONT_DOOR,
      GP_LEAD,
    ])
    for (const m of repeated) {
      const text = m.raw.replace(/=\r\n/g, '') // quoted-printable soft line breaks
      assert.doesNotMatch(text, /Leo|Repeated(?! concerns)/, 'no child’s name in an email')
      assert.match(text, new RegExp(`/children/${leo}`))
    }
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_id', 'details'])
      .where('action', '=', 'child.repeated_concerns_told')
      .execute()
    assert.deepEqual(
      audit.map((a) => a.subject_id),
      [leo],
    )
  })

  test('those told see it: the safeguarding inbox, the front door’s queue and the child’s page; another school does not', async () => {
    const dsl = await signedIn(DEMO.dsl)
    const inbox = await dsl.get('/inbox')
    assert.match(inbox.body, /id="repeated-concerns"/)
    assert.match(
      inbox.body,
      new RegExp(`href="/children/${leo}">Leo Repeated</a>: 3 concerns from Oakfield Primary School, Elm Tree Surgery`),
    )
    const child = await dsl.get(`/children/${leo}`)
    assert.match(child.body, /Repeated concerns: 3 concerns about Leo from Oakfield Primary School, Elm Tree Surgery/)
    assert.match(child.body, /and so was the local authority/)
    assert.match(child.body, /Where the threshold comes from: Together’s default/)
    const frontDoor = await signedIn(FRONT_DOOR)
    assert.match((await frontDoor.get('/front-door')).body, new RegExp(`href="/children/${leo}">Leo Repeated</a>`))
    const other = await signedIn(OTHER_DSL)
    assert.doesNotMatch((await other.get('/inbox')).body, /Leo Repeated|id="repeated-concerns"/)
    const viewed = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'repeated_concerns.viewed')
      .execute()
    assert.ok(viewed.length >= 2, 'each list that named the child is audited')
  })

  test('a 4th concern in the same window does not tell anyone again', async () => {
    const before = await count('notification_outbox', 'child.repeated_concerns')
    advance(2 * DAY)
    await concern(DEMO.teacher, leo, 'Leo had the same clothes on all week.')
    assert.equal(await count('repeated_concern_alert'), 1)
    assert.equal(await count('notification_outbox', 'child.repeated_concerns'), before)
  })

  test('three concerns over 91 days do not cross', async () => {
    const mia = await newChild('Mia')
    await concern(DEMO.teacher, mia, 'One.')
    advance(45 * DAY)
    await concern(DEMO.teacher, mia, 'Two.')
    advance(46 * DAY)
    await concern(DEMO.teacher, mia, 'Three, 91 days after the first.')
    assert.equal(
      (await ctx.db.selectFrom('repeated_concern_alert').select('id').where('child_id', '=', mia).execute()).length,
      0,
    )
  })

  test('two concerns recorded at the same moment cross the threshold once', async () => {
    const sam = await newChild('Sam')
    await concern(DEMO.teacher, sam, 'First.')
    const teacher = (await findUserByEmail(ctx.db, DEMO.teacher))?.actor
    const dsl = (await findUserByEmail(ctx.db, DEMO.dsl))?.actor
    assert.ok(teacher !== undefined && dsl !== undefined)
    const input = (facts: string) => ({
      childIds: [sam],
      observedAtMs: ctx.clock.now().getTime() - 60_000,
      place: 'Playground',
      facts,
      childWords: '',
      othersPresent: '',
      categories: ['neglect'],
      bodyMap: [],
      immediateDanger: false,
      actionTaken: 'Told the DSL',
    })
    const before = await count('notification_outbox', 'child.repeated_concerns')
    const results = await Promise.all([
      recordConcernFor(ctx.deps, teacher, input('Second, by the teacher.'), { correlationId: 'race-1' }),
      recordConcernFor(ctx.deps, dsl, input('Second, by the DSL, at the same moment.'), { correlationId: 'race-2' }),
    ])
    assert.ok(results.every((r) => r.ok))
    // Three concerns now: one crossing, not two; told once.
    const alerts = await ctx.db.selectFrom('repeated_concern_alert').select('id').where('child_id', '=', sam).execute()
    assert.equal(alerts.length, 1)
    const told = await count('notification_outbox', 'child.repeated_concerns')
    assert.equal(told - before, 2, 'the two Oakfield leads, once each (no open work at the local authority for Sam)')
  })

  test('a partnership’s own threshold is used, with its source', async () => {
    const area = (
      await ctx.db.selectFrom('child').select('local_area_id').where('id', '=', leo).executeTakeFirstOrThrow()
    ).local_area_id
    await ctx.db
      .insertInto('sharing_setting')
      .values({
        local_area_id: area,
        open_record_hours: 24,
        section_16la_in_force: false,
        set_at: ctx.clock.now(),
        repeated_concerns_count: 2,
        repeated_concerns_days: 30,
        repeated_concerns_source: 'Northshire Safeguarding Children Partnership board, 12 November 2026',
      })
      .onConflict((oc) =>
        oc.column('local_area_id').doUpdateSet({
          repeated_concerns_count: 2,
          repeated_concerns_days: 30,
          repeated_concerns_source: 'Northshire Safeguarding Children Partnership board, 12 November 2026',
        }),
      )
      .execute()
    const ava = await newChild('Ava')
    await concern(DEMO.teacher, ava, 'One.')
    advance(10 * DAY)
    await concern(DEMO.teacher, ava, 'Two, ten days later.')
    const alert = await ctx.db
      .selectFrom('repeated_concern_alert')
      .selectAll()
      .where('child_id', '=', ava)
      .executeTakeFirstOrThrow()
    assert.deepEqual([alert.threshold_count, alert.threshold_days], [2, 30])
    assert.match(alert.threshold_source, /board, 12 November 2026/)
  })

  test('a crossing is never edited or removed', async () => {
    await assert.rejects(
      ctx.db.updateTable('repeated_concern_alert').set({ threshold_count: 9 }).execute(),
      /append-only/,
    )
    await assert.rejects(ctx.db.deleteFrom('repeated_concern_alert').execute(), /append-only/)
  })
})
