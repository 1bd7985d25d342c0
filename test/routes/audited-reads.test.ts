import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

/** Reads that show children's names go through the audited shell: "Your concerns" was shown with no audit row. */
let ctx: TestContext
let client: ApiClient

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

test('"Your concerns" writes an audit row naming the concerns it showed, with the reason', async () => {
  const child = await client.call(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Iris',
    familyName: 'Audley',
    dateOfBirth: '2016-04-02',
    sex: 'female',
  })
  const childId = (child.json() as { id: string }).id
  const made = await client.call(DEMO.teacher, 'POST', '/api/v1/concerns', {
    childIds: [childId],
    observedAt: '2026-11-23T09:15:00Z',
    place: 'Playground',
    facts: 'Crying at the gate',
    childWords: 'I do not want to go home',
    othersPresent: '',
    categories: ['emotional_abuse'],
    immediateDanger: false,
    actionTaken: 'Told the DSL',
    bodyMap: [],
  })
  assert.equal(made.statusCode, 201, made.body)
  const concernId = (made.json() as { id: string }).id

  const browser = new TestBrowser(ctx.app)
  await browser.signIn(DEMO.teacher, DEMO.password)
  const page = await browser.get('/concerns/mine')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Iris Audley/)
  const rows = await ctx.db
    .selectFrom('audit_event')
    .select(['reason', 'details'])
    .where('action', '=', 'concern.own_list_viewed')
    .execute()
  assert.equal(rows.length, 1)
  assert.equal(rows[0]!.reason, 'concerns this person recorded')
  assert.deepEqual((rows[0]!.details as { shown: string[] }).shown, [`concern:${concernId}`])
})
