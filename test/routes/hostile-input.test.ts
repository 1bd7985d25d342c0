import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { sql } from 'kysely'
import type { RegisteredRoute } from '../../src/platform/web/routeTable.js'
import { matrix, type MatrixEntry } from '../access/matrix.js'
import {
  allowedCell,
  cellUrl,
  compareWithMatrix,
  describeMismatch,
  fillPath,
  isApiPath,
  routeKey,
  send,
  type Cell,
} from '../access/walker.js'
import { World, type Credentials } from '../access/world.js'

/**
 * Hostile input never produces a server error, and a refused request writes nothing. Driven by the route table
 * and the access matrix: every POST route gets fast-check bodies as someone allowed to call it (so the input
 * reaches the handler, not just the door), every form gets missing and replayed CSRF tokens, every route
 * expired credentials, every GET route odd query strings and every route with a parameter odd ids. Values:
 * wrong types, huge strings, unicode and control characters, SQL and HTML fragments, odd numbers and dates.
 */
let world: World
let countRows: () => Promise<Record<string, number>>

before(async () => {
  world = await World.build()
  // Every table a request could write to. The audit trail is left out: refusals are audited, by design.
  const tables = await sql<{
    name: string
  }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'audit%' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(
    world.ctx.db,
  )
  const query = sql.raw(
    `SELECT ${tables.rows.map((t) => `(SELECT count(*) FROM "${t.name}")::int AS "${t.name}"`).join(', ')}`,
  )
  countRows = async () => (await query.execute(world.ctx.db)).rows[0] as Record<string, number>
})
after(async () => world.close())

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE concern; --",
    '<script>alert(1)</script>',
    '<b>x</b>',
    '\u0000',
    '\u202e\u200b\ufeff',
    '../../etc/passwd',
    '%00',
    '2025-02-30',
    '9999-99-99',
    '31',
    '-1',
    '1e308',
    'NaN',
    'yes',
    '🙂'.repeat(3000),
    'x'.repeat(200_000),
    '{{ 7*7 }}',
    '${7*7}',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
)

/** Field names any form or API body in the service uses, so generated bodies hit real fields. */
const commonFields = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'nhsNumber',
  'upn',
  'childIds',
  'observedAt',
  'place',
  'facts',
  'categories',
  'immediateDanger',
  'bodyMap',
  'kind',
  'rationale',
  'reviewOn',
  'text',
  'email',
  'password',
  'confirm',
  'totp',
  'code',
  'roles',
  'displayName',
  'amount',
  'reason',
  'action',
  'day-day',
  'day-month',
  'day-year',
  'description',
  'add',
  'remove',
  'continue',
  'returnTo',
]

const routes = () => world.ctx.app.registeredRoutes()
const entryOf = (r: RegisteredRoute): MatrixEntry => {
  const entry = matrix[routeKey(r)]
  if (entry === undefined) throw new Error(describeMismatch([r], []))
  return entry
}
const changesState = (r: RegisteredRoute) => r.method !== 'GET' && r.method !== 'HEAD'

interface Target {
  readonly route: RegisteredRoute
  readonly entry: MatrixEntry
  readonly cell: Cell
  readonly url: string
  readonly credentials: Credentials
  readonly validBody: Record<string, unknown>
}

/** Someone allowed, with their subject filled in (fresh if the route uses it up) and a body the route accepts. */
async function targetFor(route: RegisteredRoute): Promise<Target> {
  const entry = entryOf(route)
  const cell = allowedCell(route, entry, world.principals)
  if (cell === undefined) throw new Error(`${routeKey(route)}: the matrix lets nobody call it`)
  const id =
    entry.subject === undefined || cell.relation === undefined
      ? undefined
      : await world.subject(entry.subject, cell.relation, cell.principal, entry.fresh, entry.state)
  const credentials = entry.endsSession ? await world.signIn(cell.principal) : world.credentialsOf(cell.principal)
  return {
    route,
    entry,
    cell,
    url: cellUrl(entry, route, id, world),
    credentials,
    validBody: entry.body?.({ id, principal: cell.principal, world, n: world.next() }) ?? {},
  }
}

const verdict = (route: RegisteredRoute, what: unknown, status: number, body: string) =>
  `${routeKey(route)} ${JSON.stringify(what)?.slice(0, 300)} → ${status} ${body.slice(0, 300)}`

describe('hostile input to every route in the table', () => {
  test('the table covers every route', () => {
    const { missing, stale } = compareWithMatrix(routes(), matrix)
    assert.ok(missing.length === 0 && stale.length === 0, describeMismatch(missing, stale))
  })

  test('every POST route, given hostile bodies by someone allowed: no 5xx, and nothing written when refused', async (t) => {
    for (const route of routes().filter(changesState)) {
      await t.test(routeKey(route), async () => {
        const target = await targetFor(route)
        const keys = [...new Set([...Object.keys(target.validBody), ...commonFields])]
        const body = fc.oneof(
          // A valid body with some fields spoiled reaches deeper than pure noise.
          fc
            .dictionary(
              fc.constantFrom(
                ...(Object.keys(target.validBody).length > 0 ? Object.keys(target.validBody) : commonFields),
              ),
              nasty,
              { maxKeys: 3 },
            )
            .map((spoilt) => ({ ...target.validBody, ...spoilt })),
          fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: 8 }),
          fc.oneof(fc.constant(null), fc.array(nasty, { maxLength: 3 }), fc.string({ maxLength: 30 }), fc.integer()),
        )
        const encoding = isApiPath(route.url)
          ? fc.constantFrom('json', 'json', 'form', 'raw')
          : fc.constantFrom('form', 'form', 'json')
        await fc.assert(
          fc.asyncProperty(body, encoding, async (b, enc) => {
            const before = await countRows()
            const raw = enc === 'raw' ? (typeof b === 'string' ? b : `${JSON.stringify(b) ?? ''}}{`) : b
            const res = await send(world, route, {
              url: target.url,
              credentials: target.credentials,
              body: raw,
              encoding: enc as 'form' | 'json' | 'raw',
            })
            assert.ok(res.statusCode < 500, verdict(route, raw, res.statusCode, res.body))
            if (res.statusCode >= 400)
              assert.deepEqual(
                await countRows(),
                before,
                `${verdict(route, raw, res.statusCode, '')}: refused but wrote`,
              )
          }),
          { numRuns: 15 },
        )
      })
    }
  })

  test('every form without its CSRF token, or with another session’s, is refused and writes nothing', async () => {
    const anonymous = world.principals.find((p) => p.kind === 'anonymous')
    const partway = world.principals.find((p) => p.kind === 'partway')
    assert.ok(anonymous !== undefined && partway !== undefined)
    for (const route of routes().filter((r) => changesState(r) && !isApiPath(r.url))) {
      const target = await targetFor(route)
      // Another session's token: the anonymous visitor's, unless the form's own caller is that visitor.
      const someoneElse: string = world.credentialsOf(target.cell.principal === anonymous ? partway : anonymous).csrf
      for (const csrf of [false, someoneElse] as const) {
        const before = await countRows()
        const res = await send(world, route, {
          url: target.url,
          credentials: target.credentials,
          body: target.validBody,
          csrf,
        })
        assert.equal(
          res.statusCode,
          403,
          `${routeKey(route)} with ${csrf === false ? 'no' : 'another session’s'} CSRF token → ${res.statusCode}`,
        )
        assert.match(res.body, /did not come from this service/)
        assert.deepEqual(await countRows(), before, `${routeKey(route)}: refused but wrote`)
      }
    }
  })

  test('every route that needs a sign-in, called with an expired session or token, sends the person to sign in and writes nothing', async () => {
    const expired = world.principals.find((p) => p.kind === 'expired')
    assert.ok(expired !== undefined)
    const credentials = world.credentialsOf(expired)
    for (const route of routes().filter((r) => r.access !== 'public')) {
      const target = await targetFor(route)
      const before = await countRows()
      const res = await send(world, route, { url: target.url, credentials, body: target.validBody })
      if (isApiPath(route.url))
        assert.equal(res.statusCode, 401, `${routeKey(route)} with an expired token → ${res.statusCode}`)
      else
        assert.ok(
          res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in'),
          `${routeKey(route)} with an expired session → ${res.statusCode} ${String(res.headers.location)}`,
        )
      assert.deepEqual(await countRows(), before, `${routeKey(route)}: refused but wrote`)
    }
  })

  test('every GET route, given query strings of every shape by someone allowed: no 5xx', async () => {
    const gets = routes().filter((r) => r.method === 'GET')
    const targets = new Map<string, Target>()
    for (const route of gets) targets.set(routeKey(route), await targetFor(route))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gets),
        fc.dictionary(
          fc.constantFrom(
            'name',
            'givenName',
            'familyName',
            'dob',
            'nhsNumber',
            'upn',
            'scope',
            'rule',
            'status',
            'sort',
            'page',
            'organisation',
            'category',
            'type',
            'returnTo',
            'timedOut',
            'peopleError',
          ),
          fc.oneof(
            fc.string({ maxLength: 300 }),
            nasty.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
          ),
          { maxKeys: 5 },
        ),
        async (route, query) => {
          const target = targets.get(routeKey(route)) as Target
          const url = `${target.url.split('?')[0] ?? ''}?${new URLSearchParams(query).toString()}`
          const res = await send(world, route, { url, credentials: target.credentials })
          assert.ok(res.statusCode < 500, verdict(route, url, res.statusCode, res.body))
        },
      ),
      { numRuns: 150 },
    )
  })

  test('every route with a parameter, given made-up ids by someone allowed: 400 or 404 (414 if absurdly long), never 5xx', async () => {
    const withParams = routes().filter((r) => /:\w+/.test(r.url))
    const targets = new Map<string, Target>()
    for (const route of withParams) targets.set(routeKey(route), await targetFor(route))
    const id = fc.oneof(
      fc.uuid(),
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
      fc.constantFrom("1' OR '1'='1", '%00', '00000000-0000-0000-0000-000000000000', 'x'.repeat(199), 'x'.repeat(500)),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withParams),
        id.filter((s) => s !== '.' && s !== '..'),
        async (route, made) => {
          const target = targets.get(routeKey(route)) as Target
          const url = fillPath(route.url, made)
          const res = await send(world, route, { url, credentials: target.credentials, body: target.validBody })
          assert.ok([400, 404, 414].includes(res.statusCode), verdict(route, url, res.statusCode, res.body))
        },
      ),
      { numRuns: 200 },
    )
  })
})
