import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

/*
 * Issue 17, item 4: every signed-in page carries the service navigation for the person's roles, with the page they
 * are on marked (aria-current), and every item opens for that role.
 */
let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
})
after(async () => ctx.close())

const NAV = /<nav[^>]*class="govuk-service-navigation__wrapper"[\s\S]*?<\/nav>/
const items = (html: string) =>
  [
    ...(NAV.exec(html)?.[0] ?? '').matchAll(
      /<a class="govuk-service-navigation__link" href="([^"]+)"([^>]*)>([\s\S]*?)<\/a>/g,
    ),
  ].map((m) => ({
    href: m[1] ?? '',
    text: (m[3] ?? '').replace(/<[^>]+>/g, '').trim(),
    current: /aria-current="page"/.test(m[2] ?? '') ? 'page' : /aria-current="true"/.test(m[2] ?? '') ? 'section' : '',
  }))

async function as(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  return b
}

const expected: Record<string, readonly string[]> = {
  [NORTHSHIRE.teacher]: ['Home', 'Your concerns', 'Family help'],
  [NORTHSHIRE.dsl]: ['Home', 'Inbox', 'Find a child', 'Family help', 'Due and overdue'],
  [NORTHSHIRE.frontDoor]: ['Home', 'Front door', 'Find a child', 'Due and overdue'],
  [NORTHSHIRE.socialWorker]: ['Home', 'Cases', 'Find a child', 'Due and overdue'],
  [NORTHSHIRE.teamManager]: ['Home', 'Front door', 'Cases', 'Find a child', 'Due and overdue'],
  [NORTHSHIRE.police]: ['Home', 'Check for a plan', 'Your referrals', 'Find a child', 'Due and overdue'],
  [DEMO.oakfieldAdmin]: ['Home', 'Administration'],
}

describe('service navigation by role', () => {
  for (const [email, names] of Object.entries(expected))
    test(`${email}: ${names.join(', ')}; each opens; home is marked as the current page`, async () => {
      const b = await as(email)
      const home = await b.get('/')
      const nav = items(home.body)
      assert.deepEqual(
        nav.map((i) => i.text),
        names,
      )
      assert.deepEqual(
        nav.filter((i) => i.current !== '').map((i) => [i.text, i.current]),
        [['Home', 'page']],
      )
      for (const item of nav.slice(1)) {
        const page = await b.get(item.href)
        assert.equal(page.statusCode, 200, `${email} opens ${item.href}`)
        const marked = items(page.body).filter((i) => i.current === 'page')
        assert.deepEqual(
          marked.map((i) => i.text),
          [item.text],
          `${item.href} marks itself`,
        )
      }
    })

  test('a page inside a part of the service marks that part (aria-current="true"), not Home', async () => {
    const b = await as(NORTHSHIRE.teamManager)
    const page = await b.get('/caseload/team')
    assert.equal(page.statusCode, 200)
    assert.deepEqual(
      items(page.body)
        .filter((i) => i.current !== '')
        .map((i) => [i.text, i.current]),
      [['Cases', 'section']],
    )
  })

  test('signed out, there is no navigation', async () => {
    const page = await new TestBrowser(ctx.app).get('/sign-in')
    assert.doesNotMatch(page.body, /govuk-service-navigation__link/)
  })
})

describe('wording by role (issue 17, item 11)', () => {
  const advice = async (email: string) =>
    /id="danger-advice"[\s\S]*?<\/strong>/.exec((await (await as(email)).get('/')).body)?.[0] ?? ''
  test('staff are told to tell their DSL; police, social workers and the DSL are not', async () => {
    assert.match(await advice(NORTHSHIRE.teacher), /tell your designated safeguarding lead/)
    for (const email of [NORTHSHIRE.police, NORTHSHIRE.socialWorker, NORTHSHIRE.frontDoor, NORTHSHIRE.dsl]) {
      const text = await advice(email)
      assert.match(text, /immediate danger/, email)
      assert.doesNotMatch(text, /tell your designated safeguarding lead/, email)
    }
    assert.match(await advice(NORTHSHIRE.police), /police protection/)
    assert.match(await advice(NORTHSHIRE.socialWorker), /team manager/)
    assert.match(await advice(NORTHSHIRE.dsl), /refer the child to children’s social care/)
  })
})
