import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import net, { type AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { SMTPServer } from 'smtp-server'
import {
  enqueueNotification,
  notifyOrganisationRoles,
  type NewNotification,
} from '../../src/modules/notifications/steps/enqueueNotification.js'
import {
  deliverDueNotifications,
  MAX_ATTEMPTS,
  startOutboxWorker,
} from '../../src/modules/notifications/steps/outboxWorker.js'
import { createSmtpMailer, type Mailer } from '../../src/platform/mail/mailer.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { captureLog, LEVEL } from '../support/captureLog.js'

const FROM = 'Together <no-reply@together.invalid>'
const MINUTE = 60_000

interface Received {
  readonly from: string
  readonly to: string[]
  readonly raw: string
}

/** A real SMTP server on a free local port that keeps every message it accepts. */
async function startSmtpServer(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
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
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  // A client that drops its connection must not end the test run: an SMTP server with no 'error' listener throws.
  server.on('error', (e: Error) => console.error(`test SMTP server: ${e.message}`))
  const { port } = server.server.address() as AddressInfo
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
})
after(async () => ctx.close())

const orgId = async (name: string) =>
  (await ctx.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
const clearOutbox = () => ctx.db.deleteFrom('notification_outbox').execute()
const outboxRow = (id: string) =>
  ctx.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const enqueue = (n: NewNotification) =>
  ctx.db.transaction().execute((tx) => enqueueNotification(tx, n, ctx.clock.now()))

describe('the transactional outbox', () => {
  test('a real SMTP round trip: every DSL and deputy DSL of the organisation gets the message once', async () => {
    await clearOutbox()
    const smtp = await startSmtpServer()
    try {
      const oakfield = await orgId('Oakfield Primary School')
      const count = await ctx.db.transaction().execute((tx) =>
        notifyOrganisationRoles(
          tx,
          {
            organisationId: oakfield,
            roles: ['dsl', 'deputy_dsl'],
            kind: 'test.concern_raised',
            subject: 'A concern about a child needs your attention',
            body: 'Amira Khan recorded a concern at Oakfield Primary School.\n\nSign in to Together to read it.',
            relatedType: 'concern',
            relatedId: 'c-1',
          },
          ctx.clock.now(),
        ),
      )
      assert.equal(count, 2)
      const mailer = createSmtpMailer(`smtp://127.0.0.1:${smtp.port}`, FROM)
      assert.deepEqual(await deliverDueNotifications(ctx.deps, mailer), { sent: 2, failed: 0 })

      assert.deepEqual(smtp.received.flatMap((r) => r.to).sort(), [
        'deputy.dsl@oakfield-primary.example',
        'dsl@oakfield-primary.example',
      ])
      for (const message of smtp.received) {
        assert.equal(message.from, 'no-reply@together.invalid')
        assert.match(message.raw, /^Subject: A concern about a child needs your attention\r?$/m)
        assert.match(message.raw, /^From: Together <no-reply@together\.invalid>\r?$/m)
        assert.match(message.raw, /^Auto-Submitted: auto-generated\r?$/m)
        assert.ok(message.raw.includes('Amira Khan recorded a concern at Oakfield Primary School.'))
        assert.ok(message.raw.includes('Sign in to Together to read it.'))
      }
      const rows = await ctx.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('kind', '=', 'test.concern_raised')
        .execute()
      assert.equal(rows.length, 2)
      for (const r of rows) {
        assert.deepEqual(r.sent_at, ctx.clock.now())
        assert.equal(r.attempts, 0)
        assert.equal(r.organisation_id, oakfield)
        assert.equal(r.related_type, 'concern')
        assert.equal(r.related_id, 'c-1')
        // The Message-ID is the outbox row's, so a message sent again after a crash mid-send is the same message.
        assert.equal(smtp.received.filter((m) => m.raw.includes(`Message-ID: <${r.id}@together.outbox>`)).length, 1)
      }
      assert.deepEqual(
        await deliverDueNotifications(ctx.deps, mailer),
        { sent: 0, failed: 0 },
        'a sent message is never sent again',
      )
      assert.equal(smtp.received.length, 2)
    } finally {
      await smtp.close()
    }
  })

  test('only active holders of the roles are notified, once each however many of the roles they hold', async () => {
    await clearOutbox()
    const oakfield = await orgId('Oakfield Primary School')
    const count = await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('app_user')
        .set({ roles: ['dsl', 'deputy_dsl'] })
        .where('email', '=', DEMO.dsl)
        .execute()
      await tx
        .updateTable('app_user')
        .set({ active: false })
        .where('email', '=', 'deputy.dsl@oakfield-primary.example')
        .execute()
      const n = await notifyOrganisationRoles(
        tx,
        { organisationId: oakfield, roles: ['dsl', 'deputy_dsl'], kind: 'test.x', subject: 'S', body: 'B' },
        ctx.clock.now(),
      )
      const recipients = await tx.selectFrom('notification_outbox').select('recipient').execute()
      assert.deepEqual(
        recipients.map((r) => r.recipient),
        [DEMO.dsl],
      )
      await tx
        .updateTable('app_user')
        .set({ roles: ['dsl'] })
        .where('email', '=', DEMO.dsl)
        .execute()
      await tx
        .updateTable('app_user')
        .set({ active: true })
        .where('email', '=', 'deputy.dsl@oakfield-primary.example')
        .execute()
      return n
    })
    assert.equal(count, 1)
    await clearOutbox()
  })

  test('a rolled-back transaction leaves no message behind', async () => {
    await clearOutbox()
    const oakfield = await orgId('Oakfield Primary School')
    await assert.rejects(
      ctx.db.transaction().execute(async (tx) => {
        await enqueueNotification(
          tx,
          {
            kind: 'test.rollback',
            organisationId: oakfield,
            recipient: DEMO.dsl,
            subject: 'Never sent',
            body: 'The change failed.',
          },
          ctx.clock.now(),
        )
        const n = await notifyOrganisationRoles(
          tx,
          {
            organisationId: oakfield,
            roles: ['dsl', 'deputy_dsl'],
            kind: 'test.rollback',
            subject: 'Never sent',
            body: 'The change failed.',
          },
          ctx.clock.now(),
        )
        assert.equal(n, 2)
        throw new Error('the event failed after its notifications were written')
      }),
      /the event failed/,
    )
    const rows = await ctx.db.selectFrom('notification_outbox').select('id').execute()
    assert.equal(rows.length, 0)
  })

  test('a failing mail server: attempts count up, the error is kept, and retries back off', async () => {
    await clearOutbox()
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${await closedPort()}`, FROM)
    const id = await enqueue({
      kind: 'test.failing',
      organisationId: await orgId('Oakfield Primary School'),
      recipient: DEMO.dsl,
      subject: 'Will not arrive',
      body: 'No server.',
    })

    assert.deepEqual(await deliverDueNotifications(ctx.deps, mailer), { sent: 0, failed: 1 })
    let row = await outboxRow(id)
    assert.equal(row.attempts, 1)
    assert.equal(row.sent_at, null)
    assert.match(row.last_error ?? '', /ECONNREFUSED|refused/i)
    assert.equal(row.next_attempt_at.getTime(), ctx.clock.now().getTime() + 2 * MINUTE)

    ctx.clock.advance(2 * MINUTE - 1000)
    assert.deepEqual(
      await deliverDueNotifications(ctx.deps, mailer),
      { sent: 0, failed: 0 },
      'not retried before next_attempt_at',
    )
    assert.equal((await outboxRow(id)).attempts, 1)

    ctx.clock.advance(1000)
    assert.deepEqual(await deliverDueNotifications(ctx.deps, mailer), { sent: 0, failed: 1 })
    row = await outboxRow(id)
    assert.equal(row.attempts, 2)
    assert.equal(row.next_attempt_at.getTime(), ctx.clock.now().getTime() + 4 * MINUTE)

    // The wait never exceeds six hours.
    await ctx.db
      .updateTable('notification_outbox')
      .set({ attempts: 8, next_attempt_at: ctx.clock.now() })
      .where('id', '=', id)
      .execute()
    assert.deepEqual(await deliverDueNotifications(ctx.deps, mailer), { sent: 0, failed: 1 })
    row = await outboxRow(id)
    assert.equal(row.attempts, 9)
    assert.equal(row.next_attempt_at.getTime(), ctx.clock.now().getTime() + 6 * 60 * MINUTE)

    // The tenth failure is the last: the message stays unsent with its error, and is never tried again.
    ctx.clock.advance(6 * 60 * MINUTE)
    assert.deepEqual(await deliverDueNotifications(ctx.deps, mailer), { sent: 0, failed: 1 })
    row = await outboxRow(id)
    assert.equal(row.attempts, MAX_ATTEMPTS)
    ctx.clock.advance(7 * 24 * 60 * MINUTE)
    const recorder: Mailer = { send: async () => assert.fail('a message that has failed 10 times is not tried again') }
    assert.deepEqual(await deliverDueNotifications(ctx.deps, recorder), { sent: 0, failed: 0 })
    row = await outboxRow(id)
    assert.equal(row.sent_at, null)
    assert.match(row.last_error ?? '', /ECONNREFUSED|refused/i)
  })

  test('two workers running at once never send a message twice', async () => {
    await clearOutbox()
    const smtp = await startSmtpServer()
    try {
      const oakfield = await orgId('Oakfield Primary School')
      await ctx.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 12; i++) {
          await enqueueNotification(
            tx,
            {
              kind: 'test.concurrent',
              organisationId: oakfield,
              recipient: DEMO.dsl,
              subject: `Message number ${i}`,
              body: `Body ${i}`,
            },
            ctx.clock.now(),
          )
        }
      })
      const smtpMailer = createSmtpMailer(`smtp://127.0.0.1:${smtp.port}`, FROM)
      // A little latency per send so the two workers overlap for the whole run.
      const slow: Mailer = {
        send: async (m) => {
          await sleep(15)
          await smtpMailer.send(m)
        },
      }
      const [a, b] = await Promise.all([
        deliverDueNotifications(ctx.deps, slow, { batchSize: 20 }),
        deliverDueNotifications(ctx.deps, slow, { batchSize: 20 }),
      ])
      assert.equal(a.sent + b.sent, 12)
      assert.equal(a.failed + b.failed, 0)
      assert.ok(a.sent > 0 && b.sent > 0, `both workers sent some (${a.sent} and ${b.sent})`)
      const subjects = smtp.received.map((r) => /^Subject: (.*?)\r?$/m.exec(r.raw)?.[1])
      assert.equal(subjects.length, 12)
      assert.equal(new Set(subjects).size, 12, 'no message arrived twice')
      const unsent = await ctx.db.selectFrom('notification_outbox').select('id').where('sent_at', 'is', null).execute()
      assert.equal(unsent.length, 0)
    } finally {
      await smtp.close()
    }
  })

  test('the background worker sends due messages, survives a failing run, and stops cleanly', async () => {
    await clearOutbox()
    const oakfield = await orgId('Oakfield Primary School')
    const sent: string[] = []
    const mailer: Mailer = {
      send: async (m) => {
        await sleep(5)
        sent.push(m.subject)
      },
    }
    const captured = captureLog('warn')
    const errors = () => captured.lines().filter((l) => l.level === LEVEL.error)
    let clockBroken = true
    const clock = {
      now: () => {
        if (clockBroken) throw new Error('the clock is broken')
        return ctx.clock.now()
      },
    }
    const worker = startOutboxWorker({ db: ctx.db, clock, log: captured.log }, mailer, { intervalMs: 10 })
    try {
      await enqueue({
        kind: 'test.worker',
        organisationId: oakfield,
        recipient: DEMO.dsl,
        subject: 'From the worker',
        body: 'Hello.',
      })
      for (let i = 0; i < 200 && errors().length === 0; i++) await sleep(10)
      const [failure] = errors()
      assert.equal(failure?.component, 'outbox')
      assert.match(failure?.msg ?? '', /the email outbox worker failed and will try again/)
      assert.match((failure?.err as { message?: string } | undefined)?.message ?? '', /the clock is broken/)
      clockBroken = false
      for (let i = 0; i < 200 && sent.length === 0; i++) await sleep(10)
      assert.deepEqual(sent, ['From the worker'])
    } finally {
      await worker.stop()
    }
    await enqueue({
      kind: 'test.worker',
      organisationId: oakfield,
      recipient: DEMO.dsl,
      subject: 'After stopping',
      body: 'Not sent.',
    })
    await sleep(50)
    assert.deepEqual(sent, ['From the worker'], 'a stopped worker sends nothing more')
  })
})

describe('the Email outbox page', () => {
  let oakfieldId: string
  let riversideMessage: string
  let oakfieldMessage: string
  let failedMessage: string

  before(async () => {
    await clearOutbox()
    oakfieldId = await orgId('Oakfield Primary School')
    const riverside = await orgId('Riverside Academy')
    oakfieldMessage = await enqueue({
      kind: 'test.page',
      organisationId: oakfieldId,
      recipient: DEMO.dsl,
      subject: 'Oakfield: a concern needs your attention',
      body: 'First line\nSecond line <b>not bold</b>\n\nA second paragraph.',
    })
    const sentMessage = await enqueue({
      kind: 'test.page',
      organisationId: oakfieldId,
      recipient: 'deputy.dsl@oakfield-primary.example',
      subject: 'Oakfield: already delivered',
      body: 'Sent.',
    })
    await ctx.db
      .updateTable('notification_outbox')
      .set({ sent_at: ctx.clock.now() })
      .where('id', '=', sentMessage)
      .execute()
    failedMessage = await enqueue({
      kind: 'test.page',
      organisationId: oakfieldId,
      recipient: 'nobody@oakfield-primary.example',
      subject: 'Oakfield: could not be delivered',
      body: 'Failed.',
    })
    await ctx.db
      .updateTable('notification_outbox')
      .set({ attempts: MAX_ATTEMPTS, last_error: '550 No such mailbox' })
      .where('id', '=', failedMessage)
      .execute()
    riversideMessage = await enqueue({
      kind: 'test.page',
      organisationId: riverside,
      recipient: 'dsl@riverside-academy.example',
      subject: 'Riverside: private to Riverside',
      body: 'Riverside only.',
    })
  })

  test('the organisation administrator sees their organisation’s messages only, newest first, with their status', async () => {
    const admin = new TestBrowser(ctx.app)
    assert.equal((await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)).statusCode, 303)
    const home = await admin.get('/')
    assert.match(home.body, /href="\/admin\/outbox">Email outbox</)
    assert.match(home.body, /Emails Together has sent or is waiting to send for your organisation\./)

    const res = await admin.get('/admin/outbox')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Oakfield: a concern needs your attention/)
    assert.match(res.body, /Oakfield: already delivered/)
    assert.doesNotMatch(res.body, /Riverside/)
    assert.match(res.body, /<caption class="govuk-table__caption govuk-table__caption--m">Emails for your organisation/)
    assert.match(res.body, /<th scope="col" class="govuk-table__header">Status<\/th>/)
    assert.match(res.body, /govuk-tag--green">\s*Sent\s*</)
    assert.match(res.body, /govuk-tag--blue">\s*Waiting\s*</)
    assert.match(res.body, /govuk-tag--red">\s*Failed after 10 attempts\s*</)
    assert.match(res.body, /550 No such mailbox/)
    assert.match(res.body, new RegExp(`href="/admin/outbox/${oakfieldMessage}"`))

    const message = await admin.get(`/admin/outbox/${oakfieldMessage}`)
    assert.equal(message.statusCode, 200)
    assert.match(message.body, /First line<br>Second line &lt;b&gt;not bold&lt;\/b&gt;/)
    assert.match(message.body, /<p class="govuk-body">A second paragraph\.<\/p>/)
    assert.match(message.body, /dsl@oakfield-primary\.example/)

    assert.equal(
      (await admin.get(`/admin/outbox/${riversideMessage}`)).statusCode,
      404,
      'another organisation’s message is not found',
    )
    assert.equal((await admin.get(`/admin/outbox/${randomUUID()}`)).statusCode, 404)
    const junk = await admin.get('/admin/outbox/not-a-uuid')
    assert.equal(junk.statusCode, 404)
    assert.match(junk.body, /Page not found/)
    assert.equal((await admin.get('/admin/outbox?page=banana')).statusCode, 200)
  })

  test('every view is audited with the reason access was allowed', async () => {
    const events = await ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', 'like', 'notifications.%')
      .orderBy('seq')
      .execute()
    const admin = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.oakfieldAdmin)
      .executeTakeFirstOrThrow()
    const listed = events.find((e) => e.action === 'notifications.outbox_viewed')
    assert.ok(listed)
    assert.equal(listed.actor_user_id, admin.id)
    assert.equal(listed.subject_type, 'organisation')
    assert.equal(listed.subject_id, oakfieldId)
    assert.equal(listed.reason, 'organisation administrator for this organisation')
    const read = events.filter((e) => e.action === 'notifications.message_viewed')
    assert.deepEqual(
      read.map((e) => e.subject_id),
      [oakfieldMessage],
      'only the message actually shown is recorded as read',
    )
    assert.equal(read[0]?.reason, 'organisation administrator for this organisation')
  })

  test('the other organisation’s administrator sees only theirs', async () => {
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.riversideAdmin, DEMO.password)
    const res = await admin.get('/admin/outbox')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Riverside: private to Riverside/)
    assert.doesNotMatch(res.body, /Oakfield:/)
    assert.equal((await admin.get(`/admin/outbox/${oakfieldMessage}`)).statusCode, 404)
    assert.equal((await admin.get(`/admin/outbox/${riversideMessage}`)).statusCode, 200)
  })

  test('people who are not administrators get no access, and nothing is recorded as read', async () => {
    const before = await ctx.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', 'like', 'notifications.%')
      .execute()
    for (const email of [DEMO.teacher, DEMO.dsl]) {
      const b = new TestBrowser(ctx.app)
      await b.signIn(email, DEMO.password)
      const list = await b.get('/admin/outbox')
      assert.equal(list.statusCode, 403, email)
      assert.match(list.body, /You do not have access/)
      assert.equal((await b.get(`/admin/outbox/${oakfieldMessage}`)).statusCode, 403, email)
      assert.equal((await b.get('/admin/outbox/not-a-uuid')).statusCode, 403, email)
    }
    const after = await ctx.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', 'like', 'notifications.%')
      .execute()
    assert.equal(after.length, before.length)
    assert.equal(
      (await new TestBrowser(ctx.app).get('/admin/outbox')).statusCode,
      303,
      'signed-out people are sent to sign in',
    )
  })

  test('50 messages a page, newest first', async () => {
    const base = ctx.clock.now().getTime()
    await ctx.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await enqueueNotification(
          tx,
          {
            kind: 'test.paging',
            organisationId: oakfieldId,
            recipient: DEMO.dsl,
            subject: `Paged message ${String(i).padStart(2, '0')}`,
            body: '.',
          },
          new Date(base + (i + 1) * MINUTE),
        )
      }
    })
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)
    const first = await admin.get('/admin/outbox')
    const rowsOn = (html: string) => (html.match(/<tr class="govuk-table__row">/g) ?? []).length - 1
    assert.equal(rowsOn(first.body), 50)
    assert.ok(first.body.indexOf('Paged message 59') < first.body.indexOf('Paged message 58'), 'newest first')
    assert.doesNotMatch(first.body, /Paged message 09/)
    assert.match(first.body, /href="\/admin\/outbox\?page=2"/)
    const second = await admin.get('/admin/outbox?page=2')
    assert.equal(rowsOn(second.body), 63 - 50)
    assert.match(second.body, /Paged message 09/)
    assert.match(second.body, /Oakfield: a concern needs your attention/)
    assert.match(second.body, /page 2 of 2/)
  })
})
