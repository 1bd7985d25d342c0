import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let admin: TestBrowser
before(async () => {
  // Demo mode lets demo administrators skip the authenticator, so these tests focus on administration.
  ctx = await buildTestApp({ demoMode: true })
  admin = new TestBrowser(ctx.app)
  assert.equal((await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)).statusCode, 303)
})
after(async () => ctx.close())

const countUsers = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('organisation administrators', () => {
  test('see the people in their own organisation only', async () => {
    const res = await admin.get('/admin/users')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Jane Morgan/)
    assert.doesNotMatch(res.body, /Rachel Green/, 'a Riverside Academy user is not listed')
  })

  test('invite someone, who chooses a password and signs in', async () => {
    const invited = await admin.submit('/admin/users/invite', {
      displayName: 'Olu Adeyemi',
      email: 'olu@oakfield-primary.example',
      roles: ['staff'],
    })
    assert.equal(invited.statusCode, 200)
    const link = /id="invitation-link">([^<]+)</.exec(invited.body)?.[1]
    assert.ok(link)
    // This app has no mail server: the page must not say the person was emailed.
    assert.doesNotMatch(invited.body, /We have emailed them/)
    assert.match(invited.body, /no email has been sent\. You must give them this link yourself/)
    const path = new URL(link).pathname
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('kind', '=', 'user.invited')
      .executeTakeFirstOrThrow()
    assert.equal(mail.recipient, 'olu@oakfield-primary.example')
    assert.ok(mail.body.includes(path), 'the invitation email carries the link')
    const person = new TestBrowser(ctx.app)
    const weak = await person.submit(path, { password: 'short', confirm: 'short' })
    assert.equal(weak.statusCode, 400)
    assert.match(weak.body, /12 characters or more/)
    const mismatch = await person.submit(path, { password: 'three random words', confirm: 'three random wordz' })
    assert.match(mismatch.body, /The passwords do not match/)
    const accepted = await person.submit(path, { password: 'three random words', confirm: 'three random words' })
    assert.equal(accepted.headers.location, '/sign-in')
    assert.equal((await person.get(path)).statusCode, 404, 'the link works once')
    assert.equal((await person.signIn('olu@oakfield-primary.example', 'three random words')).statusCode, 303)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('admin.user_invited'))
    assert.ok(actions.includes('auth.invitation_accepted'))
  })

  test('an invitation with bad input shows every error and writes nothing', async () => {
    const before = await countUsers()
    const res = await admin.submit('/admin/users/invite', { displayName: '', email: 'nope', roles: [] })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Enter their full name/)
    assert.match(res.body, /Enter an email address in the correct format/)
    assert.match(res.body, /Select at least one role/)
    const wrongRole = await admin.submit('/admin/users/invite', {
      displayName: 'X Y',
      email: 'xy@oakfield-primary.example',
      roles: ['police_officer'],
    })
    assert.equal(wrongRole.statusCode, 400)
    assert.match(wrongRole.body, /not a role in this kind of organisation/)
    const taken = await admin.submit('/admin/users/invite', {
      displayName: 'Jane again',
      email: 'DSL@oakfield-primary.example',
      roles: ['staff'],
    })
    assert.match(taken.body, /already has an account/)
    assert.equal(await countUsers(), before)
  })

  test('the same invitation form sent twice makes one account; the repeat goes back to the list', async () => {
    const form = await admin.get('/admin/users/invite')
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    assert.notEqual(submissionKey, '')
    const sent = {
      displayName: 'Sam Twice',
      email: 'sam.twice@oakfield-primary.example',
      roles: ['staff'],
      submissionKey,
    }
    const before = await countUsers()
    const first = await admin.post('/admin/users/invite', sent)
    assert.equal(first.statusCode, 200)
    assert.match(first.body, /id="invitation-link"/)
    const again = await admin.post('/admin/users/invite', sent)
    assert.equal(again.statusCode, 303)
    assert.equal(again.headers.location, '/admin/users')
    assert.equal(await countUsers(), before + 1)
    const stored = await ctx.db
      .selectFrom('step_submission')
      .select('output')
      .where('submission_key', '=', submissionKey)
      .executeTakeFirstOrThrow()
    assert.doesNotMatch(JSON.stringify(stored.output), /invitation|token/i, 'the link is never stored')
  })

  test('the roles form offers the roles of this kind of organisation, with the person’s own ticked', async () => {
    const teacher = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.teacher)
      .executeTakeFirstOrThrow()
    const page = await admin.get(`/admin/users/${teacher.id}/roles`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /value="staff" checked/)
    assert.doesNotMatch(page.body, /value="police_officer"/)
  })

  test('change a person’s roles, but never remove the last administrator', async () => {
    const teacher = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.teacher)
      .executeTakeFirstOrThrow()
    const res = await admin.submit(`/admin/users/${teacher.id}/roles`, { roles: ['staff', 'deputy_dsl'] })
    assert.equal(res.headers.location, '/admin/users')
    const updated = await ctx.db
      .selectFrom('app_user')
      .select('roles')
      .where('id', '=', teacher.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(updated.roles, ['staff', 'deputy_dsl'])
    const self = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.oakfieldAdmin)
      .executeTakeFirstOrThrow()
    const last = await admin.submit(`/admin/users/${self.id}/roles`, { roles: ['staff'] })
    assert.equal(last.statusCode, 400)
    assert.match(last.body, /at least one administrator/)
  })

  test('deactivating someone ends their sessions at once', async () => {
    const victim = new TestBrowser(ctx.app)
    await victim.signIn('practitioner@beacon-nursery.example', DEMO.password)
    assert.equal((await victim.get('/')).statusCode, 200)
    // Beacon Nursery has no admin in the demo; make the deactivation from Oakfield's admin fail (other organisation).
    const other = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'practitioner@beacon-nursery.example')
      .executeTakeFirstOrThrow()
    assert.equal((await admin.get(`/admin/users/${other.id}/deactivate`)).statusCode, 404)
    const deputy = new TestBrowser(ctx.app)
    await deputy.signIn('deputy.dsl@oakfield-primary.example', DEMO.password)
    assert.equal((await deputy.get('/')).statusCode, 200)
    const target = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'deputy.dsl@oakfield-primary.example')
      .executeTakeFirstOrThrow()
    const res = await admin.submit(`/admin/users/${target.id}/deactivate`, {})
    assert.equal(res.headers.location, '/admin/users')
    assert.equal((await deputy.get('/')).statusCode, 303)
    assert.equal((await deputy.signIn('deputy.dsl@oakfield-primary.example', DEMO.password)).statusCode, 401)
    assert.ok((await auditActions(ctx.db)).includes('admin.user_deactivated'))
  })

  test('reset sign-in gives a new link and stops the old password', async () => {
    const target = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.dsl)
      .executeTakeFirstOrThrow()
    const res = await admin.submit(`/admin/users/${target.id}/reset`, {})
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /id="invitation-link"/)
    assert.equal((await new TestBrowser(ctx.app).signIn(DEMO.dsl, DEMO.password)).statusCode, 401)
  })
})

describe('people who are not administrators', () => {
  test('cannot reach user management', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn('teacher@riverside-academy.example', DEMO.password)
    assert.equal((await b.get('/admin/users')).statusCode, 403)
    assert.equal((await b.get('/admin/users/invite')).statusCode, 403)
  })

  test('an administrator of another organisation cannot touch this one’s users', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(DEMO.riversideAdmin, DEMO.password)
    const oakfieldTeacher = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', DEMO.teacher)
      .executeTakeFirstOrThrow()
    assert.equal((await b.get(`/admin/users/${oakfieldTeacher.id}/roles`)).statusCode, 404)
    await b.get('/admin/users')
    const res = await b.post(`/admin/users/${oakfieldTeacher.id}/deactivate`, {})
    assert.equal(res.statusCode, 404)
    const still = await ctx.db
      .selectFrom('app_user')
      .select('active')
      .where('id', '=', oakfieldTeacher.id)
      .executeTakeFirstOrThrow()
    assert.equal(still.active, true)
  })
})
