/**
 * The agreed data set over a county's year: 20,000 referrals, 5,000 child protection plans and 30,000 concerns
 * (with their clocks), then each measure's dashboard figures asked for in turn through the API as the business
 * manager. Target (issue 13): p95 ≤ 300 ms per dashboard.
 *
 *   npx tsx bench/data-set.bench.ts [requests per measure, default 30]
 */
import { sql } from 'kysely'
import { dataSetMeasures } from '../src/modules/partnership/domain/dataSet.js'
import { bearerToken, describeFigures, openScratch, percentiles, startApp } from './support/harness.js'

const perMeasure = Number(process.argv[2] ?? 30)
const scratch = await openScratch('data-set-bench')
try {
  const { db } = scratch
  const area = await db.selectFrom('local_area').select('id').where('name', '=', 'Northshire').executeTakeFirstOrThrow()
  const org = async (name: string) =>
    (await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
  const la = await org("Northshire Council children's social care")
  const school = await org('Oakfield Primary School')
  const author = (
    await db.selectFrom('app_user').select('id').where('organisation_id', '=', school).executeTakeFirstOrThrow()
  ).id
  const started = Date.now()
  // Children with characteristics; referrals, plans and concerns over the last two years.
  await sql`
    INSERT INTO child (id, local_area_id, given_name, family_name, search_name, date_of_birth, expected_date_of_delivery, sex,
                       nhs_number, upn, mother_person_id, created_by, created_by_organisation_id, created_at, ethnicity, disabilities)
    SELECT gen_random_uuid(), ${area.id}, 'Bench', 'Child' || g, 'bench child' || g, date '2008-01-01' + (g * 7 % 6500),
           NULL, (ARRAY['female','male','unknown'])[1 + g % 3], NULL, NULL, NULL, ${author}, ${school}, now(),
           (ARRAY['WBRI','WOTH','MWBC','AIND','APKN','BAFR','BCRB','CHNE','OOTH','REFU',NULL])[1 + g % 11],
           CASE WHEN g % 7 = 0 THEN ARRAY['AUT'] WHEN g % 5 = 0 THEN NULL ELSE ARRAY['NONE'] END
    FROM generate_series(1, 20000) g`.execute(db)
  await sql`CREATE TEMP TABLE bench_child AS SELECT id, row_number() OVER () AS n FROM child WHERE family_name LIKE 'Child%'`.execute(
    db,
  )
  await sql`
    INSERT INTO referral (id, reference, child_id, from_organisation_id, to_organisation_id, referred_by, summary, received_at, state, source_code)
    SELECT gen_random_uuid(), 'BR-' || g, c.id, ${school}, ${la}, ${author}, 'Bench referral', now() - (g % 700) * interval '1 day', 'decided',
           (ARRAY['1A','1B','2A','3A','4','5A','6','8','10'])[1 + g % 9]
    FROM generate_series(1, 20000) g JOIN bench_child c ON c.n = 1 + (g * 13 % 20000)`.execute(db)
  for (const [rule, count, met] of [
    ['referral-decision', 20000, 9],
    ['child-and-family-assessment', 12000, 8],
    ['initial-child-protection-conference', 5000, 7],
  ] as const)
    await sql`
      INSERT INTO deadline (id, local_area_id, organisation_id, assigned_user_id, rule_id, subject_type, subject_id, child_id, title,
                            started_on, due_on, national_due_on, created_at, completed_at)
      SELECT gen_random_uuid(), ${area.id}, ${la}, NULL, ${rule}, 'bench', gen_random_uuid()::text, c.id, 'Bench',
             current_date - (g % 700), current_date - (g % 700) + 10, current_date - (g % 700) + 10, now(),
             CASE WHEN g % 10 < ${met} THEN now() - (g % 700) * interval '1 day' ELSE NULL END
      FROM generate_series(1, ${count}) g JOIN bench_child c ON c.n = 1 + (g * 7 % 20000)`.execute(db)
  await sql`
    INSERT INTO episode (id, reference, child_id, referral_id, local_authority_id, local_area_id, phase, phase_changed_at, referral_date, created_at)
    SELECT gen_random_uuid(), 'BE-' || r.reference, r.child_id, r.id, ${la}, ${area.id}, 'child_protection_plan', now(), r.received_at::date, now()
    FROM referral r WHERE r.reference LIKE 'BR-%' AND substring(r.reference from 4)::int <= 5000`.execute(db)
  await sql`
    INSERT INTO conference (id, episode_id, child_id, kind, scheduled_at, held_on, decision, created_by, created_at)
    SELECT gen_random_uuid(), e.id, e.child_id, 'initial', now(), e.referral_date + 15, 'plan', ${author}, now()
    FROM episode e WHERE e.reference LIKE 'BE-%'`.execute(db)
  await sql`
    INSERT INTO child_protection_plan (id, episode_id, child_id, conference_id, started_on, initial_category, latest_category,
                                       outline_plan, contingency_plan, ended_on, end_reason, created_at)
    SELECT gen_random_uuid(), c.episode_id, c.child_id, c.id, c.held_on,
           (ARRAY['NEG','PHY','SAB','EMO','MUL'])[1 + (abs(hashtext(c.id::text)) % 5)],
           (ARRAY['NEG','PHY','SAB','EMO','MUL'])[1 + (abs(hashtext(c.id::text)) % 5)], 'Bench', 'Bench',
           CASE WHEN abs(hashtext(c.id::text)) % 3 = 0 THEN c.held_on + 400 ELSE NULL END, NULL, now()
    FROM conference c JOIN episode e ON e.id = c.episode_id WHERE e.reference LIKE 'BE-%'`.execute(db)
  await sql`
    INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words,
                         others_present, categories, immediate_danger, action_taken, body_map, fgm_known, fgm_duty, created_at,
                         state, state_changed_at)
    SELECT gen_random_uuid(), 'BC-' || g, ${school}, ${area.id}, ${author}, now() - (g % 700) * interval '1 day', 'School', 'Bench',
           '', '', ARRAY[(ARRAY['neglect','physical_abuse','emotional_abuse','sexual_abuse','domestic_abuse'])[1 + g % 5]], false, '', '[]',
           false, false, now() - (g % 700) * interval '1 day', 'closed', now()
    FROM generate_series(1, 30000) g`.execute(db)
  await sql`
    INSERT INTO concern_child (concern_id, child_id)
    SELECT c.id, b.id FROM concern c JOIN bench_child b ON b.n = 1 + (substring(c.reference from 4)::int * 3 % 20000)
    WHERE c.reference LIKE 'BC-%'`.execute(db)
  await sql`ANALYZE`.execute(db)
  console.log(
    `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: 20,000 children and referrals, 5,000 plans, 30,000 concerns, 37,000 clocks`,
  )
  console.log(scratch.description)

  const app = await startApp(scratch.deps)
  try {
    const token = await bearerToken(app.address, 'business.manager@northshire-council.example')
    const all: number[] = []
    for (const m of dataSetMeasures) {
      const times: number[] = []
      for (let i = 0; i < perMeasure + 2; i++) {
        const t0 = performance.now()
        const res = await fetch(`${app.address}/api/v1/partnership/data-set/${m.id}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        await res.text()
        if (res.status !== 200) throw new Error(`${m.id}: ${res.status}`)
        if (i >= 2) times.push(performance.now() - t0) // two warm-up requests
      }
      all.push(...times)
      console.log(`${m.id.padEnd(36)} ${describeFigures(percentiles(times))}`)
    }
    const page = performance.now()
    console.log(
      `all dashboards: ${describeFigures(percentiles(all))} (${all.length} requests, ${((performance.now() - page) / 1000).toFixed(1)} s)`,
    )
  } finally {
    await app.close()
  }
} finally {
  await scratch.close()
}
