/**
 * Issue 17, "What a new user found": each defect a new user met, as a test through the pages (app.inject).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { pdfText } from '../support/pdfText.js'

let ctx: TestContext
let teacher: TestBrowser
let dsl: TestBrowser
let childId: string
let firstConcern: string

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  teacher = new TestBrowser(ctx.app)
  await teacher.signIn(DEMO.teacher, DEMO.password)
  dsl = new TestBrowser(ctx.app)
  await dsl.signIn(DEMO.dsl, DEMO.password)
})
after(async () => ctx.close())

/** Records a concern through the pages, about a new child or (with `child`) one already found. */
async function recordConcern(options: {
  child?: string
  observedTime: string
  facts: string
}): Promise<{ concernPath: string; draftPath: string }> {
  const res = await teacher.get('/concerns/new')
  const draftPath = String(res.headers.location).replace(/\/child$/, '')
  if (options.child === undefined) {
    const added = await teacher.submit(`${draftPath}/new-child`, {
      givenName: 'Ruby',
      familyName: 'Hartley',
      'dob-day': '3',
      'dob-month': '2',
      'dob-year': '2017',
      sex: 'female',
    })
    assert.equal(added.statusCode, 303)
  } else {
    await teacher.get(`${draftPath}/child`)
    const chosen = await teacher.post(`${draftPath}/child`, { add: options.child })
    assert.equal(chosen.statusCode, 303)
  }
  assert.equal((await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'no' })).statusCode, 303)
  const happened = await teacher.submit(`${draftPath}/what-happened`, {
    'observed-day': '23',
    'observed-month': '11',
    'observed-year': '2026',
    observedTime: options.observedTime,
    place: 'Classroom',
    facts: options.facts,
    childWords: '',
    othersPresent: '',
    actionTaken: '',
  })
  assert.equal(happened.statusCode, 303, /govuk-error-summary[\s\S]{0,600}/.exec(happened.body)?.[0])
  const cats = await teacher.submit(`${draftPath}/categories`, { categories: ['neglect'], continue: 'yes' })
  assert.equal(cats.statusCode, 303)
  await teacher.get(`${draftPath}/check`)
  const sent = await teacher.post(`${draftPath}/check`, {})
  assert.equal(sent.statusCode, 303)
  return { concernPath: String(sent.headers.location).replace(/\/recorded$/, ''), draftPath }
}

describe('developer text is never shown to people', () => {
  test('a decision appears in the chronology and its PDF in words, not as its stored code', async () => {
    const { concernPath } = await recordConcern({
      observedTime: '09:10',
      facts: 'Ruby came in without a coat again.\nShe said there was no food at home.',
    })
    firstConcern = concernPath
    await dsl.get(concernPath)
    assert.equal((await dsl.post(`${concernPath}/acknowledge`, {})).statusCode, 303)
    await dsl.get(concernPath)
    const decided = await dsl.post(`${concernPath}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Neglect over several weeks.',
      parentsAware: 'yes',
      parentalConsent: 'given',
      identityWithheld: 'no',
    })
    assert.equal(decided.statusCode, 303)
    childId = (/href="\/children\/([0-9a-f-]{36})"/.exec((await dsl.get(concernPath)).body) ?? [])[1] as string
    const page = await dsl.get(`/children/${childId}`)
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /refer_to_childrens_social_care/)
    assert.match(page.body, /Decision: Refer to children’s social care\. Neglect over several weeks\./)
    const pdf = await dsl.get(`/children/${childId}/chronology.pdf`)
    assert.equal(pdf.statusCode, 200)
    const text = pdfText(pdf.rawPayload)
    assert.doesNotMatch(text, /refer_to_childrens_social_care/)
    assert.match(text, /Decision: Refer to children.s social care/)
  })

  test('long answers keep their line breaks without the summary list’s indentation before them', async () => {
    const page = await dsl.get(firstConcern)
    assert.match(page.body, /\n\s*Ruby came in without a coat again\.<br>She said there was no food at home\.\n/)
  })
})

describe('the chronology', () => {
  test('entries are in the order things happened: the event’s day, then when each was recorded', async () => {
    // Seen at 08:00 but written up after the 09:10 concern was recorded: it comes after it on the same day.
    ctx.clock.set(new Date('2026-11-23T10:20:00Z'))
    await recordConcern({ child: childId, observedTime: '08:00', facts: 'Ruby was asleep at her desk.' })
    const page = await dsl.get(`/children/${childId}`)
    const coat = page.body.indexOf('without a coat')
    const asleep = page.body.indexOf('asleep at her desk')
    assert.ok(coat > 0 && asleep > 0)
    assert.ok(coat < asleep, 'the concern recorded first comes first within the day')
  })

  test('there is a print button, and the PDF is laid out for a conference', async () => {
    const page = await dsl.get(`/children/${childId}`)
    assert.match(
      page.body,
      /<button type="button" class="govuk-button govuk-button--secondary app-no-print" data-app-print hidden>Print this chronology<\/button>/,
    )
    assert.match(page.body, /<script type="module" src="\/static\/print.js"><\/script>/)
    const text = pdfText((await dsl.get(`/children/${childId}/chronology.pdf`)).rawPayload)
    assert.match(text, /Chronology for a child protection conference/)
    assert.match(text, /Ruby Hartley/)
    assert.match(text, /Born 3 February 2017/)
    assert.match(text, /Agencies whose records are included/)
    assert.match(text, /Oakfield Primary School/)
    assert.match(text, /Contents/)
    assert.match(text, /2026\npage 2/)
    assert.match(text, /page 1 of 2/)
    assert.match(text, /Source: Oakfield Primary School/)
  })
})

describe('immediate danger', () => {
  test('the safeguarding leads are alerted the moment "yes" is answered, once, with what is known so far', async () => {
    ctx.clock.set(new Date('2026-11-23T10:30:00Z'))
    const res = await teacher.get('/concerns/new')
    const draftPath = String(res.headers.location).replace(/\/child$/, '')
    const draftId = draftPath.split('/').pop() as string
    await teacher.get(`${draftPath}/child`)
    assert.equal((await teacher.post(`${draftPath}/child`, { add: childId })).statusCode, 303)
    const danger = await teacher.get(`${draftPath}/danger`)
    assert.doesNotMatch(danger.body, /will be alerted straight away if you answer yes/)
    const answered = await teacher.post(`${draftPath}/danger`, {
      immediateDanger: 'yes',
      policeCalledTime: '10:25',
      policeReference: 'NP-2026-4417',
    })
    assert.equal(answered.statusCode, 303)
    const alerts = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('related_id', '=', draftId)
      .execute()
    assert.ok(alerts.length > 0, 'alerted before the concern is finished')
    assert.ok(alerts.some((a) => a.recipient === DEMO.dsl))
    for (const a of alerts) {
      assert.match(a.subject, /URGENT: a child may be in immediate danger – a concern is still being written/)
      assert.match(a.body, /999 called at: 10:25/)
      assert.match(a.body, /Police reference: NP-2026-4417/)
      assert.doesNotMatch(a.body, /Ruby|Hartley/, 'no child’s name in email')
    }
    const page = await teacher.get(`${draftPath}/what-happened`)
    assert.match(page.body, /been sent an urgent alert/)
    // Going back and answering again does not alert again.
    await teacher.get(`${draftPath}/danger`)
    await teacher.post(`${draftPath}/danger`, { immediateDanger: 'yes', policeCalledTime: '10:25' })
    const again = await ctx.db
      .selectFrom('notification_outbox')
      .select('id')
      .where('related_id', '=', draftId)
      .execute()
    assert.equal(again.length, alerts.length)
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', draftId)
      .where('action', '=', 'concern.danger_alerted')
      .execute()
    assert.equal(audit.length, 1)
  })
})

describe('decisions', () => {
  test('each option shows only its own questions, the choice is kept after an error, and success says what happens next', async () => {
    ctx.clock.set(new Date('2026-11-23T10:40:00Z'))
    const { concernPath } = await recordConcern({ child: childId, observedTime: '10:30', facts: 'Ruby had a burn.' })
    dsl = new TestBrowser(ctx.app)
    await dsl.signIn(DEMO.dsl, DEMO.password)
    await dsl.get(concernPath)
    assert.equal((await dsl.post(`${concernPath}/acknowledge`, {})).statusCode, 303)
    const form = await dsl.get(concernPath)
    // The review date sits inside "Monitor", the consent questions inside "Refer to children's social care".
    assert.match(form.body, /id="conditional-kind-2"[^>]*>[\s\S]*?name="reviewOn-day"[\s\S]*?<\/div>/)
    assert.match(form.body, /data-aria-controls="conditional-kind-\d+"[^>]*>/)
    const refer =
      /<input class="govuk-radios__input" id="(kind-\d+)" name="kind" type="radio" value="refer_to_childrens_social_care" data-aria-controls="(conditional-kind-\d+)"/.exec(
        form.body,
      )
    assert.ok(refer, 'referring reveals its own questions')
    const conditional = new RegExp(
      `id="${refer[2]}">([\\s\\S]*?)</div>\\s*</div>\\s*(<div class="govuk-radios__item">|</div>)`,
    ).exec(form.body)
    assert.match(conditional?.[1] ?? form.body.slice(form.body.indexOf(refer[2] + '"')), /name="parentsAware"/)
    const bad = await dsl.post(`${concernPath}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'A burn.',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /value="refer_to_childrens_social_care"[^>]*checked/, 'the chosen option is kept')
    const done = await dsl.post(`${concernPath}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'A burn.',
      parentsAware: 'yes',
      parentalConsent: 'given',
      identityWithheld: 'no',
    })
    assert.equal(done.statusCode, 303)
    const page = await dsl.get(String(done.headers.location))
    assert.match(page.body, /govuk-notification-banner--success/)
    assert.match(page.body, /Decision recorded: Refer to children’s social care/)
    assert.match(page.body, /Referral number: <strong>R-\d{4}-\d+<\/strong>/)
    assert.match(page.body, /within one working day/)
    assert.doesNotMatch(page.body, /action="\/concerns\/[0-9a-f-]+\/decision"/, 'the decision form is not shown again')
  })
})

describe('small things', () => {
  test('an empty child search says what to enter; a first name alone and letters swapped still find the child', async () => {
    ctx.clock.set(new Date('2026-11-23T10:50:00Z'))
    teacher = new TestBrowser(ctx.app)
    await teacher.signIn(DEMO.teacher, DEMO.password)
    const res = await teacher.get('/concerns/new')
    const draftPath = String(res.headers.location).replace(/\/child$/, '')
    const empty = await teacher.get(`${draftPath}/child?givenName=&familyName=&dateOfBirth=&nhsNumber=&upn=`)
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /govuk-error-summary/)
    assert.match(empty.body, /Enter a name, date of birth, NHS number or UPN to search for/)
    const firstName = await teacher.get(`${draftPath}/child?givenName=Ruby&familyName=`)
    assert.match(firstName.body, /<strong>Ruby Hartley<\/strong>/)
    const swapped = await teacher.get(`${draftPath}/child?givenName=Rbuy&familyName=Hartley`)
    assert.match(swapped.body, /<strong>Ruby Hartley<\/strong>/)
    const both = await teacher.get(`${draftPath}/child?givenName=Rbuy&familyName=Hartlye`)
    assert.match(both.body, /<strong>Ruby Hartley<\/strong>/)
  })

  test('"9.15am" is a time; limits are shown before they are reached; known FGM is on check your answers', async () => {
    const res = await teacher.get('/concerns/new')
    const draftPath = String(res.headers.location).replace(/\/child$/, '')
    await teacher.get(`${draftPath}/child`)
    await teacher.post(`${draftPath}/child`, { add: childId })
    const danger = await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'yes', policeCalledTime: '9.15am' })
    assert.equal(danger.statusCode, 303)
    const form = await teacher.get(`${draftPath}/what-happened`)
    assert.match(form.body, /data-module="govuk-character-count"[^>]*data-maxlength="10000"/)
    assert.match(form.body, /You can enter up to 10,?000 characters/)
    const happened = await teacher.post(`${draftPath}/what-happened`, {
      'observed-day': '23',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '9.15am',
      place: 'Nurse’s room',
      facts: 'Ruby told me she had been cut.',
      childWords: '',
      othersPresent: '',
      actionTaken: '',
    })
    assert.equal(happened.statusCode, 303)
    await teacher.submit(`${draftPath}/categories`, { categories: ['fgm'], fgmKnown: 'yes', continue: 'yes' })
    const check = await teacher.get(`${draftPath}/check`)
    assert.match(check.body, /23\/11\/2026 at 9\.15am/)
    assert.match(check.body, /Known female genital mutilation \(FGM\)/)
    assert.match(check.body, /Yes: the child told you, or you saw signs of it/)
  })
})
