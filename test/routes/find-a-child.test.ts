/**
 * Issue 17, item 4: "Find a child" in the navigation for the roles that may open a child's record, and for them
 * only; the one child search behind it (only children the organisation is involved with, audited); an empty
 * search says so.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let childId: string
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  // A child Oakfield is involved with: a teacher's concern about a child new to Together.
  const teacher = await as(NORTHSHIRE.teacher)
  const start = await teacher.get('/concerns/new')
  const draftPath = String(start.headers.location).replace(/\/child$/, '')
  await teacher.submit(`${draftPath}/new-child`, {
    givenName: 'Wilfred',
    familyName: 'Findley',
    'dob-day': '3',
    'dob-month': '2',
    'dob-year': '2016',
    sex: 'male',
  })
  await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'no' })
  await teacher.submit(`${draftPath}/what-happened`, {
    'observed-day': '23',
    'observed-month': '11',
    'observed-year': '2026',
    observedTime: '9.15am',
    place: 'Classroom',
    facts: 'He had not eaten since yesterday.',
    childWords: '',
    othersPresent: '',
    actionTaken: '',
  })
  await teacher.submit(`${draftPath}/categories`, { categories: ['neglect'], continue: 'yes' })
  await teacher.get(`${draftPath}/check`)
  assert.equal((await teacher.post(`${draftPath}/check`, {})).statusCode, 303)
  const row = await ctx.db
    .selectFrom('child')
    .select('id')
    .where('given_name', '=', 'Wilfred')
    .where('family_name', '=', 'Findley')
    .executeTakeFirstOrThrow()
  childId = row.id
})
after(async () => ctx.close())

async function as(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  return b
}
const navHasFind = (html: string) =>
  /<a class="govuk-service-navigation__link" href="\/children\/search"[^>]*>\s*Find a child/.test(html)

describe('Find a child', () => {
  const finders = [
    NORTHSHIRE.dsl,
    NORTHSHIRE.frontDoor,
    NORTHSHIRE.socialWorker,
    NORTHSHIRE.teamManager,
    NORTHSHIRE.chair,
    NORTHSHIRE.police,
    NORTHSHIRE.gpLead,
  ]
  const others = [NORTHSHIRE.teacher, NORTHSHIRE.gp, DEMO.oakfieldAdmin, 'partnership.lead@northshire-council.example']
  for (const email of finders)
    test(`${email}: in the navigation, and the page opens`, async () => {
      const b = await as(email)
      assert.ok(navHasFind((await b.get('/')).body), 'in the navigation')
      const page = await b.get('/children/search')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<h1 class="govuk-heading-l">Find a child<\/h1>/)
      assert.match(page.body, /aria-current="page"[^>]*>\s*Find a child|href="\/children\/search" aria-current="page"/)
    })
  for (const email of others)
    test(`${email}: not in the navigation, and the page is refused`, async () => {
      const b = await as(email)
      assert.equal(navHasFind((await b.get('/')).body), false)
      assert.equal((await b.get('/children/search?givenName=Wilfred')).statusCode, 403)
    })

  test('an empty search says so, and searches nothing', async () => {
    const b = await as(NORTHSHIRE.dsl)
    const before = await ctx.db
      .selectFrom('audit_event')
      .select(ctx.db.fn.countAll().as('n'))
      .where('action', '=', 'child.searched')
      .executeTakeFirstOrThrow()
    const page = await b.get('/children/search?givenName=&familyName=&dateOfBirth=&nhsNumber=&upn=')
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /govuk-error-summary/)
    assert.match(page.body, /Enter a name, date of birth, NHS number or UPN to search for/)
    assert.match(page.body, /<title>Error: Find a child/)
    const after = await ctx.db
      .selectFrom('audit_event')
      .select(ctx.db.fn.countAll().as('n'))
      .where('action', '=', 'child.searched')
      .executeTakeFirstOrThrow()
    assert.equal(Number(after.n), Number(before.n))
  })

  test('the DSL finds the school’s child by first name alone, and by date of birth; the link opens the record', async () => {
    const b = await as(NORTHSHIRE.dsl)
    const byName = await b.get('/children/search?givenName=Wilfred&familyName=')
    assert.equal(byName.statusCode, 200)
    assert.match(byName.body, new RegExp(`href="/children/${childId}">Wilfred Findley</a>`))
    const byDob = await b.get('/children/search?givenName=&familyName=Findley&dateOfBirth=3+2+2016')
    assert.match(byDob.body, new RegExp(`href="/children/${childId}"`))
    assert.equal((await b.get(`/children/${childId}`)).statusCode, 200)
    const audited = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'child.searched')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual((audited.details as { results: string[] }).results, [childId])
  })

  test('a date of birth that is not a real date is an error; nothing is searched', async () => {
    const b = await as(NORTHSHIRE.dsl)
    const page = await b.get('/children/search?givenName=Wilfred&familyName=&dateOfBirth=31%2F02%2F2016')
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /February 2016 has 29 days/)
  })

  test('the police are not shown a child only the school is involved with', async () => {
    const b = await as(NORTHSHIRE.police)
    const page = await b.get('/children/search?givenName=Wilfred&familyName=Findley')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /No children found/)
    assert.doesNotMatch(page.body, /Findley<\/a>/)
  })
})
