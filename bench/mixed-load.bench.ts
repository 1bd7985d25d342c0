/**
 * Sustained mixed load on the real service: 200 simulated people of the Northshire demo area (its 25 demo accounts
 * and 175 more) use `bin/together serve` — a child process on its embedded PostgreSQL — through the JSON API, each
 * pausing to think between actions. Actions: 70% reads (a child's chronology, the DSL inbox, due and overdue
 * deadlines), 25% concerns recorded, 5% DSL decisions on concerns (acknowledge, then decide: referral to children's
 * social care, monitor, early help, support in school, no further action).
 *
 * Reports p50/p95/p99 per kind of request after the warm-up, errors (any non-2xx, network error or time-out: must
 * be 0), and the server's memory: RSS of its process throughout, and its V8 heap after a full GC at the end of the
 * warm-up and at the end (via bench/support/memory-probe.mjs). Neither may grow more than 10% after the warm-up.
 *
 *   npx tsx bench/mixed-load.bench.ts [minutes=10] [--users 200] [--think-ms 2000] [--check] [--keep] [--profile]
 *
 * `npm run test:load` runs the 1-minute variant with --check (exit 1 on any error or growth over 10%). It needs
 * the embedded PostgreSQL; with DATABASE_URL set it says so and does nothing.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PASSWORD, demoUsers, seedDemoArea } from '../src/modules/people/steps/seedDemoArea.js'
import { systemClock, type Deps } from '../src/platform/context.js'
import { appendAudit } from '../src/platform/audit/auditLog.js'
import { migrateToLatest, openDatabase } from '../src/platform/db/database.js'
import { createLogger } from '../src/platform/logging/logger.js'
import { hashPassword, newId } from '../src/platform/security/secrets.js'
import type { Role } from '../src/platform/identity/roles.js'
import {
  childPids,
  embeddedUrl,
  freePort,
  postmasterPid,
  root,
  seededRandom,
  sleep,
  spawnServer,
  waitServing,
  type ServerProcess,
} from '../test/support/serverProcess.js'
import { describeFigures, percentiles, summariseProfile, waitSampler } from './support/harness.js'

const argv = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const MINUTES = Number(
  argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--users' && argv[i - 1] !== '--think-ms') ?? 10,
)
const USERS = option('users', 200)
const THINK_MS = option('think-ms', 2_000)
const CHECK = argv.includes('--check')
// Keep the data directory afterwards (to time `together backup` on a database the size this run leaves, say).
const KEEP = argv.includes('--keep')
// --profile: the server runs with V8's CPU profiler (written when it stops), and its busiest functions are printed.
const PROFILE_DIR = argv.includes('--profile') ? path.join(root, '.tmp', 'mixed-load-profile') : undefined
const DURATION_MS = MINUTES * 60_000
// Long enough for JIT, caches and connection pools to settle: a quarter of a short run, a minute of a long one.
const WARM_UP_MS = Math.min(60_000, DURATION_MS / 4)
const MAX_GROWTH = 0.1
const random = seededRandom(Number(process.env.TOGETHER_LOAD_SEED ?? 20261123))
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T

if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') {
  console.log(
    'mixed load: skipped. It runs the service on its embedded PostgreSQL (as `npm start` does); DATABASE_URL is set, and the external pass of the suite does not repeat it.',
  )
  process.exit(0)
}

// ---------- the people ----------

type Kind = 'recorder' | 'lead' | 'social_care' | 'other'

interface Person {
  readonly email: string
  readonly organisation: string
  readonly kind: Kind
  token: string
  /** Children this person recorded concerns about (whose chronology they may read). */
  readonly children: string[]
}

/** Extra people per organisation (beyond the demo accounts), by role, to make up 200 (times over for more). */
const extra: readonly (readonly [organisation: string, domain: string, role: Role, count: number])[] = [
  ['Oakfield Primary School', 'oakfield-primary.example', 'staff', 42],
  ['Oakfield Primary School', 'oakfield-primary.example', 'deputy_dsl', 3],
  ['Riverside Academy', 'riverside-academy.example', 'staff', 40],
  ['Riverside Academy', 'riverside-academy.example', 'deputy_dsl', 3],
  ['Beacon Nursery', 'beacon-nursery.example', 'staff', 15],
  ['Beacon Nursery', 'beacon-nursery.example', 'deputy_dsl', 2],
  ['Elm Tree Surgery', 'elmtree-surgery.example', 'staff', 10],
  ['Elm Tree Surgery', 'elmtree-surgery.example', 'health_lead', 1],
  ['Northshire NHS Foundation Trust', 'northshire-nhs.example', 'staff', 15],
  ['Northshire NHS Foundation Trust', 'northshire-nhs.example', 'health_lead', 2],
  ['Northshire Youth Football Club', 'northshire-youth-fc.example', 'staff', 10],
  ['Northshire Youth Football Club', 'northshire-youth-fc.example', 'deputy_dsl', 2],
  ["Northshire Council children's social care", 'northshire-council.example', 'social_worker', 12],
  ["Northshire Council children's social care", 'northshire-council.example', 'front_door', 5],
  ["Northshire Council children's social care", 'northshire-council.example', 'team_manager', 3],
  ['Northshire Police', 'northshire-police.example', 'police_officer', 8],
  ['Northshire ICB', 'northshire-icb.example', 'health_lead', 2],
]
const childFacing = new Set([
  'Oakfield Primary School',
  'Riverside Academy',
  'Beacon Nursery',
  'Elm Tree Surgery',
  'Northshire NHS Foundation Trust',
  'Northshire Youth Football Club',
])

function kindOf(organisation: string, roles: readonly Role[]): Kind {
  if (childFacing.has(organisation))
    return roles.some((r) => r === 'dsl' || r === 'deputy_dsl' || r === 'health_lead') ? 'lead' : 'recorder'
  if (roles.some((r) => r === 'front_door' || r === 'social_worker' || r === 'team_manager')) return 'social_care'
  return 'other'
}

// ---------- measurements ----------

type Category =
  | 'read: chronology'
  | 'read: inbox'
  | 'read: deadlines'
  | 'record concern'
  | 'decision: acknowledge'
  | 'decision: decide'
const latencies = new Map<Category, number[]>()
const actions = { read: 0, record: 0, decide: 0 }
const errors: string[] = []
let measuring = false
let running = true

interface Call {
  readonly status: number
  readonly body: unknown
}

async function call(
  person: Person | undefined,
  category: Category | undefined,
  method: 'GET' | 'POST',
  url: string,
  body?: object,
): Promise<Call | undefined> {
  const started = performance.now()
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(person === undefined ? {} : { authorization: `Bearer ${person.token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await res.text()
    const took = performance.now() - started
    if (res.status >= 300) {
      errors.push(`${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')} → ${res.status} ${text.slice(0, 200)}`)
      return undefined
    }
    if (measuring && category !== undefined) {
      const list = latencies.get(category)
      if (list === undefined) latencies.set(category, [took])
      else list.push(took)
    }
    return { status: res.status, body: JSON.parse(text) as unknown }
  } catch (e) {
    errors.push(`${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')} → ${e instanceof Error ? e.message : String(e)}`)
    return undefined
  }
}

// ---------- what people do ----------

interface InboxItem {
  readonly id: string
  readonly state: string
}
const inboxes = new Map<string, InboxItem[]>() // organisation → the concerns its leads last saw open
const claimed = new Set<string>() // concerns a lead is deciding (people do not decide the same concern at once)
const orgChildren = new Map<string, string[]>()
const referredChildren: string[] = []

const facts = [
  'Bruise on the left forearm, about 3cm, purple. Said it happened at home.',
  'Arrived without a coat for the third day running; was hungry at breakfast club.',
  'Told a friend an older boy asked for photos; friend told the teacher.',
  'Missed four days this month; mother says she has been ill, no note.',
  'Drew a picture of a locked door and would not talk about it.',
]

async function recordConcern(p: Person, about?: string): Promise<void> {
  const children = p.kind === 'lead' ? (orgChildren.get(p.organisation) ?? []) : p.children
  if (children.length === 0) return
  const childId = about ?? pick(children)
  const res = await call(p, 'record concern', 'POST', '/api/v1/concerns', {
    childIds: [childId],
    observedAt: new Date(Date.now() - Math.floor(random() * 120) * 60_000).toISOString(),
    place: pick(['Classroom', 'Playground', 'Clinic room 2', 'Changing room', 'Breakfast club']),
    facts: pick(facts),
    childWords: random() < 0.5 ? 'I don’t want to go home today' : '',
    categories: [pick(['physical_abuse', 'neglect', 'emotional_abuse', 'online_harm', 'missing_education'])],
    immediateDanger: false,
    actionTaken: 'Told the DSL',
    bodyMap: random() < 0.2 ? [{ side: 'front', region: 'left_forearm', description: 'Purple bruise about 3cm' }] : [],
  })
  if (res === undefined) return
  if (!p.children.includes(childId)) p.children.push(childId)
  inboxes.get(p.organisation)?.push({ id: (res.body as { id: string }).id, state: 'new' })
}

async function readInbox(p: Person, category: Category): Promise<void> {
  const res = await call(p, category, 'GET', '/api/v1/dsl/inbox')
  if (res !== undefined)
    inboxes.set(
      p.organisation,
      (res.body as { items: InboxItem[] }).items.map((i) => ({ id: i.id, state: i.state })),
    )
}

async function read(p: Person): Promise<void> {
  const r = random()
  if (p.kind === 'lead') {
    if (r < 0.5) return readInbox(p, 'read: inbox')
    const children = orgChildren.get(p.organisation) ?? []
    if (r < 0.8 && children.length > 0)
      return void (await call(p, 'read: chronology', 'GET', `/api/v1/children/${pick(children)}/chronology`))
  } else if (p.kind === 'recorder' && r < 0.6 && p.children.length > 0) {
    return void (await call(p, 'read: chronology', 'GET', `/api/v1/children/${pick(p.children)}/chronology`))
  } else if (p.kind === 'social_care' && r < 0.6 && referredChildren.length > 0) {
    return void (await call(p, 'read: chronology', 'GET', `/api/v1/children/${pick(referredChildren)}/chronology`))
  }
  await call(p, 'read: deadlines', 'GET', '/api/v1/deadlines')
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

async function decideOne(p: Person): Promise<void> {
  const open = () => (inboxes.get(p.organisation) ?? []).filter((i) => !claimed.has(i.id))
  if (open().length === 0) await readInbox(p, 'decision: acknowledge')
  const item = open().find((i) => i.state === 'new') ?? open()[0]
  if (item === undefined) return
  claimed.add(item.id)
  try {
    if (
      item.state === 'new' &&
      (await call(p, 'decision: acknowledge', 'POST', `/api/v1/concerns/${item.id}/acknowledge`)) === undefined
    )
      return
    const kind = pick([
      'refer_to_childrens_social_care',
      'refer_to_childrens_social_care',
      'monitor',
      'early_help',
      'internal_support',
      'no_further_action',
    ])
    const decided = await call(p, 'decision: decide', 'POST', `/api/v1/concerns/${item.id}/decision`, {
      kind,
      rationale: 'Discussed with the class teacher; pattern of concerns over the term.',
      ...(kind === 'monitor' ? { reviewOn: isoDay(new Date(Date.now() + 14 * 86_400_000)) } : {}),
      // A referral records whether the parents know and agreed (and why not, when agreement was not sought).
      ...(kind === 'refer_to_childrens_social_care' ? { parentsAware: 'yes', parentalConsent: 'given' } : {}),
    })
    if (decided !== undefined && kind === 'refer_to_childrens_social_care') {
      const view = await call(p, undefined, 'GET', `/api/v1/concerns/${item.id}`)
      for (const c of (view?.body as { children?: { id: string }[] } | undefined)?.children ?? [])
        referredChildren.push(c.id)
    }
  } finally {
    inboxes.set(
      p.organisation,
      (inboxes.get(p.organisation) ?? []).filter((i) => i.id !== item.id),
    )
  }
}

/**
 * Each person's chances, so that the whole population does 70% reads, 25% recording and 5% decisions: only leads
 * decide, and only people in organisations that work with children record.
 */
function chances(people: readonly Person[]): Record<Kind, { decide: number; record: number }> {
  const leads = people.filter((p) => p.kind === 'lead').length
  const recorders = people.filter((p) => p.kind === 'lead' || p.kind === 'recorder').length
  const decide = (0.05 * people.length) / leads
  const record = (0.25 * people.length) / recorders
  if (decide + record > 1) throw new Error('too few leads for the mix')
  return {
    lead: { decide, record },
    recorder: { decide: 0, record },
    social_care: { decide: 0, record: 0 },
    other: { decide: 0, record: 0 },
  }
}

async function simulate(p: Person, odds: { decide: number; record: number }, until: number): Promise<void> {
  // Start spread over one think time, as people do not all arrive in the same second.
  await sleep(random() * THINK_MS)
  while (running && performance.now() < until) {
    const r = random()
    if (r < odds.decide) {
      actions.decide++
      await decideOne(p)
    } else if (r < odds.decide + odds.record) {
      actions.record++
      await recordConcern(p)
    } else {
      actions.read++
      await read(p)
    }
    // Exponential think time with the given mean.
    await sleep(-Math.log(1 - random()) * THINK_MS)
  }
}

// ---------- memory ----------

interface MemoryFigures {
  readonly rss: number
  readonly heapUsed: number
  readonly heapTotal: number
}

let server: ServerProcess | undefined
let base = ''
let probeId = 0

async function serverMemory(gc: boolean): Promise<MemoryFigures> {
  const child = server?.child
  if (child === undefined) throw new Error('no server')
  const id = ++probeId
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the memory probe did not answer')), 10_000)
    const onMessage = (m: { type?: string; id?: number } & MemoryFigures) => {
      if (m.type !== 'memory' || m.id !== id) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(m)
    }
    child.on('message', onMessage)
    child.send({ type: 'memory', id, gc })
  })
}

function rssOf(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) * 1024
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds of a process (utime + stime), with its reaped children's (cutime + cstime) when asked. */
function cpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number)
    const own = (f[11] ?? 0) + (f[12] ?? 0)
    return (withChildren ? own + (f[13] ?? 0) + (f[14] ?? 0) : own) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** The embedded PostgreSQL's CPU seconds: the postmaster, its live backends and the ones that have exited. */
function postgresCpuSeconds(postmaster: number): number {
  return cpuSeconds(postmaster, true) + childPids(postmaster).reduce((sum, pid) => sum + cpuSeconds(pid), 0)
}

const machineBusySeconds = () =>
  os.cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length)
const growth = (from: number, to: number) => (to - from) / from

// ---------- the run ----------

const dataDir = path.join(root, '.tmp', `mixed-load-${process.pid}`)
// Warnings and errors only, as the service logs by default.
const quiet = createLogger({ level: 'warn' })

async function prepare(): Promise<Person[]> {
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 })
  const database = await openDatabase({ databaseUrl: undefined, dataDir, embeddedPgPort: 0, log: quiet, mode: 'own' })
  const people: Omit<Person, 'token'>[] = []
  try {
    await migrateToLatest(database.db)
    const deps: Deps = {
      db: database.db,
      clock: systemClock,
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
    await seedDemoArea(deps, 'mixed-load bench')
    for (const u of demoUsers())
      people.push({ email: u.email, organisation: u.organisation, kind: kindOf(u.organisation, u.roles), children: [] })
    // As `together users create` would make them, but with the password hashed once rather than 175 times.
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    await database.db.transaction().execute(async (tx) => {
      const now = new Date()
      const organisations = new Map(
        (await tx.selectFrom('organisation').select(['id', 'name']).execute()).map((o) => [o.name, o.id]),
      )
      // More than 200 people (--users 500): each organisation's extra people in the same proportions, times over.
      const times = Math.max(1, Math.ceil(USERS / 200))
      for (const [organisation, domain, role, count] of extra) {
        const organisationId = organisations.get(organisation)
        if (organisationId === undefined) throw new Error(`no organisation ${organisation}`)
        for (let n = 1; n <= count * times; n++) {
          const email = `${role.replace('_', '.')}${n}@${domain}`
          const id = newId()
          await tx
            .insertInto('app_user')
            .values({
              id,
              organisation_id: organisationId,
              email,
              display_name: `${role} ${n}`,
              roles: [role],
              password_hash: passwordHash,
              totp_secret: null,
              totp_last_step: null,
              locked_until: null,
              is_demo: true,
              created_at: now,
            })
            .execute()
          await appendAudit(
            tx,
            {
              actorUserId: null,
              actorOrganisationId: null,
              actorRoles: [],
              action: 'admin.user_created',
              subjectType: 'user',
              subjectId: id,
              reason: 'created by operator mixed-load bench',
              details: { email, roles: [role], organisation, demo: true },
            },
            now,
          )
          people.push({ email, organisation, kind: kindOf(organisation, [role]), children: [] })
        }
      }
    })
  } finally {
    await database.close()
  }
  return people.slice(0, USERS).map((p) => ({ ...p, token: '' }))
}

/** Tokens, two children per person who records, a first concern about each, and some referrals already made. */
async function populate(people: Person[]): Promise<void> {
  const queue = [...people]
  const signIn = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const res = await call(undefined, undefined, 'POST', '/api/v1/auth/token', {
        email: p.email,
        password: DEMO_PASSWORD,
      })
      if (res === undefined) throw new Error(`no token for ${p.email}: ${errors.at(-1) ?? ''}`)
      p.token = (res.body as { token: string }).token
    }
  }
  await Promise.all(Array.from({ length: 4 }, signIn))
  const given = ['Maya', 'Oliver', 'Amelia', 'Yusuf', 'Isla', 'Noah', 'Zara', 'Leo', 'Sofia', 'Harry', 'Zoë', 'Kacper']
  const family = ['Patel', 'Smith', 'Khan', 'Jones', 'Nowak', 'Williams', 'Begum', "O'Brien", 'Taylor', 'Wiśniewski']
  const recorders = people.filter((p) => p.kind === 'recorder')
  const work = [...recorders]
  const addChildren = async () => {
    for (let p = work.shift(); p !== undefined; p = work.shift()) {
      for (let n = 0; n < 2; n++) {
        const dob = `20${String(10 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
        const made = await call(p, undefined, 'POST', '/api/v1/children', {
          givenName: pick(given),
          familyName: `${pick(family)}-${Math.floor(random() * 1e6)}`,
          dateOfBirth: dob,
          sex: pick(['female', 'male']),
        })
        if (made === undefined) throw new Error(`could not add a child: ${errors.at(-1) ?? ''}`)
        const id = (made.body as { id: string }).id
        p.children.push(id)
        orgChildren.set(p.organisation, [...(orgChildren.get(p.organisation) ?? []), id])
      }
      for (const child of p.children) await recordConcern(p, child)
    }
  }
  await Promise.all(Array.from({ length: 4 }, addChildren))
  const leads = people.filter((p) => p.kind === 'lead')
  for (let n = 0; n < 20; n++) await decideOne(pick(leads))
  if (errors.length > 0) throw new Error(`set-up failed: ${errors.slice(0, 3).join('; ')}`)
}

async function main(): Promise<number> {
  const started = performance.now()
  const people = await prepare()
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  if (PROFILE_DIR !== undefined) fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
  server = spawnServer(
    { TOGETHER_DATA_DIR: dataDir, PORT: String(port), TOGETHER_LOG_LEVEL: 'warn', DATABASE_URL: undefined },
    [
      '--expose-gc',
      '--import',
      path.join(root, 'bench', 'support', 'memory-probe.mjs'),
      ...(PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]),
    ],
    true,
  )
  if ((await waitServing(base, 60_000)) === undefined) throw new Error(`the service did not start:\n${server.output()}`)
  await populate(people)
  const odds = chances(people)
  const cpus = os.cpus()
  console.log(
    `mixed load: ${people.length} simulated people for ${MINUTES} min (warm-up ${(WARM_UP_MS / 1000).toFixed(0)} s), mean think time ${THINK_MS} ms; ` +
      `bin/together serve (pid ${server.pid}, log level warn) on its embedded PostgreSQL; set-up took ${((performance.now() - started) / 1000).toFixed(0)} s\n` +
      `machine: ${cpus.length} CPU (${cpus[0]?.model.trim() ?? '?'}), load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}; the load generator shares these cores`,
  )

  const rss: { at: number; bytes: number }[] = []
  const t0 = performance.now()
  const until = t0 + DURATION_MS
  const sampler = setInterval(() => rss.push({ at: performance.now() - t0, bytes: rssOf(server?.pid ?? 0) }), 1_000)
  const crowd = people.map((p) => simulate(p, odds[p.kind], until))
  await sleep(WARM_UP_MS)
  const heapAfterWarmUp = await serverMemory(true)
  const errorsInWarmUp = errors.length
  const counted = { ...actions }
  measuring = true
  const postmaster = postmasterPid(dataDir) ?? -1
  const waits = waitSampler(embeddedUrl(dataDir))
  const cpuBefore = {
    at: performance.now(),
    server: cpuSeconds(server.pid),
    postgres: postgresCpuSeconds(postmaster),
    bench: process.cpuUsage(),
    machine: machineBusySeconds(),
  }
  await sleep(Math.max(0, until - performance.now() - 2_000))
  const wallS = (performance.now() - cpuBefore.at) / 1000
  const benchCpu = process.cpuUsage(cpuBefore.bench)
  const cores = {
    server: (cpuSeconds(server.pid) - cpuBefore.server) / wallS,
    postgres: (postgresCpuSeconds(postmaster) - cpuBefore.postgres) / wallS,
    bench: (benchCpu.user + benchCpu.system) / 1e6 / wallS,
    machine: (machineBusySeconds() - cpuBefore.machine) / wallS,
  }
  const waited = await waits.stop()
  const heapAtEnd = await serverMemory(true)
  await Promise.all(crowd)
  running = false
  clearInterval(sampler)
  const measuredS = (performance.now() - t0 - WARM_UP_MS) / 1000

  // RSS: the first 10% of the measured window (right after the warm-up) against the last 10%.
  const window = (DURATION_MS - WARM_UP_MS) / 10
  const rssStart = mean(rss.filter((s) => s.at >= WARM_UP_MS && s.at < WARM_UP_MS + window).map((s) => s.bytes))
  const rssEnd = mean(rss.filter((s) => s.at >= DURATION_MS - window).map((s) => s.bytes))
  const rssGrowth = growth(rssStart, rssEnd)
  const heapGrowth = growth(heapAfterWarmUp.heapUsed, heapAtEnd.heapUsed)

  const done = {
    read: actions.read - counted.read,
    record: actions.record - counted.record,
    decide: actions.decide - counted.decide,
  }
  const total = done.read + done.record + done.decide
  const all = [...latencies.values()].flat()
  const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`
  const lines = [
    `after the warm-up: ${total} actions in ${measuredS.toFixed(0)} s (${(total / measuredS).toFixed(1)}/s): reads ${pct(done.read)}, concerns recorded ${pct(done.record)}, decisions ${pct(done.decide)}; ${all.length} requests (${(all.length / measuredS).toFixed(1)}/s)`,
    `  all requests             ${describeFigures(percentiles(all))}`,
    ...[...latencies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, xs]) => `  ${category.padEnd(24)} ${describeFigures(percentiles(xs))} (${xs.length})`),
    `CPU after the warm-up (cores of ${os.cpus().length}): server ${cores.server.toFixed(2)}, its PostgreSQL ${cores.postgres.toFixed(2)}, load generator ${cores.bench.toFixed(2)}, ` +
      `everything else on the machine ${Math.max(0, cores.machine - cores.server - cores.postgres - cores.bench).toFixed(2)}`,
    `PostgreSQL ${waited}`,
    `errors: ${errors.length} (${errorsInWarmUp} during the warm-up)${errors.length > 0 ? `; first: ${errors.slice(0, 5).join(' | ')}` : ''}`,
    `server memory: RSS ${mb(rssStart)} after the warm-up → ${mb(rssEnd)} at the end (${rssGrowth >= 0 ? '+' : ''}${(rssGrowth * 100).toFixed(1)}%; peak ${mb(Math.max(...rss.map((s) => s.bytes)))}); ` +
      `heap after a full GC ${mb(heapAfterWarmUp.heapUsed)} → ${mb(heapAtEnd.heapUsed)} (${heapGrowth >= 0 ? '+' : ''}${(heapGrowth * 100).toFixed(1)}%)`,
    `  RSS every ${Math.max(1, Math.round(rss.length / 12))} s (MB): ${rss
      .filter((_, i) => i % Math.max(1, Math.round(rss.length / 12)) === 0)
      .map((s) => (s.bytes / 2 ** 20).toFixed(0))
      .join(' ')}`,
  ]
  console.log(lines.join('\n'))
  // Issue 16's figure for 500 people over 10 minutes; reported, not enforced by --check, which `npm test` runs for
  // one minute on whatever machine CI has (its gate is errors and memory).
  const p99 = percentiles(all).p99
  console.log(
    `p99 of all requests ${p99.toFixed(1)} ms (target for 500 people over 10 minutes: ≤ 250 ms) ${p99 <= 250 ? 'MET' : 'MISSED'}`,
  )
  const problems = [
    errors.length > 0 && `${errors.length} errors`,
    rssGrowth > MAX_GROWTH && `RSS grew ${(rssGrowth * 100).toFixed(1)}% after the warm-up`,
    heapGrowth > MAX_GROWTH && `the heap grew ${(heapGrowth * 100).toFixed(1)}% after the warm-up`,
  ].filter((p) => p !== false)
  if (problems.length > 0) console.log(`${CHECK ? 'FAILED' : 'over target'}: ${problems.join('; ')}`)
  else console.log('within targets: 0 errors, memory growth after the warm-up at most 10%')
  return CHECK && problems.length > 0 ? 1 : 0
}

async function stop(): Promise<void> {
  running = false
  if (server !== undefined) {
    server.child.kill('SIGTERM')
    const exited = await Promise.race([server.exited.then(() => true), sleep(20_000).then(() => false)])
    if (!exited) server.child.kill('SIGKILL')
  }
  if (PROFILE_DIR !== undefined)
    for (const file of fs.existsSync(PROFILE_DIR) ? fs.readdirSync(PROFILE_DIR) : [])
      console.log(
        `the server's CPU profile, ${path.join(PROFILE_DIR, file)} ${summariseProfile(JSON.parse(fs.readFileSync(path.join(PROFILE_DIR, file), 'utf8')), 25)}`,
      )
  if (KEEP) console.log(`data directory kept: TOGETHER_DATA_DIR=${dataDir}`)
  else fs.rmSync(dataDir, { recursive: true, force: true })
}

let code = 1
try {
  code = await main()
} catch (e) {
  console.error(`mixed load: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  if (server !== undefined) console.error(server.output())
} finally {
  await stop()
}
process.exit(code)
