import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { totpCodeAt } from '../../src/platform/security/secrets.js'
import { sealAll, verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { buildApp } from '../../src/app/app.js'
import { auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: false })
})
after(async () => ctx.close())

describe('signing in with a password', () => {
  test('a staff member signs in and lands on their home page', async () => {
    const b = new TestBrowser(ctx.app)
    const res = await b.signIn(DEMO.teacher, DEMO.password)
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/')
    const home = await b.get('/')
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /Hello, Amira Khan/)
    assert.match(home.body, /Oakfield Primary School/)
    assert.match(home.body, /If a child tells you something/)
    assert.match(home.body, /Sign out/)
  })

  test('the session and CSRF cookies are HttpOnly and SameSite, and the page carries security headers', async () => {
    const b = new TestBrowser(ctx.app)
    const form = await b.get('/sign-in')
    const csrfCookie = String(form.headers['set-cookie'])
    assert.match(csrfCookie, /_csrf=.*HttpOnly/)
    assert.match(csrfCookie, /SameSite=Lax/)
    const res = await b.post('/sign-in', { email: DEMO.teacher, password: DEMO.password })
    const cookie = String(res.headers['set-cookie'])
    assert.match(cookie, /together_session=/)
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Lax/)
    const page = await b.get('/')
    const csp = String(page.headers['content-security-policy'])
    assert.match(csp, /script-src 'self' 'nonce-[^']+'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    assert.equal(page.headers['x-frame-options'], 'DENY')
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.equal(page.headers['referrer-policy'], 'same-origin')
    assert.equal(page.headers['cache-control'], 'no-store')
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    assert.ok(nonce !== undefined && page.body.includes(`nonce="${nonce}"`), 'inline script carries the CSP nonce')
    assert.notEqual(
      /'nonce-([^']+)'/.exec(String((await b.get('/')).headers['content-security-policy']))?.[1],
      nonce,
      'a fresh nonce on every page',
    )
  })

  test('over plain HTTP cookies are not marked Secure and no HSTS is sent; behind a TLS proxy both are', async () => {
    const plain = new TestBrowser(ctx.app)
    const form = await plain.get('/sign-in')
    assert.doesNotMatch(String(form.headers['set-cookie']), /Secure/)
    assert.equal(form.headers['strict-transport-security'], undefined)
    const signedIn = await plain.post('/sign-in', { email: DEMO.teacher, password: DEMO.password })
    assert.doesNotMatch(String(signedIn.headers['set-cookie']), /Secure/)

    // A reverse proxy that terminates TLS says so with X-Forwarded-Proto; the app trusts its proxy.
    const tls = { 'x-forwarded-proto': 'https' }
    const page = await ctx.app.inject({ method: 'GET', url: '/sign-in', headers: tls })
    assert.match(String(page.headers['set-cookie']), /_csrf=.*; Secure/)
    assert.equal(page.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? ''
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...tls, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, email: DEMO.teacher, password: DEMO.password }).toString(),
    })
    assert.equal(res.statusCode, 303)
    const session = String(res.headers['set-cookie'])
    assert.match(session, /together_session=[^;]+;.*Secure/)
    assert.match(session, /HttpOnly/)
    assert.match(session, /SameSite=Lax/)
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
  })

  test('with Secure forced on (PUBLIC_URL is https, or TOGETHER_SECURE_COOKIES=on) every cookie is Secure and HSTS always sent', async () => {
    const app = await buildApp({
      deps: ctx.deps,
      cookieSecret: 'another-test-cookie-secret-long-enough',
      secureCookies: true,
    })
    try {
      const b = new TestBrowser(app)
      const form = await b.get('/sign-in')
      assert.match(String(form.headers['set-cookie']), /Secure/)
      assert.equal(form.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
      assert.match(String(form.headers['content-security-policy']), /upgrade-insecure-requests/)
      const res = await b.post('/sign-in', { email: DEMO.teacher, password: DEMO.password })
      assert.match(String(res.headers['set-cookie']), /together_session=[^;]+;.*Secure/)
    } finally {
      await app.close()
    }
  })

  test('a session id planted before sign-in is never the one signed in (no fixation)', async () => {
    // An attacker who can set cookies for the site plants an id they know before the victim signs in: a
    // made-up one, their own half-signed-in one (password given, code not), or one that has been signed out.
    const partway = new TestBrowser(ctx.app)
    await partway.signIn('dsl@riverside-academy.example', DEMO.password)
    const ended = new TestBrowser(ctx.app)
    await ended.signIn('teacher@riverside-academy.example', DEMO.password)
    const endedId = ended.cookie('together_session') as string
    await ended.get('/')
    await ended.post('/sign-out', {})
    for (const planted of ['Q'.repeat(43), partway.cookie('together_session') as string, endedId]) {
      const victim = new TestBrowser(ctx.app)
      victim.setCookie('together_session', planted)
      await victim.get('/sign-in')
      const res = await victim.post('/sign-in', { email: DEMO.teacher, password: DEMO.password })
      assert.equal(res.statusCode, 303)
      const issued = victim.cookie('together_session')
      assert.ok(issued !== undefined && issued !== planted, 'sign-in issues a new session id')
      const home = await victim.get('/')
      assert.match(home.body, /Hello, Amira Khan/)
      // The planted id gives the attacker nothing of the victim's.
      const withPlanted = await ctx.app.inject({
        method: 'GET',
        url: '/',
        headers: { cookie: `together_session=${planted}` },
      })
      assert.doesNotMatch(withPlanted.body, /Amira Khan/)
    }
  })

  test('a wrong password shows a GOV.UK error, is audited and does not sign in', async () => {
    const b = new TestBrowser(ctx.app)
    const res = await b.signIn(DEMO.teacher, 'not the password')
    assert.equal(res.statusCode, 401)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /The email address or password is not right/)
    assert.match(res.body, /<title>Error: /)
    assert.equal(b.hasCookie('together_session'), false)
    assert.ok((await auditActions(ctx.db)).includes('auth.sign_in_failed'))
  })

  test('an unknown email gets the same message as a wrong password', async () => {
    const b = new TestBrowser(ctx.app)
    const res = await b.signIn('nobody@nowhere.example', 'whatever-password')
    assert.equal(res.statusCode, 401)
    assert.match(res.body, /The email address or password is not right/)
  })

  test('empty and malformed fields get field errors and write nothing', async () => {
    const b = new TestBrowser(ctx.app)
    const before = (await auditActions(ctx.db)).length
    const res = await b.submit('/sign-in', { email: 'not-an-email', password: '' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Enter an email address in the correct format/)
    assert.match(res.body, /Enter your password/)
    assert.match(res.body, /href="#email"/)
    assert.equal((await auditActions(ctx.db)).length, before)
  })

  test('five wrong passwords lock the account, even against the right password, and it unlocks later', async () => {
    const b = new TestBrowser(ctx.app)
    const email = 'practitioner@beacon-nursery.example'
    for (let i = 0; i < 4; i++) assert.equal((await b.signIn(email, 'wrong-password-x')).statusCode, 401)
    const locked = await b.signIn(email, 'wrong-password-x')
    assert.equal(locked.statusCode, 423)
    assert.match(locked.body, /locked for 15 minutes/)
    const stillLocked = await b.signIn(email, DEMO.password)
    assert.equal(stillLocked.statusCode, 423)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('auth.locked_out'))
    assert.ok(actions.includes('auth.sign_in_refused'))
    ctx.clock.advance(16 * 60_000)
    assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303)
  })

  test('without a CSRF token a form post is refused with the 403 page', async () => {
    const b = new TestBrowser(ctx.app)
    await b.get('/sign-in')
    const res = await b.post('/sign-in', { email: DEMO.teacher, password: DEMO.password }, { csrf: false })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /did not come from this service/)
    const forged = await b.post('/sign-in', { email: DEMO.teacher, password: DEMO.password }, { csrf: 'forged-token' })
    assert.equal(forged.statusCode, 403)
  })

  test('returnTo only ever sends people to a page on this service', async () => {
    const b = new TestBrowser(ctx.app)
    await b.get('/sign-in?returnTo=//evil.example/x')
    const res = await b.post('/sign-in', {
      email: DEMO.teacher,
      password: DEMO.password,
      returnTo: 'https://evil.example/',
    })
    assert.equal(res.headers.location, '/')
  })

  test('signed-out visitors are sent to sign in, and back afterwards', async () => {
    const b = new TestBrowser(ctx.app)
    const res = await b.get('/admin/users')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in?returnTo=%2Fadmin%2Fusers')
  })
})

describe('the second factor', () => {
  test('a DSL sets up an authenticator at first sign-in, then must give a fresh code each time', async () => {
    const b = new TestBrowser(ctx.app)
    const res = await b.signIn(DEMO.dsl, DEMO.password)
    assert.equal(res.headers.location, '/sign-in/two-factor?returnTo=%2F')
    // Part-signed-in sessions cannot reach signed-in pages.
    assert.equal((await b.get('/')).headers.location, '/sign-in/two-factor')
    const setup = await b.get('/sign-in/two-factor')
    assert.match(setup.body, /Set up your authenticator app/)
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(setup.body)?.[1]?.replace(/\s/g, '')
    assert.ok(secret)
    const wrong = await b.post('/sign-in/two-factor', { code: '000000' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /Enter the 6-digit code/)
    const code = totpCodeAt(secret, ctx.clock.now().getTime())
    const ok = await b.post('/sign-in/two-factor', { code })
    assert.equal(ok.statusCode, 303)
    assert.equal((await b.get('/')).statusCode, 200)

    // Next sign-in: the same code (replay) is refused, a later one works.
    const b2 = new TestBrowser(ctx.app)
    await b2.signIn(DEMO.dsl, DEMO.password)
    const prompt = await b2.get('/sign-in/two-factor')
    assert.match(prompt.body, /Enter your authenticator code/)
    const replay = await b2.post('/sign-in/two-factor', { code })
    assert.equal(replay.statusCode, 400)
    assert.match(replay.body, /already been used/)
    ctx.clock.advance(30_000)
    const fresh = await b2.post('/sign-in/two-factor', { code: totpCodeAt(secret, ctx.clock.now().getTime()) })
    assert.equal(fresh.statusCode, 303)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('auth.second_factor_enrolled'))
    assert.ok(actions.includes('auth.second_factor_failed'))
  })

  test('the session id changes when the second factor completes, and the old one is dead (no fixation)', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn('deputy.dsl@oakfield-primary.example', DEMO.password)
    const partway = b.cookie('together_session') as string
    const setup = await b.get('/sign-in/two-factor')
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(setup.body)?.[1]?.replace(/\s/g, '') ?? ''
    await b.post('/sign-in/two-factor', { code: totpCodeAt(secret, ctx.clock.now().getTime()) })
    const full = b.cookie('together_session')
    assert.ok(full !== undefined && full !== partway)
    assert.equal((await b.get('/')).statusCode, 200)
    // Whoever held the part-signed-in id (planted, or read before the code was typed) holds nothing now.
    const old = { cookie: `together_session=${partway}` }
    const home = await ctx.app.inject({ method: 'GET', url: '/', headers: old })
    assert.equal(home.statusCode, 303)
    assert.match(String(home.headers.location), /^\/sign-in(\?|$)/)
    const step = await ctx.app.inject({ method: 'GET', url: '/sign-in/two-factor', headers: old })
    assert.equal(step.headers.location, '/sign-in')
  })

  test('a code used once is refused again, on the website and through the API alike', async () => {
    const email = 'dsl@beacon-nursery.example'
    const b = new TestBrowser(ctx.app)
    await b.signIn(email, DEMO.password)
    const secret =
      /id="totp-secret">([A-Z2-7 ]+)</.exec((await b.get('/sign-in/two-factor')).body)?.[1]?.replace(/\s/g, '') ?? ''
    ctx.clock.advance(30_000)
    const code = totpCodeAt(secret, ctx.clock.now().getTime())
    assert.equal((await b.post('/sign-in/two-factor', { code })).statusCode, 303)
    const token = (totp: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email, password: DEMO.password, totp } })
    const replayed = await token(code)
    assert.equal(replayed.statusCode, 401)
    assert.equal((replayed.json() as { error: string }).error, 'AUTH.CODE_REUSED')
    ctx.clock.advance(30_000)
    const next = totpCodeAt(secret, ctx.clock.now().getTime())
    assert.equal((await token(next)).statusCode, 200)
    assert.equal((await token(next)).statusCode, 401, 'the API refuses its own replay too')
    const web = new TestBrowser(ctx.app)
    await web.signIn(email, DEMO.password)
    const again = await web.post('/sign-in/two-factor', { code: next })
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /already been used/)
    // An earlier code than the last one used is refused too (no going back in time).
    assert.equal((await token(code)).statusCode, 401)
  })
})

describe('sessions', () => {
  test('signing out ends the session on the server', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(DEMO.teacher, DEMO.password)
    const cookie = b.cookieHeader()
    await b.get('/')
    const out = await b.post('/sign-out', {})
    assert.equal(out.headers.location, '/signed-out')
    const replayed = await ctx.app.inject({ method: 'GET', url: '/', headers: { cookie } })
    assert.equal(replayed.statusCode, 303)
    assert.match(String(replayed.headers.location), /^\/sign-in/)
    assert.ok((await auditActions(ctx.db)).includes('auth.signed_out'))
  })

  test('an idle session times out and says why', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(DEMO.teacher, DEMO.password)
    ctx.clock.advance(31 * 60_000)
    const res = await b.get('/')
    assert.equal(res.headers.location, '/sign-in?timedOut=idle&returnTo=%2F')
    const page = await b.get(String(res.headers.location))
    assert.match(page.body, /had not done anything for a while/)
  })

  test('an active session still ends at the absolute limit', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(DEMO.teacher, DEMO.password)
    for (let i = 0; i < 20; i++) {
      ctx.clock.advance(29 * 60_000)
      assert.equal((await b.get('/')).statusCode, 200)
    }
    ctx.clock.advance(25 * 60_000)
    const res = await b.get('/')
    assert.match(String(res.headers.location), /timedOut=absolute/)
  })
})

describe('the JSON API token', () => {
  const token = (payload: unknown) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: payload as object })

  test('email and password give a bearer token that works until it expires', async () => {
    const res = await token({ email: 'coach@northshire-youth-fc.example', password: DEMO.password })
    assert.equal(res.statusCode, 200)
    const body = res.json() as { token: string; expiresAt: string; tokenType: string }
    assert.equal(body.tokenType, 'Bearer')
    assert.ok(new Date(body.expiresAt) > ctx.clock.now())
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    })
    assert.equal(me.statusCode, 200)
    assert.equal((me.json() as { organisation: { name: string } }).organisation.name, 'Northshire Youth Football Club')
    ctx.clock.advance(61 * 60_000)
    const expired = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    })
    assert.equal(expired.statusCode, 401)
  })

  test('bad input is a 400 with a list of field errors; wrong credentials a 401', async () => {
    const bad = await token({ email: 'nope', password: 5 })
    assert.equal(bad.statusCode, 400)
    const fields = (bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field)
    assert.deepEqual(fields.sort(), ['email', 'password'])
    const garbage = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(garbage.statusCode, 400)
    const wrong = await token({ email: DEMO.teacher, password: 'wrong-password-y' })
    assert.equal(wrong.statusCode, 401)
  })

  test('wrong passwords on the website and through the API count together, and the lock holds on both', async () => {
    const email = 'gp@elmtree-surgery.example'
    const token = (password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email, password } })
    const b = new TestBrowser(ctx.app)
    for (let i = 0; i < 2; i++) assert.equal((await b.signIn(email, 'wrong-password-z')).statusCode, 401)
    for (let i = 0; i < 2; i++) assert.equal((await token('wrong-password-z')).statusCode, 401)
    const locked = await token('wrong-password-z')
    assert.equal(locked.statusCode, 423)
    assert.equal((locked.json() as { error: string }).error, 'AUTH.LOCKED_OUT')
    assert.equal((await token(DEMO.password)).statusCode, 423, 'the right password does not open a locked account')
    assert.equal((await b.signIn(email, DEMO.password)).statusCode, 423)
    ctx.clock.advance(16 * 60_000)
    assert.equal((await token(DEMO.password)).statusCode, 200)
  })

  test('roles that need a second factor must send a code with the password', async () => {
    const res = await token({ email: DEMO.socialWorker, password: DEMO.password })
    assert.equal(res.statusCode, 401)
    assert.equal((res.json() as { error: string }).error, 'AUTH.SECOND_FACTOR_NOT_SET_UP')
  })

  test('no token, or a made-up one, is a 401', async () => {
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode, 401)
    const made = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    })
    assert.equal(made.statusCode, 401)
  })

  test('the audit chain verifies after all of this', async () => {
    await sealAll(ctx.db)
    const result = await verifyAuditChain(ctx.db)
    assert.equal(result.ok, true)
    assert.equal(result.unsealed, 0)
  })
})
