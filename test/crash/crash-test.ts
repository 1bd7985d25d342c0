/**
 * Crash test: clients record concerns through the API at 16 concurrent connections while the service is killed
 * with SIGKILL at random moments. After every restart each concern whose 201 the client received must be in the
 * database exactly as sent (with its audit entry), `together audit verify` must pass, and the service must be
 * serving again within 10 seconds of the kill.
 *
 * On the embedded PostgreSQL the cycles rotate through three kinds of kill:
 *   server      the `together serve` process (its PostgreSQL is orphaned; the next start stops it), and in some
 *               cycles the restarted server again during its own start-up;
 *   postmaster  the embedded PostgreSQL's postmaster (the service restarts it by itself);
 *   everything  the server, the postmaster and every backend at once (crash recovery from the WAL on the next
 *               start — the nearest a test can come to pulling the plug; the OS page cache survives).
 * With DATABASE_URL (an external PostgreSQL the test does not own and must not kill) only the server is killed.
 *
 *   npx tsx test/crash/crash-test.ts [cycles]        (TOGETHER_CRASH_SEED=<n> repeats a run's kill moments)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import {
  childPids,
  embeddedUrl,
  freePort,
  isAlive,
  postmasterPid,
  root,
  runTogether,
  seededRandom,
  sleep,
  spawnServer,
  waitServing,
  type ServerProcess,
} from '../support/serverProcess.js'

const CONNECTIONS = 16
const RESTART_LIMIT_MS = 10_000
/**
 * A shared machine can be so busy with other work that a restart — mostly Node loading the service's modules —
 * is starved of CPU. A slow restart while the 1-minute load average is above this many runnable processes per
 * core (this test alone keeps it near 2 per core) is reported but not counted; a lost write always fails.
 */
const OVERLOAD_PER_CORE = 4
const loadAverage = () => os.loadavg()[0] ?? 0
const overloaded = () => loadAverage() > OVERLOAD_PER_CORE * os.cpus().length
const PASSWORD = 'Northshire-demo-2026'
const WRITERS = [
  'teacher@oakfield-primary.example',
  'teacher@riverside-academy.example',
  'practitioner@beacon-nursery.example',
]

type KillKind = 'server' | 'postmaster' | 'everything'

interface ConcernBody {
  childIds: string[]
  observedAt: string
  place: string
  facts: string
  childWords: string
  othersPresent: string
  categories: string[]
  immediateDanger: boolean
  actionTaken: string
  bodyMap: { side: string; region: string; description: string }[]
}

interface Acknowledged {
  readonly body: ConcernBody
  readonly email: string
  readonly at: number
}

const cycles = Number(process.argv[2] ?? 20)
const seed = Number(process.env.TOGETHER_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31))
const random = seededRandom(seed)
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
const external = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''

const dataDir = path.join(root, '.tmp', `crash-${process.pid}`)
const scratchDb = `together_crash_${process.pid}`
let scratchUrl = ''
let adminUrl = ''
let server: ServerProcess | undefined
let base = ''

const fragments = [
  'Bruise on the left forearm, about 3cm, purple.',
  'She said “Dad grabbed me” and pointed at her arm.',
  'Arrived without a coat; it was 2°C. Ate two breakfasts.',
  'Naïve café drawing — shows a locked door; 🙂 faces crossed out.',
  "Quote: 'I don't want to go home' and \"nobody listens\".",
  'Line one\nLine two\n\tindented line three',
  '<b>Written in capitals</b> & underlined: NOT SAFE',
  'Σπίτι, дом, 家 — wrote "home" in three languages.',
]
const text = (marker: string, long: boolean) => {
  const parts = Array.from({ length: between(1, 4) }, () => fragments[between(0, fragments.length - 1)] as string)
  const body = `${parts.join(' ')} [${marker}]`
  return long ? `${body} ${'Observed again at break time. '.repeat(between(50, 250))}`.trim() : body
}

function makeConcern(marker: string, childIds: readonly string[]): ConcernBody {
  const categories = ['physical_abuse', 'neglect', 'emotional_abuse', 'domestic_abuse', 'online_harm']
  return {
    childIds: [childIds[between(0, childIds.length - 1)] as string],
    observedAt: new Date(Date.now() - between(1, 600) * 60_000).toISOString(),
    // The marker finds attempts the client never heard back from.
    place: `Crash test ${marker}`,
    facts: text(marker, random() < 0.1),
    childWords: random() < 0.5 ? text(marker, false) : '',
    othersPresent: random() < 0.3 ? 'Teaching assistant' : '',
    categories: [categories[between(0, categories.length - 1)] as string],
    immediateDanger: false,
    actionTaken: random() < 0.5 ? 'Told the DSL in person' : '',
    bodyMap: random() < 0.3 ? [{ side: 'front', region: 'left_forearm', description: `Mark ${marker}` }] : [],
  }
}

// ---------- the clients ----------

const acknowledged = new Map<string, Acknowledged>()
const unanswered: string[] = []
const unexpected: string[] = []
let paused = true
let stopping = false
let inFlight = 0
let writes = 0
const tokens = new Map<string, string>()
const children = new Map<string, string[]>()

async function writer(n: number): Promise<void> {
  for (let i = 0; !stopping; i++) {
    if (paused) {
      await sleep(20)
      continue
    }
    const email = WRITERS[n % WRITERS.length] as string
    const marker = `s${seed}-w${n}-${i}`
    const body = makeConcern(marker, children.get(email) ?? [])
    inFlight++
    writes++
    try {
      const res = await fetch(`${base}/api/v1/concerns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.get(email) ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      })
      const answer = await res.text()
      if (res.status === 201)
        acknowledged.set((JSON.parse(answer) as { id: string }).id, { body, email, at: performance.now() })
      else {
        unanswered.push(body.place)
        // While PostgreSQL is down or recovering, requests fail with 500 (or 503); anything else is a bug.
        if (res.status !== 500 && res.status !== 503) unexpected.push(`${res.status} ${answer.slice(0, 300)}`)
        await sleep(200)
      }
    } catch {
      // Refused or cut off: the service is down. Try again shortly, as a person pressing the button again would.
      unanswered.push(body.place)
      await sleep(200)
    } finally {
      inFlight--
    }
  }
}

async function pauseWriters(): Promise<void> {
  paused = true
  while (inFlight > 0) await sleep(10)
}

// ---------- checks ----------

const databaseUrl = () => (external ? scratchUrl : embeddedUrl(dataDir))

interface Check {
  readonly lost: string[]
  readonly auditOk: boolean
  readonly auditMessage: string
}

async function check(lastKillAt: number): Promise<Check> {
  // All read-only with the writers paused, so the audit verification runs beside the content checks.
  const audit = runTogether(['audit', 'verify'], cliEnv())
  const lost: string[] = []
  const client = new pg.Client({ connectionString: databaseUrl() })
  client.on('error', () => undefined)
  await client.connect()
  try {
    const ids = [...acknowledged.keys()]
    const rows = await client.query<{
      id: string
      place: string
      facts: string
      child_words: string
      others_present: string
      categories: string[]
      immediate_danger: boolean
      action_taken: string
      observed_at: Date
      body_map: { side: string; region?: string; description: string }[]
      child_ids: string[]
      audited: boolean
    }>(
      `SELECT c.id, c.place, c.facts, c.child_words, c.others_present, c.categories, c.immediate_danger, c.action_taken, c.observed_at, c.body_map,
              (SELECT array_agg(cc.child_id::text ORDER BY cc.child_id) FROM concern_child cc WHERE cc.concern_id = c.id) AS child_ids,
              EXISTS (SELECT 1 FROM audit_event a WHERE a.action = 'concern.recorded' AND a.subject_id = c.id::text) AS audited
         FROM concern c WHERE c.id = ANY($1::uuid[])`,
      [ids],
    )
    const found = new Map(rows.rows.map((r) => [r.id, r]))
    for (const [id, { body }] of acknowledged) {
      const r = found.get(id)
      if (r === undefined) {
        lost.push(`${id} (${body.place}): missing`)
        continue
      }
      const problems = [
        r.place !== body.place && 'place',
        r.facts !== body.facts && 'facts',
        r.child_words !== body.childWords && 'childWords',
        r.others_present !== body.othersPresent && 'othersPresent',
        JSON.stringify(r.categories) !== JSON.stringify(body.categories) && 'categories',
        r.immediate_danger !== body.immediateDanger && 'immediateDanger',
        r.action_taken !== body.actionTaken && 'actionTaken',
        r.observed_at.getTime() !== Date.parse(body.observedAt) && 'observedAt',
        JSON.stringify(r.body_map.map((m) => [m.side, m.region, m.description])) !==
          JSON.stringify(body.bodyMap.map((m) => [m.side, m.region, m.description])) && 'bodyMap',
        JSON.stringify(r.child_ids) !== JSON.stringify([...body.childIds].sort()) && 'children',
        !r.audited && 'audit entry',
      ].filter((p) => p !== false)
      if (problems.length > 0) lost.push(`${id} (${body.place}): differs in ${problems.join(', ')}`)
    }
  } finally {
    await client.end()
  }
  // Through the API as well: the concerns acknowledged just before the kill, read back by their authors.
  const recent = [...acknowledged].filter(([, a]) => a.at > lastKillAt - 1_000 && a.at <= lastKillAt).slice(-8)
  for (const [id, a] of recent) {
    const res = await fetch(`${base}/api/v1/concerns/${id}`, {
      headers: { authorization: `Bearer ${tokens.get(a.email) ?? ''}` },
    })
    const view = (await res.json()) as {
      facts?: string
      place?: string
      childWords?: string
      children?: { id: string }[]
    }
    if (
      res.status !== 200 ||
      view.facts !== a.body.facts ||
      view.place !== a.body.place ||
      view.childWords !== a.body.childWords ||
      view.children?.[0]?.id !== a.body.childIds[0]
    ) {
      lost.push(`${id} (${a.body.place}): GET /api/v1/concerns/${id} answered ${res.status} with different content`)
    }
  }
  const verified = await audit
  return {
    lost,
    auditOk: verified.code === 0 && verified.stdout.startsWith('OK'),
    auditMessage: (verified.stdout + verified.stderr).trim().split('\n')[0] ?? '',
  }
}

// ---------- the service ----------

let port = 0
const cliEnv = (): NodeJS.ProcessEnv => ({
  TOGETHER_DATA_DIR: dataDir,
  DATABASE_URL: external ? scratchUrl : undefined,
  TOGETHER_LOG_LEVEL: 'warn',
})
const start = () => (server = spawnServer({ ...cliEnv(), PORT: String(port), TOGETHER_DEMO_MODE: 'on' }))

async function killServer(): Promise<void> {
  if (server === undefined) return
  process.kill(server.pid, 'SIGKILL')
  await server.exited
}

async function setUp(): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 })
  port = await freePort()
  base = `http://127.0.0.1:${port}`
  if (external) {
    adminUrl = process.env.DATABASE_URL as string
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${scratchDb} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${scratchDb}`)
    await admin.end()
    const u = new URL(adminUrl)
    u.pathname = `/${scratchDb}`
    scratchUrl = u.toString()
    // With DATABASE_URL the service does not seed the demo area by itself.
    const seeded = await runTogether(['seed', '--demo'], cliEnv())
    if (seeded.code !== 0) throw new Error(`seed --demo failed: ${seeded.stderr}`)
  }
  start()
  if ((await waitServing(base, 60_000)) === undefined)
    throw new Error(`the service did not start:\n${server?.output() ?? ''}`)
  for (const email of WRITERS) {
    const res = await fetch(`${base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    const token = ((await res.json()) as { token?: string }).token
    if (token === undefined) throw new Error(`no API token for ${email} (${res.status})`)
    tokens.set(email, token)
    const ids: string[] = []
    for (const [given, family, dob] of [
      ['Maya', 'Patel', '2017-03-02'],
      ['Leo', 'Novak', '2015-09-30'],
    ] as const) {
      const made = await fetch(`${base}/api/v1/children`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          givenName: given,
          familyName: `${family}-${email.split('@')[1]?.split('.')[0] ?? ''}`,
          dateOfBirth: dob,
          sex: 'female',
        }),
      })
      if (made.status !== 201 && made.status !== 200)
        throw new Error(`could not add a child: ${made.status} ${await made.text()}`)
      ids.push(((await made.json()) as { id: string }).id)
    }
    children.set(email, ids)
  }
}

async function tearDown(ok: boolean): Promise<void> {
  stopping = true
  if (server !== undefined && isAlive(server.pid)) {
    process.kill(server.pid, 'SIGTERM')
    const done = await Promise.race([server.exited.then(() => true), sleep(20_000).then(() => false)])
    if (!done) process.kill(server.pid, 'SIGKILL')
  }
  if (!external) {
    const pm = postmasterPid(dataDir)
    if (pm !== undefined && isAlive(pm)) {
      process.kill(pm, 'SIGINT')
      for (let i = 0; i < 100 && isAlive(pm); i++) await sleep(100)
    }
  } else if (adminUrl !== '') {
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${scratchDb} WITH (FORCE)`)
    await admin.end()
  }
  if (ok) fs.rmSync(dataDir, { recursive: true, force: true })
  else console.log(`crash test: data kept in ${dataDir}`)
}

async function main(): Promise<number> {
  const started = performance.now()
  const kinds: KillKind[] = external ? ['server'] : ['server', 'postmaster', 'server', 'everything']
  console.log(
    `crash test: ${cycles} cycles, ${CONNECTIONS} concurrent connections recording concerns, seed ${seed}; ` +
      (external
        ? 'external PostgreSQL from DATABASE_URL: only the server is killed (the test does not own that PostgreSQL, so it cannot kill its postmaster)'
        : 'embedded PostgreSQL: kills the server, the postmaster, or both with every backend'),
  )
  await setUp()
  const workers = Array.from({ length: CONNECTIONS }, (_, n) => writer(n))
  const restarts: number[] = []
  const counts: Record<string, number> = { server: 0, postmaster: 0, everything: 0, 'during start-up': 0 }
  let failed = false
  let lostWrites = 0
  const excused: string[] = []
  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      paused = false
      // Let the restarted service take some writes, then kill it at a random moment while writes are in flight.
      const ackedBefore = acknowledged.size
      const phaseStarted = performance.now()
      const patience = () => (overloaded() ? 3 : 1) * RESTART_LIMIT_MS
      while (acknowledged.size < ackedBefore + 10 && performance.now() - phaseStarted < patience()) await sleep(10)
      if (acknowledged.size < ackedBefore + 10) {
        failed = true
        console.log(
          `cycle ${cycle}: the service acknowledged only ${acknowledged.size - ackedBefore} writes in ${(patience() / 1000).toFixed(0)} s\n${server?.output() ?? ''}`,
        )
        break
      }
      await sleep(between(0, 800))
      const kind = kinds[(cycle - 1) % kinds.length] as KillKind
      counts[kind] = (counts[kind] ?? 0) + 1
      const oldPostmaster = external ? undefined : postmasterPid(dataDir)
      const killedAt = performance.now()
      let lastKillAt = killedAt
      if (kind === 'server') {
        await killServer()
        if (cycle % 3 === 0) {
          // Kill the replacement too, somewhere in its start-up (loading, stopping the orphan, recovery, migrations).
          start()
          await sleep(between(100, 1_500))
          counts['during start-up'] = (counts['during start-up'] ?? 0) + 1
          lastKillAt = performance.now()
          await killServer()
        }
        start()
      } else if (kind === 'postmaster') {
        if (oldPostmaster === undefined) throw new Error('no postmaster.pid to kill')
        process.kill(oldPostmaster, 'SIGKILL')
      } else {
        const victims = oldPostmaster === undefined ? [] : [oldPostmaster, ...childPids(oldPostmaster)]
        for (const pid of [server?.pid, ...victims]) if (pid !== undefined) process.kill(pid, 'SIGKILL')
        await server?.exited
        start()
      }
      // After a postmaster kill the old backends may answer for a moment: wait for the new postmaster first.
      const restarted = () =>
        kind !== 'postmaster' || (postmasterPid(dataDir) !== oldPostmaster && isAlive(postmasterPid(dataDir) ?? -1))
      const waited = await waitServing(base, RESTART_LIMIT_MS * 3, restarted)
      // Counted from the last kill: a start-up that is itself killed gets a fresh 10 seconds.
      const restartMs = performance.now() - lastKillAt
      restarts.push(restartMs)
      await pauseWriters()
      const checkStarted = performance.now()
      const result = await check(killedAt)
      const checkMs = performance.now() - checkStarted
      let slow = waited === undefined || restartMs > RESTART_LIMIT_MS
      if (slow && waited !== undefined && overloaded()) {
        excused.push(`cycle ${cycle}: ${(restartMs / 1000).toFixed(2)} s at load average ${loadAverage().toFixed(1)}`)
        slow = false
      }
      console.log(
        `cycle ${String(cycle).padStart(2)}: killed ${kind.padEnd(10)} serving again after ${(restartMs / 1000).toFixed(2)} s; ` +
          `acknowledged so far ${acknowledged.size}, lost ${result.lost.length}; audit ${result.auditOk ? 'verified' : 'BROKEN'} (checks took ${(checkMs / 1000).toFixed(2)} s)`,
      )
      if (excused.at(-1)?.startsWith(`cycle ${cycle}:`) === true) {
        console.log(
          `  over ${RESTART_LIMIT_MS / 1000} s while the machine was overloaded (load average ${loadAverage().toFixed(1)} on ${os.cpus().length} cores): reported, not counted`,
        )
      }
      lostWrites = result.lost.length
      if (result.lost.length > 0 || !result.auditOk || slow || unexpected.length > 0) {
        failed = true
        for (const l of result.lost.slice(0, 10)) console.log(`  LOST ${l}`)
        if (!result.auditOk) console.log(`  AUDIT CHAIN: ${result.auditMessage}`)
        if (slow) console.log(`  SLOW RESTART: ${(restartMs / 1000).toFixed(2)} s (limit ${RESTART_LIMIT_MS / 1000} s)`)
        for (const u of unexpected.slice(0, 5)) console.log(`  UNEXPECTED RESPONSE ${u}`)
        console.log(`  server output:\n${server?.output().replace(/^/gm, '    ') ?? ''}`)
        break
      }
    }
  } finally {
    await pauseWriters()
    stopping = true
    await Promise.all(workers)
  }
  // Attempts the client never heard back from may or may not have committed; either is correct.
  let committedAnyway = 0
  if (!failed && unanswered.length > 0) {
    const client = new pg.Client({ connectionString: databaseUrl() })
    await client.connect()
    committedAnyway = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM concern WHERE place = ANY($1)', [unanswered]))
        .rows[0]?.n ?? 0,
    )
    await client.end()
  }
  const sorted = [...restarts].sort((a, b) => a - b)
  console.log(
    [
      `crash test ${failed ? 'FAILED' : 'passed'} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      `  cycles: ${restarts.length} (kills: server ${counts.server}, postmaster ${counts.postmaster}, everything ${counts.everything}; plus ${counts['during start-up']} kills of a restarting server during start-up)`,
      `  writes attempted: ${writes}; acknowledged: ${acknowledged.size}; lost: ${lostWrites}`,
      `  unanswered attempts (in flight at a kill or sent while down): ${unanswered.length}, of which committed anyway: ${committedAnyway}`,
      `  serving again after a kill: median ${((sorted[Math.floor(sorted.length / 2)] ?? 0) / 1000).toFixed(2)} s, slowest ${((sorted[sorted.length - 1] ?? 0) / 1000).toFixed(2)} s (limit ${RESTART_LIMIT_MS / 1000} s)` +
        (excused.length > 0 ? `; over the limit on an overloaded machine, not counted: ${excused.join(', ')}` : ''),
    ].join('\n'),
  )
  await tearDown(!failed)
  return failed ? 1 : 0
}

const watchdog = setTimeout(() => {
  console.log('crash test: gave up after 5 minutes')
  if (server !== undefined && isAlive(server.pid)) process.kill(server.pid, 'SIGKILL')
  process.exit(1)
}, 300_000)
watchdog.unref()

main().then(
  (code) => process.exit(code),
  async (e: unknown) => {
    console.error(`crash test: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    if (server !== undefined) console.error(server.output())
    await tearDown(false).catch(() => undefined)
    process.exit(1)
  },
)
