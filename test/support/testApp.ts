import { randomBytes } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import type { AppSettings, Clock, Deps } from '../../src/platform/context.js'
import { seedDemoArea } from '../../src/modules/people/steps/seedDemoArea.js'
import { connect, type Db } from '../../src/platform/db/database.js'
import { buildApp } from '../../src/app/app.js'
import type { SecureCookies } from '../../src/platform/web/options.js'
import { silentLogger, type Log } from '../../src/platform/logging/logger.js'
import { checkAnswersAgainstContract } from './apiContract.js'
import { outboxLinkProblems } from './emailLinks.js'

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date('2026-11-23T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
  set(d: Date): void {
    this.current = new Date(d)
  }
}

function serverUrl(base: string, database: string): string {
  const u = new URL(base)
  u.pathname = `/${database}`
  return u.toString()
}

/** A fresh database cloned from the run's migrated template. */
export async function cloneDatabase(
  options: { synchronousCommit?: boolean } = {},
): Promise<{ db: Db; name: string; url: string }> {
  const base = process.env.TOGETHER_TEST_SERVER_URL
  const template = process.env.TOGETHER_TEST_TEMPLATE
  const runId = process.env.TOGETHER_TEST_RUN_ID
  if (!base || !template || !runId)
    throw new Error('Run route tests through `npm run test:routes` (test/run-route-tests.ts)')
  const name = `together_t_${runId}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl(base, 'postgres') })
  await admin.connect()
  try {
    // A template must have no other connections while it is copied; retry briefly if a sibling is cloning too.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
        break
      } catch (e) {
        if (attempt > 50 || !String(e).includes('being accessed by other users')) throw e
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    // Tests that make thousands of small commits and do not test durability need not wait for each to reach
    // the disk; a crash loses this throwaway database either way.
    if (options.synchronousCommit === false) await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`)
  } finally {
    await admin.end()
  }
  const url = serverUrl(base, name)
  return { db: connect(url, 5), name, url }
}

/** The public address route tests run under: every link in an email must start with it. */
export const TEST_SERVICE_URL = 'https://together.example'

export interface TestContext {
  readonly app: FastifyInstance
  readonly db: Db
  readonly deps: Deps
  readonly clock: TestClock
  close(): Promise<void>
}

export async function buildTestApp(
  options: {
    demoMode?: boolean
    seed?: boolean
    synchronousCommit?: boolean
    secureCookies?: SecureCookies
    /** Routes a test adds to the real application before it starts (the step engine's own tests). */
    register?: (app: FastifyInstance, deps: Deps) => void
    /** The app's logger (see test/support/captureLog.ts to read what it wrote); silent when absent. */
    log?: Log
    /** As if SMTP_URL were set (the outbox worker sends); false, as in the demo, when absent. */
    sendsEmail?: boolean
  } = {},
): Promise<TestContext> {
  const { db } = await cloneDatabase(options.synchronousCommit === false ? { synchronousCommit: false } : {})
  const clock = new TestClock()
  const settings: AppSettings = {
    demoMode: options.demoMode ?? false,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 10,
    apiTokenMinutes: 60,
    serviceUrl: TEST_SERVICE_URL,
    sendsEmail: options.sendsEmail ?? false,
  }
  const deps: Deps = { db, clock, settings, log: options.log ?? silentLogger() }
  if (options.seed ?? true) await seedDemoArea(deps, 'test')
  const app = await buildApp({
    deps,
    cookieSecret: 'test-cookie-secret-which-is-long-enough',
    secureCookies: options.secureCookies ?? 'auto',
  })
  options.register?.(app, deps)
  await app.ready()
  // Every API answer a route test provokes is checked against the published document.
  checkAnswersAgainstContract(app)
  return {
    app,
    db,
    deps,
    clock,
    async close() {
      await app.close()
      try {
        // Every email any route test made is checked: a link in it must be absolute, on the service's address.
        const problems = await outboxLinkProblems(db, TEST_SERVICE_URL)
        if (problems.length > 0)
          throw new Error(`Emails with links a mail client cannot follow: ${JSON.stringify(problems.slice(0, 5))}`)
      } finally {
        await db.destroy()
      }
    },
  }
}

/**
 * A minimal browser over app.inject: keeps cookies, and reads the CSRF token from the last page so forms can
 * be posted the way a person would post them.
 */
export class TestBrowser {
  private cookies = new Map<string, string>()
  lastHtml = ''

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.maxAge === 0)
        this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** Puts a cookie in the jar, as an attacker who can write cookies for the site (fixation) would. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value)
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name)
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } })
    this.remember(res)
    if ((res.headers['content-type'] ?? '').toString().includes('text/html')) this.lastHtml = res.body
    return res
  }

  csrfToken(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)
    if (m?.[1] === undefined) throw new Error('no CSRF token on the last page')
    return m[1]
  }

  /** Posts a form with the CSRF token of the last page fetched (fetch the form page first, as a person would). */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    options: { csrf?: string | false; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams()
    const token = options.csrf === undefined ? this.csrfToken() : options.csrf
    if (token !== false) params.append('_csrf', token)
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: {
        ...options.headers,
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    this.remember(res)
    if ((res.headers['content-type'] ?? '').toString().includes('text/html')) this.lastHtml = res.body
    return res
  }

  /** GET the form page, then post it. */
  async submit(url: string, form: Record<string, string | string[]>, postUrl = url): Promise<LightMyRequestResponse> {
    await this.get(url)
    return this.post(postUrl, form)
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', { email, password })
  }
}

export const DEMO = {
  teacher: 'teacher@oakfield-primary.example',
  dsl: 'dsl@oakfield-primary.example',
  oakfieldAdmin: 'admin@oakfield-primary.example',
  riversideAdmin: 'admin@riverside-academy.example',
  socialWorker: 'social.worker@northshire-council.example',
  password: 'Northshire-demo-2026',
}

export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select('action').orderBy('seq').execute()
  return rows.map((r) => r.action)
}

/** Calls the JSON API as a demo user, fetching (and caching) a bearer token the first time. */
export class ApiClient {
  private readonly tokens = new Map<string, string>()

  constructor(private readonly ctx: TestContext) {}

  /** Forget a cached token (it has expired, or the clock has jumped). */
  forget(email: string): void {
    this.tokens.delete(email)
  }

  async token(email: string): Promise<string> {
    let token = this.tokens.get(email)
    if (token === undefined) {
      const res = await this.ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email, password: DEMO.password },
      })
      token = (res.json() as { token: string }).token
      this.tokens.set(email, token)
    }
    return token
  }

  async call(email: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> {
    return this.ctx.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await this.token(email)}` },
      ...(payload ? { payload } : {}),
    })
  }
}
