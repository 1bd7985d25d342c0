/**
 * Issue 17, item 11: wording by role. A police officer, a social worker, a GP or the DSL recording a concern is
 * told the next step that fits them; only staff in a school or club are told to tell their designated
 * safeguarding lead. Walks every page of the concern journey (immediate danger yes, known FGM) as each.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

const text = (html: string) =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ')

/** Every page of the journey as the person sees it, from the child to "Concern recorded". */
async function journey(email: string, givenName: string): Promise<string[]> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  const pages: string[] = []
  const start = await b.get('/concerns/new')
  const draftPath = String(start.headers.location).replace(/\/child$/, '')
  pages.push((await b.get(`${draftPath}/child`)).body)
  const added = await b.submit(`${draftPath}/new-child`, {
    givenName,
    familyName: 'Wordsworth',
    'dob-day': '3',
    'dob-month': '2',
    'dob-year': '2015',
    sex: 'female',
  })
  assert.equal(added.statusCode, 303, email)
  const danger = await b.get(`${draftPath}/danger`)
  pages.push(danger.body)
  assert.equal((await b.post(`${draftPath}/danger`, { immediateDanger: 'yes' })).statusCode, 303)
  const happened = await b.get(`${draftPath}/what-happened`)
  pages.push(happened.body)
  const posted = await b.post(`${draftPath}/what-happened`, {
    'observed-day': '23',
    'observed-month': '11',
    'observed-year': '2026',
    observedTime: '9.15am',
    place: 'At the address',
    facts: 'She told me she had been cut.',
    childWords: '',
    othersPresent: '',
    actionTaken: '',
  })
  assert.equal(posted.statusCode, 303, email)
  pages.push((await b.get(`${draftPath}/categories`)).body)
  const cats = await b.post(`${draftPath}/categories`, { categories: ['fgm'], fgmKnown: 'yes', continue: 'yes' })
  assert.equal(cats.statusCode, 303, email)
  pages.push((await b.get(`${draftPath}/check`)).body)
  const sent = await b.post(`${draftPath}/check`, {})
  assert.equal(sent.statusCode, 303, `${email}: ${/govuk-error-summary[\s\S]{0,400}/.exec(sent.body)?.[0] ?? ''}`)
  const recorded = await b.get(String(sent.headers.location))
  assert.equal(recorded.statusCode, 200)
  pages.push(recorded.body)
  return pages.map(text)
}

const TELL_DSL = /designated safeguarding lead|your DSL|Send to your safeguarding lead/i

describe('the concern pages say the next step that fits who is recording', () => {
  test('a police officer: their force’s procedures and the front door, never "your DSL"', async () => {
    const pages = await journey(NORTHSHIRE.police, 'Polly')
    for (const page of pages) assert.doesNotMatch(page, TELL_DSL)
    const all = pages.join(' ')
    assert.match(all, /force’s procedures/)
    assert.match(all, /front door/)
    assert.match(all, /Record the concern/)
  })

  test('a social worker: their team manager and the front door, never "your DSL"', async () => {
    const pages = await journey(NORTHSHIRE.socialWorker, 'Sadie')
    for (const page of pages) assert.doesNotMatch(page, TELL_DSL)
    const all = pages.join(' ')
    assert.match(all, /team manager/)
    assert.match(all, /front door/)
  })

  test('the DSL: they decide, from the safeguarding inbox', async () => {
    const pages = await journey(DEMO.dsl, 'Dora')
    for (const page of pages) assert.doesNotMatch(page, /your designated safeguarding lead|your DSL/i)
    const all = pages.join(' ')
    assert.match(all, /You decide what happens next/)
    assert.match(all, /Send to the safeguarding inbox/)
  })

  test('GP practice staff: their named safeguarding lead', async () => {
    const pages = await journey(NORTHSHIRE.gp, 'Greta')
    for (const page of pages) assert.doesNotMatch(page, /designated safeguarding lead|your DSL/i)
    assert.match(pages.join(' '), /named safeguarding lead/)
  })

  test('a teacher: their designated safeguarding lead, as before', async () => {
    const pages = await journey(DEMO.teacher, 'Tess')
    const all = pages.join(' ')
    assert.match(all, /Your designated safeguarding lead will be told at once/)
    assert.match(all, /Tell your designated safeguarding lead too, but they cannot make the report for you/)
    assert.match(all, /Send to your safeguarding lead/)
  })
})
