/**
 * The children in need census for a large local authority (issue 15): 100,000 children in the collection year
 * 2025 to 2026, each with a referral and the episode it opened; most assessed (with factors), a fifth with a
 * strategy discussion and a section 47 enquiry, half of those with an initial conference, most of those on a
 * child protection plan (some with review conferences and earlier plans), a third with a child in need plan, a
 * quarter closed with a reason. Then the service exports the return (POST /api/v1/returns/cin-census/2026/export,
 * `exportCinCensus`) and this process writes the XML it streams to a file.
 *
 * The service runs as its own process, started as `npm start` starts it (`node bin/together serve`, on the scratch
 * database), so the memory measured is the service's and not this harness's (which seeded the data and holds the
 * demo area's objects, the seeding's garbage and a second copy of the modules). Its resident memory is read from
 * /proc: at rest before the export (after start-up and one sign-in), sampled every 20 ms during it, and its high
 * water mark (VmHWM, reset just before the export, so it catches a peak between samples).
 *
 * The data is made with SQL (generate_series) that writes the rows the protection steps write (referral, episode,
 * assessment, strategy_discussion, section47_enquiry, conference, child_protection_plan, child_in_need_plan), not
 * through the steps: 100,000 children's case histories through the steps would take hours here.
 *
 * Targets (issue 15): the export in ≤ 20 s with the service's peak RSS ≤ 300 MB. The machine is shared: CPU seconds
 * (the service's and PostgreSQL's) are the robust figures; the wall time depends on what else runs.
 * Run: node --import tsx bench/census.bench.ts [children] [--check] [--keep-xml] [--node-flags="..."]
 *   --check exits 1 when a target is missed; --keep-xml leaves the XML in .tmp/census-bench.xml (for xmllint);
 *   --node-flags passes flags to the service's Node (for example --trace-gc), before bin/together.
 * Uses the embedded PostgreSQL in .tmp/bench-census (or DATABASE_URL, into a scratch database).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { sql } from 'kysely'
import { findUserByEmail } from '../src/modules/people/queries/loadActor.js'
import { bearerToken, openScratch, postgresCpuSeconds } from './support/harness.js'

const args = process.argv.slice(2)
const CHECK = args.includes('--check')
const KEEP = args.includes('--keep-xml')
const CHILDREN = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000)
const NODE_FLAGS = (args.find((a) => a.startsWith('--node-flags='))?.slice('--node-flags='.length) ?? '')
  .split(' ')
  .filter((f) => f !== '')
const TARGET_SECONDS = 20
const TARGET_RSS_MB = 300
const END_YEAR = 2026 // 1 April 2025 to 31 March 2026
const MB = 1e6

const scratch = await openScratch('bench-census')
let missed = false
let stopService: () => Promise<void> = async () => undefined
try {
  const { db } = scratch
  console.log(scratch.description)
  const t0 = performance.now()
  await db.updateTable('local_area').set({ la_code: '938' }).execute()
  const area = (await db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()).id
  const la = (
    await db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'la_childrens_social_care')
      .executeTakeFirstOrThrow()
  ).id
  const manager = await findUserByEmail(db, 'team.manager@northshire-council.example')
  if (manager === undefined) throw new Error('no team manager in the demo area')
  const school = (
    await db.selectFrom('organisation').select('id').where('kind', '=', 'school').executeTakeFirstOrThrow()
  ).id
  const worker = manager.actor.userId
  // Children: dates of birth over 0-17 years, sex, ethnicity and disability recorded for most, UPNs for most.
  await sql`INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, sex, ethnicity, disabilities, upn, created_by, created_by_organisation_id, created_at)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, ${area}, 'Child' || g, 'Census' || (g % 997), 'child' || g || ' census' || (g % 997),
      date '2008-06-01' + (g % 6400), CASE g % 3 WHEN 0 THEN 'female' WHEN 1 THEN 'male' ELSE 'unknown' END,
      CASE WHEN g % 10 = 0 THEN NULL ELSE (ARRAY['WBRI','WIRI','MWBC','AIND','APKN','BAFR','CHNE','OOTH'])[1 + g % 8] END,
      CASE WHEN g % 9 = 0 THEN NULL WHEN g % 7 = 0 THEN ARRAY['AUT','LD'] ELSE ARRAY['NONE'] END,
      CASE WHEN g % 6 = 0 THEN NULL ELSE 'A' || lpad((938000000000 + g)::text, 12, '0') END,
      ${worker}, ${la}, now() - interval '2 years'
    FROM generate_series(1, ${CHILDREN}::int) AS g`.execute(db)
  // A referral and its episode each, received across the year; a quarter closed with a reason.
  await sql`INSERT INTO referral (id, reference, child_id, from_organisation_id, to_organisation_id, referred_by, summary, received_at, state, channel, source_code)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, 'CR-' || g, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
      ${school}, ${la}, ${worker}, 'Census bench referral', timestamp '2025-04-01 10:00' + (g % 360) * interval '1 day', 'accepted', 'professional',
      (ARRAY['1A','1B','2A','2B','3A','4','5A','6','8','10'])[1 + g % 10]
    FROM generate_series(1, ${CHILDREN}::int) AS g`.execute(db)
  await sql`INSERT INTO episode (id, reference, child_id, referral_id, local_authority_id, local_area_id, phase, phase_changed_at, lead_user_id, referral_date, referral_nfa, primary_need, closed_on, closure_reason, created_at)
    SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, 'CE-' || g, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
      ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, ${la}, ${area},
      CASE WHEN g % 4 = 0 THEN 'closed' ELSE 'assessment' END, now(), ${worker}, date '2025-04-01' + (g % 360), g % 40 = 0,
      (ARRAY['N1','N2','N3','N4','N5','N6','N7','N8','N9'])[1 + g % 9],
      CASE WHEN g % 4 = 0 THEN date '2025-04-01' + (g % 360) + 60 END,
      CASE WHEN g % 4 = 0 THEN (ARRAY['RC1','RC2','RC3','RC4','RC5','RC8'])[1 + g % 6] END, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g`.execute(db)
  // Assessments for most (authorised with factors, or still open).
  await sql`INSERT INTO assessment (id, episode_id, child_id, started_on, child_seen_on, child_seen_alone, factors, summary, authorised_at, completed_on, outcome, created_at)
    SELECT gen_random_uuid(), e.id, e.child_id, e.referral_date + 1, e.referral_date + 3, true,
      CASE WHEN g % 3 = 0 THEN ARRAY['2B','3A','4B'] ELSE ARRAY['1C','21'] END, 'Census bench assessment',
      CASE WHEN g % 5 <> 0 THEN (e.referral_date + 40)::timestamp END, CASE WHEN g % 5 <> 0 THEN e.referral_date + 40 END,
      CASE WHEN g % 5 <> 0 THEN 'cin_plan' END, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN episode e ON e.id = ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid
    WHERE g % 10 < 8`.execute(db)
  // A fifth: a strategy discussion and a section 47 enquiry; half of those an initial conference.
  await sql`INSERT INTO strategy_discussion (id, episode_id, child_id, held_at, held_on, decision, recorded_by, created_at)
    SELECT ('00000000-0000-4000-b000-' || lpad(to_hex(g), 12, '0'))::uuid, e.id, e.child_id, (e.referral_date + 2)::timestamp, e.referral_date + 2, 'section47', ${worker}, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN episode e ON e.id = ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid
    WHERE g % 5 = 1`.execute(db)
  await sql`INSERT INTO section47_enquiry (id, episode_id, child_id, strategy_discussion_id, started_on, outcome, conference_required, concluded_on, created_at)
    SELECT ('00000000-0000-4000-c000-' || lpad(to_hex(g), 12, '0'))::uuid, sd.episode_id, sd.child_id, sd.id, sd.held_on,
      CASE WHEN g % 10 = 1 THEN 'conference' ELSE 'no_further_action' END, g % 10 = 1, sd.held_on + 10, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN strategy_discussion sd ON sd.id = ('00000000-0000-4000-b000-' || lpad(to_hex(g), 12, '0'))::uuid`.execute(
    db,
  )
  await sql`INSERT INTO conference (id, episode_id, child_id, kind, section47_enquiry_id, scheduled_at, held_on, decision, decision_details, household_considered, created_by, created_at)
    SELECT ('00000000-0000-4000-d000-' || lpad(to_hex(g), 12, '0'))::uuid, s.episode_id, s.child_id, 'initial', s.id, (s.started_on + 14)::timestamp, s.started_on + 14,
      CASE WHEN g % 20 = 1 THEN 'plan' ELSE 'no_plan' END, '{}'::jsonb, '[]'::jsonb, ${worker}, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN section47_enquiry s ON s.id = ('00000000-0000-4000-c000-' || lpad(to_hex(g), 12, '0'))::uuid
    WHERE s.conference_required`.execute(db)
  // Plans from the initial conferences that decided one; an earlier, ended plan for some; a review conference each.
  await sql`INSERT INTO child_protection_plan (id, episode_id, child_id, conference_id, started_on, initial_category, latest_category, outline_plan, contingency_plan, ended_on, end_reason, created_at)
    SELECT gen_random_uuid(), c.episode_id, c.child_id, c.id, c.held_on, (ARRAY['NEG','PHY','SAB','EMO','MUL'])[1 + g % 5], (ARRAY['NEG','PHY','SAB','EMO','MUL'])[1 + (g / 7) % 5],
      'Outline', 'Contingency', CASE WHEN g % 3 = 0 THEN c.held_on + 200 END, CASE WHEN g % 3 = 0 THEN 'no_longer_at_risk' END, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN conference c ON c.id = ('00000000-0000-4000-d000-' || lpad(to_hex(g), 12, '0'))::uuid
    WHERE c.decision = 'plan'`.execute(db)
  await sql`INSERT INTO conference (id, episode_id, child_id, kind, scheduled_at, held_on, decision, decision_details, household_considered, created_by, created_at)
    SELECT gen_random_uuid(), p.episode_id, p.child_id, 'review', (p.started_on + 90)::timestamp, p.started_on + 90, 'continue', '{}'::jsonb, '[]'::jsonb, ${worker}, now()
    FROM child_protection_plan p`.execute(db)
  // A third: a child in need plan after the assessment.
  await sql`INSERT INTO child_in_need_plan (id, episode_id, child_id, started_on, outcomes, lead_user_id, ended_on, created_at)
    SELECT gen_random_uuid(), e.id, e.child_id, e.referral_date + 45, 'Outcomes', ${worker}, CASE WHEN g % 2 = 0 THEN e.referral_date + 200 END, now()
    FROM generate_series(1, ${CHILDREN}::int) AS g JOIN episode e ON e.id = ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid
    WHERE g % 3 = 2`.execute(db)
  await sql`ANALYZE`.execute(db)
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0)
  const counts: string[] = []
  for (const t of [
    'child',
    'referral',
    'episode',
    'assessment',
    'section47_enquiry',
    'conference',
    'child_protection_plan',
    'child_in_need_plan',
  ])
    counts.push(`${await count(t)} ${t}`)
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s with SQL: ${counts.join(', ')}`)
  const loadAverage = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')
  console.log(`load average: ${loadAverage()} (${os.cpus().length} cores)`)

  const service = await startService(scratch.url)
  stopService = service.stop
  const token = await bearerToken(service.address, manager.actor.email)
  // At rest: start-up's garbage collected as the service would collect it, with nothing asked of it.
  await new Promise((r) => setTimeout(r, 2000))
  const baseline = residentBytes(service.pid)
  const peakReset = resetPeak(service.pid)
  let sampled = baseline
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, residentBytes(service.pid))
  }, 20)
  const out = path.resolve(import.meta.dirname, '..', '.tmp', 'census-bench.xml')
  const pg = scratch.postmasterPid
  const pgCpu = () => (pg === undefined ? Number.NaN : postgresCpuSeconds(pg))
  const machine = machineCpu()
  const pg0 = pgCpu()
  const service0 = processCpuSeconds(service.pid)
  const self0 = process.cpuUsage()
  const started = performance.now()
  const res = await fetch(`${service.address}/api/v1/returns/cin-census/${END_YEAR}/export`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ errorsListed: true }),
  })
  const answered = performance.now()
  if (res.status !== 200 || res.body === null) throw new Error(`export refused: ${res.status} ${await res.text()}`)
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(out))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const serviceCpu = processCpuSeconds(service.pid) - service0
  const pgSeconds = pgCpu() - pg0
  const self = process.cpuUsage(self0)
  const machineCores = machine.stop()
  const peakSampled = Math.max(sampled, residentBytes(service.pid))
  const hwm = peakReset ? peakResidentBytes(service.pid) : undefined
  const peak = Math.max(peakSampled, hwm ?? 0)
  const bytes = fs.statSync(out).size
  const xmlChildren = (fs.readFileSync(out, 'utf8').match(/<Child>/g) ?? []).length
  if (!KEEP) fs.rmSync(out)
  const errors = Number(res.headers.get('x-census-errors'))
  const queries = Number(res.headers.get('x-census-queries'))
  const selfSeconds = (self.user + self.system) / 1e6
  const other = Math.max(0, machineCores * seconds - serviceCpu - pgSeconds - selfSeconds)
  console.log(
    `\nexport of ${xmlChildren} <Child> elements (${(bytes / MB).toFixed(1)} MB of XML): ${seconds.toFixed(1)} s ` +
      `(${((answered - started) / 1000).toFixed(1)} s to the first byte: the rules, and the XML to the service's temporary file; then streamed here and written to disk), ` +
      `${errors} errors and ${queries} queries found by the rules`,
  )
  console.log(
    `CPU seconds: the service ${serviceCpu.toFixed(1)}, PostgreSQL ${pgSeconds.toFixed(1)}, this harness (reading the stream) ${selfSeconds.toFixed(1)}; ` +
      `the machine was busy ${machineCores.toFixed(2)} of ${os.cpus().length} cores on average, ${other.toFixed(1)} CPU seconds of it other work` +
      (other > 0.1 * seconds ? ' (so the wall time is longer than the export needs on a quiet machine)' : ''),
  )
  console.log(
    `the service's RSS: ${(baseline / MB).toFixed(0)} MB at rest before the export, peak ${(peak / MB).toFixed(0)} MB during it ` +
      `(${(peakSampled / MB).toFixed(0)} MB sampled every 20 ms, high water mark ${hwm === undefined ? 'not readable' : `${(hwm / MB).toFixed(0)} MB`}), ` +
      `so the export added ${((peak - baseline) / MB).toFixed(0)} MB; load average afterwards ${loadAverage()}`,
  )
  const timeMet = seconds <= TARGET_SECONDS
  const rssMet = peak <= TARGET_RSS_MB * MB
  missed = !timeMet || !rssMet || xmlChildren !== CHILDREN
  console.log('\nsummary')
  console.log(`  wall time ${seconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s) ${timeMet ? 'MET' : 'MISSED'}`)
  console.log(
    `  the service's peak RSS ${(peak / MB).toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB) ${rssMet ? 'MET' : 'MISSED'}; at rest ${(baseline / MB).toFixed(0)} MB`,
  )
  if (xmlChildren !== CHILDREN) console.log(`  ${xmlChildren} children in the XML, ${CHILDREN} seeded: MISSED`)
  if (KEEP) console.log(`  the XML is in ${out}`)
} finally {
  await stopService()
  await scratch.close()
}
if (CHECK && missed) {
  console.error('a target was missed')
  process.exit(1)
}

/**
 * The service as `npm start` runs it (`node bin/together serve`), on the scratch database, in demo mode (so the
 * team manager's token needs no authenticator code), on a free loopback port.
 */
async function startService(databaseUrl: string): Promise<{ address: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort()
  const root = path.resolve(import.meta.dirname, '..')
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(root, 'bin', 'together'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TOGETHER_DEMO_MODE: 'on',
      TOGETHER_LOG_LEVEL: 'warn',
      TOGETHER_DATA_DIR: path.join(root, '.tmp', 'bench-census-service'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const pid = child.pid
  if (pid === undefined) throw new Error('the service did not start')
  const address = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const until = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service stopped with code ${child.exitCode}`)
    try {
      if ((await fetch(`${address}/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop()
      throw new Error('the service did not answer /health within two minutes')
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { address, pid, stop }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function statusField(pid: number, field: string): number | undefined {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  const kB = line === undefined ? undefined : /(\d+)/.exec(line)?.[1]
  return kB === undefined ? undefined : Number(kB) * 1024
}
/** Resident set size now (VmRSS). */
function residentBytes(pid: number): number {
  return statusField(pid, 'VmRSS') ?? 0
}
/** The most the process has had resident since it started or since resetPeak (VmHWM). */
function peakResidentBytes(pid: number): number | undefined {
  return statusField(pid, 'VmHWM')
}
/**
 * Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so the peak read afterwards is the export's.
 * False when not permitted: then VmHWM would include start-up's peak, and only the samples count.
 */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** CPU seconds a process has used (utime + stime from /proc/<pid>/stat). */
function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) / 100
}

/** The whole machine's busy cores, on average, from now until stop(). */
function machineCpu(): { stop(): number } {
  const times = () =>
    os.cpus().reduce(
      (t, c) => ({
        busy: t.busy + c.times.user + c.times.nice + c.times.sys + c.times.irq,
        idle: t.idle + c.times.idle,
      }),
      { busy: 0, idle: 0 },
    )
  const start = times()
  return {
    stop() {
      const end = times()
      const busy = end.busy - start.busy
      const total = busy + (end.idle - start.idle)
      return total > 0 ? (busy / total) * os.cpus().length : Number.NaN
    },
  }
}
