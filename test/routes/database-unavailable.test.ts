import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app/app.js'
import { connect, type Db } from '../../src/platform/db/database.js'
import { seedDemoArea } from '../../src/modules/people/steps/seedDemoArea.js'
import { cloneDatabase, TestClock } from '../support/testApp.js'
import { captureLog, LEVEL } from '../support/captureLog.js'

/**
 * The database lost under a running app server, and back: the app reaches PostgreSQL through a TCP relay that the
 * test cuts (every connection dropped, new ones refused) and restores, as a failover or a network fault would.
 */
class Relay {
  private server: net.Server | undefined
  private readonly sockets = new Set<net.Socket>()
  port = 0

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('error', () => undefined)
        s.on('close', () => this.sockets.delete(s))
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    this.server = server
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    const address = server.address()
    this.port = typeof address === 'object' && address !== null ? address.port : 0
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    const server = this.server
    this.server = undefined
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

let app: FastifyInstance
let db: Db
let relay: Relay
const captured = captureLog('info')

before(async () => {
  const cloned = await cloneDatabase()
  await cloned.db.destroy()
  const target = new URL(cloned.url)
  relay = new Relay(target.hostname, Number(target.port))
  await relay.open()
  const viaRelay = new URL(cloned.url)
  viaRelay.hostname = '127.0.0.1'
  viaRelay.port = String(relay.port)
  db = connect(viaRelay.toString(), 5)
  const deps = {
    db,
    clock: new TestClock(),
    settings: {
      demoMode: true,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 10,
      apiTokenMinutes: 60,
      serviceUrl: 'http://localhost:3000',
      sendsEmail: false,
    },
    log: captured.log,
  }
  await seedDemoArea(deps, 'test')
  app = await buildApp({
    deps,
    cookieSecret: 'test-cookie-secret-which-is-long-enough',
    secureCookies: 'auto',
  })
  await app.ready()
})

after(async () => {
  await app.close()
  await relay.cut()
  await db.destroy()
})

const token = async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: { email: 'teacher@oakfield-primary.example', password: 'Northshire-demo-2026' },
  })
  assert.equal(res.statusCode, 200, res.body)
  return (res.json() as { token: string }).token
}

describe('an app server that loses its database', () => {
  test('answers 503 — a GOV.UK page, a JSON error, an unhealthy /health — and recovers by itself', async () => {
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200)
    const bearer = await token()
    const children = () =>
      app.inject({ url: '/api/v1/children?q=Patel', headers: { authorization: `Bearer ${bearer}` } })
    const before = await children()
    assert.ok(before.statusCode < 500, before.body)

    // A sign-in form, fetched while the database was there and sent after it was lost.
    const form = await app.inject({ url: '/sign-in' })
    const csrfCookie = String(form.headers['set-cookie'] ?? '').split(';')[0] ?? ''
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''

    await relay.cut()
    const health = await app.inject({ url: '/health' })
    assert.equal(health.statusCode, 503)
    assert.equal((health.json() as { status: string }).status, 'unavailable')

    const api = await children()
    assert.equal(api.statusCode, 503, api.body)
    assert.equal((api.json() as { error: string }).error, 'service_unavailable')
    assert.equal(api.headers['retry-after'], '5')

    const page = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        email: 'teacher@oakfield-primary.example',
        password: 'Northshire-demo-2026',
      }).toString(),
    })
    assert.equal(page.statusCode, 503)
    assert.match(page.headers['content-type'] as string, /text\/html/)
    assert.match(page.body, /<h1 class="govuk-heading-l">Sorry, the service is unavailable<\/h1>/)
    assert.match(page.body, /it has not been saved/)
    assert.doesNotMatch(page.body, /ECONNREFUSED|Error:|at .*\.ts/)

    // Back: no restart, the pool connects afresh on the next request.
    await relay.open()
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200)
    assert.equal((await children()).statusCode, before.statusCode)

    // Each 503 is one warning with its correlation id and path, never the search or the password that was sent.
    const warned = captured.lines().filter((l) => l.level === LEVEL.warn && l.component === 'web')
    const answered = warned.find(
      (l) => /answered 503/.test(l.msg ?? '') && l.correlationId === api.json().correlationId,
    )
    assert.ok(answered, captured.text())
    assert.deepEqual(answered.req, { method: 'GET', url: '/api/v1/children?[redacted]', route: '/api/v1/children' })
    assert.doesNotMatch(captured.text(), /Patel|Northshire-demo-2026|teacher@oakfield|Bearer/)
  })
})
