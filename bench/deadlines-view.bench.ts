/**
 * The "Due and overdue" view for a partnership with 50,000 open items: p95 latency over real HTTP.
 * Target: p95 ≤ 100 ms. Run: npx tsx bench/deadlines-view.bench.ts [items] [requests]
 * Uses the embedded PostgreSQL in .tmp/bench-pg (or DATABASE_URL, into a scratch database).
 */
import { sql } from 'kysely'
import { openScratch, percentiles, startApp } from './support/harness.js'

const ITEMS = Number(process.argv[2] ?? 50_000)
const REQUESTS = Number(process.argv[3] ?? 300)

const scratch = await openScratch('bench-pg')
const { db } = scratch
try {
  const area = await db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()
  const orgs = await db.selectFrom('organisation').select('id').execute()
  const users = await db.selectFrom('app_user').select('id').execute()
  const rules = [
    'referral-decision',
    'child-and-family-assessment',
    'initial-child-protection-conference',
    'first-core-group',
    'first-review-conference',
    'lado-referral',
  ]
  const t0 = performance.now()
  for (let i = 0; i < ITEMS; i += 5000) {
    const n = Math.min(5000, ITEMS - i)
    // Start dates spread over the last 90 days; due dates spread around today, so every state is represented.
    await sql`INSERT INTO deadline (id, local_area_id, organisation_id, assigned_user_id, rule_id, subject_type, subject_id, title, started_on, due_on, national_due_on, created_at)
      SELECT gen_random_uuid(), ${area.id}, (${JSON.stringify(orgs.map((o) => o.id))}::jsonb ->> (g % ${orgs.length}::int))::uuid,
        (${JSON.stringify(users.map((u) => u.id))}::jsonb ->> (g % ${users.length}::int))::uuid,
        (${JSON.stringify(rules)}::jsonb ->> (g % ${rules.length}::int)), 'bench', g::text, 'Bench item ' || g,
        current_date - (g % 90), current_date - 30 + (g % 120), current_date - 30 + (g % 120), now()
      FROM generate_series(${i}::int, ${i + n - 1}::int) AS g`.execute(db)
  }
  await sql`ANALYZE deadline`.execute(db)
  console.log(`seeded ${ITEMS} open deadlines in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  const app = await startApp(scratch.deps)
  const { address } = app
  // Sign in as a partnership lead the way a browser does (CSRF cookie + token, then the session cookie).
  const page = await fetch(`${address}/sign-in`)
  const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const signIn = await fetch(`${address}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({
      _csrf: token,
      email: 'partnership.lead@northshire-council.example',
      password: 'Northshire-demo-2026',
    }).toString(),
  })
  const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const cookie = `${csrfCookie}; ${session}`

  const measure = async (label: string, target: string) => {
    for (let i = 0; i < 20; i++) await (await fetch(`${address}${target}`, { headers: { cookie } })).text()
    const times: number[] = []
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now()
      const res = await fetch(`${address}${target}`, { headers: { cookie } })
      await res.text()
      if (res.status !== 200) throw new Error(`${target} gave ${res.status}`)
      times.push(performance.now() - s)
    }
    const f = percentiles(times)
    console.log(
      `${label}: ${REQUESTS} requests, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`,
    )
  }
  await measure('due and overdue page, whole partnership', '/deadlines?scope=partnership')
  await measure(
    'filtered by rule and status, page 40',
    '/deadlines?scope=partnership&rule=child-and-family-assessment&status=not_due&page=40',
  )
  await measure('sorted by timescale, latest page', '/deadlines?scope=partnership&sort=rule&page=1000')
  await app.close()
} finally {
  await scratch.close()
}
