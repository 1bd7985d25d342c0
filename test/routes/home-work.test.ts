/**
 * Issue 17, item 4: each home page shows the person's own work in numbers, each number a link to the list it counts
 * (which opens for them), counted from their own organisation or work only, with no child's name on the page.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

async function as(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  return b
}

interface Line {
  readonly group: string
  readonly href: string
  readonly text: string
}
/** "Your work" on the home page: each group's heading and its linked lines. */
function work(html: string): Line[] {
  const out: Line[] = []
  for (const g of html.matchAll(/<ul class="[^"]*" data-work="([^"]+)">([\s\S]*?)<\/ul>/g))
    for (const a of (g[2] ?? '').matchAll(/<a class="[^"]*" href="([^"]+)">([^<]*)<\/a>/g))
      out.push({
        group: (g[1] ?? '').replace(/&rsquo;|&#39;/g, '’'),
        href: (a[1] ?? '').replace(/&amp;/g, '&'),
        text: a[2] ?? '',
      })
  return out
}
const count = (lines: readonly Line[], pattern: RegExp): number => {
  const found = lines.find((l) => pattern.test(l.text))
  assert.ok(found, `a line like ${pattern}: ${lines.map((l) => l.text).join(' | ')}`)
  return Number(/^\d+/.exec(found.text)?.[0])
}

const groupsFor: Record<string, readonly string[]> = {
  [NORTHSHIRE.teacher]: ['Families you lead', 'Concerns you recorded'],
  [NORTHSHIRE.dsl]: ['Safeguarding inbox', 'Your organisation’s deadlines', 'Families you lead'],
  [NORTHSHIRE.frontDoor]: ['Front door', 'Your cases', 'Your deadlines'],
  [NORTHSHIRE.socialWorker]: ['Front door', 'Your cases', 'Your deadlines'],
  [NORTHSHIRE.teamManager]: ['Front door', 'Your cases', 'Your organisation’s deadlines'],
  [NORTHSHIRE.police]: ['Your deadlines'],
  ['partnership.lead@northshire-council.example']: ['The partnership’s deadlines', 'Serious incidents'],
  [DEMO.oakfieldAdmin]: [],
}

describe('home pages show the person’s work in numbers', () => {
  for (const [email, groups] of Object.entries(groupsFor))
    test(`${email}: ${groups.join(', ') || 'nothing to count'}; every number opens its list`, async () => {
      const b = await as(email)
      const home = await b.get('/')
      assert.equal(home.statusCode, 200)
      const lines = work(home.body)
      assert.deepEqual([...new Set(lines.map((l) => l.group))], groups)
      for (const l of lines) {
        assert.match(l.text, /^\d+ /, 'a number first')
        const list = await b.get(l.href)
        assert.equal(list.statusCode, 200, `${email} opens ${l.href}`)
      }
    })

  test('the DSL’s numbers are the inbox’s: a teacher’s urgent concern adds one waiting and one urgent', async () => {
    const dsl = await as(NORTHSHIRE.dsl)
    const before = work((await dsl.get('/')).body)
    const waiting = count(before, /concerns? waiting for a decision/)
    const urgent = count(before, /immediate danger/)
    const [org] = (
      await sql<{
        n: string
      }>`SELECT count(*) AS n FROM concern c JOIN app_user u ON u.organisation_id = c.organisation_id WHERE u.email = ${NORTHSHIRE.dsl} AND c.state <> 'decided'`.execute(
        ctx.db,
      )
    ).rows
    assert.equal(waiting, Number(org?.n), 'the organisation’s undecided concerns')

    const teacher = await as(NORTHSHIRE.teacher)
    const mineBefore = count(work((await teacher.get('/')).body), /waiting for a decision/)
    const start = await teacher.get('/concerns/new')
    const draftPath = String(start.headers.location).replace(/\/child$/, '')
    await teacher.submit(`${draftPath}/new-child`, {
      givenName: 'Hattie',
      familyName: 'Homepage',
      'dob-day': '3',
      'dob-month': '2',
      'dob-year': '2016',
      sex: 'female',
    })
    await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'yes' })
    await teacher.submit(`${draftPath}/what-happened`, {
      'observed-day': '23',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '9.15am',
      place: 'Playground',
      facts: 'She said she cannot go home tonight.',
      childWords: '',
      othersPresent: '',
      actionTaken: '',
    })
    await teacher.submit(`${draftPath}/categories`, { categories: ['neglect'], continue: 'yes' })
    await teacher.get(`${draftPath}/check`)
    assert.equal((await teacher.post(`${draftPath}/check`, {})).statusCode, 303)

    const after = (await dsl.get('/')).body
    assert.equal(count(work(after), /concerns? waiting for a decision/), waiting + 1)
    assert.equal(count(work(after), /immediate danger/), urgent + 1)
    assert.doesNotMatch(after, /Hattie|Homepage/, 'counts only: no child’s name on the home page')
    assert.equal(count(work((await teacher.get('/')).body), /waiting for a decision/), mineBefore + 1)

    // Another organisation's safeguarding lead does not count it.
    const gpLead = await as(NORTHSHIRE.gpLead)
    const gpWaiting = count(work((await gpLead.get('/')).body), /waiting for a decision/)
    const [gp] = (
      await sql<{
        n: string
      }>`SELECT count(*) AS n FROM concern c JOIN app_user u ON u.organisation_id = c.organisation_id WHERE u.email = ${NORTHSHIRE.gpLead} AND c.state <> 'decided'`.execute(
        ctx.db,
      )
    ).rows
    assert.equal(gpWaiting, Number(gp?.n))
  })

  test('the front door’s numbers are its queue’s; opening the home page writes no audit row', async () => {
    const fd = await as(NORTHSHIRE.frontDoor)
    const lines = work((await fd.get('/')).body)
    const [q] = (
      await sql<{
        n: string
        urgent: string
      }>`SELECT count(*) AS n, count(*) FILTER (WHERE r.immediate_danger) AS urgent FROM referral r JOIN app_user u ON u.organisation_id = r.to_organisation_id WHERE u.email = ${NORTHSHIRE.frontDoor} AND r.state = 'received'`.execute(
        ctx.db,
      )
    ).rows
    assert.equal(count(lines, /referrals? waiting for a decision/), Number(q?.n))
    assert.equal(count(lines, /referrals? says? a child may be in immediate danger/), Number(q?.urgent))
    assert.ok(count(lines, /past (its|their) one working day decision/) >= 0)
    const seqBefore = await sql<{ s: string }>`SELECT coalesce(max(seq), 0) AS s FROM audit_event`.execute(ctx.db)
    await fd.get('/')
    const seqAfter = await sql<{ s: string }>`SELECT coalesce(max(seq), 0) AS s FROM audit_event`.execute(ctx.db)
    assert.equal(seqAfter.rows[0]?.s, seqBefore.rows[0]?.s)
  })
})
