import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import type { RegisteredRoute } from '../../src/platform/web/routeTable.js'
import type { MatrixEntry } from './matrix.js'
import { policies, type Outcome } from './policies.js'
import { LEAK_MARKERS, subjectRelations, type Credentials, type Principal, type Relation, type World } from './world.js'

export const routeKey = (r: Pick<RegisteredRoute, 'method' | 'url'>): string => `${r.method} ${r.url}`

export const isApiPath = (url: string): boolean => url.startsWith('/api/')

/**
 * Routes the application registers that the matrix does not mention, and entries that match no route. Either
 * fails the suite: a new route must say who may call it, and a removed one must not leave a stale promise.
 */
export function compareWithMatrix(
  registered: readonly RegisteredRoute[],
  matrix: Readonly<Record<string, MatrixEntry>>,
): { missing: RegisteredRoute[]; stale: string[] } {
  const keys = new Set(registered.map(routeKey))
  return {
    missing: registered.filter((r) => matrix[routeKey(r)] === undefined),
    stale: Object.keys(matrix).filter((k) => !keys.has(k)),
  }
}

/** A guess at what a path parameter is, from the path, to start the entry someone has to write. */
function guessSubject(url: string): string | undefined {
  if (!/:\w+/.test(url)) return undefined
  for (const kind of Object.keys(subjectRelations)) if (url.toLowerCase().includes(kind.toLowerCase())) return kind
  return /children/.test(url) ? 'child' : undefined
}

/** The failure message: what to paste into test/access/matrix.ts, with the choices spelled out. */
export function describeMismatch(missing: readonly RegisteredRoute[], stale: readonly string[]): string {
  const lines: string[] = []
  if (missing.length > 0) {
    lines.push(
      `${missing.length} route(s) have no entry in the access matrix. Add to test/access/matrix.ts (see docs/access-matrix.md):`,
      '',
    )
    for (const r of missing) {
      const parts = [
        `policy: policies.${r.access === 'public' ? 'public' : `<who may call it: ${Object.keys(policies).join(' | ')} — or add one in test/access/policies.ts>`}`,
      ]
      if (/:\w+/.test(r.url))
        parts.push(
          `subject: '${guessSubject(r.url) ?? `<what ${/:\w+/.exec(r.url)?.[0]} is: ${Object.keys(subjectRelations).join(' | ')} — or add a kind in test/access/world.ts>`}'`,
        )
      if (r.method !== 'GET') parts.push('body: () => ({ <a body someone allowed would send> })')
      if (r.url.includes('*')) parts.push(`path: '<a concrete path to call>'`)
      lines.push(`  '${routeKey(r)}': { ${parts.join(', ')} },`)
    }
    lines.push(
      '',
      `The route is registered as ${missing.map((r) => `${routeKey(r)} → access '${r.access}'`).join('; ')}.`,
    )
  }
  if (stale.length > 0) {
    if (lines.length > 0) lines.push('')
    lines.push(
      `${stale.length} matrix entr${stale.length === 1 ? 'y matches' : 'ies match'} no registered route (renamed or removed?). Remove or rename in test/access/matrix.ts:`,
      ...stale.map((k) => `  '${k}'`),
    )
  }
  return lines.join('\n')
}

export interface Cell {
  readonly key: string
  readonly entry: MatrixEntry
  readonly route: RegisteredRoute
  readonly principal: Principal
  readonly relation: Relation | undefined
  readonly expected: Outcome
}

/**
 * Every (principal × relation) of one route. Someone stopped at the door (not signed in, partway, expired) is
 * stopped before the subject is looked at, so they try the first relation (their own, the most tempting) only.
 */
export function cellsOf(route: RegisteredRoute, entry: MatrixEntry, principals: readonly Principal[]): Cell[] {
  const relations: readonly (Relation | undefined)[] =
    entry.subject === undefined ? [undefined] : subjectRelations[entry.subject]
  return principals.flatMap((principal) => {
    const atTheDoor =
      principal.kind !== 'user' && route.access !== 'public' && entry.policy.decide(principal, relations[0]) !== 'allow'
    return (atTheDoor ? relations.slice(0, 1) : relations).map((relation) => ({
      key: routeKey(route),
      entry,
      route,
      principal,
      relation,
      expected: entry.policy.decide(principal, relation),
    }))
  })
}

export interface CellResult {
  readonly cell: Cell
  /** False when the relation cannot exist for this principal (nothing was sent). */
  readonly sent: boolean
  readonly requestId: string
  /** A refusal of child data (or a made-up id), with its per-request parts blanked, to compare with each other. */
  readonly refusal: string | undefined
  readonly problems: readonly string[]
}

const defaultOk = (method: string, api: boolean): readonly number[] =>
  method === 'GET' ? [200] : api ? [200, 201] : [303]

/** What a response must not contain when it refuses: the fixtures' children, concerns, drafts and references. */
export function leaks(world: World, body: string): string[] {
  const found: string[] = []
  const marker = LEAK_MARKERS.exec(body)
  if (marker !== null) found.push(`"${marker[0]}…"`)
  for (const id of body.match(/[0-9a-f]{8}-[0-9a-f-]{27}/gi) ?? [])
    if (world.secretIds.has(id.toLowerCase())) found.push(`id ${id}`)
  // References look like C-2026-000012 and NHS numbers are ten digits: look only where such a thing appears.
  if (/\d{6}/.test(body)) for (const text of world.secretTexts) if (body.includes(text)) found.push(`"${text}"`)
  return found
}

/** Security headers every response carries, and no-store wherever a signed-in person's data may be. */
function headerProblems(route: RegisteredRoute, res: LightMyRequestResponse): string[] {
  const problems: string[] = []
  const h = res.headers
  const type = String(h['content-type'] ?? '')
  if (h['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff')
  if (h['referrer-policy'] === undefined) problems.push('no Referrer-Policy')
  const csp = String(h['content-security-policy'] ?? '')
  if (!csp.includes("frame-ancestors 'none'")) problems.push("CSP without frame-ancestors 'none'")
  if (type.includes('text/html')) {
    if (!/script-src 'self' 'nonce-[^']+'/.test(csp)) problems.push('HTML page without a CSP script nonce')
    if (h['x-frame-options'] === undefined) problems.push('HTML page without X-Frame-Options')
  }
  const carriesData = res.statusCode < 300 || res.statusCode >= 400
  if (
    carriesData &&
    (route.access !== 'public' || type.includes('text/html')) &&
    !String(h['cache-control'] ?? '').includes('no-store')
  ) {
    problems.push(`Cache-Control is "${String(h['cache-control'] ?? '')}", not no-store`)
  }
  return problems
}

function outcomeProblems(cell: Cell, res: LightMyRequestResponse, world: World): string[] {
  const api = isApiPath(cell.route.url)
  const location = String(res.headers.location ?? '')
  const got = `${res.statusCode}${location === '' ? '' : ` → ${location}`}`
  const refusal = () => leaks(world, res.body).map((l) => `the refusal shows ${l}`)
  switch (cell.expected) {
    case 'allow': {
      const ok = cell.entry.ok ?? defaultOk(cell.route.method, api)
      if (!ok.includes(res.statusCode)) return [`expected ${ok.join(' or ')}, got ${got}`]
      if (res.statusCode === 303 && location.startsWith('/sign-in')) return [`expected to be let in, got ${got}`]
      return []
    }
    case 'forbidden':
      return res.statusCode === 403 ? refusal() : [`expected 403, got ${got}`]
    case 'refused':
      // They may see the subject (a case worker whose role does not take this step), so the page may show it.
      return res.statusCode === 403 ? [] : [`expected 403, got ${got}`]
    case 'hidden':
    case 'notFound':
      return res.statusCode === 404 ? refusal() : [`expected 404, got ${got}`]
    case 'signIn':
      if (api) return res.statusCode === 401 ? refusal() : [`expected 401, got ${got}`]
      return res.statusCode === 303 && location.startsWith('/sign-in') && !location.startsWith('/sign-in/two-factor')
        ? refusal()
        : [`expected a redirect to /sign-in, got ${got}`]
    case 'secondFactor':
      if (api) return res.statusCode === 401 ? refusal() : [`expected 401, got ${got}`]
      return res.statusCode === 303 && location.startsWith('/sign-in/two-factor')
        ? refusal()
        : [`expected a redirect to /sign-in/two-factor, got ${got}`]
    case 'home':
      return res.statusCode === 303 && location === '/' ? [] : [`expected a redirect to /, got ${got}`]
  }
}

/** The path with its parameters filled in: each gets the id, unless `others` names a value for it. */
export function fillPath(url: string, id: string | undefined, others: Readonly<Record<string, string>> = {}): string {
  return url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(others[name] ?? id ?? ''))
}

export interface Sending {
  readonly url: string
  readonly credentials: Credentials
  readonly body?: unknown
  /** How the body travels: pages take forms, the API JSON; hostile tests send either to either, or raw text. */
  readonly encoding?: 'form' | 'json' | 'raw'
  /** The CSRF token to put in a page form: the principal's own by default, none, or someone else's. */
  readonly csrf?: string | false
  readonly requestId?: string
}

/** A form body as a browser would send it: strings, repeated for arrays, anything else as its JSON text. */
export function formEncode(body: unknown, csrf: string | false): string {
  const form = new URLSearchParams()
  if (csrf !== false) form.append('_csrf', csrf)
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body))
      for (const one of Array.isArray(v) ? v : [v])
        form.append(k, typeof one === 'string' ? one : (JSON.stringify(one) ?? ''))
  }
  return form.toString()
}

/** Sends one request to a route as a principal holding the given credentials. */
export async function send(world: World, route: RegisteredRoute, s: Sending): Promise<LightMyRequestResponse> {
  const api = isApiPath(route.url)
  const headers: Record<string, string> = {}
  if (s.requestId !== undefined) headers['x-request-id'] = s.requestId
  if (api && s.credentials.bearer !== undefined) headers.authorization = `Bearer ${s.credentials.bearer}`
  if (!api) headers.cookie = s.credentials.cookie
  let payload: string | undefined
  if (route.method !== 'GET') {
    const csrf = s.csrf ?? (api ? false : s.credentials.csrf)
    const encoding = s.encoding ?? (api ? 'json' : 'form')
    if (encoding === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      payload = formEncode(s.body ?? {}, csrf)
    } else if (encoding === 'json') {
      headers['content-type'] = 'application/json'
      const body = s.body ?? {}
      payload =
        JSON.stringify(
          csrf !== false && body !== null && typeof body === 'object' && !Array.isArray(body)
            ? { _csrf: csrf, ...body }
            : body,
        ) ?? 'null'
    } else {
      headers['content-type'] = 'application/json'
      payload = String(s.body)
    }
  }
  return world.ctx.app.inject({
    method: route.method as 'GET' | 'POST',
    url: s.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  })
}

/** The URL a cell calls, with the subject (and any parameter that follows from it) filled in. */
export const cellUrl = (
  entry: MatrixEntry,
  route: RegisteredRoute,
  subjectId: string | undefined,
  world?: World,
): string =>
  (entry.path ?? fillPath(route.url, subjectId, world === undefined ? {} : entry.params?.({ id: subjectId, world }))) +
  (entry.query === undefined ? '' : `?${entry.query}`)

/** Calls one cell's request as its principal and checks the outcome and headers. */
export async function runCell(world: World, cell: Cell): Promise<CellResult> {
  const { entry, route, principal, relation, expected } = cell
  const n = world.next()
  const requestId = `matrix-${n}-${randomBytes(6).toString('hex')}`
  const fresh = expected === 'allow' ? entry.fresh : undefined
  const subjectId =
    entry.subject === undefined || relation === undefined
      ? undefined
      : await world.subject(entry.subject, relation, principal, fresh, entry.state)
  if (entry.subject !== undefined && subjectId === undefined)
    return { cell, sent: false, requestId, refusal: undefined, problems: [] }
  const credentials = entry.endsSession ? await world.signIn(principal) : world.credentialsOf(principal)
  const body = entry.body?.({ id: subjectId, principal, world, n }) ?? {}
  const response = await send(world, route, {
    url: cellUrl(entry, route, subjectId, world),
    credentials,
    body,
    requestId,
  })
  // Only what the later checks need is kept: thousands of whole responses would only feed the garbage collector.
  const refusal = expected === 'hidden' || relation === 'unknown' ? normalisedBody(response.body, subjectId) : undefined
  return {
    cell,
    sent: true,
    requestId,
    refusal,
    problems: [...outcomeProblems(cell, response, world), ...headerProblems(route, response)],
  }
}

/** Someone the matrix lets call the route, and the relation that lets them: hostile input must get past the door. */
export function allowedCell(
  route: RegisteredRoute,
  entry: MatrixEntry,
  principals: readonly Principal[],
): Cell | undefined {
  const cells = cellsOf(route, entry, principals).filter((c) => c.expected === 'allow')
  return cells.find((c) => c.principal.kind === 'user') ?? cells[0]
}

/** Runs tasks a few at a time: requests wait on PostgreSQL, so a little concurrency helps on two cores. */
export async function inParallel<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i] as T)
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return results
}

/** A page or JSON body with the per-request parts (nonces, CSRF tokens, the id asked for) blanked out. */
export function normalisedBody(body: string, id: string | undefined): string {
  let b = body
    .replace(/nonce="[^"]+"/g, 'nonce=""')
    .replace(/'nonce-[^']+'/g, "'nonce-'")
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')
  if (id !== undefined) b = b.split(id).join('{id}').split(encodeURIComponent(id)).join('{id}')
  return b
}

export const describeCell = (c: Cell): string =>
  `${c.key} as ${c.principal.kind === 'anonymous' ? 'anonymous' : `${c.principal.key} (${c.principal.roles.join(', ')}, ${c.principal.organisation.name})`}${c.relation === undefined ? '' : ` on ${c.entry.subject}:${c.relation}`}`
