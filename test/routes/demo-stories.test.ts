import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { tellDemoStories } from '../../src/modules/demo/steps/demoStories.js'
import { buildTestApp, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
})
after(async () => ctx.close())

test('the demo stories put concerns in the DSL’s inbox through the use cases, once', async () => {
  const concerns = async () => ctx.db.selectFrom('concern').select(['immediate_danger', 'state']).execute()
  assert.equal((await concerns()).length, 0)
  assert.deepEqual(await tellDemoStories(ctx.deps), ['concerns-in-dsl-inbox'])
  const made = await concerns()
  assert.equal(made.length, 2)
  assert.equal(made.filter((c) => c.immediate_danger).length, 1, 'one is urgent')
  const audited = await ctx.db.selectFrom('audit_event').select('action').where('action', 'like', 'concern.%').execute()
  assert.ok(audited.length >= 2, 'made through the use cases, so audited')
  assert.deepEqual(await tellDemoStories(ctx.deps), [], 'told again: nothing changes')
  assert.equal((await concerns()).length, 2)
})
