import { sql } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import {
  censusSex,
  laChildIdFor,
  scopeToYear,
  type CensusChild,
  type CensusEpisode,
  type CollectionYear,
} from '../domain/census.js'
import { ETHNICITY_NOT_YET_OBTAINED } from '../../../platform/shared/censusCodes.js'
import { UPN_UNKNOWN_REFERRAL_NFA } from '../domain/codes.js'

/** Children are read this many at a time, so a large authority's return streams in constant memory. */
export const CENSUS_BATCH = 500

const day = (d: string | Date | null): string | null =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10)

const group = <T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> => {
  const m = new Map<K, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = m.get(k)
    if (list === undefined) m.set(k, [r])
    else list.push(r)
  }
  return m
}

/**
 * Without a recorded ethnicity the census says NOBT ("information not yet obtained"); without recorded
 * disabilities it says nothing, and rule 8540 lists the child, because the code set has no "not yet obtained"
 * disability.
 */
const ethnicityOf = (recorded: string | null): string =>
  recorded !== null && recorded !== '' ? recorded : ETHNICITY_NOT_YET_OBTAINED

/**
 * The census records of one local area's children for a collection year, a batch at a time, in LAchildID order.
 * Each batch reads every table once for all its children (no query per child).
 */
export async function* censusChildren(
  db: Db,
  localAreaId: string,
  year: CollectionYear,
): AsyncGenerator<CensusChild[]> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const ids = (
      await db
        .selectFrom('episode')
        .select('child_id')
        .distinct()
        .where('local_area_id', '=', localAreaId)
        .where('referral_date', '<=', year.end)
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', year.start)]))
        .where('child_id', '>', after)
        .orderBy('child_id')
        .limit(CENSUS_BATCH)
        .execute()
    ).map((r) => r.child_id)
    if (ids.length === 0) return
    after = ids[ids.length - 1] as string
    yield await loadBatch(db, ids, year)
  }
}

async function loadBatch(db: Db, childIds: readonly string[], year: CollectionYear): Promise<CensusChild[]> {
  // The batch's episodes, as a subquery: assessments, enquiries, conferences and child in need plans are found
  // through their episode_id indexes (a child_id filter on those tables has no index and read each whole table
  // once per batch, 50 times for 100,000 children).
  // The ids go to PostgreSQL as one array parameter, not 2,000 separate ones: a list of 2,000 parameters costs
  // PostgreSQL a parse and plan of 2,000 expressions in each of the batch's statements.
  const ids = [...childIds]
  const inBatch = (column: 'child_id' | 'e.child_id') => sql<boolean>`${sql.ref(column)} = ANY(${ids}::uuid[])`
  const batchEpisodes = db.selectFrom('episode').select('id').where(inBatch('child_id'))
  const [children, episodes, assessments, s47s, conferences, plans, cinPlans] = await Promise.all([
    // The child as known now: child_current's identity (corrected date of birth, sex, UPN) with the newest
    // ethnicity and disability social care recorded (child_census_detail, migration 0026), else those on the child
    // row (migration 0011). Only the columns the census reads: a large return reads
    // every child once, and each column read is parsed and then collected.
    // The ids are given to the view too: PostgreSQL does not carry an ANY filter across the join into the view's
    // branches, and without it worked out the view for every child in the area for each batch.
    sql<{
      id: string
      date_of_birth: string | null
      expected_date_of_delivery: string | null
      sex: 'female' | 'male' | 'unknown'
      upn: string | null
      ethnicity: string | null
      disabilities: string[] | null
    }>`SELECT cc.id, cc.date_of_birth, cc.expected_date_of_delivery, cc.sex, cc.upn,
              COALESCE(d.ethnicity, c.ethnicity) AS ethnicity, COALESCE(d.disabilities, c.disabilities) AS disabilities
       FROM child c JOIN child_current cc ON cc.id = c.id
       LEFT JOIN LATERAL (SELECT ethnicity, disabilities FROM child_census_detail
                          WHERE child_id = c.id ORDER BY seq DESC LIMIT 1) d ON true
       WHERE c.id = ANY(${ids}::uuid[]) AND cc.id = ANY(${ids}::uuid[])`
      .execute(db)
      .then((r) => r.rows),
    db
      .selectFrom('episode as e')
      .innerJoin('referral as r', 'r.id', 'e.referral_id')
      .select([
        'e.id',
        'e.reference',
        'e.child_id',
        'e.referral_date',
        'e.referral_nfa',
        'e.primary_need',
        'e.closed_on',
        'e.closure_reason',
        'r.source_code',
      ])
      .where(inBatch('e.child_id'))
      .orderBy('e.referral_date')
      .execute(),
    db
      .selectFrom('assessment')
      .select(['episode_id', 'started_on', 'completed_on', 'authorised_at', 'factors'])
      .where('episode_id', 'in', batchEpisodes)
      .orderBy('started_on')
      .execute(),
    db
      .selectFrom('section47_enquiry')
      .select(['id', 'episode_id', 'started_on', 'conference_required', 'concluded_on'])
      .where('episode_id', 'in', batchEpisodes)
      .orderBy('started_on')
      .execute(),
    db
      .selectFrom('conference')
      .select(['episode_id', 'kind', 'section47_enquiry_id', 'held_on'])
      .where('episode_id', 'in', batchEpisodes)
      .where('held_on', 'is not', null)
      .execute(),
    db
      .selectFrom('child_protection_plan')
      .select(['id', 'episode_id', 'child_id', 'started_on', 'ended_on', 'initial_category', 'latest_category'])
      .where(inBatch('child_id'))
      .orderBy('started_on')
      .execute(),
    db
      .selectFrom('child_in_need_plan')
      .select(['episode_id', 'started_on', 'ended_on'])
      .where('episode_id', 'in', batchEpisodes)
      .orderBy('started_on')
      .execute(),
  ])
  const episodesBy = group(episodes, (e) => e.child_id)
  const assessmentsBy = group(assessments, (a) => a.episode_id)
  const s47By = group(s47s, (s) => s.episode_id)
  const initialBy = new Map(
    conferences
      .filter((c) => c.kind === 'initial' && c.section47_enquiry_id !== null)
      .map((c) => [c.section47_enquiry_id, c.held_on]),
  )
  const reviewsBy = group(
    conferences.filter((c) => c.kind === 'review'),
    (c) => c.episode_id,
  )
  const plansBy = group(plans, (p) => p.episode_id)
  const cinBy = group(cinPlans, (p) => p.episode_id)
  // Every plan a child has had (the plans query reads them all, by child), to count the previous ones
  // (NumberOfPreviousCPP).
  const allPlansBy = group(plans, (p) => p.child_id)

  const out: CensusChild[] = []
  for (const c of children) {
    const childId = c.id
    const eps: CensusEpisode[] = (episodesBy.get(childId) ?? []).map((e) => ({
      episodeId: e.id,
      reference: e.reference,
      referralDate: day(e.referral_date) ?? '',
      referralSource: e.source_code,
      primaryNeed: e.primary_need,
      closureDate: day(e.closed_on),
      closureReason: e.closure_reason,
      referralNfa: e.referral_nfa,
      assessments: (assessmentsBy.get(e.id) ?? []).map((a) => {
        const authorised = a.completed_on ?? day(a.authorised_at)
        return {
          startDate: day(a.started_on) ?? '',
          authorisationDate: authorised,
          factors: authorised === null ? [] : a.factors,
        }
      }),
      cinPlans: (cinBy.get(e.id) ?? []).map((p) => ({ startDate: day(p.started_on) ?? '', endDate: day(p.ended_on) })),
      section47: (s47By.get(e.id) ?? []).map((s) => ({
        startDate: day(s.started_on) ?? '',
        initialConferenceTarget: null,
        initialConferenceDate: day(initialBy.get(s.id) ?? null),
        conferenceNotRequired: s.conference_required === false,
      })),
      protectionPlans: (plansBy.get(e.id) ?? []).map((p) => {
        const start = day(p.started_on) ?? ''
        const end = day(p.ended_on)
        return {
          startDate: start,
          endDate: end,
          initialCategory: p.initial_category,
          latestCategory: p.latest_category,
          previousPlans: (allPlansBy.get(childId) ?? []).filter((q) => (day(q.started_on) ?? '') < start).length,
          reviewDates: (reviewsBy.get(e.id) ?? [])
            .map((r) => day(r.held_on) ?? '')
            .filter((d) => d > start && (end === null || d <= end))
            .sort(),
        }
      }),
      preProceedings: [],
    }))
    const dateOfBirth = day(c.date_of_birth)
    const expected = day(c.expected_date_of_delivery)
    const unborn = dateOfBirth === null && expected !== null
    const upn = c.upn !== null && c.upn !== '' ? c.upn : null
    const allNfa = eps.length > 0 && eps.every((e) => e.referralNfa)
    const child: CensusChild = {
      childId,
      laChildId: laChildIdFor(childId),
      upn,
      // UN7 is the one reason Together can know: every referral in the return led to no further action.
      upnUnknown: upn === null && allNfa ? UPN_UNKNOWN_REFERRAL_NFA : null,
      dateOfBirth,
      expectedDateOfBirth: dateOfBirth === null ? expected : null,
      sex: censusSex(c.sex, unborn),
      deathDate: null,
      ethnicity: ethnicityOf(c.ethnicity),
      disabilities: c.disabilities ?? [],
      episodes: eps,
    }
    const scoped = scopeToYear(child, year)
    if (scoped !== null) out.push(scoped)
  }
  return out.sort((a, b) => (a.childId < b.childId ? -1 : 1))
}
