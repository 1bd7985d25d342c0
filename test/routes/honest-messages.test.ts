import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

/*
 * With a mail server set up (SMTP_URL), pages may say a person was emailed; admin.test.ts and
 * referrals-pages.test.ts check what they say without one.
 */
let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true, sendsEmail: true })
})
after(async () => ctx.close())

test('with a mail server, the invitation page says the link was emailed', async () => {
  const admin = new TestBrowser(ctx.app)
  assert.equal((await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)).statusCode, 303)
  const invited = await admin.submit('/admin/users/invite', {
    displayName: 'Ada Mensah',
    email: 'ada@oakfield-primary.example',
    roles: ['staff'],
  })
  assert.equal(invited.statusCode, 200, invited.body)
  assert.match(invited.body, /We have emailed them this link/)
  assert.doesNotMatch(invited.body, /no mail server/)
})
