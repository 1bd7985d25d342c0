/**
 * Shared plumbing for the HTTP benchmarks: a scratch database (embedded PostgreSQL in .tmp/<dir>, or a scratch
 * database on DATABASE_URL), the app on a random port, bearer tokens, concurrent load through autocannon, and
 * percentiles. Everything made here is dropped by `close()`, which also runs on Ctrl-C and on failure.
 */
import fs from 'node:fs'
import inspector from 'node:inspector'
import os from 'node:os'
import path from 'node:path'
import autocannon, { type Request } from 'autocannon'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { seedDemoArea } from '../../src/modules/people/steps/seedDemoArea.js'
import type { Deps } from '../../src/platform/context.js'
import { sealAll, verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { startAuditSealer } from '../../src/platform/audit/auditSealer.js'
import { connect, migrateToLatest, type Db } from '../../src/platform/db/database.js'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/platform/db/embeddedPostgres.js'
import { buildApp } from '../../src/app/app.js'
import { createLogger } from '../../src/platform/logging/logger.js'

export const DEMO_PASSWORD = 'Northshire-demo-2026'
const root = path.resolve(import.meta.dirname, '..', '..')
// Warnings and errors only, as the service logs by default.
const quiet = createLogger({ level: 'warn' })

export interface Scratch {
  readonly db: Db
  readonly deps: Deps
  /** Connection string of the scratch database. */
  readonly url: string
  readonly poolSize: number
  /** Where PostgreSQL runs, its version and the settings that matter for the figures. */
  readonly description: string
  /** The embedded PostgreSQL's postmaster, for CPU accounting (undefined with DATABASE_URL). */
  readonly postmasterPid: number | undefined
  /** The database was kept by an earlier run (`keep`) and opened again, with its data. */
  readonly reused: boolean
  close(): Promise<void>
}

/**
 * Starts (or connects to) PostgreSQL, creates and migrates a scratch database and seeds the demo area. The app's
 * pool is the service's default (10) unless told otherwise.
 */
export async function openScratch(dirName: string, poolSize = 10, options: { keep?: boolean } = {}): Promise<Scratch> {
  let embedded: EmbeddedServer | undefined
  let base: string
  const dir = path.join(root, '.tmp', dirName)
  // `keep`: the database outlives the run (not dropped, its directory not removed) and a later run with `keep`
  // opens it again, so a bench whose data takes half an hour to make (12 million children) can be measured again
  // when the machine is quiet without making it again.
  const keep = options.keep === true
  if (process.env.DATABASE_URL) base = process.env.DATABASE_URL
  else {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o711 })
    embedded = await startEmbeddedPostgres({ dataDir: dir, port: 0, log: quiet })
    base = embedded.url('postgres')
  }
  const dbName = keep ? `together_bench_kept_${dirName.replace(/[^a-z0-9]/g, '_')}` : `together_bench_${process.pid}`
  let reused = false
  const admin = new pg.Client({ connectionString: base })
  admin.on('error', () => undefined)
  let db: Db | undefined
  let closing: Promise<void> | undefined
  // Idempotent, and a second caller (the main flow's finally during a Ctrl-C cleanup) waits for the first.
  const close = (): Promise<void> => (closing ??= shutDown())
  const shutDown = async () => {
    const step = async (what: string, f: () => Promise<unknown>) => {
      try {
        await f()
      } catch (e) {
        console.error(`cleanup (${what}): ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    if (db !== undefined) await step('pool', () => (db as Db).destroy())
    if (!keep) await step('drop database', () => admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`))
    await step('admin connection', () => admin.end())
    if (embedded !== undefined) {
      await step('stop PostgreSQL', () => (embedded as EmbeddedServer).stop())
      if (!keep) fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`)
    // Work still in flight fails as its database goes away; that must not end the process before the cleanup.
    process.on('unhandledRejection', () => undefined)
    process.on('uncaughtException', () => undefined)
    void close().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await admin.connect()
    reused = keep && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount === 1
    if (!reused) await admin.query(`CREATE DATABASE ${dbName}`)
    const url = new URL(base)
    url.pathname = `/${dbName}`
    db = connect(url.toString(), poolSize)
    await migrateToLatest(db)
    const deps: Deps = {
      db,
      clock: { now: () => new Date() },
      settings: {
        demoMode: true,
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 10,
        apiTokenMinutes: 60,
        serviceUrl: 'http://localhost:3000',
        sendsEmail: false,
      },
      log: quiet,
    }
    if (!reused) await seedDemoArea(deps, 'bench')
    const setting = async (name: string) =>
      (await admin.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]?.v ?? '?'
    const version = (await setting('server_version')).split(' ')[0] ?? '?'
    const where = embedded === undefined ? 'PostgreSQL from DATABASE_URL' : `embedded PostgreSQL in .tmp/${dirName}`
    const cpus = os.cpus()
    const description =
      `${where}, version ${version}; synchronous_commit=${await setting('synchronous_commit')}, fsync=${await setting('fsync')}, ` +
      `wal_sync_method=${await setting('wal_sync_method')}, shared_buffers=${await setting('shared_buffers')}\n` +
      `machine: ${cpus.length} CPU (${cpus[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; ` +
      'PostgreSQL, the app and the load generator share these cores'
    return {
      db,
      deps,
      url: url.toString(),
      poolSize,
      description,
      postmasterPid: embedded?.postmasterPid(),
      reused,
      close,
    }
  } catch (e) {
    await close()
    throw e
  }
}

export interface RunningApp {
  readonly address: string
  close(): Promise<void>
}

/**
 * The app on a random loopback port, with the audit sealer running as `together serve` runs it; `extend` may
 * add bench-only routes first (behind the same auth hooks).
 */
export async function startApp(deps: Deps, extend?: (app: FastifyInstance) => void): Promise<RunningApp> {
  const auditSealer = startAuditSealer(deps.db, { log: deps.log })
  const app = await buildApp({
    deps,
    cookieSecret: 'bench-secret-bench-secret-bench',
    secureCookies: false,
    auditSealer,
  })
  extend?.(app)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    address,
    async close() {
      await app.close()
      await auditSealer.stop()
    },
  }
}

/** A bearer token for a demo account (demo mode: no second factor). */
export async function bearerToken(address: string, email: string): Promise<string> {
  const res = await fetch(`${address}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  })
  const body = (await res.json()) as { token?: string }
  if (res.status !== 200 || body.token === undefined)
    throw new Error(`no token for ${email}: ${res.status} ${JSON.stringify(body)}`)
  return body.token
}

export interface Figures {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function percentiles(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN }
}

export const ms = (n: number) => `${n.toFixed(1)} ms`
export const describeFigures = (f: Figures) => `p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, p99 ${ms(f.p99)}, max ${ms(f.max)}`

export interface LoadResult {
  /** Completed 2xx responses per second over the run. */
  readonly perSecond: number
  readonly completed: number
  readonly ok: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly statusCodes: Record<string, number>
  readonly seconds: number
  /** Percentiles of every response's latency, recorded here (autocannon reports no p95). */
  readonly latency: Figures
  /** autocannon's own figures (whole milliseconds), for cross-checking. */
  readonly autocannon: { p50: number; p97_5: number; p99: number }
}

/**
 * `connections` keep-alive HTTP connections, each sending its next request as soon as the last is answered, for
 * `seconds`. `next(i)` gives the i-th request (method, path, headers, body).
 */
export async function load(
  address: string,
  connections: number,
  seconds: number,
  next: (i: number) => Request,
): Promise<LoadResult> {
  let i = 0
  const latencies: number[] = []
  const started = performance.now()
  const instance = autocannon({
    url: address,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{ setupRequest: (request) => ({ ...request, ...next(i++) }) }],
  })
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
    latencies.push(responseTimeMs)
  })
  const result = await instance
  const elapsed = (performance.now() - started) / 1000
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]))
  return {
    perSecond: result['2xx'] / elapsed,
    completed: latencies.length,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: elapsed,
    latency: percentiles(latencies),
    autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
  }
}

export function describeLoad(label: string, r: LoadResult): string {
  return [
    `${label}: ${r.completed} responses in ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(0)} 2xx/s`,
    `  latency ${describeFigures(r.latency)}`,
    ...(Number.isNaN(r.autocannon.p50)
      ? []
      : [
          `  autocannon's histogram: p50 ${r.autocannon.p50} ms, p97.5 ${r.autocannon.p97_5} ms, p99 ${r.autocannon.p99} ms`,
        ]),
    `  status codes ${JSON.stringify(r.statusCodes)}; non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`,
  ].join('\n')
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds used so far by a postmaster and its live backends (exited backends count in its cutime/cstime). */
export function postgresCpuSeconds(postmasterPid: number): number {
  let ticks = 0
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited meanwhile
    }
    // Fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17), numbered from pid = 1.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const pid = Number(entry)
    const ppid = Number(f[1])
    if (pid === postmasterPid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
    else if (ppid === postmasterPid) ticks += Number(f[11]) + Number(f[12])
  }
  return ticks / TICKS_PER_SECOND
}

/**
 * CPU used from now until `stop()` by this process (the app and the load generator), by the embedded PostgreSQL
 * (when its postmaster is known) and by the whole machine, in cores.
 */
export function cpuMeter(postmasterPid?: number): { stop(): string } {
  const cores = os.cpus().length
  const canReadProc = postmasterPid !== undefined && fs.existsSync(`/proc/${postmasterPid}/stat`)
  const busy = () => os.cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0)
  const idle = () => os.cpus().reduce((s, c) => s + c.times.idle, 0)
  const start = {
    wall: performance.now(),
    self: process.cpuUsage(),
    busy: busy(),
    idle: idle(),
    pg: canReadProc ? postgresCpuSeconds(postmasterPid) : 0,
  }
  return {
    stop() {
      const wallS = (performance.now() - start.wall) / 1000
      const self = process.cpuUsage(start.self)
      const node = (self.user + self.system) / 1e6 / wallS
      const busyMs = busy() - start.busy
      const totalMs = busyMs + (idle() - start.idle)
      const machine = totalMs > 0 ? (busyMs / totalMs) * cores : Number.NaN
      const pgCores = canReadProc ? (postgresCpuSeconds(postmasterPid) - start.pg) / wallS : undefined
      const other = machine - node - (pgCores ?? 0)
      return (
        `CPU (cores of ${cores}): machine ${machine.toFixed(2)} busy; this Node process (app + autocannon, one JS thread) ${node.toFixed(2)}` +
        (pgCores === undefined
          ? ''
          : `; PostgreSQL ${pgCores.toFixed(2)}; everything else on the machine ${Math.max(0, other).toFixed(2)}`) +
        (pgCores !== undefined && other > 0.25 ? ' <- OTHER LOAD ON THE MACHINE: these figures are disturbed' : '')
      )
    },
  }
}

/** Samples what PostgreSQL's active backends are waiting on (every 100 ms) until `stop()`. */
export function waitSampler(connectionString: string): { stop(): Promise<string> } {
  const client = new pg.Client({ connectionString })
  client.on('error', () => undefined)
  const counts = new Map<string, number>()
  let samples = 0
  let running = true
  const loop = (async () => {
    await client.connect()
    while (running) {
      const rows = await client.query<{ w: string; n: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU (no wait)') AS w, count(*) AS n FROM pg_stat_activity
          WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database() GROUP BY 1`,
      )
      samples++
      for (const r of rows.rows) counts.set(r.w, (counts.get(r.w) ?? 0) + Number(r.n))
      await new Promise((r) => setTimeout(r, 100))
    }
  })().catch(() => undefined)
  return {
    async stop() {
      running = false
      await loop
      await client.end()
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)
      return `active backends by wait (mean over ${samples} samples): ${top.map(([w, n]) => `${w} ${(n / Math.max(1, samples)).toFixed(1)}`).join(', ')}`
    },
  }
}

/**
 * The audit trail after a run, as `together audit verify` would see it: how many rows the sealer had not sealed
 * yet when the load stopped (it runs in the app, as in the service), then whether the whole chain verifies
 * once the last rows are sealed.
 */
export async function auditTrailCheck(db: Db): Promise<string> {
  const atStop = await verifyAuditChain(db)
  const t = performance.now()
  await sealAll(db)
  const sealMs = performance.now() - t
  const result = await verifyAuditChain(db)
  return (
    `audit trail: ${atStop.unsealed} rows not yet sealed when the load stopped (sealed ${atStop.rows} by then); ` +
    `sealing the rest took ${sealMs.toFixed(0)} ms; verify: ${result.ok ? `OK, ${result.rows} rows in an unbroken chain` : `BROKEN at ${result.brokenAtSeq}: ${result.problem}`}`
  )
}

export interface LoopResult {
  readonly count: number
  readonly perSecond: number
  readonly latency: Figures
}

/** `clients` concurrent loops, each awaiting `op()` again as soon as it returns, for `seconds`. */
export async function closedLoop(clients: number, seconds: number, op: () => Promise<unknown>): Promise<LoopResult> {
  const latencies: number[] = []
  const started = performance.now()
  const until = started + seconds * 1000
  const worker = async () => {
    while (performance.now() < until) {
      const s = performance.now()
      await op()
      latencies.push(performance.now() - s)
    }
  }
  await Promise.all(Array.from({ length: clients }, worker))
  const elapsed = (performance.now() - started) / 1000
  return { count: latencies.length, perSecond: latencies.length / elapsed, latency: percentiles(latencies) }
}

/**
 * Open loop: starts request i at exactly start + i / rate, whether or not earlier ones have been answered (so a
 * slow answer cannot hold back the next arrival), over keep-alive connections. Latency runs from the scheduled
 * start to the end of the body.
 */
export async function openLoop(
  address: string,
  ratePerSecond: number,
  seconds: number,
  next: (i: number) => Request,
): Promise<LoadResult> {
  const total = Math.round(ratePerSecond * seconds)
  const latencies: number[] = []
  const statusCodes: Record<string, number> = {}
  let errors = 0
  const started = performance.now()
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const r = next(i)
    inFlight.push(
      fetch(`${address}${r.path ?? '/'}`, {
        method: r.method ?? 'GET',
        headers: r.headers ?? {},
        ...(r.body === undefined ? {} : { body: r.body }),
      })
        .then(async (res) => {
          await res.arrayBuffer()
          latencies.push(performance.now() - due)
          statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1
        })
        .catch(() => {
          errors++
        }),
    )
  }
  await Promise.all(inFlight)
  const elapsed = (performance.now() - started) / 1000
  const ok = Object.entries(statusCodes).reduce((s, [code, n]) => s + (code.startsWith('2') ? n : 0), 0)
  const latency = percentiles(latencies)
  return {
    perSecond: ok / elapsed,
    completed: latencies.length,
    ok,
    non2xx: latencies.length - ok,
    errors,
    timeouts: 0,
    statusCodes,
    seconds: elapsed,
    latency,
    autocannon: { p50: Number.NaN, p97_5: Number.NaN, p99: Number.NaN },
  }
}

export interface CapturedQuery {
  readonly text: string
  readonly values: readonly unknown[]
}

/** Every statement sent to PostgreSQL (through node-postgres, by anyone in this process) while `run` runs. */
export async function captureQueries(run: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = proto.query
  const captured: CapturedQuery[] = []
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args
    if (typeof first === 'string') captured.push({ text: first, values: Array.isArray(second) ? second : [] })
    else if (first !== null && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] }
      captured.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) })
    }
    return original.apply(this, args)
  }
  try {
    await run()
  } finally {
    proto.query = original
  }
  return captured
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each captured SELECT, run on its own connection in a transaction that is rolled
 * back, after replaying the set_config() calls captured before it (so a SET LOCAL threshold applies). Whole
 * plans when `full`, else each plan's top node and its planning and execution times.
 */
export async function explainSelects(
  connectionString: string,
  queries: readonly CapturedQuery[],
  full = false,
  filter: (text: string) => boolean = () => true,
): Promise<string> {
  const client = new pg.Client({ connectionString })
  client.on('error', () => undefined)
  await client.connect()
  const out: string[] = []
  const settings: CapturedQuery[] = []
  try {
    for (const q of queries) {
      if (/set_config\(/i.test(q.text)) settings.push(q)
      if (!/^\s*(select|with)\b/i.test(q.text) || /set_config\(/i.test(q.text) || !filter(q.text)) continue
      await client.query('BEGIN')
      try {
        for (const setting of settings) await client.query(setting.text, [...setting.values])
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, [...q.values])
        const lines = plan.rows.map((r) => r['QUERY PLAN'])
        const shown = full ? lines : [lines[0] ?? '', ...lines.filter((l) => /^(Planning|Execution) Time/.test(l))]
        out.push(
          `-- ${q.text.replace(/\s+/g, ' ').trim().slice(0, 160)}${q.text.length > 160 ? ' ...' : ''}\n${shown.map((l) => `   ${l}`).join('\n')}`,
        )
      } finally {
        await client.query('ROLLBACK')
      }
    }
  } finally {
    await client.end()
  }
  return out.join('\n')
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

/**
 * The V8 CPU profiler of this process (the app and the load generator share it), for a bench's --profile: the
 * profile is written for Chrome DevTools, and `stop` also gives the functions that took most of the time by
 * themselves, as text a closing note can carry ("where the time goes" for a target that is missed).
 */
export function cpuProfiler(): { start(): Promise<void>; stop(file: string, top?: number): Promise<string> } {
  const session = new inspector.Session()
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r as T))))
  return {
    async start() {
      session.connect()
      await post('Profiler.enable')
      await post('Profiler.start')
    },
    async stop(file: string, top = 15) {
      const { profile } = await post<{
        profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
      }>('Profiler.stop')
      fs.writeFileSync(file, JSON.stringify(profile))
      session.disconnect()
      return `${file} ${summariseProfile(profile, top)}`
    },
  }
}

/** A V8 CPU profile's functions that took most of the time by themselves, as text. */
export function summariseProfile(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
  top = 15,
): string {
  const byNode = new Map<number, number>()
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const total = [...byNode.values()].reduce((a, b) => a + b, 0)
  const bySite = new Map<string, number>()
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame
    const where = url === '' ? '' : ` ${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`
    const site = `${functionName === '' ? '(anonymous)' : functionName}${where}`
    bySite.set(site, (bySite.get(site) ?? 0) + (byNode.get(node.id) ?? 0))
  }
  const lines = [...bySite.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([site, us]) => `      ${((us / total) * 100).toFixed(1).padStart(5)}%  ${site}`)
  return `(${(total / 1000).toFixed(0)} ms sampled); most time by itself:\n${lines.join('\n')}`
}
