/**
 * The early help coordinator's view of the area with 20,000 open family help episodes: p95 latency over real HTTP
 * for each filter (all, unallocated, no plan, overdue reviews, step-ups, step-downs), a late page, and the API.
 * Target: p95 ≤ 100 ms each.
 *
 * Run: npx tsx bench/family-help-area.bench.ts [episodes] [requests]      (defaults 20000 and 200)
 * Uses the embedded PostgreSQL in .tmp/bench-family-help-pg (or DATABASE_URL, into a scratch database).
 *
 * The data: episodes in every phase, 80% with a lead practitioner in one of 8 agencies, one or two children
 * each, one open local clock each spread from 30 days overdue to 90 days ahead (next_due_on and
 * next_review_due_on kept by the database's triggers, as in use). Made in bulk with SQL: the bench measures reading.
 */
import { sql } from 'kysely'
import os from 'node:os'
import { bearerToken, openScratch, percentiles, startApp } from './support/harness.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const EPISODES = Number(args[0] ?? 20_000)
const REQUESTS = Number(args[1] ?? 200)

const scratch = await openScratch('bench-family-help-pg')
const { db } = scratch
try {
  const la = await db
    .selectFrom('organisation')
    .select(['id', 'local_area_id'])
    .where('kind', '=', 'la_childrens_social_care')
    .executeTakeFirstOrThrow()
  const agencies = (
    await db
      .selectFrom('organisation')
      .select('id')
      .where('local_area_id', '=', la.local_area_id)
      .orderBy('name')
      .execute()
  ).map((o) => o.id)
  const leads = (
    await db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('organisation_id', 'in', agencies)
      .orderBy('email')
      .execute()
  ).map((u) => [u.id, u.organisation_id])
  const opener = (
    await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'dsl@oakfield-primary.example')
      .executeTakeFirstOrThrow()
  ).id
  const phases = ['awaiting_consent', 'consented', 'assessed', 'plan', 'plan', 'plan', 'stepped_up', 'without_consent']
  const rules = [
    'family-help-assessment',
    'family-help-assessment',
    'family-help-reassessment',
    'family-help-first-review',
    'family-help-next-review',
    'family-help-next-review',
    'family-help-reassessment',
    'family-help-reassessment',
  ]
  const t0 = performance.now()
  for (let i = 0; i < EPISODES; i += 5000) {
    const n = Math.min(5000, EPISODES - i)
    await sql`
      WITH g AS (SELECT g, gen_random_uuid() AS child_id, gen_random_uuid() AS episode_id FROM generate_series(${i}::int, ${i + n - 1}::int) g),
      c AS (
        INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, sex, created_by, created_by_organisation_id, created_at)
        SELECT child_id, ${la.local_area_id}::uuid, 'Child' || g, 'Bench', 'child' || g || ' bench', DATE '2012-01-01' + (g % 4000), 'unknown', ${opener}::uuid, ${la.id}::uuid, now() FROM g RETURNING id),
      e AS (
        INSERT INTO family_help_episode (id, reference, local_area_id, coordinating_organisation_id, level, origin, request_source, opened_on, opened_by_user_id, opened_by_organisation_id, phase, phase_changed_at, lead_user_id, lead_organisation_id, created_at)
        SELECT episode_id, 'FH-B' || lpad(g::text, 6, '0'), ${la.local_area_id}::uuid, ${la.id}::uuid, 'early_help',
          CASE WHEN g % 20 = 0 THEN 'step_down' ELSE 'direct' END, '2A', current_date - (g % 300), ${opener}::uuid, ${la.id}::uuid,
          (${JSON.stringify(phases)}::jsonb ->> (g % ${phases.length}::int)), now(),
          CASE WHEN g % 5 = 4 THEN NULL ELSE (${JSON.stringify(leads)}::jsonb -> (g % ${leads.length}::int) ->> 0)::uuid END,
          CASE WHEN g % 5 = 4 THEN NULL ELSE (${JSON.stringify(leads)}::jsonb -> (g % ${leads.length}::int) ->> 1)::uuid END,
          now() FROM g RETURNING id),
      m AS (
        INSERT INTO family_help_member (id, episode_id, child_id, name, relationship, in_household, created_at)
        SELECT gen_random_uuid(), episode_id, child_id, 'Child' || g || ' Bench', 'child', true, now() FROM g RETURNING id)
      INSERT INTO deadline (id, local_area_id, organisation_id, assigned_user_id, rule_id, subject_type, subject_id, child_id, title, started_on, due_on, national_due_on, created_at, completed_at)
      SELECT gen_random_uuid(), ${la.local_area_id}::uuid, ${la.id}::uuid, NULL::uuid, (${JSON.stringify(rules)}::jsonb ->> (g % ${rules.length}::int)),
        'family_help_episode', episode_id::text, child_id, 'Bench clock', current_date - 20, current_date - 30 + ((g * 7) % 120), current_date - 30 + ((g * 7) % 120), now(), NULL::timestamptz FROM g`.execute(
      db,
    )
  }
  await sql`VACUUM ANALYZE`.execute(db)
  const withNext = await db
    .selectFrom('family_help_episode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('next_due_on', 'is not', null)
    .executeTakeFirstOrThrow()
  if (Number(withNext.n) !== EPISODES)
    throw new Error(`only ${withNext.n} of ${EPISODES} episodes have a next due date`)
  console.log(`seeded ${EPISODES} open family help episodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  console.log(scratch.description)

  const app = await startApp(scratch.deps)
  const { address } = app
  const token = await bearerToken(address, 'early.help@northshire-council.example')
  const page = await fetch(`${address}/sign-in`)
  const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const signed = await fetch(`${address}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({
      _csrf: csrf,
      email: 'early.help@northshire-council.example',
      password: 'Northshire-demo-2026',
    }).toString(),
  })
  const cookie = `${csrfCookie}; ${(signed.headers.get('set-cookie') ?? '').split(';')[0] ?? ''}`
  console.log(
    `${REQUESTS} sequential requests each, after 20 to warm up (load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}):`,
  )
  for (const target of [
    '/family-help/area',
    '/family-help/area?filter=unallocated',
    '/family-help/area?filter=no_plan',
    '/family-help/area?filter=overdue_reviews',
    '/family-help/area?filter=stepped_up',
    '/family-help/area?filter=stepped_down',
    '/family-help/area?page=300',
    '/api/v1/family-help?view=area&filter=overdue_reviews',
  ]) {
    const headers: Record<string, string> = target.startsWith('/api/')
      ? { authorization: `Bearer ${token}` }
      : { cookie }
    for (let i = 0; i < 20; i++) await (await fetch(`${address}${target}`, { headers })).text()
    const times: number[] = []
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now()
      const res = await fetch(`${address}${target}`, { headers })
      const body = await res.text()
      times.push(performance.now() - s)
      if (res.status !== 200 || !/FH-B/.test(body)) throw new Error(`${target} gave ${res.status}`)
    }
    const f = percentiles(times)
    console.log(
      `${target.padEnd(56)} p50 ${f.p50.toFixed(1).padStart(6)} ms  p95 ${f.p95.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  ${f.p95 <= 100 ? 'ok' : 'OVER 100 ms'}`,
    )
  }
  await app.close()
} finally {
  await scratch.close()
}
