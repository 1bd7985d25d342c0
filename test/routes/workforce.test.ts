import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sealAll, verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { ApiClient, buildTestApp, DEMO, TEST_SERVICE_URL, TestBrowser, type TestContext } from '../support/testApp.js'

/** Issue 14: training currency, allegations and the LADO, low-level concerns. */
let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const W = {
  head: 'head@oakfield-primary.example',
  chair: 'chair.governors@oakfield-primary.example',
  deputy: 'deputy.dsl@oakfield-primary.example',
  lado: 'lado@northshire-council.example',
  riversideDsl: 'dsl@riverside-academy.example',
}
const rows = async (
  table: 'training_record' | 'allegation' | 'low_level_concern' | 'allegation_outcome' | 'training_verification',
) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const audited = async (action: string) =>
  Number(
    (
      await ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

describe('training', () => {
  const course = {
    course: 'dsl_formal',
    title: 'DSL two-day course',
    provider: 'Northshire Safeguarding Partnership',
    completedOn: '2024-12-10',
    hours: '12',
  }
  test('a DSL records training; a date in the future is refused, nothing written, the attempt audited', async () => {
    const before = await rows('training_record')
    const refusedBefore = await audited('recordTrainingCompletion.refused')
    const future = await api(DEMO.dsl, 'POST', '/api/v1/training/records', { ...course, completedOn: '2026-11-24' })
    assert.equal(future.statusCode, 400, future.body)
    assert.match(future.body, /today or in the past/)
    assert.equal(await rows('training_record'), before)
    assert.equal(await audited('recordTrainingCompletion.refused'), refusedBefore + 1)
    const res = await api(DEMO.dsl, 'POST', '/api/v1/training/records', course)
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(await rows('training_record'), before + 1)
  })

  test('the administrator sees the DSL’s training due within 30 days, and verifies it', async () => {
    const res = await api(DEMO.oakfieldAdmin, 'GET', '/api/v1/training/currency?status=due30')
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json() as {
      people: {
        name: string
        unverifiedRecords: number
        requirements: { id: string; status: string; expiresOn: string }[]
      }[]
    }
    const jane = body.people.find((p) => p.name === 'Jane Morgan')
    assert.ok(jane, res.body)
    assert.deepEqual(
      jane.requirements.map((r) => [r.id, r.status, r.expiresOn]),
      [['dsl-formal', 'due_soon', '2026-12-10']],
    )
    assert.equal(jane.unverifiedRecords, 1)
    const record = await ctx.db.selectFrom('training_record').select('id').executeTakeFirstOrThrow()
    const denied = await api(DEMO.teacher, 'POST', `/api/v1/training/records/${record.id}/verify`, { seen: ['yes'] })
    assert.equal(denied.statusCode, 403)
    const ok = await api(DEMO.oakfieldAdmin, 'POST', `/api/v1/training/records/${record.id}/verify`, { seen: ['yes'] })
    assert.equal(ok.statusCode, 201, ok.body)
    const again = await api(DEMO.oakfieldAdmin, 'POST', `/api/v1/training/records/${record.id}/verify`, {
      seen: ['yes'],
    })
    assert.equal(again.statusCode, 409)
    const other = await api(DEMO.riversideAdmin, 'POST', `/api/v1/training/records/${record.id}/verify`, {
      seen: ['yes'],
    })
    assert.equal(other.statusCode, 404)
  })

  test('a teacher cannot see everyone’s training', async () => {
    assert.equal((await api(DEMO.teacher, 'GET', '/api/v1/training/currency')).statusCode, 403)
  })
})

describe('allegations and the LADO', () => {
  const allegation = {
    subjectName: 'Sam Taylor',
    subjectRole: 'Teaching assistant',
    subjectEmployer: 'Oakfield Primary School',
    awareOn: '2026-11-23',
    account: 'A pupil says the teaching assistant grabbed her arm hard.',
    limbs: ['harmed'],
  }
  let id = ''
  test('an allegation without the employer is refused, nothing written, the attempt audited', async () => {
    const before = await rows('allegation')
    const refused = await audited('recordAllegation.refused')
    const res = await api(W.head, 'POST', '/api/v1/allegations', { ...allegation, subjectEmployer: '' })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /employs them/)
    assert.equal(await rows('allegation'), before)
    assert.equal(await audited('recordAllegation.refused'), refused + 1)
  })
  test('the account on the allegation’s page keeps its line breaks and nothing more (no spaces of the page’s own)', async () => {
    const res = await api(W.head, 'POST', '/api/v1/allegations', {
      ...allegation,
      account: 'A pupil says the teaching assistant grabbed her arm hard.\nShe showed a red mark <on her wrist>.',
    })
    assert.equal(res.statusCode, 201, res.body)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(W.head, DEMO.password)
    const page = await browser.get(`/allegations/${(res.json() as { id: string }).id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /grabbed her arm hard\.<br>She showed a red mark &lt;on her wrist&gt;\./)
    assert.doesNotMatch(page.body, /app-preserve-lines/)
  })
  test('the head records it; the LADO clock starts; colleagues (the DSL included) cannot see it', async () => {
    const res = await api(W.head, 'POST', '/api/v1/allegations', allegation)
    assert.equal(res.statusCode, 201, res.body)
    id = (res.json() as { id: string }).id
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['due_on', 'completed_at'])
      .where('subject_id', '=', id)
      .where('rule_id', '=', 'lado-referral')
      .executeTakeFirstOrThrow()
    assert.equal(clock.due_on, '2026-11-24')
    assert.equal(clock.completed_at, null)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.dsl, DEMO.password)
    assert.equal((await browser.get(`/allegations/${id}`)).statusCode, 404)
    assert.equal(
      (await api(DEMO.teacher, 'POST', `/api/v1/allegations/${id}/lado-referral`, { sentOn: '2026-11-23' })).statusCode,
      404,
    )
  })
  test('the referral to the LADO stops the clock; the LADO is told and records the outcome', async () => {
    const early = await api(W.head, 'POST', `/api/v1/allegations/${id}/lado-referral`, { sentOn: '2026-11-22' })
    assert.equal(early.statusCode, 400)
    const res = await api(W.head, 'POST', `/api/v1/allegations/${id}/lado-referral`, {
      sentOn: '2026-11-23',
      ladoReference: 'LADO-77',
    })
    assert.equal(res.statusCode, 201, res.body)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select('completed_at')
      .where('subject_id', '=', id)
      .where('rule_id', '=', 'lado-referral')
      .executeTakeFirstOrThrow()
    assert.notEqual(clock.completed_at, null)
    const told = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('related_id', '=', id)
      .execute()
    assert.deepEqual(
      told.map((t) => t.recipient),
      [W.lado],
    )
    assert.match(told[0]?.body ?? '', new RegExp(`Read it in Together: ${TEST_SERVICE_URL}/allegations/${id}$`))
    const twice = await api(W.head, 'POST', `/api/v1/allegations/${id}/lado-referral`, { sentOn: '2026-11-23' })
    assert.equal(twice.statusCode, 409)
    const outcomeBody = {
      policeInvolved: 'no',
      suspendedFrom: '2026-11-23',
      investigation: 'Statements from the pupil, the assistant and two witnesses.',
      outcome: 'unsubstantiated',
      dbsReferral: 'no',
      traReferral: 'no',
    }
    const byHead = await api(W.head, 'POST', `/api/v1/allegations/${id}/outcome`, outcomeBody)
    assert.equal(byHead.statusCode, 403)
    const outcome = await api(W.lado, 'POST', `/api/v1/allegations/${id}/outcome`, outcomeBody)
    assert.equal(outcome.statusCode, 201, outcome.body)
    assert.equal(await rows('allegation_outcome'), 1)
  })
  test('a DSL’s “refer to the LADO” decision: the concern’s clock stops when the allegation is referred', async () => {
    const child = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Lena',
      familyName: 'Ward',
      dateOfBirth: '2016-05-01',
      sex: 'female',
    })
    const childId = (child.json() as { id: string }).id
    const c = await api(DEMO.teacher, 'POST', '/api/v1/concerns', {
      childIds: [childId],
      observedAt: '2026-11-23T09:15:00Z',
      place: 'Playground',
      facts: 'Lena says a lunchtime supervisor slapped her.',
      childWords: 'She slapped me',
      othersPresent: '',
      categories: ['physical_abuse'],
      immediateDanger: false,
      actionTaken: 'Told the DSL',
    })
    const concernId = (c.json() as { id: string }).id
    await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/acknowledge`)
    const d = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/decision`, {
      kind: 'lado',
      rationale: 'An allegation against a member of staff',
    })
    assert.equal(d.statusCode, 200, d.body)
    const open = () =>
      ctx.db
        .selectFrom('deadline')
        .select('completed_at')
        .where('subject_id', '=', concernId)
        .where('rule_id', '=', 'lado-referral')
        .executeTakeFirstOrThrow()
    assert.equal((await open()).completed_at, null)
    const a = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/allegation`, {
      ...allegation,
      subjectName: 'Jo Reed',
      subjectRole: 'Lunchtime supervisor',
    })
    assert.equal(a.statusCode, 201, a.body)
    const aid = (a.json() as { id: string }).id
    assert.equal(
      (await api(DEMO.dsl, 'POST', `/api/v1/allegations/${aid}/lado-referral`, { sentOn: '2026-11-23' })).statusCode,
      201,
    )
    assert.notEqual((await open()).completed_at, null, 'the concern’s clock stopped')
  })
})

describe('low-level concerns', () => {
  test('a teacher records one; the head reviews; a second about the same person is a pattern; it becomes an allegation', async () => {
    const first = await api(DEMO.teacher, 'POST', '/api/v1/low-level-concerns', {
      subjectName: 'Chris Lee',
      subjectKind: 'staff',
      account: 'Chris kept a pupil behind alone in a classroom with the door shut.',
    })
    assert.equal(first.statusCode, 201, first.body)
    const one = first.json() as { id: string; pattern: boolean }
    assert.equal(one.pattern, false)
    const toReviewers = await ctx.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('kind', '=', 'low_level_concern.recorded')
      .where('related_id', '=', one.id)
      .execute()
    assert.ok(toReviewers.length > 0, 'the reviewers are told')
    for (const r of toReviewers)
      assert.ok(r.body.endsWith(`: ${TEST_SERVICE_URL}/low-level-concerns/${one.id}`), r.body)
    // Chris Lee is the deputy DSL on Together: the concern is linked to him and he cannot see it.
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(W.deputy, DEMO.password)
    assert.equal((await browser.get(`/low-level-concerns/${one.id}`)).statusCode, 404)
    const review = await api(W.head, 'POST', `/api/v1/low-level-concerns/${one.id}/review`, {
      decision: 'low_level',
      actions: 'Reminded of the code of conduct',
    })
    assert.equal(review.statusCode, 201, review.body)
    const second = await api(DEMO.teacher, 'POST', '/api/v1/low-level-concerns', {
      subjectName: 'chris  lee',
      subjectKind: 'staff',
      account: 'Chris messaged a pupil on a personal phone.',
    })
    const two = second.json() as { id: string; pattern: boolean }
    assert.equal(two.pattern, true)
    const byTeacher = await api(DEMO.teacher, 'POST', `/api/v1/low-level-concerns/${two.id}/review`, {
      decision: 'allegation',
    })
    assert.equal(byTeacher.statusCode, 403)
    assert.equal(
      (await api(W.head, 'POST', `/api/v1/low-level-concerns/${two.id}/review`, { decision: 'allegation' })).statusCode,
      201,
    )
    const a = await api(W.head, 'POST', `/api/v1/low-level-concerns/${two.id}/allegation`, {
      subjectName: 'Chris Lee',
      subjectRole: 'Deputy DSL and teacher',
      subjectEmployer: 'Oakfield Primary School',
      awareOn: '2026-11-23',
      account: 'A pattern of one-to-one contact, now personal messages.',
      limbs: ['risk_of_harm', 'unsuitable'],
    })
    assert.equal(a.statusCode, 201, a.body)
  })
  test('a concern about the head goes to the chair of governors, not the head', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/low-level-concerns', {
      subjectName: 'Alan Turner',
      subjectKind: 'staff',
      account: 'The head shouted at a pupil in front of the class.',
    })
    const id = (res.json() as { id: string }).id
    assert.equal(
      (await api(W.head, 'POST', `/api/v1/low-level-concerns/${id}/review`, { decision: 'no_further_action' }))
        .statusCode,
      404,
    )
    assert.equal(
      (await api(W.chair, 'POST', `/api/v1/low-level-concerns/${id}/review`, { decision: 'no_further_action' }))
        .statusCode,
      201,
    )
  })
  test('the audit chain holds', async () => {
    await sealAll(ctx.db)
    assert.equal((await verifyAuditChain(ctx.db)).ok, true)
  })
})

describe('the child protection file on a school move', () => {
  let childId = ''
  const send = (body: object) => api(DEMO.dsl, 'POST', `/api/v1/children/${childId}/child-protection-file`, body)
  /** The file sent to a school not on Together, and the link's token as its DSL's email gives it. */
  const sendByLink = async (toSchoolName: string, toEmail: string) => {
    const res = await send({ movedOn: '2026-11-23', reason: 'in_year', destination: 'by_link', toSchoolName, toEmail })
    assert.equal(res.statusCode, 201, res.body)
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('recipient', '=', toEmail)
      .executeTakeFirstOrThrow()
    const token = /child-protection-file\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? ''
    return { id: (res.json() as { id: string }).id, token }
  }
  /** The emails telling the sender that the file sent as `transferId` was received. */
  const toldReceived = async (transferId: string) =>
    ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('kind', '=', 'file_transfer.received')
      .where('related_id', '=', transferId)
      .execute()
  before(async () => {
    const child = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Owen',
      familyName: 'Hart',
      dateOfBirth: '2015-02-01',
      sex: 'male',
    })
    childId = (child.json() as { id: string }).id
    await api(DEMO.teacher, 'POST', '/api/v1/concerns', {
      childIds: [childId],
      observedAt: '2026-11-20T09:15:00Z',
      place: 'Classroom',
      facts: 'Owen arrived hungry three days running.',
      childWords: '',
      othersPresent: '',
      categories: ['neglect'],
      immediateDanger: false,
      actionTaken: 'Breakfast club',
    })
  })
  test('the child’s record offers the school’s DSL the file and family help; the teacher who wrote the concern neither', async () => {
    const sendLink = `href="/children/${childId}/school-move"`
    const familyHelpLink = `href="/children/${childId}/family-help/new"`
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(DEMO.dsl, DEMO.password)
    const byDsl = await dsl.get(`/children/${childId}`)
    assert.equal(byDsl.statusCode, 200)
    // The words /school-moves tells a DSL to look for on the child's record.
    assert.ok(byDsl.body.includes(`${sendLink}>Send the child protection file to the new school</a>`), byDsl.body)
    assert.ok(byDsl.body.includes(`${familyHelpLink}>Start family help</a>`))
    // The form reveals the URN under its radio: the script that keeps aria-expanded off radios comes with it.
    const form = await dsl.get(`/children/${childId}/school-move`)
    assert.equal(form.statusCode, 200)
    assert.ok(form.body.includes('<script type="module" src="/static/conditional-reveals.js"></script>'))
    const teacher = new TestBrowser(ctx.app)
    await teacher.signIn(DEMO.teacher, DEMO.password)
    const byTeacher = await teacher.get(`/children/${childId}`)
    assert.equal(byTeacher.statusCode, 200)
    assert.ok(!byTeacher.body.includes(sendLink))
    assert.ok(!byTeacher.body.includes(familyHelpLink))
  })
  test('a URN that finds no school is refused, nothing written, the attempt audited; a teacher cannot send', async () => {
    const refused = await audited('sendChildProtectionFile.refused')
    const res = await send({ movedOn: '2026-11-23', reason: 'in_year', destination: 'on_together', toUrn: '999999' })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /No school with that URN/)
    assert.equal(
      Number(
        (
          await ctx.db
            .selectFrom('file_transfer')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    )
    assert.equal(await audited('sendChildProtectionFile.refused'), refused + 1)
    const byTeacher = await api(DEMO.teacher, 'POST', `/api/v1/children/${childId}/child-protection-file`, {
      movedOn: '2026-11-23',
      reason: 'in_year',
      destination: 'on_together',
      toUrn: '100002',
    })
    assert.equal(byTeacher.statusCode, 404)
  })
  test('sent to Riverside by URN: due in 5 school days; only Riverside’s DSL confirms; the clock stops', async () => {
    const res = await send({
      movedOn: '2026-11-23',
      reason: 'in_year',
      destination: 'on_together',
      toUrn: '100002',
      advanceInformation: 'Owen has a social worker.',
    })
    assert.equal(res.statusCode, 201, res.body)
    const t = res.json() as { id: string; dueOn: string }
    assert.equal(t.dueOn, '2026-11-30')
    const byOakfield = await api(DEMO.dsl, 'POST', `/api/v1/school-moves/${t.id}/receipt`, { received: ['yes'] })
    assert.equal(byOakfield.statusCode, 403)
    const byTeacher = await api(DEMO.teacher, 'POST', `/api/v1/school-moves/${t.id}/receipt`, { received: ['yes'] })
    assert.equal(byTeacher.statusCode, 404)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(W.riversideDsl, DEMO.password)
    const page = await browser.get(`/school-moves/${t.id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Owen arrived hungry/)
    const ok = await api(W.riversideDsl, 'POST', `/api/v1/school-moves/${t.id}/receipt`, { received: ['yes'] })
    assert.equal(ok.statusCode, 201, ok.body)
    const told = await toldReceived(t.id)
    assert.equal(told.length, 1)
    assert.equal(told[0]?.recipient, DEMO.dsl)
    assert.match(told[0]?.body ?? '', /of Riverside[^.]* has confirmed receipt of child protection file/)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select('completed_at')
      .where('subject_id', '=', t.id)
      .executeTakeFirstOrThrow()
    assert.notEqual(clock.completed_at, null)
    assert.equal(
      (await api(W.riversideDsl, 'POST', `/api/v1/school-moves/${t.id}/receipt`, { received: ['yes'] })).statusCode,
      409,
    )
  })
  test('to a school not on Together: a single-use link, PDF and JSON, receipt through it, refused when used or expired', async () => {
    const { id, token } = await sendByLink('Hilltop School', 'dsl@hilltop.example')
    const browser = new TestBrowser(ctx.app)
    const landing = await browser.get(`/child-protection-file/${token}`)
    assert.equal(landing.statusCode, 200)
    const pdf = await ctx.app.inject({ method: 'GET', url: `/child-protection-file/${token}/file.pdf` })
    assert.equal(pdf.statusCode, 200)
    assert.match(pdf.body, /^%PDF-1\.4/)
    const json = await ctx.app.inject({ method: 'GET', url: `/child-protection-file/${token}/file.json` })
    assert.equal((json.json() as { child: { familyName: string } }).child.familyName, 'Hart')
    const nameRefused = await audited('file_transfer.link_receipt_refused')
    const blank = await browser.post(`/child-protection-file/${token}`, { confirmedBy: '' })
    assert.equal(blank.statusCode, 400)
    assert.equal(blank.headers['cache-control'], 'no-store')
    // The error summary, and the file shown again with its downloads.
    assert.match(blank.body, /govuk-error-summary[\s\S]*href="#confirmedBy">Enter your full name/)
    assert.match(blank.body, /Download the file as a PDF/)
    assert.equal(await audited('file_transfer.link_receipt_refused'), nameRefused + 1)
    const done = await browser.post(`/child-protection-file/${token}`, { confirmedBy: 'Ann Hill' })
    assert.equal(done.statusCode, 200, done.body)
    // The page says the sending school has been told: it is, by email to whoever sent the file.
    assert.match(done.body, /The school that sent the file has been told/)
    const told = await toldReceived(id)
    assert.equal(told.length, 1)
    assert.equal(told[0]?.recipient, DEMO.dsl)
    assert.equal(
      told[0]?.body,
      `Ann Hill of Hilltop School has confirmed receipt of child protection file ${told[0]?.subject.split(' ').at(-1)} through the secure link.`,
    )
    const refusedBefore = await audited('file_transfer.link_refused')
    assert.equal((await browser.get(`/child-protection-file/${token}`)).statusCode, 410)
    assert.equal(
      (await ctx.app.inject({ method: 'GET', url: `/child-protection-file/${token}/file.json` })).statusCode,
      410,
    )
    assert.equal(await audited('file_transfer.link_refused'), refusedBefore + 2)
    // A second link, left until it expires.
    const { token: token2 } = await sendByLink('Dale School', 'dsl@dale.example')
    ctx.clock.advance(8 * 86_400_000)
    const expired = await ctx.app.inject({ method: 'GET', url: `/child-protection-file/${token2}` })
    assert.equal(expired.statusCode, 410)
    assert.match(expired.body, /expired/)
    ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
    client.forget(DEMO.dsl)
  })
  const receipts = async (transferId: string) =>
    (await ctx.db.selectFrom('file_transfer_receipt').select('via').where('transfer_id', '=', transferId).execute())
      .length
  test('the link’s confirmation sent twice at once writes once; sent again later it is refused with 410', async () => {
    const { id, token } = await sendByLink('Brook School', 'dsl@brook.example')
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.get(`/child-protection-file/${token}`)).statusCode, 200)
    const csrf = browser.csrfToken()
    const confirmedBefore = await audited('file_transfer.receipt_confirmed')
    // A double click: the link is locked in the confirmation's transaction, so the second finds it used.
    const twice = await Promise.all(
      [1, 2].map(() => browser.post(`/child-protection-file/${token}`, { confirmedBy: 'Ann Hill' }, { csrf })),
    )
    assert.deepEqual(twice.map((r) => r.statusCode).sort(), [200, 410])
    assert.match(twice.find((r) => r.statusCode === 200)?.body ?? '', /Receipt confirmed/)
    assert.equal(await receipts(id), 1)
    assert.equal(await audited('file_transfer.receipt_confirmed'), confirmedBefore + 1)
    // Sent again (Back, then the button): refused in plain words, audited, with or without a name, nothing written.
    const refusedBefore = await audited('file_transfer.link_refused')
    for (const confirmedBy of ['Ann Hill', '']) {
      const again = await browser.post(`/child-protection-file/${token}`, { confirmedBy }, { csrf })
      assert.equal(again.statusCode, 410, again.body)
      assert.equal(again.headers['cache-control'], 'no-store')
      assert.match(again.body, /This link cannot be used/)
      assert.match(again.body, /This link has already been used/)
      assert.doesNotMatch(again.body, /Owen|Hart/)
    }
    assert.equal(await audited('file_transfer.link_refused'), refusedBefore + 2)
    assert.equal(await receipts(id), 1)
    assert.equal(await audited('file_transfer.receipt_confirmed'), confirmedBefore + 1)
  })
  test('a confirmation through an expired link is refused with 410, nothing written; an unknown link is not found', async () => {
    const { id, token } = await sendByLink('Moor School', 'dsl@moor.example')
    const browser = new TestBrowser(ctx.app)
    await browser.get(`/child-protection-file/${token}`)
    const csrf = browser.csrfToken()
    ctx.clock.advance(8 * 86_400_000)
    const refusedBefore = await audited('file_transfer.link_refused')
    const expired = await browser.post(`/child-protection-file/${token}`, { confirmedBy: 'Ann Hill' }, { csrf })
    assert.equal(expired.statusCode, 410, expired.body)
    assert.match(expired.body, /This link has expired/)
    assert.equal(await audited('file_transfer.link_refused'), refusedBefore + 1)
    assert.equal(await receipts(id), 0)
    ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
    const unknown = await browser.post(
      `/child-protection-file/${'x'.repeat(43)}`,
      { confirmedBy: 'Ann Hill' },
      { csrf },
    )
    assert.equal(unknown.statusCode, 404)
    client.forget(DEMO.dsl)
  })
})

describe('the competency gate and the DSL’s chain', () => {
  const newConcern = async (email: string, childId: string, urgent = false) => {
    const c = await api(email, 'POST', '/api/v1/concerns', {
      childIds: [childId],
      observedAt: '2026-11-23T09:00:00Z',
      place: 'Training ground',
      facts: 'The boy had bruises on both arms and flinched when touched.',
      childWords: '',
      othersPresent: '',
      categories: ['physical_abuse'],
      immediateDanger: urgent,
      actionTaken: 'Told the welfare officer',
    })
    assert.equal(c.statusCode, 201, c.body)
    return (c.json() as { id: string }).id
  }
  test('a DSL with lapsed DSL training is warned on the page and the decision records it; a partnership can block', async () => {
    const child = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Ada',
      familyName: 'Fox',
      dateOfBirth: '2016-01-01',
      sex: 'female',
    })
    const childId = (child.json() as { id: string }).id
    const id = await newConcern(DEMO.teacher, childId)
    await api(W.deputy, 'POST', `/api/v1/concerns/${id}/acknowledge`)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(W.deputy, DEMO.password)
    const page = await browser.get(`/concerns/${id}`)
    assert.match(page.body, /id="training-warning"/)
    const warnings = await audited('training.competency_warning')
    const d = await api(W.deputy, 'POST', `/api/v1/concerns/${id}/decision`, {
      kind: 'monitor',
      rationale: 'Watch',
      reviewOn: '2026-12-07',
    })
    assert.equal(d.statusCode, 200, d.body)
    assert.equal(await audited('training.competency_warning'), warnings + 1)
    // Kept with the decision, for whoever reads the concern later, not only in the audit trail.
    const decided = await browser.get(`/concerns/${id}`)
    assert.match(decided.body, /Recorded while [^<]+’s designated safeguarding lead training had lapsed\./)
    // The review date became a due item.
    const due = await ctx.db
      .selectFrom('deadline')
      .select(['due_on', 'rule_id'])
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(due, { due_on: '2026-12-07', rule_id: 'concern-monitor-review' })
    const area = await ctx.db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()
    await ctx.db
      .insertInto('setting')
      .values({ key: `training.dsl_gate:${area.id}`, value: JSON.stringify('block') })
      .execute()
    const blocked = await api(W.deputy, 'POST', `/api/v1/concerns/${id}/decision`, {
      kind: 'no_further_action',
      rationale: 'Resolved',
    })
    assert.equal(blocked.statusCode, 400)
    assert.match(blocked.body, /lapsed/)
    // New training recorded: the DSL may decide again.
    for (const course of ['dsl_formal', 'dsl_refresh'])
      assert.equal(
        (
          await api(W.deputy, 'POST', '/api/v1/training/records', {
            course,
            title: 'DSL course',
            provider: 'Northshire',
            completedOn: '2026-11-20',
            hours: '6',
          })
        ).statusCode,
        201,
      )
    const after = await api(W.deputy, 'POST', `/api/v1/concerns/${id}/decision`, {
      kind: 'no_further_action',
      rationale: 'Resolved',
    })
    assert.equal(after.statusCode, 200, after.body)
    const review = await ctx.db
      .selectFrom('deadline')
      .select('completed_at')
      .where('subject_id', '=', id)
      .where('rule_id', '=', 'concern-monitor-review')
      .executeTakeFirstOrThrow()
    assert.notEqual(review.completed_at, null, 'the later decision is the review')
    await ctx.db.deleteFrom('setting').where('key', '=', `training.dsl_gate:${area.id}`).execute()
  })
  test('the football club: an unacknowledged urgent concern goes to the manager, then to the front door', async () => {
    const coach = 'coach@northshire-youth-fc.example'
    const child = await api(coach, 'POST', '/api/v1/children', {
      givenName: 'Leo',
      familyName: 'Kemp',
      dateOfBirth: '2014-04-04',
      sex: 'male',
    })
    const id = await newConcern(coach, (child.json() as { id: string }).id, true)
    const { escalateUnacknowledgedConcerns } =
      await import('../../src/modules/concerns/steps/escalateUnacknowledged.js')
    const told = async (kind: string) =>
      (
        await ctx.db
          .selectFrom('notification_outbox')
          .select('recipient')
          .where('kind', '=', kind)
          .where('related_id', '=', id)
          .execute()
      )
        .map((r) => r.recipient)
        .sort()
    const manager = 'manager@northshire-youth-fc.example'
    const frontDoor = 'front.door@northshire-council.example'
    const as = async (email: string) => {
      const b = new TestBrowser(ctx.app)
      await b.signIn(email, DEMO.password)
      return b
    }
    // Before the chain reaches the manager, the concern is the welfare officer's alone.
    assert.equal((await (await as(manager)).get(`/concerns/${id}`)).statusCode, 404)
    ctx.clock.advance(61 * 60_000)
    await escalateUnacknowledgedConcerns(ctx.deps)
    assert.deepEqual(await told('concern.escalated'), [manager])
    assert.deepEqual(await told('concern.escalated_front_door'), [])
    // The email sends the manager where they can see it; there they find it, and can read it.
    const email = await ctx.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('kind', '=', 'concern.escalated')
      .where('related_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.ok(email.body.includes(`${TEST_SERVICE_URL}/concerns/unacknowledged`), email.body)
    const reference = (
      await ctx.db.selectFrom('concern').select('reference').where('id', '=', id).executeTakeFirstOrThrow()
    ).reference
    // Signed in afresh: an hour has passed since (sessions time out).
    const managerBrowser = await as(manager)
    const listed = await managerBrowser.get('/concerns/unacknowledged')
    assert.equal(listed.statusCode, 200)
    assert.ok(listed.body.includes(`href="/concerns/${id}"`), 'the manager may open it from the list')
    const read = await managerBrowser.get(`/concerns/${id}`)
    assert.equal(read.statusCode, 200)
    assert.match(read.body, /Leo Kemp/)
    assert.doesNotMatch(read.body, /action="\/concerns\/[^"]+\/acknowledge"/, 'reading is not acting on it')
    // The front door is not told yet, and the coach (staff) has no such list.
    assert.ok(!(await (await as(frontDoor)).get('/concerns/unacknowledged')).body.includes(reference))
    assert.equal((await (await as(coach)).get('/concerns/unacknowledged')).statusCode, 403)
    ctx.clock.advance(61 * 60_000)
    await escalateUnacknowledgedConcerns(ctx.deps)
    await escalateUnacknowledgedConcerns(ctx.deps)
    assert.deepEqual(await told('concern.escalated_front_door'), ['front.door@northshire-council.example'])
    const frontDoorBrowser = await as(frontDoor)
    const atFrontDoor = await frontDoorBrowser.get('/concerns/unacknowledged')
    assert.equal(atFrontDoor.statusCode, 200)
    assert.ok(atFrontDoor.body.includes(reference), 'the front door finds the concern it was told about')
    assert.match(atFrontDoor.body, /Northshire Youth Football Club/)
    assert.doesNotMatch(atFrontDoor.body, /Leo|Kemp/, 'never the child')
    assert.ok(!atFrontDoor.body.includes(`href="/concerns/${id}"`))
    assert.equal((await frontDoorBrowser.get(`/concerns/${id}`)).statusCode, 404)
    const home = await frontDoorBrowser.get('/')
    assert.match(home.body, /concerns? in your area (has|have) not been acknowledged/)
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('kind', '=', 'concern.escalated_front_door')
      .where('related_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.ok(!mail.body.includes('Leo'), 'no child’s name in the email')
    ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  })
})
