/**
 * The referral pages as a browser uses them (forms with CSRF tokens, Post/Redirect/Get): the public form with
 * no account and its rate limit, the professional referral form, the front door's queue, referral page,
 * acknowledgement, requests for information, linking a child and the decision, and "Your referrals".
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { answerPublicReport, lilyReport, PUBLIC } from '../support/publicReport.js'

let ctx: TestContext
const FRONT_DOOR = 'front.door@northshire-council.example'
const POLICE = 'dc.officer@northshire-police.example'

let frontDoor: TestBrowser
let teacher: TestBrowser
let police: TestBrowser
let publicReferenceId: string
let professionalId: string
let childId: string

const deniedCount = async (action: string) =>
  Number(
    (
      await ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  )
const referenceIn = (html: string, id: string) => (new RegExp(`id="${id}">(R-\\d{4}-\\d{6})<`).exec(html) ?? [])[1]

async function signedIn(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  const res = await b.signIn(email, DEMO.password)
  assert.equal(res.statusCode, 303, `sign in ${email}`)
  return b
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  frontDoor = await signedIn(FRONT_DOOR)
  teacher = await signedIn(DEMO.teacher)
  police = await signedIn(POLICE)
})
after(async () => ctx.close())

describe('the public form (its pages: test/routes/public-report.test.ts)', () => {
  test('a report is sent: the visitor sees the reference and nothing else; the front door is emailed', async () => {
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor)
    const res = await visitor.post(`${PUBLIC}/check`, {})
    assert.equal(res.statusCode, 303, res.body)
    assert.equal(res.headers.location, `${PUBLIC}/sent`)
    const sent = await visitor.get(`${PUBLIC}/sent`)
    const reference = referenceIn(sent.body, 'report-reference')
    assert.ok(reference)
    assert.doesNotMatch(sent.body, /Lily|Marsh|Elm Road|shouting/, 'nothing about the child is shown back')
    const row = await ctx.db
      .selectFrom('referral')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow()
    publicReferenceId = row.id
    assert.equal(row.channel, 'public')
    assert.equal(row.child_id, null)
    assert.equal(row.source_code, '1B')
    assert.deepEqual(row.child_details, {
      givenName: 'Lily',
      familyName: 'Marsh',
      age: 'about 7',
      address: '14 Elm Road',
    })
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select('recipient')
      .where('related_id', '=', row.id)
      .execute()
    assert.deepEqual(
      mail.map((m) => m.recipient),
      [FRONT_DOOR],
    )
  })
})

describe('a professional’s referral form', () => {
  test('immediate danger first, then find the child, then the referral; errors keep what was typed', async () => {
    const b = teacher
    const home = await b.get('/')
    assert.match(home.body, /href="\/referrals\/new"/)
    assert.match(home.body, /href="\/referrals"/)
    const start = await b.get('/referrals/new')
    assert.equal(start.statusCode, 200)
    assert.match(start.body, /Is the child in immediate danger\?/)
    assert.equal((await b.get('/referrals/new/child')).statusCode, 400)
    const call = await b.get('/referrals/new/child?immediateDanger=yes')
    assert.match(call.body, /Call 999 now/)
    // The school already knows the child (added through the API, as a concern would).
    const api = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: DEMO.teacher, password: DEMO.password },
    })
    const token = (api.json() as { token: string }).token
    const made = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/children',
      headers: { authorization: `Bearer ${token}` },
      payload: { givenName: 'Zara', familyName: 'Quinn', dateOfBirth: '2017-09-12', sex: 'female' },
    })
    childId = (made.json() as { id: string }).id
    const search = await b.get('/referrals/new/child?immediateDanger=no&givenName=Zara&familyName=Quinn')
    assert.equal(search.statusCode, 200)
    assert.match(search.body, new RegExp(`/referrals/new/details\\?immediateDanger=no&(amp;)?childId=${childId}`))
    const form = await b.get(`/referrals/new/details?immediateDanger=no&childId=${childId}`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /id="referral-child">Zara Quinn</)
    assert.match(form.body, /name="immediateDanger"[^>]*value="no" checked/, 'the answer about danger is carried')
    assert.match(form.body, /name="submissionKey" value="[0-9a-f-]{36}"/)
    assert.match(form.body, /<option value="2A" selected>/, 'the school’s usual census source is chosen')
    const missing = await b.post('/referrals', {
      childId,
      immediateDanger: 'no',
      concern: 'Zara has a burn on her hand she will not explain',
      parentalConsent: 'not_sought',
    })
    assert.equal(missing.statusCode, 400)
    for (const message of [
      'Enter where the child is now and how they are',
      'Select whether the child’s parents or carers know about this referral',
      'Enter why you did not ask the parents or carers for their agreement',
      'Select yes if the family must not be told who made this referral',
    ]) {
      assert.ok(missing.body.includes(message), message)
    }
    assert.match(missing.body, /Zara has a burn on her hand she will not explain/)
    const zaraForm = {
      childId,
      immediateDanger: 'no',
      concern: 'Zara has a burn on her hand she will not explain',
      childLocation: 'In class',
      parentsAware: 'no',
      parentalConsent: 'not_sought',
      consentNotSoughtReason: 'Zara said her stepdad did it',
      parentalFactors: ['domestic_abuse', 'substance_misuse'],
      identityWithheld: 'yes',
      identityWithheldReason: 'Zara told me; her stepdad would know she had told.',
      sourceCode: '2A',
      submissionKey: 'referral-form-zara-1',
    }
    const sent = await b.post('/referrals', zaraForm)
    assert.equal(sent.statusCode, 303, sent.body)
    // The same form sent again (a second press, a resend after a dropped connection): one referral, and the same page.
    const referrals = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('referral')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const once = await referrals()
    const again = await b.post('/referrals', zaraForm)
    assert.equal(again.statusCode, 303, again.body)
    assert.equal(again.headers.location, sent.headers.location)
    assert.equal(await referrals(), once)
    const confirmation = await b.get(sent.headers.location as string)
    assert.equal(confirmation.statusCode, 200)
    assert.ok(referenceIn(confirmation.body, 'referral-reference'))
    professionalId = /\/referrals\/([0-9a-f-]{36})\/sent/.exec(sent.headers.location as string)?.[1] ?? ''
    const row = await ctx.db
      .selectFrom('referral')
      .select([
        'referrer_anonymous',
        'referrer_identity_withheld',
        'referrer_identity_reason',
        'details',
        'referrer_contact',
      ])
      .where('id', '=', professionalId)
      .executeTakeFirstOrThrow()
    assert.equal(row.referrer_anonymous, true)
    assert.equal(row.referrer_identity_withheld, 'yes')
    assert.equal(row.referrer_identity_reason, 'Zara told me; her stepdad would know she had told.')
    assert.deepEqual((row.details as { parentalFactors: string[] }).parentalFactors, [
      'domestic_abuse',
      'substance_misuse',
    ])
    assert.equal(row.referrer_contact, DEMO.teacher)
    const deniedBefore = await deniedCount('referral.view_denied')
    assert.equal(
      (await frontDoor.get(`/referrals/${professionalId}/sent`)).statusCode,
      404,
      'only the referrer sees the confirmation',
    )
    assert.equal(await deniedCount('referral.view_denied'), deniedBefore + 1, 'and the refusal is audited')
  })

  test('a child the school does not know is “not found”; without a record the form asks for the child’s details', async () => {
    const other = await signedIn('teacher@riverside-academy.example')
    const before = await deniedCount('referral.make_denied')
    assert.equal((await other.get(`/referrals/new/details?immediateDanger=no&childId=${childId}`)).statusCode, 404)
    assert.equal(await deniedCount('referral.make_denied'), before + 1)
    const blank = await other.get('/referrals/new/details?immediateDanger=no')
    assert.match(blank.body, /name="childGivenName"/)
    const res = await other.post('/referrals', {
      immediateDanger: 'no',
      concern: 'x',
      childLocation: 'y',
      parentsAware: 'yes',
      parentalConsent: 'given',
      // The date boxes are named as the error summary links them (were childDob-*).
      'childDateOfBirth-day': '31',
      'childDateOfBirth-month': '2',
      'childDateOfBirth-year': '2018',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Enter a real date of birth/)
  })
})

describe('the front door', () => {
  test('the home page and the queue: urgent first; others are refused', async () => {
    const home = await frontDoor.get('/')
    assert.match(home.body, /href="\/front-door"/)
    const queue = await frontDoor.get('/front-door')
    assert.equal(queue.statusCode, 200)
    assert.match(queue.body, /Front door: referrals/)
    assert.match(queue.body, /Lily Marsh/)
    assert.match(queue.body, /Not yet linked to a record/)
    assert.match(queue.body, /Zara Quinn/)
    const filtered = await frontDoor.get('/front-door?channel=public&acknowledged=no&due=later')
    assert.match(filtered.body, /Lily Marsh/)
    assert.doesNotMatch(filtered.body, /Zara Quinn/)
    const refused = await teacher.get('/front-door')
    assert.equal(refused.statusCode, 403)
    const before = await deniedCount('referral.view_denied')
    assert.equal(
      (await teacher.get(`/front-door/referrals/${professionalId}`)).statusCode,
      404,
      'the referrer uses /referrals/:id',
    )
    assert.equal(await deniedCount('referral.view_denied'), before + 1)
  })

  test('the referral page shows everything received; acknowledging tells the referrer', async () => {
    const page = await frontDoor.get(`/front-door/referrals/${professionalId}`)
    assert.equal(page.statusCode, 200)
    for (const text of [
      'Zara has a burn on her hand she will not explain',
      'Zara said her stepdad did it',
      'Domestic abuse, Drug or alcohol misuse',
      '2A: Education: schools',
      'Identity kept from the family?',
    ])
      assert.ok(page.body.includes(text), text)
    const form = await frontDoor.get(`/front-door/referrals/${professionalId}/acknowledge`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Acknowledge the referral/)
    const ack = await frontDoor.post(`/front-door/referrals/${professionalId}/acknowledge`, {})
    assert.equal(ack.statusCode, 303)
    const after = await frontDoor.get(ack.headers.location as string)
    assert.match(after.body, /The referral is acknowledged\./)
    // No mail server in this test app: the page says so rather than "the referrer has been told".
    assert.match(
      after.body,
      /id="referrer-told">The referrer can see that it has been received under “Your referrals” in Together\. No email was sent: Together has no mail server set up\./,
    )
    const mine = await teacher.get('/referrals')
    assert.match(mine.body, /Acknowledged/)
  })

  test('asking the police, who answer inside Together', async () => {
    const ask = await frontDoor.get(`/front-door/referrals/${professionalId}/information-requests/new`)
    assert.equal(ask.statusCode, 200)
    const policeOrg = (
      await ctx.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Northshire Police')
        .executeTakeFirstOrThrow()
    ).id
    const empty = await frontDoor.post(`/front-door/referrals/${professionalId}/information-requests`, {
      organisationId: '',
      question: '',
    })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Select the organisation to ask/)
    const asked = await frontDoor.post(`/front-door/referrals/${professionalId}/information-requests`, {
      organisationId: policeOrg,
      question: 'Is the stepdad known to you?',
    })
    assert.equal(asked.statusCode, 303)
    const home = await police.get('/')
    assert.match(home.body, /href="\/information-requests"/)
    const list = await police.get('/information-requests')
    assert.match(list.body, /Zara Quinn/)
    assert.match(list.body, /Waiting for your answer/)
    const id = /href="\/information-requests\/([0-9a-f-]{36})"/.exec(list.body)?.[1] ?? ''
    const one = await police.get(`/information-requests/${id}`)
    assert.match(one.body, /Is the stepdad known to you\?/)
    assert.doesNotMatch(
      one.body,
      /burn on her hand|stepdad did it/,
      'nothing of the referral but the question and who the child is',
    )
    const blank = await police.post(`/information-requests/${id}/responses`, { answer: ' ' })
    assert.equal(blank.statusCode, 400)
    // The step's own page: the error summary, with the question it answers.
    assert.match(blank.body, /govuk-error-summary[\s\S]*Enter your answer/)
    assert.match(blank.body, /Is the stepdad known to you\?/)
    const answered = await police.post(`/information-requests/${id}/responses`, {
      answer: 'Yes: cautioned for assault in 2025.',
    })
    assert.equal(answered.statusCode, 303)
    const shown = await police.get(answered.headers.location as string)
    assert.match(shown.body, /Your answer has been sent/)
    const referral = await frontDoor.get(`/front-door/referrals/${professionalId}`)
    assert.match(referral.body, /Yes: cautioned for assault in 2025\./)
    assert.equal((await teacher.get(`/information-requests/${id}`)).statusCode, 404)
  })

  test('deciding: errors, then a strategy discussion, a link to the case, and a repeat changes nothing', async () => {
    const form = await frontDoor.get(`/front-door/referrals/${professionalId}/decision`)
    assert.equal(form.statusCode, 200)
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    assert.ok(key.length > 10)
    const bad = await frontDoor.post(`/front-door/referrals/${professionalId}/decision`, {
      submissionKey: key,
      outcome: 'immediate_protection',
      rationale: '',
      protectionKind: 'police_protection',
      'ppDate-day': '23',
      'ppDate-month': '11',
      'ppDate-year': '2026',
      ppTime: '25:00',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter a real date, and the time like 14:30/)
    const bad2 = await frontDoor.post(`/front-door/referrals/${professionalId}/decision`, {
      submissionKey: key,
      outcome: 'no_further_action',
      rationale: '',
    })
    assert.equal(bad2.statusCode, 400)
    assert.ok(
      bad2.body.includes('Enter the reasons for the decision') &&
        bad2.body.includes('Enter where you have signposted the child and family'),
    )
    const decided = await frontDoor.post(`/front-door/referrals/${professionalId}/decision`, {
      submissionKey: key,
      outcome: 'strategy_discussion',
      rationale: 'Unexplained burn, disclosure naming the stepdad, police caution for assault.',
    })
    assert.equal(decided.statusCode, 303, decided.body)
    const page = await frontDoor.get(decided.headers.location as string)
    assert.match(page.body, /Decision recorded/)
    const episode = await ctx.db
      .selectFrom('episode')
      .select('id')
      .where('referral_id', '=', professionalId)
      .executeTakeFirstOrThrow()
    assert.match(page.body, new RegExp(`href="/cases/${episode.id}"`))
    const again = await frontDoor.post(`/front-door/referrals/${professionalId}/decision`, {
      submissionKey: key,
      outcome: 'early_help',
      rationale: 'again',
    })
    assert.equal(again.statusCode, 303)
    assert.match(again.headers.location as string, /decided\?again=1$/)
    const steps = await ctx.db
      .selectFrom('episode_step')
      .select('outcome')
      .where('episode_id', '=', episode.id)
      .execute()
    assert.deepEqual(
      steps.map((s) => s.outcome),
      ['strategy_discussion'],
    )
  })

  test('the referrer sees the decision and the reasons, but not the police’s answer', async () => {
    const mine = await teacher.get('/referrals')
    assert.match(mine.body, /Decision: Strategy discussion/)
    assert.match(mine.body, /Unexplained burn, disclosure naming the stepdad/)
    const one = await teacher.get(`/referrals/${professionalId}`)
    assert.equal(one.statusCode, 200)
    assert.match(one.body, /Strategy discussion/)
    assert.doesNotMatch(one.body, /cautioned for assault/)
    const fd = await frontDoor.get(`/referrals/${professionalId}`)
    assert.equal(fd.statusCode, 303, 'the front door is sent to its own page')
  })

  test('a public report is linked to a new record: the search starts from what the public gave', async () => {
    const search = await frontDoor.get(`/front-door/referrals/${publicReferenceId}/child`)
    assert.equal(search.statusCode, 200)
    // The search's "This is the child" buttons are the link step's form: an id that is no id is shown again with
    // the engine's error summary; a child the front door cannot see is not found. Neither links anything.
    const forged = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child`, { childId: 'nonsense' })
    assert.equal(forged.statusCode, 400)
    assert.match(forged.body, /govuk-error-summary[\s\S]*Choose the child from the search results/)
    const unseen = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child`, {
      childId: '00000000-0000-4000-8000-000000000000',
    })
    assert.equal(unseen.statusCode, 404)
    assert.match(search.body, /value="Lily"/)
    assert.match(search.body, /No matching children/)
    const add = await frontDoor.get(
      `/front-door/referrals/${publicReferenceId}/child/new?givenName=Lily&familyName=Marsh`,
    )
    assert.match(add.body, /value="Marsh"/)
    assert.match(add.body, /name="submissionKey"/)
    assert.equal((await teacher.get(`/front-door/referrals/${publicReferenceId}/child/new`)).statusCode, 404)
    const invalid = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child/new`, {
      givenName: 'Lily',
      familyName: 'Marsh',
    })
    assert.equal(invalid.statusCode, 400)
    const empty = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child/new`, {})
    assert.equal(empty.statusCode, 400, empty.body)
    const addLily = {
      givenName: 'Lily',
      familyName: 'Marsh',
      // The date boxes as the engine's form names them (were dob-*).
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2019',
      sex: 'female',
    }
    const linked = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child/new`, addLily)
    assert.equal(linked.statusCode, 303, linked.body)
    // Sent again (a second tab, a second press): back to the referral, and no second record.
    const twice = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/child/new`, addLily)
    assert.equal(twice.statusCode, 303)
    assert.equal(twice.headers.location, `/front-door/referrals/${publicReferenceId}`)
    const lilies = await ctx.db.selectFrom('child').select('id').where('given_name', '=', 'Lily').execute()
    assert.equal(lilies.length, 1)
    // The record added and the link, each on the audit trail, from the one transaction.
    const rows = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['child.created', 'referral.child_linked'])
      .where('subject_id', 'in', [lilies[0]?.id ?? '', publicReferenceId])
      .orderBy('seq')
      .execute()
    assert.deepEqual(
      rows.map((r) => r.action),
      ['child.created', 'referral.child_linked'],
    )
    const page = await frontDoor.get(linked.headers.location as string)
    assert.match(page.body, /The referral is linked to the child’s record/)
    assert.match(page.body, /Lily Marsh, born 2019-03-03/)
    assert.match(page.body, /Record the decision/)
    const row = await ctx.db
      .selectFrom('referral')
      .select('child_id')
      .where('id', '=', publicReferenceId)
      .executeTakeFirstOrThrow()
    assert.ok(row.child_id)
  })

  test('a decided public report: the front door is not told the public referrer knows the decision', async () => {
    const ack = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/acknowledge`, {})
    const acknowledged = await frontDoor.get(ack.headers.location as string)
    assert.match(
      acknowledged.body,
      /id="referrer-told">An email with their reference number is waiting in the email outbox\. Together has no mail server set up, so an administrator must pass it on\./,
    )
    const form = await frontDoor.get(`/front-door/referrals/${publicReferenceId}/decision`)
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const decided = await frontDoor.post(`/front-door/referrals/${publicReferenceId}/decision`, {
      submissionKey: key,
      outcome: 'strategy_discussion',
      rationale: 'Repeated shouting and crying reported by a neighbour.',
    })
    assert.equal(decided.statusCode, 303, decided.body)
    const page = await frontDoor.get(decided.headers.location as string)
    assert.doesNotMatch(page.body, /has been told the decision/)
    assert.match(
      page.body,
      /id="referrer-told">The person who made this report is a member of the public\. Together does not tell them the decision or your reasons: they are only sent their reference number\./,
    )
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['kind', 'body'])
      .where('related_id', '=', publicReferenceId)
      .where('recipient', '=', lilyReport['your-details']?.referrerEmail ?? '')
      .execute()
    assert.deepEqual(
      mail.map((m) => m.kind),
      ['referral.acknowledged'],
      'the public referrer is emailed the reference only, never the decision',
    )
  })
})
