/**
 * What a referral carries (issue 11, item 2): a referral made from a DSL's decision carries the concern — what was
 * seen, the child's own words, when and where, categories, body-map marks, who else was there — and the DSL's
 * reasons to the front door, the case and the chronology, each with its provenance (organisation, who recorded
 * it, when). A professional's referral carries its whole content to the case likewise. Nobody who may not see the
 * referral sees any of it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

const FRONT_DOOR = 'front.door@northshire-council.example'
const TEAM_MANAGER = 'team.manager@northshire-council.example'
const OTHER_DSL = 'dsl@riverside-academy.example'
const NURSE = 'school.nurse@northshire-nhs.example'

let childId: string
let concernId: string
let concernReference: string
let referralId: string
let teacherName: string
let dslName: string

const RATIONALE = 'Finger-shaped bruising with a disclosure naming mum’s partner: reasonable cause to suspect harm.'
const WORDS = 'Mum’s boyfriend grabbed me when I dropped my bag'

async function signedIn(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  const res = await b.signIn(email, DEMO.password)
  assert.equal(res.statusCode, 303, `sign in ${email}`)
  return b
}

const nameOf = async (email: string) =>
  (await ctx.db.selectFrom('app_user').select('display_name').where('email', '=', email).executeTakeFirstOrThrow())
    .display_name

const denied = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'referral.view_denied')
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  teacherName = await nameOf(DEMO.teacher)
  dslName = await nameOf(DEMO.dsl)
  const child = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Nadia',
    familyName: 'Carried',
    dateOfBirth: '2017-03-02',
    sex: 'female',
  })
  childId = (child.json() as { id: string }).id
  const made = await api(DEMO.teacher, 'POST', '/api/v1/concerns', {
    childIds: [childId],
    observedAt: '2026-11-23T09:15:00Z',
    place: 'Year 4 cloakroom',
    facts: 'Four oval bruises on the left upper arm, like fingertips. <script>alert(1)</script>',
    childWords: WORDS,
    othersPresent: 'Mrs Patel, teaching assistant',
    categories: ['physical_abuse', 'emotional_abuse'],
    immediateDanger: false,
    actionTaken: 'Told the DSL at once',
    bodyMap: [
      { side: 'front', region: 'left_upper_arm', description: 'Four oval bruises, purple, about 1cm each' },
      { side: 'back', region: 'back_of_left_upper_arm', description: 'One oval bruise, yellowing' },
    ],
  })
  assert.equal(made.statusCode, 201, made.body)
  ;({ id: concernId, reference: concernReference } = made.json() as { id: string; reference: string })
  assert.equal((await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/acknowledge`)).statusCode, 200)
  ctx.clock.advance(20 * 60_000)
  const decided = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/decision`, {
    kind: 'refer_to_childrens_social_care',
    rationale: RATIONALE,
    parentsAware: 'no',
    parentalConsent: 'not_sought',
    consentNotSoughtReason: 'Telling mum first could put Nadia at risk from her partner.',
  })
  assert.equal(decided.statusCode, 200, decided.body)
  referralId = (decided.json() as { referralIds: string[] }).referralIds[0] ?? ''
})
after(async () => ctx.close())

describe('a referral from a DSL’s decision carries the concern', () => {
  test('the front door sees the facts, the child’s words, categories, body-map marks and the DSL’s reasons, with who recorded them where and when', async () => {
    const frontDoor = await signedIn(FRONT_DOOR)
    const page = await frontDoor.get(`/front-door/referrals/${referralId}`)
    assert.equal(page.statusCode, 200, page.body)
    const html = page.body
    assert.match(
      html,
      new RegExp(`The concern this referral carried \\(${concernReference}, Oakfield Primary School\\)`),
    )
    assert.match(html, /Four oval bruises on the left upper arm, like fingertips\. &lt;script&gt;/, 'verbatim, escaped')
    assert.doesNotMatch(html, /<script>alert/)
    assert.ok(html.includes(WORDS.replace('’', '&#8217;')) || html.includes(WORDS), 'the child’s own words')
    assert.match(html, /Physical abuse, Emotional abuse/)
    assert.match(html, /1\. Left upper arm: Four oval bruises, purple, about 1cm each/)
    assert.match(html, /2\. Back of left upper arm: One oval bruise, yellowing/)
    assert.match(html, /Mrs Patel, teaching assistant/)
    assert.match(html, /Year 4 cloakroom/)
    assert.ok(html.includes('Finger-shaped bruising with a disclosure naming mum'), 'the DSL’s rationale')
    assert.match(
      html,
      new RegExp(`Recorded by\\s*</dt>\\s*<dd[^>]*>\\s*${teacherName}, Oakfield Primary School, 23 November 2026`),
    )
    assert.match(
      html,
      new RegExp(`Referred by\\s*</dt>\\s*<dd[^>]*>\\s*${dslName}, Oakfield Primary School, 23 November 2026`),
    )
  })

  test('the API answers the same carried concern, with its provenance', async () => {
    const res = await api(FRONT_DOOR, 'GET', `/api/v1/referrals/${referralId}`)
    assert.equal(res.statusCode, 200, res.body)
    const concern = (res.json() as { concern: Record<string, unknown> }).concern
    assert.equal(concern.reference, concernReference)
    assert.equal(concern.organisation, 'Oakfield Primary School')
    assert.equal(concern.recordedBy, teacherName)
    assert.equal(concern.childWords, WORDS)
    assert.deepEqual(concern.categories, ['Physical abuse', 'Emotional abuse'])
    assert.deepEqual(concern.marks, [
      { label: 'Left upper arm', description: 'Four oval bruises, purple, about 1cm each' },
      { label: 'Back of left upper arm', description: 'One oval bruise, yellowing' },
    ])
    const decision = concern.decision as Record<string, unknown>
    assert.equal(decision.rationale, RATIONALE)
    assert.equal(decision.decidedBy, dslName)
    assert.equal(decision.organisation, 'Oakfield Primary School')
  })

  test('someone who may not see the referral still cannot: another school’s DSL, the teacher who wrote the concern, the police', async () => {
    const before = await denied()
    for (const email of [OTHER_DSL, DEMO.teacher, 'dc.officer@northshire-police.example']) {
      const b = await signedIn(email)
      const page = await b.get(`/front-door/referrals/${referralId}`)
      assert.equal(page.statusCode, 404, email)
      assert.doesNotMatch(page.body, /Four oval bruises|Finger-shaped/)
      const res = await api(email, 'GET', `/api/v1/referrals/${referralId}`)
      assert.equal(res.statusCode, 404, email)
      assert.doesNotMatch(res.body, /Four oval bruises|Finger-shaped/)
    }
    assert.equal(await denied(), before + 6, 'every refusal audited')
  })

  test('the case shows what the referral carried, and the view is audited with the concern it showed', async () => {
    const decided = await api(TEAM_MANAGER, 'POST', `/api/v1/referrals/${referralId}/decision`, {
      outcome: 'assessment',
      rationale: 'Needs a child and family assessment.',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const caseId = (decided.json() as { episodeId: string }).episodeId
    const manager = await signedIn(TEAM_MANAGER)
    const page = await manager.get(`/cases/${caseId}`)
    assert.equal(page.statusCode, 200, page.body)
    assert.match(page.body, /What the referral carried/)
    assert.match(page.body, /1\. Left upper arm: Four oval bruises/)
    assert.ok(page.body.includes('Finger-shaped bruising with a disclosure naming mum'))
    assert.match(page.body, new RegExp(`${teacherName}, Oakfield Primary School, 23 November 2026`))
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'episode.viewed')
      .where('subject_id', '=', caseId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal((audit.details as { carriedConcernId?: string }).carriedConcernId, concernId)
    assert.equal((await (await signedIn(OTHER_DSL)).get(`/cases/${caseId}`)).statusCode, 404)
  })

  test('the chronology’s referral entry names the concern it carried and links to the referral', async () => {
    const socialWorker = await signedIn('social.worker@northshire-council.example')
    const page = await socialWorker.get(`/children/${childId}`)
    assert.equal(page.statusCode, 200, page.body)
    assert.match(page.body, new RegExp(`href="/referrals/${referralId}"`))
    assert.match(
      page.body,
      new RegExp(
        `Carried concern ${concernReference}, recorded by ${teacherName} at Oakfield Primary School on 23 November 2026, about physical abuse, emotional abuse, with the child’s own words, and 2 marks on the body map\\.`,
      ),
    )
    const res = await api('social.worker@northshire-council.example', 'GET', `/api/v1/children/${childId}/chronology`)
    const entry = (res.json() as { entries: { type: string; referralId?: string }[] }).entries.find(
      (e) => e.type === 'referral',
    )
    assert.equal(entry?.referralId, referralId)
    // The link leads a social worker to the referral (the front door's page) with the carried concern on it.
    const followed = await socialWorker.get(`/referrals/${referralId}`)
    assert.equal(followed.statusCode, 303)
    assert.match((await socialWorker.get(`/front-door/referrals/${referralId}`)).body, /Four oval bruises/)
  })
})

describe('a professional’s referral carries its whole content', () => {
  test('the case shows everything the professional wrote, and who they are', async () => {
    const nurseChild = await api(NURSE, 'POST', '/api/v1/children', {
      givenName: 'Omar',
      familyName: 'Carried',
      dateOfBirth: '2015-07-11',
      sex: 'male',
    })
    assert.equal(nurseChild.statusCode, 201, nurseChild.body)
    const made = await api(NURSE, 'POST', '/api/v1/referrals', {
      childId: (nurseChild.json() as { id: string }).id,
      immediateDanger: false,
      details: {
        concern: 'Omar has lost weight twice this term and says he is often hungry at home.',
        childLocation: 'At school until 3pm',
        household: 'Dad and a baby sister',
      },
      parentalFactors: ['mental_health'],
      parentsAware: 'yes',
      parentalConsent: 'given',
      parentsViews: 'Dad says he is struggling since mum left',
      referrerRelationship: 'School nurse',
    })
    assert.equal(made.statusCode, 201, made.body)
    const id = (made.json() as { id: string }).id
    const decided = await api(TEAM_MANAGER, 'POST', `/api/v1/referrals/${id}/decision`, {
      outcome: 'assessment',
      rationale: 'A child and family assessment.',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const manager = await signedIn(TEAM_MANAGER)
    const page = await manager.get(`/cases/${(decided.json() as { episodeId: string }).episodeId}`)
    assert.equal(page.statusCode, 200)
    for (const text of [
      'What the referral carried',
      'Omar has lost weight twice this term',
      'At school until 3pm',
      'Dad and a baby sister',
      'Dad says he is struggling since mum left',
      'School nurse',
    ])
      assert.ok(page.body.includes(text), text)
  })
})
