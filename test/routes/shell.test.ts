import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { sealAll, verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
})
after(async () => ctx.close())

describe('the GOV.UK shell', () => {
  test('unknown routes get the 404 page, signed in or not', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/no/such/page' })
    assert.equal(res.statusCode, 404)
    assert.match(res.body, /Page not found/)
    assert.match(res.body, /govuk-template/)
    const api = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing' })
    assert.equal(api.statusCode, 404)
    assert.equal((api.json() as { error: string }).error, 'not_found')
  })

  test('cookie, accessibility and guidance pages are public', async () => {
    for (const url of ['/cookies', '/accessibility', '/guidance/if-a-child-tells-you']) {
      const res = await ctx.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 200, url)
    }
  })

  test('the cookies page names every cookie the service sets', async () => {
    const page = (await ctx.app.inject({ method: 'GET', url: '/cookies' })).body
    for (const name of ['together_session', '_csrf', 'together_sso', 'together_report_draft']) {
      assert.ok(page.includes(name), name)
    }
  })

  test('stylesheets and scripts are served to people who are not signed in', async () => {
    for (const url of ['/assets/together-govuk.css', '/assets/govuk-frontend.min.js', '/static/together.css']) {
      const res = await ctx.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 200, url)
    }
    assert.equal(
      (await ctx.app.inject({ method: 'GET', url: '/assets/index.scss' })).statusCode,
      404,
      'sources are not served',
    )
  })

  test('the Design System in Together’s own type: GDS Transport is neither named nor served', async () => {
    const css = await ctx.app.inject({ method: 'GET', url: '/assets/together-govuk.css' })
    assert.equal(css.statusCode, 200)
    assert.match(css.headers['content-type'] as string, /text\/css/)
    assert.match(css.body, /\.govuk-button\{/, 'the components are all there')
    assert.doesNotMatch(css.body, /GDS Transport|@font-face/)
    assert.match(css.body, /font-family:system-ui,/)
    const again = await ctx.app.inject({
      method: 'GET',
      url: '/assets/together-govuk.css',
      headers: { 'if-none-match': css.headers.etag as string },
    })
    assert.equal(again.statusCode, 304, 'a browser that has it keeps it')
    const ours = await ctx.app.inject({ method: 'GET', url: '/static/together.css' })
    assert.doesNotMatch(ours.body, /GDS Transport/)
    for (const url of ['/assets/govuk-frontend.min.css', '/assets/fonts/light-94a07e06a1-v2.woff2'])
      assert.equal((await ctx.app.inject({ method: 'GET', url })).statusCode, 404, url)
    const page = await ctx.app.inject({ method: 'GET', url: '/sign-in' })
    assert.match(page.body, /href="\/assets\/together-govuk\.css"/)
  })

  test('pages carry Together’s own brand, not the GOV.UK crown, logotype or crest', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/sign-in' })
    assert.match(res.body, /class="app-brand__name">Together</)
    assert.match(res.body, /href="\/static\/together-mark.svg"/)
    assert.doesNotMatch(
      res.body,
      /govuk-header__logotype|aria-label="GOV.UK"|govuk-footer__copyright-logo|govuk-icon-mask/,
    )
    const mark = await ctx.app.inject({ method: 'GET', url: '/static/together-mark.svg' })
    assert.equal(mark.statusCode, 200)
  })

  test('demo mode is announced on every page', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/sign-in' })
    assert.match(res.body, /Demo mode\./)
    assert.match(res.body, /govuk-phase-banner/)
  })

  test('every demo role signs in and lands on its home page', async () => {
    const users = await ctx.db.selectFrom('app_user').select(['email', 'roles']).where('is_demo', '=', true).execute()
    assert.ok(users.length >= 20)
    for (const u of users) {
      const b = new TestBrowser(ctx.app)
      const res = await b.signIn(u.email, DEMO.password)
      assert.equal(res.headers.location, '/', u.email)
      const home = await b.get('/')
      assert.equal(home.statusCode, 200, u.email)
      if (u.roles.includes('org_admin')) assert.match(home.body, /Manage users/)
    }
  })

  test('malformed requests never produce a server error', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(DEMO.oakfieldAdmin, DEMO.password)
    const cookie = b.cookieHeader()
    const cases = [
      {
        method: 'POST' as const,
        url: '/sign-in',
        payload: 'a=%E0%A4%A',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      {
        method: 'POST' as const,
        url: '/sign-in',
        payload: '{"email":1}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: '/sign-in',
        payload: 'x'.repeat(2_000_000),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      { method: 'POST' as const, url: '/sign-in', payload: '<xml/>', headers: { 'content-type': 'application/xml' } },
      {
        method: 'POST' as const,
        url: '/api/v1/auth/token',
        payload: '{"email":"a\\u0000@b.c","password":"x"}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: '/api/v1/auth/token',
        payload: '[]',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'GET' as const, url: '/admin/users/%00/roles', headers: { cookie } },
      { method: 'GET' as const, url: `/admin/users/${'a'.repeat(300)}/roles`, headers: { cookie } },
      { method: 'GET' as const, url: '/sign-in?returnTo[]=x&returnTo[]=y' },
      { method: 'GET' as const, url: '/invitations/%ZZ' },
    ]
    for (const c of cases) {
      const res = await ctx.app.inject(c)
      assert.ok(res.statusCode < 500, `${c.method} ${c.url} gave ${res.statusCode}: ${res.body.slice(0, 200)}`)
    }
  })

  test('the health check reports the database is reachable', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' })
    assert.deepEqual(res.json(), { status: 'ok' })
  })

  test('OpenAPI document describes the token endpoint', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })
    assert.ok((res.json() as { paths: Record<string, unknown> }).paths['/api/v1/auth/token'])
  })
})

describe('the audit trail', () => {
  test('refuses updates and deletes', async () => {
    await assert.rejects(sql`UPDATE audit_event SET action = 'x'`.execute(ctx.db), /append-only/)
    await assert.rejects(sql`DELETE FROM audit_event`.execute(ctx.db), /append-only/)
  })

  test('verify finds the first altered row', async () => {
    await sealAll(ctx.db)
    assert.equal((await verifyAuditChain(ctx.db)).ok, true)
    // Simulate someone with database superuser rights bypassing the trigger.
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`.execute(ctx.db)
    await sql`UPDATE audit_event SET reason = 'tampered' WHERE seq = 2`.execute(ctx.db)
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`.execute(ctx.db)
    const result = await verifyAuditChain(ctx.db)
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.equal(result.brokenAtSeq, '2')
      assert.match(result.problem, /altered/)
    }
  })
})
