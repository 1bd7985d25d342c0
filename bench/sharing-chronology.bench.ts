/**
 * A child's chronology with shared items and involvement (issue 11): one child whose chronology, as Oakfield
 * Primary's DSL sees it, holds 2,000 entries from several organisations —
 *   - 350 concerns recorded by Oakfield, each acknowledged, asked about and decided (1,400 entries);
 *   - 100 of those decisions referred to children's social care: 100 referrals, each received and acknowledged
 *     (200 entries for the referrer, and the front door's decision on the last: 201), and for the last one a social-care episode with an assessment and the
 *     case's steps (seen by the local authority only, but read by the query);
 *   - Elm Tree Surgery has shared 250 of its own concerns and a written summary with Oakfield, and Riverside
 *     Academy 147 and a summary (399 entries);
 *   - every organisation of the area involved (the involvement list);
 * around 10,000 other children with 50,000 concerns, 100,000 events and 2,500 shares of their own;
 * and Oakfield has shared 250 of its concerns and a summary with Northshire NHS Foundation Trust, whose
 * safeguarding lead is a recipient only: they see exactly those 251 shared entries and nothing else.
 *
 * The data is made with SQL that writes the same rows the steps write (recordConcern's concern, concern_child and
 * concern_event rows; the DSL decision's referral; recordSharingDecision's sharing_decision, sharing_item and
 * involvement rows; the protection steps' episode, episode_step and assessment rows), not through the steps: the
 * steps would take minutes for 2,000 entries on this machine and the bench measures reading, not writing.
 *
 * Measures, one request at a time (issue 16: "a chronology with 2,000 entries p95 ≤ 60 ms one at a time"), the
 * JSON chronology (GET /api/v1/children/:id/chronology: a page of 200 entries unless asked, oldest first), the
 * child's page with its chronology (GET /children/:id, signed in with a session cookie: the newest 100 entries, with
 * links to older pages), the largest page the API gives (1,000 entries) and the involvement list
 * (GET /api/v1/children/:id/involved-organisations), as both viewers; then the same at 4 concurrent clients.
 *
 * Target (issue 11): p95 ≤ 60 ms for the chronology of 2,000 entries (the JSON and the page, one at a time).
 * Run: npx tsx bench/sharing-chronology.bench.ts [requests] [--check] [--explain] [--profile]
 *   --check exits 1 when a target is missed; --explain prints the plans of the chronology's SELECTs; --profile
 *   writes a CPU profile of the DSL's JSON requests to sharing-chronology.cpuprofile (open it in Chrome DevTools).
 * Uses the embedded PostgreSQL in .tmp/bench-sharing (or DATABASE_URL, into a scratch database).
 */
import os from 'node:os'
import { sql } from 'kysely'
import {
  captureQueries,
  closedLoop,
  cpuProfiler,
  describeFigures,
  DEMO_PASSWORD,
  explainSelects,
  openScratch,
  percentiles,
  postgresCpuSeconds,
  startApp,
  bearerToken,
  type Figures,
} from './support/harness.js'

const args = process.argv.slice(2)
const CHECK = args.includes('--check')
const EXPLAIN = args.includes('--explain')
const PROFILE = args.includes('--profile') ? 'sharing-chronology.cpuprofile' : undefined
const REQUESTS = Number(args.find((a) => /^\d+$/.test(a)) ?? 200)
const TARGET_P95_MS = 60
const OWN_CONCERNS = 350
const REFERRED = 100
const FROM_SURGERY = 250
const FROM_RIVERSIDE = 147
const TO_TRUST = 250
const CLIENTS = 4
const BACKGROUND_CHILDREN = 10_000
const BACKGROUND_CONCERNS = 50_000

const scratch = await openScratch('bench-sharing')
const pg = scratch.postmasterPid
const pgCpu = () => (pg === undefined ? 0 : postgresCpuSeconds(pg))
let missed = false
// The V8 profiler of this process, for --profile.
const profiler = cpuProfiler()
try {
  const { db } = scratch
  console.log(scratch.description)
  const t0 = performance.now()
  const org = async (name: string) =>
    (await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
  const user = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const school = await org('Oakfield Primary School')
  const surgery = await org('Elm Tree Surgery')
  const riverside = await org('Riverside Academy')
  const trust = await org('Northshire NHS Foundation Trust')
  const csc = (
    await db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'la_childrens_social_care')
      .executeTakeFirstOrThrow()
  ).id
  const teacher = await user('teacher@oakfield-primary.example')
  const dsl = await user('dsl@oakfield-primary.example')
  const gp = await user('gp@elmtree-surgery.example')
  const gpLead = await user('safeguarding.lead@elmtree-surgery.example')
  const riversideTeacher = await user('teacher@riverside-academy.example')
  const riversideDsl = await user('dsl@riverside-academy.example')
  const socialWorker = await user('social.worker@northshire-council.example')
  const area = (await db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()).id
  // Background: other children known to the same organisations, with concerns, events and shares of their own,
  // so that the chronology's statements run against tables of a realistic size (and their plans are the real ones).
  await sql`INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, sex, created_by, created_by_organisation_id, created_at)
    SELECT gen_random_uuid(), ${area}, 'Given' || g, 'Family' || g, 'given' || g || ' family' || g, date '2008-01-01' + (g % 6500), 'unknown', ${teacher}, ${school}, now()
    FROM generate_series(1, ${BACKGROUND_CHILDREN}::int) AS g`.execute(db)
  await sql`CREATE TEMP TABLE bg AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM child`.execute(db)
  await sql`INSERT INTO involvement (child_id, organisation_id, reason, since) SELECT bg.id, o.id, 'recorded_concern', now() FROM bg JOIN organisation o ON o.id IN (${school}, ${surgery}, ${riverside})`.execute(
    db,
  )
  await sql`INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present, categories, immediate_danger, action_taken, created_at, state, state_changed_at)
    SELECT gen_random_uuid(), 'C-BG-' || g, (ARRAY[${school}::uuid, ${surgery}::uuid, ${riverside}::uuid])[1 + g % 3], ${area}, (ARRAY[${teacher}::uuid, ${gp}::uuid, ${riversideTeacher}::uuid])[1 + g % 3],
      now() - (g % 1000) * interval '1 day', 'Classroom', 'Background concern ' || g || repeat(' words', 40), '', '', ARRAY['neglect'], false, '', now() - (g % 1000) * interval '1 day', 'decided', now()
    FROM generate_series(1, ${BACKGROUND_CONCERNS}::int) AS g`.execute(db)
  await sql`INSERT INTO concern_child (concern_id, child_id) SELECT c.id, bg.id FROM concern c JOIN bg ON bg.n = substr(c.reference, 6)::int % ${BACKGROUND_CHILDREN}::int WHERE c.reference LIKE 'C-BG-%'`.execute(
    db,
  )
  await sql`INSERT INTO concern_event (id, concern_id, kind, actor_user_id, actor_organisation_id, text, decision_kind, created_at)
    SELECT gen_random_uuid(), c.id, k.kind, c.author_user_id, c.organisation_id, 'Background event', k.decision, c.created_at + k.after
    FROM concern c CROSS JOIN (VALUES ('acknowledged', NULL, interval '1 hour'), ('decision', 'monitor', interval '1 day')) AS k(kind, decision, after) WHERE c.reference LIKE 'C-BG-%'`.execute(
    db,
  )
  await sql`INSERT INTO sharing_decision (id, reference, child_id, organisation_id, decided_by, decided_at, direction, decision, recipient_organisation_id,
      recipient_person, lawful_basis, special_category, consent, told, told_reason, identities_at_risk, necessity, summary, shared_on)
    SELECT gen_random_uuid(), 'ISD-BG-' || bg.n, bg.id, ${surgery}, ${gpLead}, now() - interval '1 day', 'proactive', 'share', ${school}, 'DSL', 'public_task', 'none',
      'not_needed_risk', false, 'Risk', false, 'Needed', 'Background summary', current_date - 1
    FROM bg WHERE bg.n % 4 = 0`.execute(db)
  await sql`INSERT INTO sharing_item (decision_id, concern_id)
    SELECT d.id, cc.concern_id FROM sharing_decision d JOIN concern_child cc ON cc.child_id = d.child_id JOIN concern c ON c.id = cc.concern_id AND c.organisation_id = d.organisation_id
    WHERE d.reference LIKE 'ISD-BG-%'`.execute(db)
  const child = (
    await sql<{
      id: string
    }>`INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, sex, created_by, created_by_organisation_id, created_at)
      VALUES (gen_random_uuid(), ${area}, 'Maya', 'Patel', 'maya patel', '2016-05-04', 'female', ${teacher}, ${school}, now() - interval '3 years') RETURNING id`.execute(
      db,
    )
  ).rows[0]?.id as string
  // Involvement: every organisation of the area (the list shows each with its contacts).
  await sql`INSERT INTO involvement (child_id, organisation_id, reason, since) SELECT ${child}, id, 'recorded_concern', now() - interval '2 years' FROM organisation WHERE local_area_id = ${area}`.execute(
    db,
  )
  // Concerns as recordConcern writes them, with the events the DSL's steps add (acknowledge, ask, decide).
  const concerns = async (
    prefix: string,
    count: number,
    orgId: string,
    author: string,
    lead: string,
    decision: string,
  ) => {
    await sql`INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present, categories, immediate_danger, action_taken, created_at, state, state_changed_at)
      SELECT gen_random_uuid(), ${prefix} || lpad(g::text, 4, '0'), ${orgId}, ${area}, ${author}, now() - interval '3 years' + g * interval '2 days' + interval '9 hours', 'Classroom',
        'Maya arrived hungry and in the same clothes as yesterday. ' || repeat('Further detail as seen and heard. ', 8), 'There was nothing for breakfast', 'Teaching assistant',
        ARRAY[(ARRAY['neglect','emotional_abuse','physical_abuse','domestic_abuse'])[1 + g % 4]], g % 10 = 0, 'Told the DSL',
        now() - interval '3 years' + g * interval '2 days' + interval '10 hours', 'decided', now()
      FROM generate_series(1, ${count}::int) AS g`.execute(db)
    await sql`INSERT INTO concern_child (concern_id, child_id) SELECT id, ${child} FROM concern WHERE reference LIKE ${prefix + '%'}`.execute(
      db,
    )
    await sql`INSERT INTO concern_event (id, concern_id, kind, actor_user_id, actor_organisation_id, text, decision_kind, created_at)
      SELECT gen_random_uuid(), c.id, k.kind, ${lead}, ${orgId}, k.text,
        CASE WHEN k.kind = 'decision' THEN CASE WHEN substring(c.reference from ${prefix.length + 1}::int)::int > ${count - REFERRED}::int THEN 'refer_to_childrens_social_care' ELSE ${decision} END END,
        c.created_at + k.after
      FROM concern c CROSS JOIN (VALUES ('acknowledged', '', interval '2 hours'), ('information_requested', 'Has this happened before?', interval '3 hours'),
        ('decision', 'Decided after talking to the class teacher.', interval '1 day')) AS k(kind, text, after)
      WHERE c.reference LIKE ${prefix + '%'} ORDER BY c.created_at, k.after`.execute(db)
  }
  await concerns('C-O-', OWN_CONCERNS, school, teacher, dsl, 'monitor')
  await concerns('C-E-', FROM_SURGERY, surgery, gp, gpLead, 'monitor')
  await concerns('C-R-', FROM_RIVERSIDE, riverside, riversideTeacher, riversideDsl, 'monitor')
  // Oakfield's referrals to children's social care, as the DSL's "refer" decision writes them, then received and
  // acknowledged by the front door.
  await sql`INSERT INTO referral (id, reference, child_id, from_organisation_id, to_organisation_id, concern_id, referred_by, summary, received_at, state, channel, acknowledged_at)
    SELECT gen_random_uuid(), 'R-' || c.reference, ${child}, ${school}, ${csc}, c.id, ${dsl}, 'Referral after concern ' || c.reference || ': pattern of neglect.',
      e.created_at, 'received', 'dsl_decision', e.created_at + interval '2 hours'
    FROM concern c JOIN concern_event e ON e.concern_id = c.id AND e.kind = 'decision' AND e.decision_kind = 'refer_to_childrens_social_care'
    WHERE c.reference LIKE 'C-O-%'`.execute(db)
  // The last referral opened an episode: an assessment and the case's steps (the local authority's own entries).
  const episode = (
    await sql<{
      id: string
    }>`INSERT INTO episode (id, reference, child_id, referral_id, local_authority_id, local_area_id, phase, phase_changed_at, lead_user_id, referral_date, created_at)
      SELECT gen_random_uuid(), 'E-BENCH', ${child}, r.id, ${csc}, ${area}, 'assessment', r.received_at, ${socialWorker}, r.received_at::date, r.received_at
      FROM referral r WHERE r.child_id = ${child} ORDER BY r.received_at DESC LIMIT 1 RETURNING id`.execute(db)
  ).rows[0]?.id as string
  await sql`INSERT INTO episode_step (id, episode_id, step, outcome, from_phase, to_phase, occurred_on, rationale, details, actor_user_id, actor_organisation_id, created_at)
    SELECT gen_random_uuid(), ${episode}, s.step, s.outcome, s.from_phase, s.to_phase, current_date - s.ago, 'Recorded by the social worker.', '{}'::jsonb, ${socialWorker}, ${csc}, now() - s.ago * interval '1 day'
    FROM (VALUES ('decide_referral', 'assessment', 'referral', 'assessment', 20)) AS s(step, outcome, from_phase, to_phase, ago)`.execute(
    db,
  )
  await sql`INSERT INTO assessment (id, episode_id, child_id, started_on, child_seen_on, child_seen_alone, factors, summary, created_at)
    VALUES (gen_random_uuid(), ${episode}, ${child}, current_date - 20, current_date - 18, true, ARRAY['2B','3A'], 'Assessment under way.', now() - interval '20 days')`.execute(
    db,
  )
  // Sharing decisions as recordSharingDecision writes them: the chosen concerns and a written summary.
  const share = async (
    ref: string,
    from: string,
    by: string,
    to: string,
    person: string,
    prefix: string,
    count: number,
  ) => {
    const decision = (
      await sql<{
        id: string
      }>`INSERT INTO sharing_decision (id, reference, child_id, organisation_id, decided_by, decided_at, direction, decision, recipient_organisation_id,
          recipient_person, lawful_basis, special_category, consent, told, told_reason, identities_at_risk, necessity, summary, shared_on)
        VALUES (gen_random_uuid(), ${ref}, ${child}, ${from}, ${by}, now() - interval '1 day', 'proactive', 'share', ${to}, ${person}, 'public_task', 'none',
          'not_needed_risk', false, 'Risk', false, 'They need to know to keep Maya safe', 'A pattern of neglect over three years.', current_date - 1) RETURNING id`.execute(
        db,
      )
    ).rows[0]?.id as string
    await sql`INSERT INTO sharing_item (decision_id, concern_id) SELECT ${decision}, id FROM concern WHERE reference LIKE ${prefix + '%'} ORDER BY reference LIMIT ${count}::int`.execute(
      db,
    )
    await sql`INSERT INTO involvement (child_id, organisation_id, reason, since) VALUES (${child}, ${to}, 'information_shared', now()) ON CONFLICT DO NOTHING`.execute(
      db,
    )
  }
  await share('ISD-E', surgery, gpLead, school, 'Oakfield DSL', 'C-E-', FROM_SURGERY)
  await share('ISD-R', riverside, riversideDsl, school, 'Oakfield DSL', 'C-R-', FROM_RIVERSIDE)
  await share('ISD-O', school, dsl, trust, 'Trust safeguarding lead', 'C-O-', TO_TRUST)
  await sql`ANALYZE`.execute(db)
  const rows = async (table: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0)
  console.log(
    `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (SQL mirroring the steps' writes): ${await rows('child')} children, ` +
      `${await rows('concern')} concerns, ${await rows('concern_event')} concern events, ${await rows('sharing_decision')} sharing decisions, ` +
      `${await rows('sharing_item')} shared items, ${await rows('involvement')} involvement rows`,
  )
  console.log(
    `load average before measuring: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} (${os.cpus().length} cores)`,
  )

  const app = await startApp(scratch.deps)
  try {
    // Sign in the way a browser does (CSRF cookie + token, then the session cookie); demo mode needs no second factor.
    const signIn = async (email: string) => {
      const page = await fetch(`${app.address}/sign-in`)
      const csrfCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
      const res = await fetch(`${app.address}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
        body: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
      })
      if (res.status !== 302 && res.status !== 303) throw new Error(`sign-in as ${email}: ${res.status}`)
      return `${csrfCookie}; ${(res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''}`
    }
    const viewers = [
      ['Oakfield DSL (involved, several organisations)', 'dsl@oakfield-primary.example', 2000],
      [
        'Northshire NHS Trust lead (recipient of a share only)',
        'safeguarding.lead@northshire-nhs.example',
        TO_TRUST + 1,
      ],
    ] as const
    const summary: string[] = []
    for (const [label, email, expected] of viewers) {
      const token = await bearerToken(app.address, email)
      const cookie = await signIn(email)
      const targets = [
        [
          'JSON chronology, as the API gives it (the first 200 entries)',
          `/api/v1/children/${child}/chronology`,
          { authorization: `Bearer ${token}` },
        ],
        ['child page with chronology (the newest 100 entries)', `/children/${child}`, { cookie }],
        [
          'JSON chronology, 1,000 entries a page (the largest page)',
          `/api/v1/children/${child}/chronology?pageSize=1000`,
          { authorization: `Bearer ${token}` },
        ],
        ['involvement list', `/api/v1/children/${child}/involved-organisations`, { authorization: `Bearer ${token}` }],
      ] as const
      // Every entry, read a page at a time as a client reads them, to check the seeding.
      const body = { entries: [] as { type: string; organisation: string }[] }
      for (let page = 1; ; page++) {
        const res = await fetch(`${app.address}/api/v1/children/${child}/chronology?pageSize=1000&page=${page}`, {
          headers: targets[0][2],
        })
        const one = (await res.json()) as {
          entries: { type: string; organisation: string }[]
          page: { number: number; pages: number }
        }
        body.entries.push(...one.entries)
        if (one.page.number >= one.page.pages) break
      }
      const byOrg: Record<string, number> = {}
      for (const e of body.entries) byOrg[e.organisation] = (byOrg[e.organisation] ?? 0) + 1
      const shared = body.entries.filter((e) => e.type === 'shared_information').length
      console.log(`\n${label}: ${body.entries.length} entries (${shared} shared with them) ${JSON.stringify(byOrg)}`)
      if (body.entries.length !== expected) throw new Error(`expected ${expected} entries, got ${body.entries.length}`)
      if (EXPLAIN) {
        const statements = await captureQueries(async () =>
          (await fetch(`${app.address}${targets[0][1]}`, { headers: targets[0][2] })).arrayBuffer(),
        )
        console.log(`one request sends ${statements.length} statements; their SELECTs as EXPLAIN ANALYZE sees them:`)
        console.log(await explainSelects(scratch.url, statements, true))
      }
      for (const [what, path, headers] of targets) {
        const get = async () => {
          const res = await fetch(`${app.address}${path}`, { headers })
          const body = await res.arrayBuffer()
          if (res.status !== 200) throw new Error(`${path} as ${email}: ${res.status}`)
          return body.byteLength
        }
        for (let i = 0; i < 20; i++) await get() // warm up
        const times: number[] = []
        // CPU per request, of this process (the app and the client) and of PostgreSQL: unlike latency, it barely
        // changes when other work shares the cores, so it says what a request would cost on a quiet machine.
        const profiling = PROFILE !== undefined && path === targets[0][1] && label === viewers[0][0]
        if (profiling) await profiler.start()
        const node0 = process.cpuUsage()
        const pg0 = pgCpu()
        let bytes = 0
        for (let i = 0; i < REQUESTS; i++) {
          const s = performance.now()
          bytes = await get()
          times.push(performance.now() - s)
        }
        const nodeMs = (process.cpuUsage(node0).user + process.cpuUsage(node0).system) / 1000 / REQUESTS
        const pgMs = ((pgCpu() - pg0) * 1000) / REQUESTS
        if (profiling)
          console.log(`    CPU profile of these requests (app and client): ${await profiler.stop(PROFILE)}`)
        const one: Figures = percentiles(times)
        const loaded = await closedLoop(CLIENTS, 4, get)
        // The answers a person or a client gets by default carry the target; the largest page is for reference.
        const targeted = path === targets[0][1] || path === targets[1][1]
        const met = one.p95 <= TARGET_P95_MS
        if (targeted && !met) missed = true
        console.log(`  ${what}, one at a time (${REQUESTS} after 20 warm-up): ${describeFigures(one)}`)
        console.log(
          `    ${(bytes / 1024).toFixed(0)} KiB each; CPU per request: app and client ${nodeMs.toFixed(1)} ms, PostgreSQL ${pg === undefined ? '?' : `${pgMs.toFixed(1)} ms`}`,
        )
        console.log(
          `  ${what}, ${CLIENTS} clients for 4 s: ${loaded.count} requests, ${describeFigures(loaded.latency)}`,
        )
        summary.push(
          `  ${label}, ${what}: p95 ${one.p95.toFixed(1)} ms one at a time` +
            (targeted ? ` (target ≤ ${TARGET_P95_MS} ms) ${met ? 'MET' : 'MISSED'}` : ''),
        )
      }
    }
    console.log(
      `\nsummary (load average now ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} on ${os.cpus().length} cores)\n${summary.join('\n')}`,
    )
  } finally {
    await app.close()
  }
} finally {
  await scratch.close()
}
if (CHECK && missed) {
  console.error('a target was missed')
  process.exit(1)
}
