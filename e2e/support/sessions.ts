/**
 * Signing in without drawing the sign-in pages: for journeys that are about something else.
 *
 * sign-in.spec.ts, two-factor.spec.ts, no-javascript.spec.ts and admin.spec.ts sign in through the browser, page by
 * page, with axe on each. Every other journey only needs to *be* signed in, and drawing, checking and screenshotting
 * the same three sign-in pages again for each of its accounts was a large part of the suite's time. So the journeys'
 * helpers (journeys.ts `signIn`) sign in over HTTP in the browser's own cookie jar (`page.request` shares the
 * context's cookies): the same forms, CSRF tokens, password check and two-factor set-up as a person goes through,
 * with the same expectations (a role that needs an authenticator app is asked to set one up the first time, and for
 * a code afterwards), only without rendering the pages.
 *
 * Each account's session is then kept for the run (one file per account under .tmp/e2e-sessions/<run id>/, so
 * every worker and a worker restarted after a failure see it): the next journey that needs the account restores
 * the session cookie instead of signing in again. A restored session is checked first (the home page must answer
 * 200 rather than send to sign-in); one that has ended (signed out, or timed out: 30 idle minutes by default) is
 * replaced by a fresh sign-in. Sessions last 30 idle minutes and 10 hours in all (TOGETHER_SESSION_IDLE_MINUTES,
 * TOGETHER_SESSION_ABSOLUTE_HOURS), and reading a page keeps one alive, so a run's cached sessions stay valid.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, type APIResponse, type Page } from '@playwright/test'
import { runUsers, sessionDir, type E2eUser } from './settings.js'
import { Authenticator } from './totp.js'

type Cookies = Awaited<ReturnType<ReturnType<Page['context']>['cookies']>>

interface CachedSession {
  readonly cookies: Cookies
  /** The authenticator app's key, for a later sign-in of the same account in another worker. */
  readonly secret?: string
}

function cacheFile(email: string): string {
  const name = crypto.createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32)
  return path.join(sessionDir, runUsers().runId, `${name}.json`)
}

function readCache(email: string): CachedSession | undefined {
  try {
    return JSON.parse(fs.readFileSync(cacheFile(email), 'utf8')) as CachedSession
  } catch {
    return undefined
  }
}

function writeCache(email: string, session: CachedSession): void {
  const file = cacheFile(email)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Written aside and renamed, so another worker never reads half a file.
  const partial = `${file}.${process.pid}.partial`
  fs.writeFileSync(partial, JSON.stringify(session))
  fs.renameSync(partial, file)
}

/** The session cookie only: the CSRF cookie and anything else stay as the browser has them. */
const SESSION_COOKIE = 'together_session'

/** Puts a cached session for `email` into the page's context if one is still active; says whether it did. */
export async function restoreSession(page: Page, email: string): Promise<boolean> {
  const cached = readCache(email)
  const session = cached?.cookies.filter((c) => c.name === SESSION_COOKIE) ?? []
  if (session.length === 0) return false
  await page.context().addCookies(session)
  const home = await page.request.get('/', { maxRedirects: 0 })
  if (home.status() === 200) return true
  // Ended (signed out in an earlier journey) or timed out: sign in afresh.
  await page.context().clearCookies({ name: SESSION_COOKIE })
  return false
}

function hiddenValue(html: string, name: string): string {
  const value = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1]
  if (value === undefined) throw new Error(`No hidden ${name} field on the page`)
  return value
}

async function expectRedirect(response: APIResponse, to: RegExp | string, what: string): Promise<void> {
  const body = response.status() === 303 ? '' : ` (the page said: ${(await response.text()).slice(0, 2000)})`
  expect(response.status(), `${what}${body}`).toBe(303)
  const location = response.headers().location ?? ''
  if (typeof to === 'string') expect(location, what).toBe(to)
  else expect(location, what).toMatch(to)
}

/** A code the server has not seen, waiting for the next 30-second step when this account used up the drift. */
export async function nextCode(app: Authenticator): Promise<string> {
  for (;;) {
    try {
      return app.freshCode()
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 250))
    }
  }
}

/**
 * Signs `user` in through the sign-in forms over HTTP, in the page's cookie jar, and keeps the session for the
 * run. With `needsAuthenticator`, the server must ask for a second factor: to set up an authenticator app the
 * first time (the key is read from the set-up page, as a person would type it) and for a code after that.
 */
export async function signInOverHttp(
  page: Page,
  user: E2eUser & { authenticator?: Authenticator },
  needsAuthenticator: boolean,
): Promise<void> {
  const request = page.request
  const form = await request.get('/sign-in')
  expect(form.status(), 'the sign-in page').toBe(200)
  const signedIn = await request.post('/sign-in', {
    form: { _csrf: hiddenValue(await form.text(), '_csrf'), returnTo: '/', email: user.email, password: user.password },
    maxRedirects: 0,
  })
  if (!needsAuthenticator) {
    await expectRedirect(signedIn, '/', `${user.email} signs in with a password alone`)
    writeCache(user.email, { cookies: await page.context().cookies() })
    return
  }
  await expectRedirect(signedIn, /^\/sign-in\/two-factor(\?|$)/, `${user.email} is asked for a second factor`)
  const codePage = await request.get(signedIn.headers().location ?? '')
  expect(codePage.status(), 'the two-factor page').toBe(200)
  const html = await codePage.text()
  const settingUp = html.includes('<h1 class="govuk-heading-l">Set up your authenticator app</h1>')
  if (user.authenticator === undefined) {
    // Set up in another worker (or before this worker restarted): the key is in the cached session.
    const secret = readCache(user.email)?.secret
    if (secret !== undefined) user.authenticator = new Authenticator(secret)
  }
  if (user.authenticator === undefined) {
    expect(settingUp, `${user.email}'s first sign-in sets up an authenticator app`).toBe(true)
    expect(html, 'the set-up page shows a QR code').toMatch(/<div class="app-qr" aria-hidden="true"><svg /)
    const key = /<p class="govuk-body app-secret" id="totp-secret">([A-Z2-7 ]+)<\/p>/.exec(html)?.[1]
    expect(key, 'the set-up page shows the key').toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/)
    user.authenticator = new Authenticator((key ?? '').replace(/\s+/g, ''))
  } else {
    expect(settingUp, `${user.email} has set up an authenticator app: only a code is asked for`).toBe(false)
    expect(html).toContain('<h1 class="govuk-heading-l">Enter your authenticator code</h1>')
  }
  const coded = await request.post('/sign-in/two-factor', {
    form: { _csrf: hiddenValue(html, '_csrf'), returnTo: '/', code: await nextCode(user.authenticator) },
    maxRedirects: 0,
  })
  await expectRedirect(coded, '/', `${user.email}'s authenticator code is accepted`)
  writeCache(user.email, { cookies: await page.context().cookies(), secret: user.authenticator.secret })
}
