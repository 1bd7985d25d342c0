/**
 * A child's chronology with shared items and involvement (issue 11): one child with 2,000 entries — 500 concerns
 * recorded by Oakfield Primary, each acknowledged, asked about and decided (2,000 entries for Oakfield's DSL) —
 * of which the school has shared 250 concerns and a written summary with Elm Tree Surgery (251 entries for the
 * surgery's safeguarding lead), and eight organisations involved. Measures the JSON chronology and the child's
 * involvement list, each as both viewers, with 4 clients in a closed loop.
 *
 * Target (issue 11): p95 ≤ 60 ms for the chronology of 2,000 entries. Run: npx tsx bench/sharing-chronology.bench.ts [seconds]
 * Uses the embedded PostgreSQL in .tmp/bench-sharing (or DATABASE_URL, into a scratch database).
 */
import { sql } from 'kysely'
import { bearerToken, closedLoop, describeFigures, openScratch, startApp } from './support/harness.js'

const SECONDS = Number(process.argv[2] ?? 8)
const CONCERNS = 500
const SHARED = 250
const CLIENTS = 4

const scratch = await openScratch('bench-sharing')
try {
  const { db } = scratch
  console.log(scratch.description)
  const org = async (name: string) =>
    (await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
  const user = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const school = await org('Oakfield Primary School')
  const surgery = await org('Elm Tree Surgery')
  const teacher = await user('teacher@oakfield-primary.example')
  const dsl = await user('dsl@oakfield-primary.example')
  const area = (await db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()).id
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
  await sql`INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present, categories, immediate_danger, action_taken, created_at, state, state_changed_at)
    SELECT gen_random_uuid(), 'C-S-' || lpad(g::text, 4, '0'), ${school}, ${area}, ${teacher}, now() - interval '3 years' + g * interval '2 days', 'Classroom',
      'Maya arrived hungry and in the same clothes as yesterday. ' || repeat('Further detail as seen and heard. ', 8), 'There was nothing for breakfast', 'Teaching assistant',
      ARRAY['neglect'], g % 10 = 0, 'Told the DSL', now() - interval '3 years' + g * interval '2 days', 'decided', now()
    FROM generate_series(1, ${CONCERNS}::int) AS g`.execute(db)
  await sql`INSERT INTO concern_child (concern_id, child_id) SELECT id, ${child} FROM concern WHERE reference LIKE 'C-S-%'`.execute(
    db,
  )
  await sql`INSERT INTO concern_event (id, concern_id, kind, actor_user_id, actor_organisation_id, text, decision_kind, created_at)
    SELECT gen_random_uuid(), c.id, k.kind, ${dsl}, ${school}, k.text, k.decision, c.created_at + k.after
    FROM concern c CROSS JOIN (VALUES ('acknowledged', '', NULL, interval '2 hours'), ('information_requested', 'Has this happened before?', NULL, interval '3 hours'),
      ('decision', 'Monitoring.', 'monitor', interval '1 day')) AS k(kind, text, decision, after)
    WHERE c.reference LIKE 'C-S-%'`.execute(db)
  const decision = (
    await sql<{
      id: string
    }>`INSERT INTO sharing_decision (id, reference, child_id, organisation_id, decided_by, decided_at, direction, decision, recipient_organisation_id,
        recipient_person, lawful_basis, special_category, consent, told, told_reason, identities_at_risk, necessity, summary, shared_on)
      VALUES (gen_random_uuid(), 'ISD-BENCH', ${child}, ${school}, ${dsl}, now(), 'proactive', 'share', ${surgery}, 'Dr James Reid', 'public_task', 'none',
        'not_needed_risk', false, 'Risk', false, 'The GP needs to know', 'A pattern of neglect over three years.', current_date) RETURNING id`.execute(
      db,
    )
  ).rows[0]?.id as string
  await sql`INSERT INTO sharing_item (decision_id, concern_id) SELECT ${decision}, id FROM concern WHERE reference LIKE 'C-S-%' ORDER BY reference LIMIT ${SHARED}::int`.execute(
    db,
  )
  await sql`INSERT INTO involvement (child_id, organisation_id, reason, since) VALUES (${child}, ${surgery}, 'information_shared', now()) ON CONFLICT DO NOTHING`.execute(
    db,
  )
  await sql`ANALYZE`.execute(db)

  const app = await startApp(scratch.deps)
  try {
    const viewers = [
      ['Oakfield DSL (2,000 entries)', 'dsl@oakfield-primary.example'],
      ['Elm Tree Surgery lead (the 251 shared entries)', 'safeguarding.lead@elmtree-surgery.example'],
    ] as const
    for (const [label, email] of viewers) {
      const token = await bearerToken(app.address, email)
      const get = async (path: string) => {
        const res = await fetch(`${app.address}${path}`, { headers: { authorization: `Bearer ${token}` } })
        if (res.status !== 200) throw new Error(`${path} as ${email}: ${res.status}`)
        return res.json()
      }
      const body = (await get(`/api/v1/children/${child}/chronology`)) as { entries: { type: string }[] }
      const shared = body.entries.filter((e) => e.type === 'shared_information').length
      console.log(`${label}: ${body.entries.length} entries, ${shared} shared with them`)
      for (let i = 0; i < 20; i++) await get(`/api/v1/children/${child}/chronology`) // warm up
      const chronology = await closedLoop(CLIENTS, SECONDS, () => get(`/api/v1/children/${child}/chronology`))
      console.log(
        `  chronology, ${CLIENTS} clients: ${chronology.count} requests, ${describeFigures(chronology.latency)}`,
      )
      const involved = await closedLoop(CLIENTS, SECONDS / 2, () =>
        get(`/api/v1/children/${child}/involved-organisations`),
      )
      console.log(`  involvement, ${CLIENTS} clients: ${involved.count} requests, ${describeFigures(involved.latency)}`)
    }
  } finally {
    await app.close()
  }
} finally {
  await scratch.close()
}
