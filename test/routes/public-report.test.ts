/**
 * The public form, one question per page (issue 17, item 10): the first page says what to do in an emergency and
 * whom to phone; each question is its own page with the GOV.UK error summary; check your answers; the reference
 * at the end. Answers are held server-side until "Send": nothing reaches the referral tables before it, and a
 * report sent twice writes once. Whether the family may be told who they are is asked (item 9).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { answerPublicReport, freshAddress, lilyReport, PUBLIC } from '../support/publicReport.js'

let ctx: TestContext
const FRONT_DOOR = 'front.door@northshire-council.example'

const count = async (table: 'referral' | 'public_report_draft') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const referenceIn = (html: string) => (/id="report-reference">(R-\d{4}-\d{6})</.exec(html) ?? [])[1]

/** Changes the answers of the report started last, behind its form's back; its id. */
async function changeNewestDraft(change: (data: Record<string, string>) => Record<string, string>) {
  const draft = await ctx.db
    .selectFrom('public_report_draft')
    .select(['id', 'data'])
    .orderBy('updated_at', 'desc')
    .executeTakeFirstOrThrow()
  await ctx.db
    .updateTable('public_report_draft')
    .set({ data: JSON.stringify(change(draft.data as Record<string, string>)) })
    .where('id', '=', draft.id)
    .execute()
  return draft
}

/** A visitor who has started a report and is on its first question. */
async function started(): Promise<TestBrowser> {
  const visitor = new TestBrowser(ctx.app)
  await visitor.get(PUBLIC)
  const start = await visitor.post(`${PUBLIC}/start`, {}, { headers: { 'x-forwarded-for': freshAddress() } })
  assert.equal(start.statusCode, 303)
  assert.equal(start.headers.location, `${PUBLIC}/immediate-danger`)
  return visitor
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

describe('the first page: what to do in an emergency, and whom to phone', () => {
  test('999, the police’s 101, the area’s children’s services number and Childline; Together’s brand, not GOV.UK', async () => {
    const visitor = new TestBrowser(ctx.app)
    const page = await visitor.get(PUBLIC)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<h1 class="govuk-heading-xl">Report a concern about a child<\/h1>/)
    const list = /<ul[^>]*id="who-to-call">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? ''
    assert.match(list, /call the police on <strong>999<\/strong>/)
    assert.match(list, /call the police on <strong>101<\/strong>/)
    // The demo area's children's social care number (Ofcom's drama range): from the area's data, not the template.
    assert.match(list, /Northshire children’s services, call <strong>01632 960 123<\/strong>/)
    assert.match(list, /Childline free on <strong>0800 1111<\/strong>/)
    assert.match(page.body, /Start now/)
    assert.match(page.body, /action="\/report-a-concern-about-a-child\/start"/)
    // No government branding: no crown, no GOV.UK logotype or name; Together's own brand bar.
    assert.doesNotMatch(page.body, /GOV\.UK|govuk-header__logotype|crown/i)
    assert.match(page.body, /class="app-brand__name">Together</)
    assert.doesNotMatch(page.body, /Sign out/)
    // The questions are not on this page.
    assert.doesNotMatch(page.body, /name="concern"|name="referrerKind"/)
  })

  test('the number shown is the area’s own: changing it in the area’s record changes the page', async () => {
    const la = await ctx.db
      .selectFrom('organisation')
      .select(['id', 'contact_phone'])
      .where('kind', '=', 'la_childrens_social_care')
      .executeTakeFirstOrThrow()
    await ctx.db.updateTable('organisation').set({ contact_phone: '01632 960 999' }).where('id', '=', la.id).execute()
    try {
      const page = await new TestBrowser(ctx.app).get(PUBLIC)
      assert.match(page.body, /call <strong>01632 960 999<\/strong>/)
    } finally {
      await ctx.db
        .updateTable('organisation')
        .set({ contact_phone: la.contact_phone })
        .where('id', '=', la.id)
        .execute()
    }
  })
})

describe('one question per page', () => {
  test('every question page needs a report started: without one, it goes back to the first page', async () => {
    const visitor = new TestBrowser(ctx.app)
    for (const slug of ['immediate-danger', 'child-name', 'concern', 'keep-your-identity', 'call-999', 'check']) {
      const res = await visitor.get(`${PUBLIC}/${slug}`)
      assert.equal(res.statusCode, 303, slug)
      assert.equal(res.headers.location, PUBLIC)
    }
  })

  test('each page asks one question, as its heading, with a back link; the area is not asked when there is one', async () => {
    const visitor = await started()
    const expected: Record<string, string> = {
      'immediate-danger': 'Is a child in immediate danger right now?',
      'child-name': 'Do you know the child’s name?',
      'child-age': 'How old is the child?',
      'child-address': 'Where does the child live?',
      concern: 'What are you worried about?',
      'child-location': 'Where is the child now?',
      'parents-aware': 'Do the child’s parents or carers know you are telling us?',
      'who-are-you': 'Who are you?',
      'your-details': 'Your contact details (optional)',
      'keep-your-identity': 'Should we keep who you are from the child’s family?',
    }
    let location = `${PUBLIC}/immediate-danger`
    let previous = PUBLIC
    const seen: string[] = []
    while (location !== `${PUBLIC}/check`) {
      const slug = location.slice(PUBLIC.length + 1)
      const page = await visitor.get(location)
      assert.equal(page.statusCode, 200, slug)
      assert.equal((page.body.match(/<h1/g) ?? []).length, 1, `${slug}: one heading`)
      const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/
        .exec(page.body)?.[1]
        ?.replace(/<[^>]+>/g, '')
        .trim()
      assert.equal(h1, expected[slug], slug)
      assert.match(page.body, new RegExp(`<title>${expected[slug]?.replace(/[()?]/g, '\\$&')} – Together</title>`))
      assert.match(page.body, new RegExp(`<a href="${previous}" class="govuk-back-link">Back</a>`), `${slug}: back`)
      assert.match(page.body, /name="_csrf"/)
      seen.push(slug)
      const answered = await visitor.post(location, { ...(lilyReport[slug] ?? {}) })
      assert.equal(answered.statusCode, 303, answered.body)
      previous = location
      location = String(answered.headers.location)
    }
    assert.deepEqual(seen, Object.keys(expected), 'every question, in order; no area question for one area')
  })

  test('“yes, a child is in immediate danger” says call 999 now, then carries on with the questions', async () => {
    const visitor = await started()
    await visitor.get(`${PUBLIC}/immediate-danger`)
    const yes = await visitor.post(`${PUBLIC}/immediate-danger`, { immediateDanger: 'yes' })
    assert.equal(yes.headers.location, `${PUBLIC}/call-999`)
    const call = await visitor.get(`${PUBLIC}/call-999`)
    assert.equal(call.statusCode, 200)
    assert.match(call.body, /<h1 class="govuk-heading-xl">Call 999 now<\/h1>/)
    assert.match(call.body, /href="\/report-a-concern-about-a-child\/child-name"[^>]*>\s*I have called 999: continue/)
    const next = await visitor.get(`${PUBLIC}/child-name`)
    assert.match(next.body, /<a href="\/report-a-concern-about-a-child\/call-999" class="govuk-back-link">/)
  })

  test('the child’s name or a description, each revealed under its answer (works without JavaScript)', async () => {
    const visitor = await started()
    const page = await visitor.get(`${PUBLIC}/child-name`)
    assert.match(page.body, /id="conditional-knowsName"[\s\S]*?name="childGivenName"/)
    assert.match(page.body, /id="conditional-knowsName-2"[\s\S]*?name="childDescription"/)
  })
})

describe('each question’s errors: a GOV.UK error summary, what was typed kept, nothing written', () => {
  const cases: [slug: string, body: Record<string, string>, message: string, field: string][] = [
    ['immediate-danger', {}, 'Select yes if a child is in immediate danger', 'immediateDanger'],
    ['child-name', {}, 'Select yes if you know the child’s name', 'knowsName'],
    ['child-name', { knowsName: 'yes' }, 'Enter the child’s first name or last name', 'childGivenName'],
    ['child-name', { knowsName: 'no' }, 'Describe the child, so that we can find them', 'childDescription'],
    [
      'child-age',
      { 'childDob-day': '31', 'childDob-month': '2', 'childDob-year': '2018' },
      'Enter a real date of birth, like 14 5 2016, or leave it blank',
      'childDob',
    ],
    [
      'child-age',
      { 'childDob-day': '1', 'childDob-month': '1', 'childDob-year': '2027' },
      'Date of birth must be in the past',
      'childDob',
    ],
    [
      'child-age',
      { 'childDob-day': '1', 'childDob-month': '1', 'childDob-year': '2001' },
      'The child must be under 18',
      'childDob',
    ],
    ['concern', { concern: '   ' }, 'Tell us what you are worried about', 'concern'],
    ['concern', { concern: 'x'.repeat(10_001) }, 'characters or fewer', 'concern'],
    ['parents-aware', {}, 'Select whether the child’s parents or carers know you are telling us', 'parentsAware'],
    ['parents-aware', { parentsAware: 'maybe' }, 'Select whether the child’s parents or carers know', 'parentsAware'],
    ['who-are-you', {}, 'Select who you are', 'referrerKind'],
    [
      'your-details',
      { referrerEmail: 'not-an-email' },
      'Enter an email address in the correct format, like name@example.com',
      'referrerEmail',
    ],
    ['keep-your-identity', {}, 'Select yes if we should not tell the child’s family who you are', 'identityWithheld'],
  ]

  const radioNames = ['immediateDanger', 'knowsName', 'parentsAware', 'referrerKind', 'identityWithheld']

  test('every required answer and every bad one', async () => {
    const referralsBefore = await count('referral')
    for (const [slug, body, message, field] of cases) {
      const visitor = await started()
      await visitor.get(`${PUBLIC}/${slug}`)
      const draftBefore = await ctx.db.selectFrom('public_report_draft').select('data').execute()
      const res = await visitor.post(`${PUBLIC}/${slug}`, body)
      assert.equal(res.statusCode, 400, `${slug} ${JSON.stringify(body).slice(0, 80)}`)
      assert.match(res.body, /<title>Error: /)
      assert.match(res.body, /govuk-error-summary/)
      assert.ok(res.body.includes(message), `${slug}: ${message}`)
      assert.match(res.body, new RegExp(`href="#${field}"`), `${slug}: the summary links to ${field}`)
      // What was typed is kept (a radio's value is not typed text).
      for (const [name, value] of Object.entries(body))
        if (value.trim() !== '' && value.length < 100 && !radioNames.includes(name))
          assert.ok(res.body.includes(value), `${slug} keeps ${value}`)
      const draftAfter = await ctx.db.selectFrom('public_report_draft').select('data').execute()
      assert.deepEqual(draftAfter, draftBefore, `${slug}: bad input changes nothing`)
    }
    assert.equal(await count('referral'), referralsBefore, 'nothing reaches the referral tables')
  })
})

describe('check your answers, and send', () => {
  test('nothing is written to the referral tables until “Send”; the answers are shown with change links', async () => {
    const before = await count('referral')
    const visitor = new TestBrowser(ctx.app)
    const check = await answerPublicReport(visitor, {
      ...lilyReport,
      'keep-your-identity': { identityWithheld: 'yes', identityWithheldReason: 'I live next door and I am scared.' },
    })
    assert.equal(await count('referral'), before, 'every question answered, nothing sent yet')
    assert.match(check.body, /<h1 class="govuk-heading-l">Check your answers before sending your report<\/h1>/)
    for (const text of ['Lily Marsh', 'about 7', '14 Elm Road', 'Not sure', 'neighbour@example.com'])
      assert.ok(check.body.includes(text), text)
    assert.ok(check.body.includes('Yes: I live next door and I am scared.'))
    assert.match(check.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'escaped')
    assert.match(check.body, /href="\/report-a-concern-about-a-child\/concern\?change=yes"/)
    // Changing an answer returns to check your answers.
    await visitor.get(`${PUBLIC}/child-address?change=yes`)
    const changed = await visitor.post(`${PUBLIC}/child-address?change=yes`, { childAddress: '16 Elm Road' })
    assert.equal(changed.headers.location, `${PUBLIC}/check`)
    const again = await visitor.get(`${PUBLIC}/check`)
    assert.match(again.body, /16 Elm Road/)

    const sent = await visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': freshAddress() } })
    assert.equal(sent.statusCode, 303, sent.body)
    assert.equal(sent.headers.location, `${PUBLIC}/sent`)
    const confirmation = await visitor.get(`${PUBLIC}/sent`)
    const reference = referenceIn(confirmation.body)
    assert.ok(reference, 'the sender’s reference, on the confirmation page')
    assert.match(confirmation.body, /Report sent/)
    assert.doesNotMatch(confirmation.body, /Lily|Marsh|Elm Road|shouting/)
    const row = await ctx.db
      .selectFrom('referral')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow()
    assert.equal(row.referrer_identity_withheld, 'yes')
    assert.equal(row.referrer_identity_reason, 'I live next door and I am scared.')
    assert.deepEqual(row.child_details, {
      givenName: 'Lily',
      familyName: 'Marsh',
      age: 'about 7',
      address: '16 Elm Road',
    })
    assert.equal(row.immediate_danger, false)
    assert.equal(row.source_code, '1B')
    assert.equal(await count('referral'), before + 1)

    // The front door is told, prominently, not to say who made the referral.
    const frontDoor = new TestBrowser(ctx.app)
    assert.equal((await frontDoor.signIn(FRONT_DOOR, DEMO.password)).statusCode, 303)
    const page = await frontDoor.get(`/front-door/referrals/${row.id}`)
    assert.match(page.body, /id="identity-withheld"[\s\S]*?Do not tell the family who made this referral/)
    assert.match(page.body, /I live next door and I am scared\./)
  })

  test('a report sent twice writes once: the second send answers the same reference', async () => {
    const before = await count('referral')
    const visitor = new TestBrowser(ctx.app)
    const check = await answerPublicReport(visitor)
    const key = /name="submissionKey" value="([0-9a-f-]{36})"/.exec(check.body)
    assert.ok(key, 'the check page carries the submission key')
    const csrf = visitor.csrfToken()
    const ip = freshAddress()
    const first = await visitor.post(
      `${PUBLIC}/check`,
      { submissionKey: key[1] ?? '' },
      { csrf, headers: { 'x-forwarded-for': ip } },
    )
    assert.equal(first.statusCode, 303)
    const firstReference = referenceIn((await visitor.get(`${PUBLIC}/sent`)).body)
    // Back, and "Send" again on the same page.
    const second = await visitor.post(
      `${PUBLIC}/check`,
      { submissionKey: key[1] ?? '' },
      { csrf, headers: { 'x-forwarded-for': ip } },
    )
    assert.equal(second.statusCode, 303)
    assert.equal(second.headers.location, `${PUBLIC}/sent`)
    const secondReference = referenceIn((await visitor.get(`${PUBLIC}/sent`)).body)
    assert.equal(secondReference, firstReference)
    assert.equal(await count('referral'), before + 1)
    const sentRow = await ctx.db
      .selectFrom('referral')
      .select('id')
      .where('reference', '=', firstReference ?? '')
      .executeTakeFirstOrThrow()
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select('id')
      .where('related_id', '=', sentRow.id)
      .execute()
    assert.equal(mail.length, 1, 'the front door is emailed once')
    // The confirmation shows the reference for half an hour, as long as the page had it before.
    ctx.clock.set(new Date('2026-11-23T10:31:00Z'))
    try {
      assert.equal((await visitor.get(`${PUBLIC}/sent`)).headers.location, PUBLIC)
    } finally {
      ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
    }
  })

  test('two sends at the same moment (a double click) write once', async () => {
    const before = await count('referral')
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor)
    const ip = freshAddress()
    const [a, b] = await Promise.all([
      visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': ip } }),
      visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': ip } }),
    ])
    assert.equal(a.statusCode, 303)
    assert.equal(b.statusCode, 303)
    assert.equal(await count('referral'), before + 1)
  })

  test('a member of the public who would rather not say who they are: no name kept', async () => {
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor, {
      ...lilyReport,
      'child-name': { knowsName: 'no', childDescription: 'A girl of about 7 with a red coat, at the bus stop' },
      'who-are-you': { referrerKind: 'anonymous' },
      'your-details': { referrerName: 'Typed before choosing' },
    })
    await visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': freshAddress() } })
    const reference = referenceIn((await visitor.get(`${PUBLIC}/sent`)).body)
    const row = await ctx.db
      .selectFrom('referral')
      .select(['source_code', 'referrer_name', 'child_details', 'referrer_identity_withheld'])
      .where('reference', '=', reference ?? '')
      .executeTakeFirstOrThrow()
    assert.equal(row.source_code, '9')
    assert.equal(row.referrer_name, null)
    assert.equal(row.referrer_identity_withheld, 'no')
    assert.deepEqual(row.child_details, {
      givenName: '',
      familyName: '',
      age: 'about 7',
      address: '14 Elm Road',
      description: 'A girl of about 7 with a red coat, at the bus stop',
    })
  })

  test('“Send” is the step makePublicReferral: one audit row naming no one, and nothing for looking at the page', async () => {
    // Signed in or not, a report sent from the public form is a member of the public's: the row names no one.
    const visitor = new TestBrowser(ctx.app)
    assert.equal((await visitor.signIn(FRONT_DOOR, DEMO.password)).statusCode, 303)
    await answerPublicReport(visitor)
    const sent = await visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': freshAddress() } })
    assert.equal(sent.headers.location, `${PUBLIC}/sent`)
    const reference = referenceIn((await visitor.get(`${PUBLIC}/sent`)).body)
    const referral = await ctx.db
      .selectFrom('referral')
      .select(['id', 'to_organisation_id'])
      .where('reference', '=', reference ?? '')
      .executeTakeFirstOrThrow()
    const rows = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id', 'actor_organisation_id', 'actor_roles', 'reason', 'details'])
      .where('subject_id', '=', referral.id)
      .execute()
    assert.deepEqual(rows, [
      {
        action: 'referral.public_received',
        actor_user_id: null,
        actor_organisation_id: null,
        actor_roles: [],
        reason: 'anyone may report a concern about a child',
        details: {
          step: 'makePublicReferral',
          toOrganisationId: referral.to_organisation_id,
          sourceCode: '1B',
          immediateDanger: false,
        },
      },
    ])
    const viewed = await ctx.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', 'like', 'makePublicReferral.%')
      .execute()
    assert.equal(viewed.length, 0, 'opening check your answers writes nothing to the audit trail')
  })

  test('answers the service refuses on sending: the error summary links to the question’s page; nothing written', async () => {
    const before = await count('referral')
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor)
    // Answers changed behind the form's back (or rules changed since they were given): the send judges them afresh.
    const draft = await changeNewestDraft((data) => ({ ...data, concern: ' ', referrerEmail: 'no-at-sign' }))
    const res = await visitor.post(`${PUBLIC}/check`, {}, { headers: { 'x-forwarded-for': freshAddress() } })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Check your answers before sending your report – Together<\/title>/)
    assert.match(
      res.body,
      /href="\/report-a-concern-about-a-child\/concern\?change=yes">Tell us what you are worried about/,
    )
    assert.match(res.body, /href="\/report-a-concern-about-a-child\/your-details\?change=yes">Enter an email address/)
    assert.match(res.body, /<a href="\/report-a-concern-about-a-child\/keep-your-identity" class="govuk-back-link">/)
    assert.match(res.body, new RegExp(`name="submissionKey" value="${draft.id}"`))
    assert.equal(await count('referral'), before)
    const claimed = await ctx.db
      .selectFrom('step_submission')
      .select('submission_key')
      .where('submission_key', '=', draft.id)
      .execute()
    assert.equal(claimed.length, 0, 'the key is not spent: the corrected report can be sent')
  })

  test('a question not answered yet goes to it; a page from another report goes back to the start', async () => {
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor)
    await changeNewestDraft(({ ['seen:concern']: _seen, ...data }) => data)
    assert.equal((await visitor.get(`${PUBLIC}/check`)).headers.location, `${PUBLIC}/concern`)
    const ip = { headers: { 'x-forwarded-for': freshAddress() } }
    assert.equal((await visitor.post(`${PUBLIC}/check`, {}, ip)).headers.location, `${PUBLIC}/concern`)
    const other = await visitor.post(`${PUBLIC}/check`, { submissionKey: '00000000-0000-4000-8000-000000000000' }, ip)
    assert.equal(other.headers.location, PUBLIC)
  })

  test('CSRF applies without a session: a send without the token, or with another visitor’s, is refused', async () => {
    const before = await count('referral')
    const visitor = new TestBrowser(ctx.app)
    await answerPublicReport(visitor)
    const none = await visitor.post(`${PUBLIC}/check`, {}, { csrf: false })
    assert.equal(none.statusCode, 403)
    const other = new TestBrowser(ctx.app)
    await other.get(PUBLIC)
    const crossSite = await visitor.post(`${PUBLIC}/check`, {}, { csrf: other.csrfToken() })
    assert.equal(crossSite.statusCode, 403)
    assert.equal(await count('referral'), before)
  })

  test('sending is rate-limited per address as before: the eleventh in an hour gets 429 and a page', async () => {
    const visitor = new TestBrowser(ctx.app)
    await visitor.get(PUBLIC)
    const csrf = visitor.csrfToken()
    const send = (ip: string) => visitor.post(`${PUBLIC}/check`, {}, { csrf, headers: { 'x-forwarded-for': ip } })
    for (let i = 0; i < 10; i++) assert.equal((await send('203.0.113.9')).statusCode, 303, `attempt ${i + 1}`)
    const limited = await send('203.0.113.9')
    assert.equal(limited.statusCode, 429)
    assert.match(limited.body, /Sorry, you have sent too many reports/)
    assert.match(limited.body, /call 999 now/)
    assert.equal((await send('198.51.100.20')).statusCode, 303, 'another address is not limited')
    // Starting reports is limited alike, so drafts cannot be made by the thousand.
    const start = (ip: string) => visitor.post(`${PUBLIC}/start`, {}, { csrf, headers: { 'x-forwarded-for': ip } })
    for (let i = 0; i < 10; i++) assert.equal((await start('203.0.113.10')).statusCode, 303, `start ${i + 1}`)
    assert.equal((await start('203.0.113.10')).statusCode, 429)
    ctx.clock.set(new Date('2026-11-23T11:01:00Z'))
    const later = await send('203.0.113.9')
    assert.equal(later.statusCode, 303, `a new hour, a new allowance: ${later.statusCode} ${later.body.slice(0, 300)}`)
    ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  })
})
