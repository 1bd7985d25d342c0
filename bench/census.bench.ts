/**
 * The children in need census for a large local authority (issue 15): 100,000 children in the collection year
 * 2025 to 2026, each with a referral and the episode it opened; most assessed (with factors), a fifth with a
 * strategy discussion and a section 47 enquiry, half of those with an initial conference, most of those on a
 * child protection plan (some with review conferences and earlier plans), a third with a child in need plan, a
 * quarter closed with a reason. Then `exportCinCensus` (src/modules/returns) runs in this process as the route runs
 * it — the rules first, then the XML streamed — and the XML is written to a file, while this process's resident
 * memory is sampled every 20 ms.
 *
 * The data is made with SQL (generate_series) that writes the rows the protection steps write (referral, episode,
 * assessment, strategy_discussion, section47_enquiry, conference, child_protection_plan, child_in_need_plan), not
 * through the steps: 100,000 children's case histories through the steps would take hours here.
 *
 * Targets (issue 15): the export in ≤ 20 s with RSS ≤ 300 MB.
 * Run: node --expose-gc --import tsx bench/census.bench.ts [children] [--check] [--keep-xml]
 *   (--expose-gc lets the bench collect what seeding left behind, so "RSS before" is the process, not the seed)
 *   --check exits 1 when a target is missed; --keep-xml leaves the XML in .tmp/census-bench.xml (for xmllint).
 * Uses the embedded PostgreSQL in .tmp/bench-census (or DATABASE_URL, into a scratch database).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { sql } from 'kysely'
import { exportCinCensus } from '../src/modules/returns/steps/census.js'
import { findUserByEmail } from '../src/modules/people/queries/loadActor.js'
import { openScratch, postgresCpuSeconds } from './support/harness.js'

const args = process.argv.slice(2)
const CHECK = args.includes('--check')
const KEEP = args.includes('--keep-xml')
const CHILDREN = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000)
const TARGET_SECONDS = 20
const TARGET_RSS_MB = 300
const END_YEAR = 2026 // 1 April 2025 to 31 March 2026
const MB = 1e6

const scratch = await openScratch('bench-census')
let missed = false
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
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} (${os.cpus().length} cores)`,
  )

  // Collect what the seeding left behind, so the baseline is the app's own memory.
  ;(globalThis as { gc?: () => void }).gc?.()
  const baseline = process.memoryUsage().rss
  const baselineHeap = process.memoryUsage().heapTotal
  let peak = baseline
  // What the peak is made of: the JavaScript heap (objects), or memory outside it (buffers).
  let peakHeap = 0
  let peakOutside = 0
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peak = Math.max(peak, m.rss)
    peakHeap = Math.max(peakHeap, m.heapTotal)
    peakOutside = Math.max(peakOutside, m.external)
  }, 20)
  const out = path.resolve(import.meta.dirname, '..', '.tmp', 'census-bench.xml')
  const pg = scratch.postmasterPid
  const pgCpu = () => (pg === undefined ? Number.NaN : postgresCpuSeconds(pg))
  const pg0 = pgCpu()
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  const meta = { correlationId: 'census-bench', ip: '127.0.0.1' }
  const result = await exportCinCensus(scratch.deps, manager.actor, { endYear: END_YEAR, errorsListed: true }, meta)
  if (!result.ok) throw new Error(`export refused: ${result.error.code} ${result.error.message}`)
  const checked = performance.now()
  await pipeline(result.value.xml, fs.createWriteStream(out))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const cpu = process.cpuUsage(cpu0)
  const pgSeconds = pgCpu() - pg0
  const bytes = fs.statSync(out).size
  const xmlChildren = (fs.readFileSync(out, 'utf8').match(/<Child>/g) ?? []).length
  if (!KEEP) fs.rmSync(out)
  const { check } = result.value
  console.log(
    `\nexport of ${check.children} children (${xmlChildren} <Child> elements, ${(bytes / MB).toFixed(1)} MB of XML): ` +
      `${seconds.toFixed(1)} s (rules ${((checked - started) / 1000).toFixed(1)} s, then the XML ${((performance.now() - checked) / 1000).toFixed(1)} s, ` +
      `written to disk), ${check.validation.errors} errors and ${check.validation.queries} queries found by the rules`,
  )
  console.log(
    `CPU: this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, PostgreSQL ${pgSeconds.toFixed(1)} s ` +
      `(with other work on the machine, wall time is longer than the CPU the export needs); RSS ${(baseline / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB ` +
      `(JavaScript heap ${(baselineHeap / MB).toFixed(0)} MB before, at most ${(peakHeap / MB).toFixed(0)} MB, buffers at most ${(peakOutside / MB).toFixed(0)} MB)`,
  )
  const timeMet = seconds <= TARGET_SECONDS
  const rssMet = peak <= TARGET_RSS_MB * MB
  missed = !timeMet || !rssMet || xmlChildren !== check.children
  console.log('\nsummary')
  console.log(`  wall time ${seconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s) ${timeMet ? 'MET' : 'MISSED'}`)
  console.log(`  peak RSS ${(peak / MB).toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB) ${rssMet ? 'MET' : 'MISSED'}`)
  if (KEEP) console.log(`  the XML is in ${out}`)
} finally {
  await scratch.close()
}
if (CHECK && missed) {
  console.error('a target was missed')
  process.exit(1)
}
