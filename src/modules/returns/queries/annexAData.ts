import type { Db } from '../../../platform/db/database.js'
import { earlyHelpAssessments } from '../../family-help/index.js'
import type { AnnexAContact, AnnexAEarlyHelpAssessment, AnnexAExtras } from '../domain/annexA.js'
import { censusSex, laChildIdFor, type CensusChild } from '../domain/census.js'
import { ETHNICITY_NOT_YET_OBTAINED } from '../../../platform/shared/censusCodes.js'

/** Who holds each child's latest case, and whether the child was seen during each assessment, for Annex A. */
export async function annexAExtras(db: Db, children: readonly CensusChild[]): Promise<Map<string, AnnexAExtras>> {
  const ids = children.map((c) => c.childId)
  const out = new Map<string, AnnexAExtras>()
  if (ids.length === 0) return out
  const [episodes, assessments] = await Promise.all([
    db
      .selectFrom('episode as e')
      .innerJoin('organisation as o', 'o.id', 'e.local_authority_id')
      .leftJoin('app_user as u', 'u.id', 'e.lead_user_id')
      .select(['e.child_id', 'e.referral_date', 'o.name as team', 'u.display_name as worker'])
      .where('e.child_id', 'in', ids)
      .orderBy('e.referral_date')
      .execute(),
    db
      .selectFrom('assessment')
      .select(['child_id', 'started_on', 'child_seen_on'])
      .where('child_id', 'in', ids)
      .execute(),
  ])
  for (const e of episodes)
    out.set(e.child_id, {
      allocatedTeam: e.team,
      allocatedWorker: e.worker ?? '',
      childSeenDuringAssessment: new Map(),
    })
  for (const a of assessments) {
    const x = out.get(a.child_id)
    if (x !== undefined)
      (x.childSeenDuringAssessment as Map<string, boolean>).set(a.started_on, a.child_seen_on !== null)
  }
  return out
}

/** Contacts: every referral the local authority received in the window, linked to a child or not yet. */
export async function annexAContacts(
  db: Db,
  localAreaId: string,
  from: string,
  to: string,
  children: ReadonlyMap<string, CensusChild>,
): Promise<AnnexAContact[]> {
  const rows = await db
    .selectFrom('referral as r')
    .innerJoin('organisation as o', 'o.id', 'r.to_organisation_id')
    .select(['r.child_id', 'r.received_at', 'r.source_code'])
    .where('o.local_area_id', '=', localAreaId)
    .where('r.received_at', '>=', new Date(`${from}T00:00:00Z`))
    .where('r.received_at', '<', new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000))
    .where('r.child_id', 'is not', null)
    .orderBy('r.received_at')
    .execute()
  return rows.map((r) => ({
    childId: r.child_id ?? '',
    child: children.get(r.child_id ?? '') ?? null,
    receivedOn: r.received_at.toISOString().slice(0, 10),
    source: r.source_code,
  }))
}

/** List 2: early help assessments from family help, with each child as the lists describe them (identity as now known). */
export async function annexAEarlyHelp(
  db: Db,
  localAreaId: string,
  from: string,
  to: string,
): Promise<AnnexAEarlyHelpAssessment[]> {
  const assessments = await earlyHelpAssessments(db, localAreaId, from, to)
  if (assessments.length === 0) return []
  const ids = [...new Set(assessments.map((a) => a.childId))]
  const [current, recorded] = await Promise.all([
    db
      .selectFrom('child_current')
      .select(['id', 'sex', 'date_of_birth', 'expected_date_of_delivery'])
      .where('id', 'in', ids)
      .execute(),
    // Ethnicity as the census reads it: the newest record social care made (child_census_detail), else the child's.
    db
      .selectFrom('child as c')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('child_census_detail')
            .select('ethnicity')
            .whereRef('child_id', '=', 'c.id')
            .orderBy('seq', 'desc')
            .limit(1)
            .as('d'),
        (j) => j.onTrue(),
      )
      .select(['c.id', (eb) => eb.fn.coalesce('d.ethnicity', 'c.ethnicity').as('ethnicity')])
      .where('c.id', 'in', ids)
      .execute(),
  ])
  const children = new Map(current.map((c) => [c.id, c]))
  const ethnicity = new Map(recorded.map((c) => [c.id, c.ethnicity]))
  return assessments.flatMap((a) => {
    const c = children.get(a.childId)
    if (c === undefined) return []
    const unborn = c.date_of_birth === null && c.expected_date_of_delivery !== null
    const e = ethnicity.get(a.childId)
    return [
      {
        person: {
          laChildId: laChildIdFor(a.childId),
          sex: censusSex(c.sex, unborn),
          ethnicity: e === null || e === undefined || e === '' ? ETHNICITY_NOT_YET_OBTAINED : e,
          dateOfBirth: c.date_of_birth,
        },
        startedOn: a.startedOn,
        completedOn: a.completedOn,
        organisation: a.organisation,
      },
    ]
  })
}
