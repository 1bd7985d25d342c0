/**
 * Single sign-on through a real OpenID provider (oidc-provider, started here on loopback): discovery, a good
 * sign-in, the first sign-in linking an invited account, the provider's MFA standing in for Together's code (or
 * not), and the refusals: wrong audience, issuer, nonce, expired ID token, a replayed code, a state that does not
 * belong to the browser. Each refusal is audited and gives no session.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import * as oidc from 'openid-client'
import {
  ApiClient,
  auditActions,
  buildTestApp,
  DEMO,
  TEST_SERVICE_URL,
  TestBrowser,
  type TestContext,
} from '../support/testApp.js'
import { signInAtProvider, startTestProvider, type TestProvider } from '../support/oidcProvider.js'
import { newTotpSecret, totpCodeAt } from '../../src/platform/security/secrets.js'

// Together's configured address (settings.serviceUrl), which the provider is registered with. app.inject's requests
// come with the host localhost:80: the callback and sign-out addresses must not follow that.
const TOGETHER = TEST_SERVICE_URL
const CALLBACK = `${TOGETHER}/sign-in/organisation/callback`

let ctx: TestContext
let api: ApiClient
let idp: TestProvider

const people = {
  dsl: { sub: 'idp-dsl-1', email: DEMO.dsl, name: 'Jane Morgan' },
  teacher: { sub: 'idp-teacher-1', email: DEMO.teacher, name: 'Amira Khan' },
  stranger: { sub: 'idp-stranger-1', email: 'new.starter@oakfield-primary.example', name: 'New Starter' },
  head: { sub: 'idp-head-1', email: 'head@oakfield-primary.example', name: 'Alan Turner' },
}

/** The API body that sets the test provider up for Oakfield. */
const providerBody = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'Oakfield test provider',
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  emailDomains: ['oakfield-primary.example'],
  trustMfa: true,
  enabled: true,
  ...overrides,
})

async function configure(overrides: Record<string, unknown> = {}) {
  const res = await api.call(
    DEMO.oakfieldAdmin,
    'POST',
    '/api/v1/organisation/identity-provider',
    providerBody(overrides),
  )
  assert.equal(res.statusCode, 200, res.body)
  return res
}

/**
 * Where the page answering one of Together's forms sends the browser on to, at the provider: a page (200) that
 * goes on at once by a refresh, with the same address as a link, and never a redirect, because Chromium applies the
 * form's page's CSP form-action ('self') to every redirect after a form is sent, and blocks one to the provider.
 */
function onwardToProvider(res: { statusCode: number; body: string; headers: Record<string, unknown> }): string {
  assert.equal(res.statusCode, 200, `a page, not a redirect (${String(res.headers.location)})`)
  assert.equal(res.headers.location, undefined)
  const unescape = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
  const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(res.body)?.[1]
  const link = /<a class="govuk-link" id="to-provider" href="([^"]+)">/.exec(res.body)?.[1]
  assert.ok(refresh !== undefined && link !== undefined, res.body)
  assert.equal(refresh, link)
  return unescape(link)
}

/** Starts a sign-in on Together's page and returns the provider's address and the browser. */
async function start(email: string, browser = new TestBrowser(ctx.app)) {
  await browser.get('/sign-in/organisation')
  const res = await browser.post('/sign-in/organisation', { email })
  const location = onwardToProvider(res)
  assert.ok(location.startsWith(`${idp.issuer}/auth?`), location)
  return { browser, location }
}

/** The whole sign-in: Together → provider → back to Together's callback. */
async function signIn(email: string, mfa: boolean, browser = new TestBrowser(ctx.app)) {
  const { location } = await start(email, browser)
  const back = await signInAtProvider(location, { email, mfa }, CALLBACK)
  const res = await browser.get(back.pathname + back.search)
  return { browser, res, back }
}

const sessions = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('user_session')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('ended_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  api = new ApiClient(ctx)
  idp = await startTestProvider({ redirectUris: [CALLBACK], postLogoutRedirectUris: [`${TOGETHER}/signed-out`] })
  for (const p of Object.values(people)) idp.addAccount(p)
})
after(async () => {
  await ctx.close()
  await idp.close()
})

describe('the administrator sets the provider up', () => {
  test('only an organisation administrator; the secret is sealed, never sent back, never audited', async () => {
    const refused = await api.call(DEMO.teacher, 'POST', '/api/v1/organisation/identity-provider', {
      displayName: 'x',
      issuer: idp.issuer,
      clientId: 'x',
      clientSecret: 'x',
      emailDomains: ['oakfield-primary.example'],
      trustMfa: true,
      enabled: true,
    })
    assert.equal(refused.statusCode, 403)
    const bad = await api.call(DEMO.oakfieldAdmin, 'POST', '/api/v1/organisation/identity-provider', {
      displayName: 'x',
      issuer: 'http://idp.example.com',
      clientId: 'x',
      emailDomains: 'not a domain!',
      trustMfa: true,
      enabled: true,
    })
    assert.equal(bad.statusCode, 400)
    const fields = (bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()
    assert.deepEqual(fields, ['clientSecret', 'emailDomains', 'issuer'])
    assert.equal(await ctx.db.selectFrom('identity_provider').select('id').executeTakeFirst(), undefined)

    const saved = await configure()
    assert.ok(!saved.body.includes(idp.clientSecret))
    const got = await api.call(DEMO.oakfieldAdmin, 'GET', '/api/v1/organisation/identity-provider')
    assert.equal(got.statusCode, 200)
    assert.ok(!got.body.includes(idp.clientSecret))
    assert.equal((got.json() as { provider: { issuer: string } }).provider.issuer, idp.issuer)
    const row = await ctx.db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow()
    assert.ok(!row.client_secret_sealed.includes(idp.clientSecret))
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', 'like', 'admin.identity_provider%')
      .execute()
    assert.equal(audit.length, 1)
    assert.ok(!JSON.stringify(audit).includes(idp.clientSecret))

    // The page: the secret field is empty, and saying nothing keeps the stored secret.
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)
    const page = await admin.get('/admin/identity-provider')
    assert.equal(page.statusCode, 200)
    assert.ok(!page.body.includes(idp.clientSecret))
    assert.match(page.body, /Microsoft Entra ID/)
    assert.match(page.body, /NHS Care Identity Service 2/)
    assert.match(page.body, /Google Workspace/)
    const kept = await admin.post('/admin/identity-provider', {
      displayName: 'Oakfield test provider',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: '',
      emailDomains: 'oakfield-primary.example',
      trustMfa: 'yes',
      enabled: 'yes',
    })
    assert.equal(kept.statusCode, 303)
    const after = await ctx.db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow()
    assert.equal(after.client_secret_sealed, row.client_secret_sealed)
    const teacherPage = new TestBrowser(ctx.app)
    await teacherPage.signIn(DEMO.teacher, DEMO.password)
    assert.equal((await teacherPage.get('/admin/identity-provider')).statusCode, 403)
  })

  test('one step for the page and the API: a changed provider audited once per form, a refused form never shows the secret', async () => {
    const audited = async () =>
      ctx.db
        .selectFrom('audit_event')
        .select(['action', 'reason', 'subject_id'])
        .where('action', 'like', 'admin.identity_provider%')
        .orderBy('seq')
        .execute()
    const before = await audited()
    assert.equal(before[0]?.action, 'admin.identity_provider_set')
    const provider = await ctx.db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow()
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)
    const page = await admin.get('/admin/identity-provider')
    // The form comes from the step: its fields, its submission key, the secret's box empty and a password box.
    assert.match(page.body, /name="submissionKey" value="[0-9a-f-]{36}"/)
    assert.match(page.body, /id="clientSecret" name="clientSecret" type="password"[^>]* autocomplete="new-password">/)
    assert.match(page.body, /value="Oakfield test provider"/)
    const key = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const form = {
      displayName: 'Oakfield test provider',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: 'a-new-secret-typed-on-the-page',
      emailDomains: 'oakfield-primary.example',
      trustMfa: 'yes',
      enabled: 'yes',
      submissionKey: key,
    }

    // Refused: the error summary, what was typed, never the secret; nothing written.
    const refused = await admin.post('/admin/identity-provider', { ...form, issuer: 'http://idp.example.com' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /There is a problem/)
    assert.match(refused.body, /value="http:\/\/idp.example.com"/)
    assert.ok(!refused.body.includes('a-new-secret-typed-on-the-page'))
    assert.ok(refused.body.includes(CALLBACK), 'the refused form still says which address to register')
    assert.deepEqual(await audited(), before)

    // Sent twice with its key (a double press): saved once, both answered with the page.
    const first = await admin.post('/admin/identity-provider', form)
    assert.equal(first.statusCode, 303)
    assert.equal(first.headers.location, '/admin/identity-provider?saved=1')
    const second = await admin.post('/admin/identity-provider', form)
    assert.equal(second.statusCode, 303)
    const after = await audited()
    assert.equal(after.length, before.length + 1)
    assert.deepEqual(after.at(-1), {
      action: 'admin.identity_provider_changed',
      reason: 'administrator of the organisation',
      subject_id: provider.id,
    })
    const stored = await ctx.db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow()
    assert.notEqual(stored.client_secret_sealed, provider.client_secret_sealed)
    assert.ok(!JSON.stringify(await ctx.db.selectFrom('step_submission').selectAll().execute()).includes('a-new'))

    // The API's repeated key answers what it saved (200) and writes nothing.
    const body = providerBody({ submissionKey: 'configure-idp-once' })
    const once = await api.call(DEMO.oakfieldAdmin, 'POST', '/api/v1/organisation/identity-provider', body)
    const twice = await api.call(DEMO.oakfieldAdmin, 'POST', '/api/v1/organisation/identity-provider', body)
    assert.equal(once.statusCode, 200, once.body)
    assert.equal(twice.statusCode, 200, twice.body)
    assert.deepEqual(twice.json(), once.json())
    assert.equal(once.headers['cache-control'], 'no-store')
    assert.equal((await audited()).length, before.length + 2)

    // Someone who is not an administrator: 403 by the API and the page, audited, nothing written.
    const teacher = await api.call(DEMO.teacher, 'POST', '/api/v1/organisation/identity-provider', {
      ...body,
      submissionKey: undefined,
    })
    assert.equal(teacher.statusCode, 403)
    assert.match((teacher.json() as { message: string }).message, /administrators set up its sign-in/)
    const teacherPage = new TestBrowser(ctx.app)
    await teacherPage.signIn(DEMO.teacher, DEMO.password)
    await teacherPage.get('/')
    const { submissionKey: _key, ...unkeyed } = form
    assert.equal((await teacherPage.post('/admin/identity-provider', unkeyed)).statusCode, 403)
    assert.equal((await audited()).length, before.length + 2)
    assert.ok((await auditActions(ctx.db)).includes('configureIdentityProvider.denied'))
  })
})

describe('signing in through the provider', () => {
  before(async () => configure())

  test('discovery: Together reads the provider’s metadata and sends the person there with PKCE, state and nonce', async () => {
    const { location } = await start(people.dsl.email)
    const url = new URL(location)
    assert.equal(url.searchParams.get('client_id'), idp.clientId)
    assert.equal(url.searchParams.get('redirect_uri'), CALLBACK)
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256')
    assert.ok((url.searchParams.get('state') ?? '').length >= 32)
    assert.ok((url.searchParams.get('nonce') ?? '').length >= 32)
    // Nothing of the state, nonce or verifier is in the browser's cookie: only a token whose hash is kept.
    const attempt = await ctx.db
      .selectFrom('sso_attempt')
      .selectAll()
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(attempt.nonce, url.searchParams.get('nonce'))
    assert.equal(await oidc.calculatePKCECodeChallenge(attempt.code_verifier), url.searchParams.get('code_challenge'))
  })

  test('the address the provider sends the browser back to is the service’s configured one, whatever Host a request names', async () => {
    const b = new TestBrowser(ctx.app)
    await b.get('/sign-in/organisation')
    const res = await b.post(
      '/sign-in/organisation',
      { email: people.dsl.email },
      { headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' } },
    )
    const url = new URL(onwardToProvider(res))
    assert.equal(url.searchParams.get('redirect_uri'), CALLBACK)
    // The administrator registers this same address at the provider, so the page shows it.
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)
    const page = await admin.get('/admin/identity-provider')
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(CALLBACK), 'the page shows the callback address to register')
    assert.ok(!page.body.includes('http://localhost/sign-in'), 'not the address the request came to')
  })

  test('the sign-in page’s forms may only post to Together, so the way on to the provider is a page, not a redirect', async () => {
    const b = new TestBrowser(ctx.app)
    const page = await b.get('/sign-in/organisation')
    // Chromium checks this on every redirect after the form is sent (a 303 to the provider was blocked).
    assert.match(String(page.headers['content-security-policy']), /form-action 'self'(;|$)/)
    const res = await b.post('/sign-in/organisation', { email: people.dsl.email })
    assert.match(res.body, /Continue to Oakfield test provider to sign in/)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.ok(onwardToProvider(res).startsWith(`${idp.issuer}/auth?`))
  })

  test('an unknown domain is told plainly that its organisation has not set this up', async () => {
    const b = new TestBrowser(ctx.app)
    await b.get('/sign-in/organisation')
    const res = await b.post('/sign-in/organisation', { email: 'someone@elsewhere.example' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /has not set up signing in with its own accounts/)
  })

  test('a good sign-in with the provider’s MFA: linked by verified email, then signed in without Together’s code', async () => {
    const before = await sessions()
    const { browser, res } = await signIn(people.dsl.email, true)
    assert.equal(res.statusCode, 303, res.body)
    assert.equal(res.headers.location, '/')
    const home = await browser.get('/')
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /Jane Morgan/)
    assert.equal(await sessions(), before + 1)
    const link = await ctx.db
      .selectFrom('identity_link')
      .selectAll()
      .where('subject', '=', people.dsl.sub)
      .executeTakeFirstOrThrow()
    assert.equal(link.issuer, idp.issuer)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('auth.sso_linked'))
    const signedIn = await ctx.db
      .selectFrom('audit_event')
      .select(['reason'])
      .where('action', '=', 'auth.signed_in')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.match(signedIn.reason ?? '', /multi-factor/)
  })

  test('later sign-ins use issuer + subject, not the email the provider now gives', async () => {
    // The provider now says another email for the same subject: Together still finds the linked account.
    idp.addAccount({ ...people.dsl, email: 'jane.morgan.renamed@oakfield-primary.example' })
    const { browser, res } = await signIn('jane.morgan.renamed@oakfield-primary.example', true)
    assert.equal(res.statusCode, 303, res.body)
    assert.match((await browser.get('/')).body, /Jane Morgan/)
    // And an account at the provider claiming the DSL's email with another subject is not the DSL.
    idp.addAccount({ sub: 'idp-impostor', email: DEMO.dsl, name: 'Impostor' })
    const impostor = await signIn(DEMO.dsl, true)
    assert.equal(impostor.res.statusCode, 403)
    assert.match(impostor.res.body, /administrator must invite you first/)
    idp.addAccount(people.dsl)
  })

  test('no invitation: a plain page, and the attempt is listed for the administrator', async () => {
    const before = await sessions()
    const { res } = await signIn(people.stranger.email, true)
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /An administrator must invite you first/)
    assert.equal(await sessions(), before)
    const got = await api.call(DEMO.oakfieldAdmin, 'GET', '/api/v1/organisation/identity-provider')
    const unmatched = (got.json() as { unmatchedSignIns: { email: string }[] }).unmatchedSignIns
    assert.ok(unmatched.some((u) => u.email === people.stranger.email))
    const admin = new TestBrowser(ctx.app)
    await admin.signIn(DEMO.oakfieldAdmin, DEMO.password)
    assert.match((await admin.get('/admin/identity-provider')).body, /new\.starter@oakfield-primary\.example/)
    assert.ok((await auditActions(ctx.db)).includes('auth.sso_no_account'))
  })

  test('no MFA assertion and no authenticator set up: refused, with a plain reason and no session', async () => {
    const before = await sessions()
    const { res } = await signIn(people.head.email, false)
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /did not confirm a second check/)
    assert.equal(await sessions(), before)
    const refusal = await ctx.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'auth.sso_refused')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal((refusal.details as { check: string }).check, 'no_second_factor')
  })

  test('no MFA assertion with an authenticator set up: Together asks for its own code', async () => {
    const secret = newTotpSecret()
    await ctx.db.updateTable('app_user').set({ totp_secret: secret }).where('email', '=', people.head.email).execute()
    const { browser, res } = await signIn(people.head.email, false)
    assert.equal(res.statusCode, 303, res.body)
    assert.match(String(res.headers.location), /^\/sign-in\/two-factor/)
    assert.equal((await browser.get('/')).headers.location, '/sign-in/two-factor')
    await browser.get('/sign-in/two-factor')
    const done = await browser.post('/sign-in/two-factor', { code: totpCodeAt(secret, ctx.clock.now().getTime()) })
    assert.equal(done.statusCode, 303)
    assert.match((await browser.get('/')).body, /Alan Turner/)
    // The session still knows it came through the provider, so signing out ends it there too.
    await browser.get('/')
    const out = await browser.post('/sign-out', {})
    assert.ok(onwardToProvider(out).startsWith(`${idp.issuer}/session/end`), out.body)
  })

  test('a role that needs no second factor is signed in without an MFA assertion', async () => {
    const { res } = await signIn(people.teacher.email, false)
    assert.equal(res.statusCode, 303, res.body)
    assert.equal(res.headers.location, '/')
  })

  test('when the organisation does not rely on its provider’s MFA, Together asks for its code even with amr=mfa', async () => {
    await configure({ trustMfa: false, clientSecret: undefined })
    const { res } = await signIn(people.head.email, true)
    assert.equal(res.statusCode, 303, res.body)
    assert.match(String(res.headers.location), /^\/sign-in\/two-factor/)
    await configure()
  })

  test('sign-out ends Together’s session and sends the browser to the provider’s end_session_endpoint', async () => {
    const { browser } = await signIn(people.dsl.email, true)
    await browser.get('/')
    const out = await browser.post('/sign-out', {})
    const location = new URL(onwardToProvider(out))
    // Signed out already: the page offers no account menu.
    assert.doesNotMatch(out.body, /Sign out<\/button>/)
    assert.equal(location.origin + location.pathname, `${idp.issuer}/session/end`)
    assert.equal(location.searchParams.get('post_logout_redirect_uri'), `${TOGETHER}/signed-out`)
    assert.ok((location.searchParams.get('id_token_hint') ?? '').split('.').length === 3)
    assert.equal((await browser.get('/')).statusCode, 303)
    assert.match(String((await browser.get('/')).headers.location), /^\/sign-in/)
  })
})

describe('refusals: audited, a plain message, no session', () => {
  before(async () => configure())

  async function refusedWith(check: string, res: { statusCode: number; body: string }, before: number) {
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /You have not signed in/)
    assert.match(res.body, /could not be checked/)
    assert.equal(await sessions(), before)
    const last = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', '=', 'auth.sso_refused')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal((last.details as { check: string }).check, check)
  }

  for (const [name, tamper, check] of [
    ['a wrong audience', { aud: 'some-other-client' }, 'audience'],
    ['a wrong issuer', { iss: 'http://127.0.0.1:9/not-the-provider' }, 'issuer'],
    ['a wrong nonce', { nonce: 'not-the-nonce-together-sent' }, 'nonce'],
    ['an expired ID token', { expiresIn: -3600 }, 'expired'],
  ] as const) {
    test(`${name} in the ID token is refused`, async () => {
      const before = await sessions()
      idp.tamper = tamper
      try {
        const { res } = await signIn(people.dsl.email, true)
        await refusedWith(check, res, before)
      } finally {
        idp.tamper = undefined
      }
    })
  }

  test('a replayed answer is refused; the old code with a new sign-in is refused by the provider', async () => {
    const { browser, location } = await start(people.dsl.email)
    const browserToken = browser.cookie('together_sso') ?? ''
    const back = await signInAtProvider(location, { email: people.dsl.email, mfa: true }, CALLBACK)
    assert.equal((await browser.get(back.pathname + back.search)).statusCode, 303)
    const before = await sessions()
    // The same answer again, with the same browser token (sent twice, or copied with its cookie): used once only.
    const copy = new TestBrowser(ctx.app)
    copy.setCookie('together_sso', browserToken)
    const again = await copy.get(back.pathname + back.search)
    await refusedWith('replayed', again, before)
    // The old code inside a fresh sign-in of the same browser: Together's state is fresh, but the provider
    // refuses the code (used once already, and issued for another PKCE challenge).
    const fresh = await start(people.dsl.email, new TestBrowser(ctx.app))
    const state = new URL(fresh.location).searchParams.get('state') ?? ''
    const replay = await fresh.browser.get(
      `/sign-in/organisation/callback?code=${encodeURIComponent(back.searchParams.get('code') ?? '')}&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`,
    )
    await refusedWith('code', replay, before)
    assert.ok(idp.refusedTokenRequests.some((r) => r.startsWith('invalid_grant')))
  })

  test('a state that does not belong to this browser is refused', async () => {
    const { location } = await start(people.dsl.email)
    const back = await signInAtProvider(location, { email: people.dsl.email, mfa: true }, CALLBACK)
    const before = await sessions()
    // Another browser (no cookie from the start of this sign-in) brings the answer: login CSRF.
    const other = await new TestBrowser(ctx.app).get(back.pathname + back.search)
    await refusedWith('state', other, before)
    // And a state Together never issued.
    const { browser } = await start(people.dsl.email)
    const forged = await browser.get(`/sign-in/organisation/callback?code=abc&state=${'x'.repeat(43)}`)
    await refusedWith('state', forged, before)
  })

  test('a provider that cannot be reached is a plain message at the start, audited', async () => {
    await configure({ issuer: 'http://127.0.0.1:9', clientSecret: undefined })
    try {
      const b = new TestBrowser(ctx.app)
      await b.get('/sign-in/organisation')
      const res = await b.post('/sign-in/organisation', { email: people.dsl.email })
      assert.equal(res.statusCode, 400)
      assert.match(res.body, /cannot be reached just now/)
      assert.ok((await auditActions(ctx.db)).includes('auth.sso_not_started'))
    } finally {
      await configure()
    }
  })
})
