/**
 * Recording a concern through the JSON API under concurrent load, against the durable single-row INSERT rate of
 * the same PostgreSQL at the same concurrency, both measured in the same run.
 *
 * Targets: concerns/s at 32 clients ≥ 60% of the rate of a bare Fastify handler running the same SQL statement
 * with the same parameters (section 6; the old comparison with single-row INSERTs is kept for reference but is no
 * longer a target); no non-2xx.
 * Run: npx tsx bench/record-concern.bench.ts [seconds] [clients] [--explain] [--profile]
 *   --explain prints every statement one concern sends and the plans of its SELECTs; --profile writes a CPU profile
 *   of the app's last round against the bare handler to record-concern.cpuprofile and prints where the time went.
 * Uses the embedded PostgreSQL in .tmp/bench-record-concern (or DATABASE_URL, into a scratch database).
 *
 * Besides the two target figures it prints where the time goes (CPU of the app, of PostgreSQL and of anything
 * else on the machine; what PostgreSQL's backends wait on), the rate of audit appends alone, latency at a steady
 * 100 concerns/s, and the state of the audit trail afterwards (the app runs the audit sealer, as the service
 * does: how far behind it was when the load stopped, and whether the chain verifies).
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import Fastify from 'fastify'
import pg from 'pg'
import { appendAudit } from '../src/platform/audit/auditLog.js'
import { connect } from '../src/platform/db/database.js'
import {
  bearerToken,
  captureQueries,
  closedLoop,
  cpuMeter,
  cpuProfiler,
  describeFigures,
  describeLoad,
  explainSelects,
  load,
  openLoop,
  openScratch,
  postgresCpuSeconds,
  startApp,
  auditTrailCheck,
  waitSampler,
  type LoadResult,
} from './support/harness.js'

const SECONDS = Number(process.argv[2] ?? 15)
const CLIENTS = Number(process.argv[3] ?? 32)
const CHILDREN_PER_ORGANISATION = 5
// The people who record concerns: one member of staff in each of six organisations.
const STAFF = [
  'teacher@oakfield-primary.example',
  'teacher@riverside-academy.example',
  'practitioner@beacon-nursery.example',
  'gp@elmtree-surgery.example',
  'school.nurse@northshire-nhs.example',
  'coach@northshire-youth-fc.example',
]
const GIVEN = ['Maya', 'Oliver', 'Amelia', 'Yusuf', 'Isla', 'Noah', 'Zara', 'Leo', 'Sofia', 'Harry']
const FAMILY = ['Patel', 'Smith', 'Khan', 'Jones', 'Nowak', 'Williams', 'Begum', 'Taylor', 'Brown', 'Wilson']
const started = performance.now()
let realLimit: { apiRate: number; bareRate: number; ratio: number } | undefined

const scratch = await openScratch('bench-record-concern')
const pool = new pg.Pool({ connectionString: scratch.url, max: CLIENTS })
pool.on('error', () => undefined) // connections ended by the cleanup's DROP DATABASE ... WITH (FORCE)
const auditDb = connect(scratch.url, CLIENTS)
try {
  console.log(scratch.description)
  console.log(
    `${CLIENTS} concurrent clients, ${SECONDS} s per measurement; app pool ${scratch.poolSize} connections (the service's default)`,
  )
  const count = async (table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0)
  const measured = async <T>(run: () => Promise<T>): Promise<{ result: T; notes: string }> => {
    const cpu = cpuMeter(scratch.postmasterPid)
    const waits = waitSampler(scratch.url)
    const result = await run()
    return { result, notes: `  ${cpu.stop()}\n  ${await waits.stop()}` }
  }

  // 1. Baseline: autocommit single-row INSERTs, synchronous_commit as configured (on), on a pg.Pool of CLIENTS.
  await pool.query('CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text)')
  const payload = 'x'.repeat(200)
  const insert = () => pool.query('INSERT INTO bench_insert (payload) VALUES ($1)', [payload])
  await closedLoop(CLIENTS, 2, insert) // warm-up
  const baseline = await measured(() => closedLoop(CLIENTS, SECONDS, insert))
  console.log(
    `\n1. baseline, single-row INSERT: ${baseline.result.count} in ${SECONDS} s = ${baseline.result.perSecond.toFixed(0)}/s; ${describeFigures(baseline.result.latency)}\n${baseline.notes}`,
  )

  // 2. Audit appends alone (the code every concern, view and search runs), CLIENTS at once, one transaction each.
  const entry = {
    actorUserId: null,
    actorOrganisationId: null,
    actorRoles: [],
    action: 'bench.audit_only',
    subjectType: 'bench',
    subjectId: 'x',
    reason: 'benchmark',
  }
  const audit = await measured(() =>
    closedLoop(CLIENTS, 5, () => auditDb.transaction().execute((tx) => appendAudit(tx, entry, new Date()))),
  )
  console.log(
    `\n2. audit append alone (one transaction each, through appendAudit): ${audit.result.perSecond.toFixed(0)}/s; ${describeFigures(audit.result.latency)}\n${audit.notes}`,
  )

  // 3. The API: each member of staff creates children they may then name in concerns.
  const app = await startApp(scratch.deps)
  try {
    const people: { token: string; children: string[] }[] = []
    for (const [n, email] of STAFF.entries()) {
      const token = await bearerToken(app.address, email)
      const children: string[] = []
      for (let c = 0; c < CHILDREN_PER_ORGANISATION; c++) {
        const res = await fetch(`${app.address}/api/v1/children`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            givenName: GIVEN[(n + c) % GIVEN.length],
            familyName: `${FAMILY[(n * 3 + c) % FAMILY.length]}-${n}${c}`,
            dateOfBirth: `201${c}-0${n + 1}-1${c}`,
            sex: c % 2 === 0 ? 'female' : 'male',
          }),
        })
        const body = (await res.json()) as { id?: string }
        if (res.status !== 201 || body.id === undefined)
          throw new Error(`creating a child for ${email}: ${res.status} ${JSON.stringify(body)}`)
        children.push(body.id)
      }
      people.push({ token, children })
    }
    const observedAt = new Date(Date.now() - 2 * 3600_000).toISOString()
    const facts =
      'At morning drop-off I noticed a bruise on the left forearm, about 3cm across, purple with a yellow edge. ' +
      'When I asked how it happened the child pulled the sleeve down and looked away. ' +
      'Later in class the child flinched when a classmate raised a hand. Recorded as seen; no photographs taken.'
    const request = (i: number) => {
      const person = people[i % people.length] as { token: string; children: string[] }
      const child = person.children[Math.floor(i / people.length) % person.children.length] as string
      return {
        method: 'POST',
        path: '/api/v1/concerns',
        headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          childIds: [child],
          observedAt,
          place: 'Year 4 classroom',
          facts: `${facts} (${i})`,
          childWords: 'Dad grabbed me when I spilt the milk',
          othersPresent: 'Teaching assistant',
          categories: ['physical_abuse'],
          immediateDanger: false,
          actionTaken: 'Told the DSL in person at 9:10',
          bodyMap: [{ side: 'front', region: 'left_forearm', description: 'Purple bruise about 3cm' }],
        }),
      }
    }
    const measure = async (label: string, seconds: number, rate?: number): Promise<LoadResult> => {
      const before = await count('concern')
      const go = (s: number) =>
        rate === undefined ? load(app.address, CLIENTS, s, request) : openLoop(app.address, rate, s, request)
      await go(3) // warm-up
      const run = await measured(() => go(seconds))
      console.log(`\n${describeLoad(label, run.result)}\n${run.notes}`)
      console.log(
        `  concern rows written (run and warm-up): ${(await count('concern')) - before}; notification outbox rows in all: ${await count('notification_outbox')}`,
      )
      return run.result
    }
    const run = await measure(
      `3. POST /api/v1/concerns, ${CLIENTS} connections as fast as answered (${STAFF.length} members of staff)`,
      SECONDS,
    )
    const steady = await measure(
      '4. POST /api/v1/concerns arriving at a steady 100/s (open loop, one every 10 ms)',
      10,
      100,
    )
    const trail = await auditTrailCheck(scratch.db)
    console.log(`\n5. ${trail}`)

    // 6. Against its real limit: the same writes with the same parameters (a fresh concern id each time) — the
    // concern's INSERT and its audit row's INSERT in one transaction, as the step engine sends them — from a bare
    // Fastify handler (no sign-in, validation, access check or serialisation) on a pool of the same size,
    // alternated with the API so both see the same machine. CPU per concern for this process and PostgreSQL.
    const probe = request(0)
    const captured = await captureQueries(() =>
      fetch(`${app.address}${probe.path}`, { method: 'POST', headers: probe.headers, body: probe.body }).then((r) =>
        r.json(),
      ),
    )
    if (process.argv.includes('--explain')) {
      // Where PostgreSQL's time per concern goes: every statement one API call sends, and the plans of its SELECTs.
      console.log(`\none POST /api/v1/concerns sends ${captured.length} statements:`)
      for (const q of captured) console.log(`  ${q.text.replace(/\s+/g, ' ').slice(0, 160)}`)
      console.log(await explainSelects(scratch.url, captured, true, (text) => /^\s*select/i.test(text)))
    }
    const statement = captured.find((q) => q.text.includes('INSERT INTO concern ('))
    if (statement === undefined) throw new Error('no INSERT INTO concern statement captured from the API')
    const capturedId = statement.values.find(
      (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
    )
    const barePool = new pg.Pool({ connectionString: scratch.url, max: scratch.poolSize })
    barePool.on('error', () => undefined)
    const bare = Fastify({ logger: false })
    const auditStatement = captured.find((q) => q.text.includes('insert into "audit_event"'))
    if (auditStatement === undefined) throw new Error('no audit_event INSERT captured from the API')
    // The concern's id stands in the audit row too (its subject): each bare request writes a fresh one.
    const oldId = typeof capturedId === 'string' ? capturedId : undefined
    const withId = (values: readonly unknown[], id: string) =>
      values.map((v) => (oldId !== undefined && typeof v === 'string' ? v.replaceAll(oldId, id) : v))
    bare.post('/api/v1/concerns', async (_request, reply) => {
      const id = randomUUID()
      const client = await barePool.connect()
      try {
        await client.query('BEGIN')
        await client.query({ name: 'bare-record-concern', text: statement.text, values: withId(statement.values, id) })
        await client.query({ name: 'bare-audit', text: auditStatement.text, values: withId(auditStatement.values, id) })
        await client.query('COMMIT')
      } finally {
        client.release()
      }
      return reply.code(201).send({ id })
    })
    const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' })
    try {
      const perConcern = async (address: string, profile?: string) => {
        await load(address, CLIENTS, 2, request) // warm-up
        const profiler = profile === undefined ? undefined : cpuProfiler()
        await profiler?.start()
        const cpu0 = process.cpuUsage()
        const pg0 = scratch.postmasterPid === undefined ? 0 : postgresCpuSeconds(scratch.postmasterPid)
        const r = await load(address, CLIENTS, SECONDS, request)
        const cpu = process.cpuUsage(cpu0)
        const pgS = scratch.postmasterPid === undefined ? Number.NaN : postgresCpuSeconds(scratch.postmasterPid) - pg0
        if (profiler !== undefined)
          console.log(`\n  CPU profile of the API's last round: ${await profiler.stop(profile as string, 25)}`)
        return { r, nodeMs: (cpu.user + cpu.system) / 1000 / r.ok, pgMs: (pgS * 1000) / r.ok }
      }
      const rounds: { api: Awaited<ReturnType<typeof perConcern>>; bare: Awaited<ReturnType<typeof perConcern>> }[] = []
      for (let round = 0; round < 2; round++)
        rounds.push({
          bare: await perConcern(bareAddress),
          api: await perConcern(
            app.address,
            round === 1 && process.argv.includes('--profile') ? 'record-concern.cpuprofile' : undefined,
          ),
        })
      console.log(
        `\n6. POST /api/v1/concerns against a bare Fastify handler running the same statement, ${CLIENTS} clients, ${SECONDS} s each, alternated`,
      )
      for (const [n, { api, bare: b }] of rounds.entries())
        console.log(
          `  round ${n + 1}: bare ${b.r.perSecond.toFixed(0)}/s (${describeFigures(b.r.latency)}; non-2xx ${b.r.non2xx}); API ${api.r.perSecond.toFixed(0)}/s (${describeFigures(api.r.latency)}; non-2xx ${api.r.non2xx}); ratio ${((api.r.perSecond / b.r.perSecond) * 100).toFixed(1)}%\n` +
            `    CPU per concern: bare — this process ${b.nodeMs.toFixed(2)} ms, PostgreSQL ${b.pgMs.toFixed(2)} ms; API — this process ${api.nodeMs.toFixed(2)} ms, PostgreSQL ${api.pgMs.toFixed(2)} ms (this process includes the load generator in both)`,
        )
      const apiRate = rounds.reduce((s, r) => s + r.api.r.perSecond, 0) / rounds.length
      const bareRate = rounds.reduce((s, r) => s + r.bare.r.perSecond, 0) / rounds.length
      realLimit = { apiRate, bareRate, ratio: apiRate / bareRate }
    } finally {
      await bare.close()
      await barePool.end()
    }

    const ratio = run.perSecond / baseline.result.perSecond
    console.log('\nsummary')
    if (realLimit !== undefined)
      console.log(
        `  against the same statement from a bare handler: API ${realLimit.apiRate.toFixed(0)}/s, bare ${realLimit.bareRate.toFixed(0)}/s = ${(realLimit.ratio * 100).toFixed(1)}% (target ≥ 60%) ${realLimit.ratio >= 0.6 ? 'MET' : 'MISSED'}`,
      )
    console.log(`  baseline single-row INSERTs:  ${baseline.result.perSecond.toFixed(0)}/s at ${CLIENTS} clients`)
    console.log(`  concerns recorded:            ${run.perSecond.toFixed(0)}/s at ${CLIENTS} clients`)
    console.log(
      `  ratio:                        ${(ratio * 100).toFixed(1)}% (target ≥ 50%) ${ratio >= 0.5 ? 'MET' : 'MISSED'}`,
    )
    console.log(
      `  latency:                      ${describeFigures(run.latency)} (target p99 ≤ 50 ms) ${run.latency.p99 <= 50 ? 'MET' : 'MISSED'}`,
    )
    console.log(
      `  non-2xx:                      ${run.non2xx} (must be 0)${run.errors + run.timeouts > 0 ? `; socket errors ${run.errors}, timeouts ${run.timeouts}` : ''}`,
    )
    console.log(
      `  audit appends alone:          ${audit.result.perSecond.toFixed(0)}/s, ${describeFigures(audit.result.latency)}`,
    )
    console.log(`  at a steady 100 concerns/s:   ${describeFigures(steady.latency)}, non-2xx ${steady.non2xx}`)
    console.log(`  ${trail}`)
    console.log(
      `  note: PostgreSQL, the app and autocannon share the same ${os.cpus().length} CPU cores; total run ${((performance.now() - started) / 1000).toFixed(0)} s`,
    )
  } finally {
    await app.close()
  }
} finally {
  await auditDb.destroy()
  await pool.end()
  await scratch.close()
}
