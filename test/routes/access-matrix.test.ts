import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildApp } from '../../src/app/app.js'
import { matrix, type MatrixEntry } from '../access/matrix.js'
import { policies, type Policy } from '../access/policies.js'
import {
  cellsOf,
  compareWithMatrix,
  describeCell,
  describeMismatch,
  inParallel,
  routeKey,
  runCell,
  type CellResult,
} from '../access/walker.js'
import { World } from '../access/world.js'

/** The writes that make the person sending them a concern's author (and so a reader of its children). */
const authorMaking = ['POST /api/v1/concerns', 'POST /concerns/new/:id/check']

/**
 * Every route × every principal (anonymous, partway through sign-in, expired, and each demo user of every
 * organisation and role, in two local areas) × every relation of the route's subject (own, colleague's, another
 * organisation's, shared, unknown), checked against test/access/matrix.ts.
 */
let world: World
before(async () => {
  world = await World.build()
})
after(async () => world.close())

describe('the access matrix walker', () => {
  test('names a route that has no entry, with the entry to paste, and an entry that has no route', () => {
    const registered = [
      { method: 'GET', url: '/health', access: 'public' as const },
      { method: 'POST', url: '/widgets/:id/accept', access: 'signed_in' as const },
    ]
    const { missing, stale } = compareWithMatrix(registered, {
      'GET /health': { policy: policies.public },
      'GET /gone': { policy: policies.signedIn },
    })
    assert.deepEqual(missing.map(routeKey), ['POST /widgets/:id/accept'])
    assert.deepEqual(stale, ['GET /gone'])
    const message = describeMismatch(missing, stale)
    assert.match(message, /test\/access\/matrix\.ts/)
    assert.match(message, /'POST \/widgets\/:id\/accept': \{ policy: policies\.<who may call it/)
    assert.match(message, /subject: '<what :id is: concern \| child/)
    assert.match(message, /body: \(\) => \(\{/)
    assert.match(message, /docs\/access-matrix\.md/)
    assert.match(message, /'GET \/gone'/)
  })

  test('a route added to the real application shows up as missing', async () => {
    const app = await buildApp({
      deps: world.ctx.deps,
      cookieSecret: 'walker-test-cookie-secret-long-enough',
      secureCookies: 'auto',
    })
    try {
      app.post('/referrals/:id/accept', async () => ({ accepted: true }))
      await app.ready()
      const { missing, stale } = compareWithMatrix(app.registeredRoutes(), matrix)
      assert.deepEqual(missing.map(routeKey), ['POST /referrals/:id/accept'])
      assert.deepEqual(stale, [])
    } finally {
      await app.close()
    }
  })
})

describe('the access matrix', () => {
  const results: CellResult[] = []

  test('every registered route has an entry, and every entry a route', () => {
    const { missing, stale } = compareWithMatrix(world.ctx.app.registeredRoutes(), matrix)
    assert.ok(missing.length === 0 && stale.length === 0, describeMismatch(missing, stale))
    // A route the app lets anyone reach must have a public policy in the matrix, and the other way round.
    const publicPolicies: readonly Policy[] = [policies.public, policies.signInForm]
    const disagree = world.ctx.app
      .registeredRoutes()
      .filter(
        (route) =>
          (route.access === 'public') !== publicPolicies.includes((matrix[routeKey(route)] as MatrixEntry).policy),
      )
      .map(
        (route) =>
          `${routeKey(route)} is registered with access '${route.access}' but its matrix policy is ${(matrix[routeKey(route)] as MatrixEntry).policy.name}`,
      )
    assert.deepEqual(disagree, [])
  })

  test('every cell answers as its policy says', async (t) => {
    // MATRIX_ONLY=<text>: walk only the routes whose key holds it (while working on one module's routes).
    const only = process.env.MATRIX_ONLY
    const routes = world.ctx.app
      .registeredRoutes()
      .filter((r) => matrix[routeKey(r)] !== undefined && (only === undefined || routeKey(r).includes(only)))
    // Reads run before writes: a write can change a relation the world set up (naming the colleague's child in a
    // new concern makes the principal its author), and a read must meet the relation its cell says.
    // Recording a concern makes its author a reader of the child: those cells run last, once every other write
    // has met the relation its cell says (where the step engine registers a route does not decide the answer).
    const isRead = (r: (typeof routes)[number]) => r.method === 'GET' || r.method === 'HEAD'
    const makesAuthor = (r: (typeof routes)[number]) => authorMaking.includes(routeKey(r))
    const phases = [
      routes.filter(isRead),
      routes.filter((r) => !isRead(r) && !makesAuthor(r)),
      routes.filter((r) => !isRead(r) && makesAuthor(r)),
    ].map((phase) => phase.flatMap((r) => cellsOf(r, matrix[routeKey(r)] as MatrixEntry, world.principals)))
    const cells = phases.flat()
    const started = performance.now()
    const cpu = process.cpuUsage()
    for (const phase of phases) results.push(...(await inParallel(phase, 4, (cell) => runCell(world, cell))))
    const used = process.cpuUsage(cpu)
    const sent = results.filter((r) => r.sent)
    t.diagnostic(
      `${routes.length} routes × ${world.principals.length} principals × relations = ${cells.length} cells, ${sent.length} requests sent (${cells.length - sent.length} relations that cannot exist for the principal)`,
    )
    t.diagnostic(
      `${((performance.now() - started) / 1000).toFixed(1)} s, of which ${((used.user + used.system) / 1e6).toFixed(1)} s CPU in this process`,
    )
    const failures = results
      .filter((r) => r.problems.length > 0)
      .map(
        (r) =>
          `${describeCell(r.cell)}: expected ${r.cell.expected} (${r.cell.entry.policy.name}): ${r.problems.join('; ')}`,
      )
    assert.equal(
      failures.length,
      0,
      `${failures.length} cells disagree with the matrix:\n${failures.slice(0, Number(process.env.MATRIX_SHOW ?? 60)).join('\n')}${failures.length > 60 ? `\n… and ${failures.length - 60} more` : ''}`,
    )
  })

  test('a hidden child record or concern looks exactly like one that does not exist', () => {
    const byCell = new Map(results.map((r) => [`${r.cell.key}|${r.cell.principal.key}|${r.cell.relation ?? ''}`, r]))
    const problems: string[] = []
    for (const r of results) {
      if (r.cell.expected !== 'hidden' || r.cell.relation === 'unknown' || !r.sent) continue
      const unknown = byCell.get(`${r.cell.key}|${r.cell.principal.key}|unknown`)
      if (unknown?.refusal === undefined) continue
      if (r.refusal !== unknown.refusal) problems.push(describeCell(r.cell))
    }
    assert.equal(
      problems.length,
      0,
      `these refusals differ from the answer for a made-up id:\n${problems.slice(0, 30).join('\n')}`,
    )
  })

  test('every hidden child record or concern is audited as a denial', async () => {
    const hidden = results.filter((r) => r.cell.expected === 'hidden' && r.sent && r.problems.length === 0)
    assert.ok(hidden.length > 0)
    const rows = await world.ctx.db
      .selectFrom('audit_event')
      .select(['correlation_id', 'action'])
      .where(
        'correlation_id',
        'in',
        hidden.map((r) => r.requestId),
      )
      .execute()
    const denied = new Set(rows.filter((r) => /denied/.test(r.action)).map((r) => r.correlation_id))
    const unaudited = hidden.filter((r) => !denied.has(r.requestId)).map((r) => describeCell(r.cell))
    assert.equal(
      unaudited.length,
      0,
      `${unaudited.length} hidden refusals left no denial in the audit trail:\n${unaudited.slice(0, Number(process.env.MATRIX_SHOW ?? 40)).join('\n')}`,
    )
  })
})
