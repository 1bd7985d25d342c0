import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let childId: string
let dsl: TestBrowser

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  const tokenRes = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: { email: DEMO.teacher, password: DEMO.password },
  })
  const auth = { authorization: `Bearer ${(tokenRes.json() as { token: string }).token}` }
  const child = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/children',
    headers: auth,
    payload: { givenName: 'Ava', familyName: 'Jones', dateOfBirth: '2018-04-04', sex: 'female' },
  })
  childId = (child.json() as { id: string }).id
  dsl = new TestBrowser(ctx.app)
  await dsl.signIn(DEMO.dsl, DEMO.password)
})
after(async () => ctx.close())

test('a DSL records the adults around a child; bad input says why and adds no one', async () => {
  await dsl.get(`/children/${childId}`)
  const ok = await dsl.post(`/children/${childId}/people`, {
    givenName: 'Kerry',
    familyName: 'Jones',
    relationship: 'mother',
    sameHousehold: 'yes',
  })
  assert.equal(ok.statusCode, 303)
  const page = await dsl.get(`/children/${childId}`)
  assert.match(page.body, /Kerry Jones<\/li>|Kerry Jones: Mother, lives with Ava/)
  const bad = await dsl.post(`/children/${childId}/people`, {
    givenName: 'X',
    familyName: 'Y',
    relationship: 'nonsense',
  })
  assert.equal(bad.statusCode, 303)
  const shown = await dsl.get(String(bad.headers.location))
  assert.match(shown.body, /Select how they are related to the child/)
  const people = Number(
    (
      await ctx.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  assert.equal(people, 1)
  assert.ok((await auditActions(ctx.db)).includes('child.relationship_added'))
})

test('the person form sent twice adds the person once', async () => {
  const page = await dsl.get(`/children/${childId}`)
  const form = /id="people-form"[\s\S]*?<\/form>/.exec(page.body)?.[0] ?? ''
  const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(form)?.[1] ?? ''
  assert.notEqual(submissionKey, '', 'the form carries its own key')
  const count = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('child_relationship')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('child_id', '=', childId)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const before = await count()
  const body = { givenName: 'Lee', familyName: 'Jones', relationship: 'father', submissionKey }
  for (let i = 0; i < 2; i++) assert.equal((await dsl.post(`/children/${childId}/people`, body)).statusCode, 303)
  assert.equal(await count(), before + 1)
})

test('another organisation cannot add to a child it cannot see', async () => {
  const other = new TestBrowser(ctx.app)
  await other.signIn('dsl@riverside-academy.example', DEMO.password)
  await other.get('/')
  const res = await other.post(`/children/${childId}/people`, {
    givenName: 'A',
    familyName: 'B',
    relationship: 'father',
  })
  assert.equal(res.statusCode, 404)
})
