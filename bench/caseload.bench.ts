/**
 * Caseload pages for a local authority with 30,000 open episodes: p95 latency over real HTTP for "My cases" and
 * the team manager's team view (all workers, one worker, the unallocated cases, a late page, a status filter).
 * Target: p95 ≤ 100 ms each.
 *
 * Run: npx tsx bench/caseload.bench.ts [episodes] [requests]      (defaults 30000 and 300)
 *      add --explain to print the query plans of one team view.
 * Uses the embedded PostgreSQL in .tmp/bench-caseload-pg (or DATABASE_URL, into a scratch database).
 *
 * The data: 100 social workers (the demo social worker among them) hold 90% of the episodes evenly, 10% are
 * unallocated; 10 team managers (the demo team manager among them) manage a tenth each. Each open episode has one
 * or two open statutory deadlines spread from 30 days overdue to 90 days ahead, and its referral's decision clock
 * completed, as the clock engine leaves them. Rows are made in bulk with SQL (consistent with the schema and
 * what openEpisode/takeEpisodeStep write): the bench measures reading, not writing.
 */
import { sql } from 'kysely'
import os from 'node:os'
import {
  bearerToken,
  captureQueries,
  cpuMeter,
  explainSelects,
  openScratch,
  percentiles,
  startApp,
} from './support/harness.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const EPISODES = Number(args[0] ?? 30_000)
const REQUESTS = Number(args[1] ?? 300)
const EXPLAIN = process.argv.includes('--explain')
const WORKERS = 100
const MANAGERS = 10

const scratch = await openScratch('bench-caseload-pg')
const { db } = scratch
try {
  const la = await db
    .selectFrom('organisation')
    .select(['id', 'local_area_id'])
    .where('kind', '=', 'la_childrens_social_care')
    .executeTakeFirstOrThrow()
  const school = await db.selectFrom('organisation').select('id').where('kind', '=', 'school').executeTakeFirstOrThrow()
  const demo = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const socialWorker = await demo('social.worker@northshire-council.example')
  const teamManager = await demo('team.manager@northshire-council.example')
  const t0 = performance.now()

  // Workers and managers: the demo ones first, then made-up colleagues who never sign in.
  await sql`INSERT INTO app_user (id, organisation_id, email, display_name, roles, created_at)
    SELECT gen_random_uuid(), ${la.id}::uuid, 'bench.worker.' || g || '@northshire-council.example', 'Bench Worker ' || lpad(g::text, 3, '0'), ARRAY['social_worker'], now()
    FROM generate_series(2, ${WORKERS}) g`.execute(db)
  await sql`INSERT INTO app_user (id, organisation_id, email, display_name, roles, created_at)
    SELECT gen_random_uuid(), ${la.id}::uuid, 'bench.manager.' || g || '@northshire-council.example', 'Bench Manager ' || g, ARRAY['team_manager'], now()
    FROM generate_series(2, ${MANAGERS}) g`.execute(db)
  const workers = [
    socialWorker,
    ...(
      await db.selectFrom('app_user').select('id').where('email', 'like', 'bench.worker.%').orderBy('email').execute()
    ).map((r) => r.id),
  ]
  const managers = [
    teamManager,
    ...(
      await db.selectFrom('app_user').select('id').where('email', 'like', 'bench.manager.%').orderBy('email').execute()
    ).map((r) => r.id),
  ]

  const phases = [
    'assessment',
    'strategy_discussion',
    'section_47',
    'initial_conference',
    'child_protection_plan',
    'child_in_need_plan',
  ]
  const rules = [
    'child-and-family-assessment',
    'child-and-family-assessment',
    'initial-child-protection-conference',
    'initial-child-protection-conference',
    'first-review-conference',
    'child-and-family-assessment',
  ]
  for (let i = 0; i < EPISODES; i += 5000) {
    const n = Math.min(5000, EPISODES - i)
    await sql`
      WITH g AS (SELECT g, gen_random_uuid() AS child_id, gen_random_uuid() AS referral_id, gen_random_uuid() AS episode_id FROM generate_series(${i}::int, ${i + n - 1}::int) g),
      c AS (
        INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, sex, created_by, created_by_organisation_id, created_at)
        SELECT child_id, ${la.local_area_id}::uuid, 'Child' || g, 'Bench', 'child' || g || ' bench', DATE '2012-01-01' + (g % 4000), 'unknown', ${socialWorker}::uuid, ${la.id}::uuid, now() FROM g RETURNING id),
      r AS (
        INSERT INTO referral (id, reference, child_id, from_organisation_id, to_organisation_id, summary, received_at, state)
        SELECT referral_id, 'R-BENCH-' || g, child_id, ${school.id}::uuid, ${la.id}::uuid, 'Bench referral', now() - ((g % 200) || ' days')::interval, 'decided' FROM g RETURNING id),
      e AS (
        INSERT INTO episode (id, reference, child_id, referral_id, local_authority_id, local_area_id, phase, phase_changed_at, lead_user_id, team_manager_user_id, referral_date, created_at)
        SELECT episode_id, 'E-BENCH-' || g, child_id, referral_id, ${la.id}::uuid, ${la.local_area_id}::uuid,
          (${JSON.stringify(phases)}::jsonb ->> (g % ${phases.length}::int)), now(),
          CASE WHEN g % 10 = 9 THEN NULL ELSE (${JSON.stringify(workers)}::jsonb ->> ((g / 10) % ${workers.length}::int))::uuid END,
          (${JSON.stringify(managers)}::jsonb ->> (g % ${managers.length}::int))::uuid,
          current_date - (g % 200), now() FROM g RETURNING id),
      -- The referral's decision clock, met long ago; then one or two open clocks on the episode.
      d1 AS (
        INSERT INTO deadline (id, local_area_id, organisation_id, assigned_user_id, rule_id, subject_type, subject_id, child_id, title, started_on, due_on, national_due_on, created_at, completed_at)
        SELECT gen_random_uuid(), ${la.local_area_id}::uuid, ${la.id}::uuid, NULL::uuid, 'referral-decision', 'referral', referral_id::text, child_id, 'Decide on referral', current_date - (g % 200), current_date - (g % 200) + 1, current_date - (g % 200) + 1, now(), now() FROM g RETURNING id)
      INSERT INTO deadline (id, local_area_id, organisation_id, assigned_user_id, rule_id, subject_type, subject_id, child_id, title, started_on, due_on, national_due_on, created_at, completed_at)
      SELECT gen_random_uuid(), ${la.local_area_id}::uuid, ${la.id}::uuid, NULL::uuid, (${JSON.stringify(rules)}::jsonb ->> (g % ${rules.length}::int)), 'episode', episode_id::text, child_id, 'Bench clock',
        current_date - 20, current_date - 30 + ((g * 7) % 120), current_date - 30 + ((g * 7) % 120), now(), NULL::timestamptz FROM g
      UNION ALL
      SELECT gen_random_uuid(), ${la.local_area_id}::uuid, ${la.id}::uuid, NULL::uuid, 'first-core-group', 'episode', episode_id::text, child_id, 'Bench clock',
        current_date - 5, current_date + (g % 15), current_date + (g % 15), now(), NULL::timestamptz FROM g WHERE g % 3 = 0`.execute(
      db,
    )
  }
  // As autovacuum leaves a table after a bulk load (PostgreSQL 13+ vacuums after inserts too): statistics, and
  // the visibility map that lets the team's counts by worker come from the index alone.
  await sql`VACUUM ANALYZE`.execute(db)
  // The episodes' next due dates come from the deadline table through the database's triggers: check they did.
  const withNext = await db
    .selectFrom('episode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('next_due_on', 'is not', null)
    .executeTakeFirstOrThrow()
  if (Number(withNext.n) !== EPISODES)
    throw new Error(`only ${withNext.n} of ${EPISODES} episodes have a next due date`)
  console.log(
    `seeded ${EPISODES} open episodes (${WORKERS} workers, ${MANAGERS} managers) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  )
  console.log(scratch.description)

  const app = await startApp(scratch.deps)
  const { address } = app
  // Sign in the way a browser does (CSRF cookie + token, then the session cookie); demo mode needs no second factor.
  const signIn = async (email: string) => {
    const page = await fetch(`${address}/sign-in`)
    const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    const res = await fetch(`${address}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: token, email, password: 'Northshire-demo-2026' }).toString(),
    })
    return `${csrfCookie}; ${(res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''}`
  }
  const worker = await signIn('social.worker@northshire-council.example')
  const manager = await signIn('team.manager@northshire-council.example')

  const apiToken = await bearerToken(address, 'team.manager@northshire-council.example')

  const measure = async (label: string, credential: string, target: string, expect: RegExp) => {
    const headers: Record<string, string> = target.startsWith('/api/')
      ? { authorization: `Bearer ${credential}` }
      : { cookie: credential }
    for (let i = 0; i < 20; i++) await (await fetch(`${address}${target}`, { headers })).text()
    const times: number[] = []
    const started = performance.now()
    const meter = cpuMeter(scratch.postmasterPid)
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now()
      const res = await fetch(`${address}${target}`, { headers })
      const body = await res.text()
      times.push(performance.now() - s)
      if (res.status !== 200 || !expect.test(body))
        throw new Error(`${target} gave ${res.status} without ${String(expect)}`)
    }
    const f = percentiles(times)
    // CPU spent per request by this process (app and client) and PostgreSQL: what the page costs, whatever else
    // is running on the machine (latency on a shared machine also includes waiting for a core).
    const cores = /this Node process \(.*?\) ([\d.]+); PostgreSQL ([\d.]+)/.exec(meter.stop())
    const perRequest = (c: string | undefined) => (Number(c) * (performance.now() - started)) / REQUESTS
    const [nodeMs, pgMs] = cores === null ? [Number.NaN, Number.NaN] : [perRequest(cores[1]), perRequest(cores[2])]
    console.log(
      `${label.padEnd(58)} p50 ${f.p50.toFixed(1).padStart(6)} ms  p95 ${f.p95.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  ` +
        `CPU/request: Node ${nodeMs.toFixed(1)} ms, PostgreSQL ${pgMs.toFixed(1)} ms  ${f.p95 <= 100 ? 'ok' : 'OVER 100 ms'}`,
    )
  }
  const aWorker = workers[7] ?? socialWorker
  console.log(
    `${REQUESTS} sequential requests each, after 20 to warm up (load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}):`,
  )
  const cpu = cpuMeter(scratch.postmasterPid)
  await measure('my cases: social worker (about 270 open cases)', worker, '/caseload', /E-BENCH-/)
  await measure(
    'my cases: social worker, page 5, sorted by referral date',
    worker,
    '/caseload?sort=referral&page=5',
    /E-BENCH-/,
  )
  await measure(`my cases: team manager (manages ${Math.round(EPISODES / MANAGERS)})`, manager, '/caseload', /E-BENCH-/)
  await measure(`team view: all ${EPISODES} open episodes`, manager, '/caseload/team', /E-BENCH-/)
  await measure('team view: one worker', manager, `/caseload/team?worker=${aWorker}`, /E-BENCH-/)
  await measure(
    'team view: unallocated, overdue only',
    manager,
    '/caseload/team?worker=unallocated&status=overdue',
    /E-BENCH-/,
  )
  await measure('team view: all, page 1000 (the end)', manager, '/caseload/team?page=1000', /E-BENCH-/)
  await measure('team view: due soon only', manager, '/caseload/team?status=due_soon', /E-BENCH-/)
  await measure('API: GET /api/v1/caseload/team', apiToken, '/api/v1/caseload/team', /E-BENCH-/)
  await measure('API: GET /api/v1/caseload (team manager)', apiToken, '/api/v1/caseload', /E-BENCH-/)
  console.log(cpu.stop())

  if (EXPLAIN) {
    const { myCaseload } = await import('../src/modules/protection/queries/myCaseload.js')
    const { teamCaseload } = await import('../src/modules/protection/queries/teamCaseload.js')
    const { findUserByEmail } = await import('../src/modules/people/queries/loadActor.js')
    const tm = await findUserByEmail(db, 'team.manager@northshire-council.example')
    const sw = await findUserByEmail(db, 'social.worker@northshire-council.example')
    if (tm === undefined || sw === undefined) throw new Error('demo users missing')
    const meta = { correlationId: 'bench' }
    const queries = await captureQueries(async () => {
      await teamCaseload(scratch.deps, tm.actor, { sort: 'due', page: 1 }, meta)
      await myCaseload(scratch.deps, sw.actor, { sort: 'due', page: 1 }, meta)
    })
    console.log(await explainSelects(scratch.url, queries, true, (t) => /FROM c|deadline/.test(t)))
  }
  await app.close()
} finally {
  await scratch.close()
}
