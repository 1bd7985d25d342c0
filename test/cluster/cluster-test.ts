/**
 * Cluster test (issue 16): the clustered topology of ops/cluster/cluster.sh — etcd, three PostgreSQL nodes under
 * Patroni (one synchronous standby, strict), HAProxy in front of the primary and of three app servers — under
 * write load, with real SMTP. In one run:
 *
 *   app server lost   SIGKILL one of the three app servers while concerns are recorded through HAProxy: no
 *                     acknowledged write lost, no email sent twice, a session and an API token made on the killed
 *                     server still valid on the other two, the audit chain verifies.
 *   failover          SIGKILL the primary's Patroni, postmaster and backends (the machine is gone): Patroni promotes
 *                     the synchronous standby and the service acknowledges writes again within 30 s; every
 *                     acknowledged concern is there, exactly as sent, and the audit chain verifies.
 *   split brain       the old primary is started again: it rejoins as a standby and refuses a write sent to it
 *                     directly (HAProxy never sends it any, as its Patroni does not answer /primary).
 *   standby lost      with both standbys down a write waits (it is not acknowledged unreplicated) and /health says
 *                     why; when one standby is back the waiting write is acknowledged.
 *   restore           pgBackRest restores the latest backup plus archived WAL to a moment between two recorded
 *                     concerns: the first is there, the second is not.
 *
 *   npx tsx test/cluster/cluster-test.ts [--failovers N]     (the bench: --failovers 10)
 *
 * Skipped with a message when the packages are not installed (apt-get install haproxy patroni etcd-server
 * pgbackrest postgresql), unless TOGETHER_CLUSTER_REQUIRED=1 (as in .ci/run, which installs them).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { root, runTogether, sleep } from '../support/serverProcess.js'

const script = path.join(root, 'ops', 'cluster', 'cluster.sh')
const PASSWORD = 'Northshire-demo-2026'
const WRITERS = [
  'teacher@oakfield-primary.example',
  'teacher@riverside-academy.example',
  'practitioner@beacon-nursery.example',
]
const CONNECTIONS = 6
const FAILOVER_LIMIT_MS = 30_000
const argValue = (name: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const failovers = Number(argValue('--failovers') ?? 1)

const t0 = performance.now()
/** Each line with the seconds since the start, to see where a slow run spent its time. */
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}`)

// ---------- the cluster script ----------

interface Run {
  readonly code: number | null
  readonly out: string
}

function cluster(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', [script, ...args], {
      cwd: root,
      env: { ...process.env, ...clusterEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.once('close', (code) => resolve({ code, out: out.trim() }))
  })
}

async function must(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await cluster(args, env)
  if (r.code !== 0) throw new Error(`cluster.sh ${args.join(' ')} failed (${r.code}):\n${r.out}`)
  return r.out
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })

/** A block of 50 ports nobody is listening on, so parallel runs on a shared machine do not collide. */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 300)
    const checks = await Promise.all(Array.from({ length: 50 }, (_, i) => portFree(base + i)))
    if (checks.every(Boolean)) return base
  }
  throw new Error('no free block of 50 ports')
}

const clusterDir = path.join(os.tmpdir(), `together-cluster-test-${process.pid}`)
const clusterEnv: NodeJS.ProcessEnv = { TOGETHER_CLUSTER_DIR: clusterDir }
let settings: Record<string, string> = {}
const setting = (key: string): string => {
  const v = settings[key]
  if (v === undefined) throw new Error(`cluster.env has no ${key}`)
  return v
}

// ---------- mail ----------

interface Mail {
  readonly to: string
  readonly messageId: string
  readonly subject: string
  readonly body: string
}
const mail: Mail[] = []

async function startSmtp(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const [head = '', ...rest] = raw.split('\r\n\r\n')
        const header = (name: string) =>
          new RegExp(`^${name}: *(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? ''
        for (const rcpt of session.envelope.rcptTo)
          mail.push({
            to: rcpt.address,
            messageId: header('Message-ID'),
            subject: header('Subject'),
            body: rest.join('\r\n\r\n'),
          })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  // App servers are killed mid-conversation on purpose (and all of them at the end): a connection reset by a
  // killed client is expected, and an SMTP server with no 'error' listener would end the whole test on it.
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET') log(`  mail server: ${e.message}`)
  })
  const address = server.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

// ---------- the writers ----------

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
  readonly sentAt: number
  readonly at: number
}

const acknowledged = new Map<string, Acknowledged>()
const unanswered: string[] = []
const unexpected: string[] = []
const tokens = new Map<string, string>()
const children = new Map<string, string[]>()
let stopping = false
let paused = false
let inFlight = 0
let attempts = 0
let serviceUrl = ''

function makeConcern(marker: string, childIds: readonly string[], n: number): ConcernBody {
  return {
    childIds: [childIds[n % childIds.length] as string],
    observedAt: new Date(Date.now() - (1 + (n % 600)) * 60_000).toISOString(),
    place: `Cluster test ${marker}`,
    facts: `Bruise on the left forearm, about 3cm. She said “Dad grabbed me”. [${marker}]`,
    childWords: n % 2 === 0 ? `I don't want to go home [${marker}]` : '',
    othersPresent: n % 3 === 0 ? 'Teaching assistant' : '',
    categories: [['physical_abuse', 'neglect', 'emotional_abuse'][n % 3] as string],
    immediateDanger: false,
    actionTaken: 'Told the DSL in person',
    bodyMap: n % 4 === 0 ? [{ side: 'front', region: 'left_forearm', description: `Mark ${marker}` }] : [],
  }
}

async function writer(n: number): Promise<void> {
  const email = WRITERS[n % WRITERS.length] as string
  for (let i = 0; !stopping; i++) {
    if (paused) {
      await sleep(20)
      continue
    }
    const marker = `p${process.pid}-w${n}-${i}`
    const body = makeConcern(marker, children.get(email) ?? [], i)
    inFlight++
    attempts++
    const sentAt = performance.now()
    try {
      const res = await fetch(`${serviceUrl}/api/v1/concerns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.get(email) ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(40_000),
      })
      const answer = await res.text()
      if (res.status === 201)
        acknowledged.set((JSON.parse(answer) as { id: string }).id, { body, email, sentAt, at: performance.now() })
      else {
        unanswered.push(body.place)
        // While the database is switching over the service answers 503 (or HAProxy 502/503/504): anything else is a bug.
        if (![500, 502, 503, 504].includes(res.status)) unexpected.push(`${res.status} ${answer.slice(0, 300)}`)
        await sleep(200)
      }
    } catch {
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

async function waitForAcks(count: number, timeoutMs: number): Promise<void> {
  const target = acknowledged.size + count
  const started = performance.now()
  while (acknowledged.size < target) {
    if (performance.now() - started > timeoutMs)
      throw new Error(
        `only ${acknowledged.size - target + count} of ${count} writes acknowledged in ${timeoutMs / 1000} s`,
      )
    await sleep(20)
  }
}

// ---------- checks ----------

async function withDb<T>(run: (client: pg.Client) => Promise<T>, url = setting('DATABASE_URL')): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Every acknowledged concern, field by field, with its audit row; the lost ones described. */
async function lostWrites(): Promise<string[]> {
  const lost: string[] = []
  await withDb(async (client) => {
    const rows = await client.query<{
      id: string
      place: string
      facts: string
      child_words: string
      others_present: string
      categories: string[]
      observed_at: Date
      body_map: unknown[]
      audited: boolean
    }>(
      `SELECT c.id, c.place, c.facts, c.child_words, c.others_present, c.categories, c.observed_at, c.body_map,
              EXISTS (SELECT 1 FROM audit_event a WHERE a.action = 'concern.recorded' AND a.subject_id = c.id::text) AS audited
         FROM concern c WHERE c.id = ANY($1::uuid[])`,
      [[...acknowledged.keys()]],
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
        r.observed_at.getTime() !== Date.parse(body.observedAt) && 'observedAt',
        r.body_map.length !== body.bodyMap.length && 'bodyMap',
        !r.audited && 'audit entry',
      ].filter((p) => p !== false)
      if (problems.length > 0) lost.push(`${id} (${body.place}): differs in ${problems.join(', ')}`)
    }
  })
  return lost
}

const cliEnv = () => ({
  DATABASE_URL: setting('DATABASE_URL'),
  TOGETHER_DATA_DIR: path.join(clusterDir, 'test-cli'),
  TOGETHER_LOG_LEVEL: 'warn',
})

async function auditVerifies(): Promise<string | undefined> {
  // Sealing runs just after each commit; seal what is left so the whole chain is checked.
  await runTogether(['audit', 'seal'], cliEnv())
  const r = await runTogether(['audit', 'verify'], cliEnv())
  return r.code === 0 && r.stdout.startsWith('OK') ? undefined : (r.stdout + r.stderr).trim()
}

/**
 * Messages whose outbox row was sent; messages made twice (the same recipient, subject and body under two
 * Message-IDs: the same event notified twice, a fault); and messages delivered again under the same Message-ID (a
 * server that died between the mail server accepting a message and the commit that marks it sent sends it again:
 * delivery is at least once, and the repeat is the same message to mail servers and clients).
 */
async function mailCheck(): Promise<{
  sent: number
  queued: number
  delivered: number
  twice: string[]
  resent: number
}> {
  // Give the outbox a few seconds to drain. Under a whole run's load it falls behind (each concern emails two or
  // three people, one commit per message), and draining is not what is checked: that no message is made twice,
  // and that every message marked sent was delivered (the delivery happens before the commit that marks it).
  let sent = 0
  let queued = 0
  for (let i = 0; i < 25; i++) {
    const [row] = await withDb(
      async (c) =>
        (
          await c.query<{ due: string; sent: string }>(
            `SELECT count(*) FILTER (WHERE sent_at IS NULL AND attempts = 0) AS due, count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent FROM notification_outbox`,
          )
        ).rows,
    )
    sent = Number(row?.sent ?? 0)
    queued = Number(row?.due ?? 0)
    if (Number(row?.due ?? 1) === 0 && mail.length >= sent) break
    await sleep(200)
  }
  const ids = new Map<string, Set<string>>()
  let resent = 0
  const delivered = new Set<string>()
  for (const m of mail) {
    if (m.messageId === '') throw new Error(`a message to ${m.to} has no Message-ID`)
    const copy = `${m.to}\n${m.messageId}`
    if (delivered.has(copy)) resent++
    delivered.add(copy)
    const key = `${m.to}\n${m.subject}\n${m.body}`
    ids.set(key, (ids.get(key) ?? new Set()).add(m.messageId))
  }
  const twice = [...ids]
    .filter(([, n]) => n.size > 1)
    .map(([k, n]) => `${n.size}× ${k.split('\n').slice(0, 2).join(' / ')}`)
  return { sent, queued, delivered: mail.length, twice, resent }
}

// ---------- sign-in ----------

async function apiToken(url: string, email: string): Promise<string> {
  // HAProxy answers 503 with its own HTML page while no app server has passed its checks: ask again for a while
  // rather than fail on the first second of a new cluster (cluster.sh waits for that too; this is the belt).
  const until = performance.now() + 30_000
  for (;;) {
    const res = await fetch(`${url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    }).catch(() => undefined)
    const isJson = (res?.headers.get('content-type') ?? '').includes('application/json')
    if (res !== undefined && isJson) {
      const token = ((await res.json()) as { token?: string }).token
      if (token === undefined) throw new Error(`no API token for ${email} (${res.status})`)
      return token
    }
    if (performance.now() > until) throw new Error(`no API token for ${email}: ${res?.status ?? 'no answer'}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** Signs in with the web form, as a browser does; the cookie header to send afterwards. */
async function webSession(url: string, email: string): Promise<string> {
  const page = await fetch(`${url}/sign-in`)
  const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  })
  const session = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if ((res.status !== 302 && res.status !== 303) || session === '')
    throw new Error(`web sign-in as ${email} answered ${res.status}`)
  return `${csrfCookie}; ${session}`
}

/** True when the session cookie opens the home page signed in on this app server. */
async function signedInAt(appUrl: string, cookie: string): Promise<boolean> {
  const res = await fetch(`${appUrl}/`, { headers: { cookie }, redirect: 'manual' })
  const html = await res.text()
  return res.status === 200 && html.includes('Sign out')
}

async function setUpWriters(): Promise<void> {
  for (const email of WRITERS) {
    const token = await apiToken(serviceUrl, email)
    tokens.set(email, token)
    const ids: string[] = []
    for (const [given, family, dob] of [
      ['Maya', 'Patel', '2017-03-02'],
      ['Leo', 'Novak', '2015-09-30'],
    ] as const) {
      const made = await fetch(`${serviceUrl}/api/v1/children`, {
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

// ---------- the phases ----------

const failures: string[] = []
const report: string[] = []
const fail = (message: string) => {
  failures.push(message)
  log(`  FAILED: ${message}`)
}
const appUrl = (i: number) => `http://127.0.0.1:${Number(setting('APP_PORT_1')) + i - 1}`
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function appServerLost(): Promise<void> {
  log('app server lost: SIGKILL app1 of 3 under write load')
  // A web session and an API token made on the server about to die.
  const cookie = await webSession(appUrl(1), WRITERS[0] as string)
  const token = await apiToken(appUrl(1), WRITERS[0] as string)
  await waitForAcks(20, 30_000)
  const before = acknowledged.size
  const failedBefore = unanswered.length
  await must(['kill-app', '1'])
  await waitForAcks(20, 30_000)
  const refused = unanswered.length - failedBefore
  for (const i of [2, 3]) {
    if (!(await signedInAt(appUrl(i), cookie))) fail(`the web session made on app1 is not valid on app${i}`)
    const res = await fetch(
      `${appUrl(i)}/api/v1/concerns/${[...acknowledged].find(([, a]) => a.email === WRITERS[0])?.[0] ?? ''}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    )
    await res.arrayBuffer()
    if (res.status !== 200) fail(`the API token made on app1 answered ${res.status} on app${i}`)
  }
  report.push(
    `app server lost: ${acknowledged.size - before} writes acknowledged after the kill; ${refused} attempts not acknowledged around it; session and token valid on app2 and app3`,
  )
  log(`  ${report.at(-1) ?? ''}`)
  // app1 stays down: the rest of the run is served by two.
}

/** Kills the primary under write load; the time until a write sent after the kill is acknowledged. */
async function failover(cycle: number, last: boolean): Promise<number> {
  await waitForAcks(20, 60_000)
  const old = (await must(['leader'])).split('\n').at(-1) ?? ''
  await must(['kill-node', old])
  // Counted from the moment the node is dead (the script returns once Patroni, the postmaster and backends are killed).
  const killedAt = performance.now()
  // Serving again = a write sent after the kill is acknowledged (reads alone do not count).
  while (![...acknowledged.values()].some((a) => a.sentAt > killedAt)) {
    if (performance.now() - killedAt > 90_000)
      throw new Error('no write acknowledged within 90 s of killing the primary')
    await sleep(50)
  }
  const first = Math.min(...[...acknowledged.values()].filter((a) => a.sentAt > killedAt).map((a) => a.at))
  const took = first - killedAt
  const now = (await must(['leader'])).split('\n').at(-1) ?? ''
  log(`failover ${cycle}: killed the primary ${old}; ${now} promoted; writes acknowledged again after ${secs(took)}`)
  if (now === old) fail(`the leader is still ${old}`)
  if (took > FAILOVER_LIMIT_MS)
    fail(`writes acknowledged again only after ${secs(took)} (limit ${FAILOVER_LIMIT_MS / 1000} s)`)
  if (last) await standbysLost(now, old, cycle)
  else {
    await must(['start-node', old])
    await splitBrainRefused(old, cycle)
    // Wait until it is streaming again, so the next cycle starts from a whole cluster.
    for (let i = 0; i < 300; i++) {
      const r = await cluster(['status'])
      if (new RegExp(`\\| ${old} .*\\| (Sync Standby|Replica) +\\| (running|streaming)`).test(r.out)) break
      await sleep(200)
    }
  }
  return took
}

/** Split brain: the old primary, started again, must refuse a write sent to it directly (it rejoins as a standby). */
async function splitBrainRefused(old: string, cycle: number): Promise<void> {
  const port = Number(setting(`NODE_${old}_PG_PORT`))
  let refusedWrite = ''
  for (let i = 0; i < 600 && refusedWrite === ''; i++) {
    try {
      await withDb(
        async (c) => {
          await c.query(`CREATE TABLE split_brain_probe_${cycle} (a int)`)
          fail(`the old primary ${old} accepted a write after it was restarted`)
          refusedWrite = 'accepted'
        },
        setting('DATABASE_URL').replace(/:\d+\/together$/, `:${port}/together`),
      )
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (/read-only transaction|recovery/.test(message)) refusedWrite = message
      else await sleep(100)
    }
  }
  if (refusedWrite === '') fail(`the old primary ${old} never came back to answer`)
  else if (refusedWrite !== 'accepted') log(`  split brain: the restarted ${old} refused a write: "${refusedWrite}"`)
}

/**
 * After the last failover the new primary `leader` has one standby left and `down` is the old primary. With that
 * standby killed too, a write must wait (not be acknowledged unreplicated) and /health must say why; the old
 * primary is then started again — it refuses writes of its own (split brain) and rejoins as the synchronous
 * standby, and the waiting write is acknowledged.
 */
async function standbysLost(leader: string, down: string, cycle: number): Promise<void> {
  const other = ['node1', 'node2', 'node3'].find((n) => n !== leader && n !== down) as string
  log(`standby lost: ${other} killed too, so ${leader} has no standby; then ${down} started again`)
  await pauseWriters()
  await must(['kill-node', other])
  const token = tokens.get(WRITERS[0] as string) ?? ''
  const body = makeConcern(`p${process.pid}-waiting`, children.get(WRITERS[0] as string) ?? [], 0)
  const sentAt = performance.now()
  let answeredAt = 0
  const write = fetch(`${serviceUrl}/api/v1/concerns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  }).then(async (res) => {
    answeredAt = performance.now()
    return { status: res.status, body: await res.text() }
  })
  await sleep(3_000)
  if (answeredAt !== 0) fail('a write was answered while no standby was running (it must wait)')
  const health = await fetch(`${serviceUrl}/health`)
  const healthText = await health.text()
  log(`  /health with no standby: ${health.status} ${healthText}`)
  if (!/waiting-for-standby/.test(healthText)) fail('/health does not say the writes are waiting for a standby')
  await must(['start-node', down])
  await splitBrainRefused(down, cycle)
  const res = await write
  const waited = answeredAt - sentAt
  if (res.status !== 201) fail(`the waiting write answered ${res.status} once a standby was back`)
  else
    acknowledged.set((JSON.parse(res.body) as { id: string }).id, {
      body,
      email: WRITERS[0] as string,
      sentAt,
      at: answeredAt,
    })
  report.push(
    `standby lost: a write waited ${secs(waited)} with no standby running (${health.status} ${healthText.includes('waiting-for-standby') ? '"waiting-for-standby"' : healthText} from /health), then was acknowledged (${res.status}) once the old primary had rejoined as a standby`,
  )
  log(`  ${report.at(-1) ?? ''}`)
  await must(['start-node', other])
  paused = false
}

async function pointInTimeRestore(): Promise<void> {
  log('restore: pgBackRest to a moment between two recorded concerns')
  await pauseWriters()
  const token = tokens.get(WRITERS[0] as string) ?? ''
  const record = async (marker: string) => {
    const res = await fetch(`${serviceUrl}/api/v1/concerns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(makeConcern(marker, children.get(WRITERS[0] as string) ?? [], 1)),
    })
    if (res.status !== 201) throw new Error(`recording ${marker} answered ${res.status}`)
    return ((await res.json()) as { id: string }).id
  }
  const first = await record(`p${process.pid}-before-the-moment`)
  await sleep(1_000)
  const moment = await withDb(
    async (c) => (await c.query<{ t: string }>(`SELECT clock_timestamp()::text AS t`)).rows[0]?.t ?? '',
  )
  await sleep(1_000)
  const second = await record(`p${process.pid}-after-the-moment`)
  const restoreDir = path.join(clusterDir, 'restored')
  const port = Number(setting('NODE_node1_PG_PORT')) + 9
  const restoreStarted = performance.now()
  await must(['restore-to', moment, restoreDir, String(port)])
  const restoreMs = performance.now() - restoreStarted
  try {
    const found = await withDb(
      async (c) =>
        (
          await c.query<{ id: string }>(`SELECT id FROM concern WHERE id = ANY($1::uuid[])`, [[first, second]])
        ).rows.map((r) => r.id),
      setting('DATABASE_URL').replace(/:\d+\/together$/, `:${port}/together`),
    )
    if (!found.includes(first)) fail('the concern recorded before the moment is not in the restored database')
    if (found.includes(second)) fail('the concern recorded after the moment is in the restored database')
    const size = await withDb(
      async (c) =>
        (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size('together')) AS s`)).rows[0]?.s ?? '',
    )
    report.push(
      `restore: to ${moment} from the first full backup and the WAL archived since, recovery ${secs(restoreMs)} (database ${size}); first concern there, second not: ${found.includes(first) && !found.includes(second) ? 'yes' : 'NO'}`,
    )
    log(`  ${report.at(-1) ?? ''}`)
  } finally {
    await new Promise<void>((resolve) => {
      const stop = spawn(
        fs.existsSync('/usr/sbin/runuser') && process.getuid?.() === 0 ? 'runuser' : 'sh',
        process.getuid?.() === 0
          ? ['-u', 'postgres', '--', `${pgBin()}/pg_ctl`, '-D', restoreDir, '-m', 'immediate', 'stop']
          : ['-c', `${pgBin()}/pg_ctl -D ${restoreDir} -m immediate stop`],
        { stdio: 'ignore' },
      )
      stop.once('close', () => resolve())
    })
    paused = false
  }
}

function pgBin(): string {
  const dirs = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b))
    : []
  return `/usr/lib/postgresql/${dirs.at(-1) ?? '15'}/bin`
}

// ---------- main ----------

async function main(): Promise<number> {
  const started = performance.now()
  if ((process.env.DATABASE_URL ?? '') !== '' && failovers === 1) {
    // The cluster brings its own PostgreSQL; `npm test` runs it on the embedded pass and not again on the
    // external-database pass, where it would test the same thing twice.
    log(
      'cluster test: skipped on the DATABASE_URL pass (it starts its own PostgreSQL nodes; it ran on the embedded pass)',
    )
    return 0
  }
  const available = await cluster(['check'])
  if (available.code !== 0) {
    const message = `cluster test: skipped — ${available.out} (apt-get install haproxy patroni etcd-server pgbackrest postgresql)`
    log(message)
    return process.env.TOGETHER_CLUSTER_REQUIRED === '1' ? 1 : 0
  }
  const smtp = await startSmtp()
  clusterEnv.TOGETHER_CLUSTER_PORT = String(await freePortBlock())
  const workers: Promise<void>[] = []
  try {
    const startedCluster = performance.now()
    log(
      `cluster test: starting etcd, 3 PostgreSQL nodes under Patroni, HAProxy and 3 app servers in ${clusterDir} (ports from ${clusterEnv.TOGETHER_CLUSTER_PORT})`,
    )
    await must(['start', '--apps', '3'], { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` })
    settings = Object.fromEntries(
      fs
        .readFileSync(path.join(clusterDir, 'cluster.env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    serviceUrl = setting('SERVICE_URL')
    report.push(`cluster started in ${secs(performance.now() - startedCluster)}`)
    // The full backup the restore starts from, taken before the load (the restore then replays all WAL since).
    const backupStarted = performance.now()
    await Promise.all([
      must(['backup']).then(() =>
        report.push(`full backup of the new cluster ${secs(performance.now() - backupStarted)}`),
      ),
      setUpWriters(),
    ])
    for (let n = 0; n < CONNECTIONS; n++) workers.push(writer(n))

    await appServerLost()
    const times: number[] = []
    for (let cycle = 1; cycle <= failovers && failures.length === 0; cycle++)
      times.push(await failover(cycle, cycle === failovers))
    const sorted = [...times].sort((a, b) => a - b)
    report.push(
      `failover: ${times.length} cycle(s); writes acknowledged again after ${sorted.map(secs).join(', ')} (median ${secs(sorted[Math.floor(sorted.length / 2)] ?? 0)}, limit ${FAILOVER_LIMIT_MS / 1000} s)`,
    )
    if (failures.length === 0) await pointInTimeRestore()

    await pauseWriters()
    stopping = true
    await Promise.all(workers)
    log('checking every acknowledged concern, the audit chain and the emails')
    const lost = await lostWrites()
    for (const l of lost.slice(0, 10)) fail(`LOST ${l}`)
    const audit = await auditVerifies()
    if (audit !== undefined) fail(`audit chain: ${audit}`)
    const mailed = await mailCheck()
    for (const t of mailed.twice.slice(0, 10)) fail(`email sent more than once: ${t}`)
    if (mailed.delivered < mailed.sent) fail(`${mailed.sent} emails marked sent but ${mailed.delivered} delivered`)
    for (const u of unexpected.slice(0, 5)) fail(`unexpected response ${u}`)
    const committedAnyway = await withDb(async (c) =>
      Number(
        (await c.query<{ n: string }>('SELECT count(*) AS n FROM concern WHERE place = ANY($1)', [unanswered])).rows[0]
          ?.n ?? 0,
      ),
    )
    report.push(
      `writes attempted ${attempts}, acknowledged ${acknowledged.size}, lost ${lost.length}; not acknowledged ${unanswered.length} (of which committed anyway ${committedAnyway}); ` +
        `emails sent ${mailed.sent} (${mailed.queued} still queued when checked), delivered ${mailed.delivered}, made twice ${mailed.twice.length}, delivered again under the same Message-ID ${mailed.resent}; audit chain ${audit === undefined ? 'verifies' : 'BROKEN'}`,
    )
  } finally {
    stopping = true
    paused = false
    await Promise.all(workers).catch(() => undefined)
    log('stopping the cluster')
    const stopped = await cluster(['stop'])
    if (stopped.code !== 0) log(stopped.out)
    await smtp.close()
  }
  log(`cluster test ${failures.length === 0 ? 'passed' : 'FAILED'} in ${secs(performance.now() - started)}`)
  for (const r of report) log(`  ${r}`)
  return failures.length === 0 ? 0 : 1
}

const watchdog = setTimeout(
  () => {
    log('cluster test: gave up (watchdog)')
    void cluster(['stop']).then(() => process.exit(1))
  },
  (8 + failovers * 1.5) * 60_000,
)
watchdog.unref()

main().then(
  (code) => process.exit(code),
  async (e: unknown) => {
    console.error(`cluster test: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    await cluster(['stop']).catch(() => undefined)
    process.exit(1)
  },
)
