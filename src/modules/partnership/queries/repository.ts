import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { newId } from '../../../platform/security/secrets.js'
import type { AskedAgency, IncidentStage, PracticeReviewStage, SummaryState } from '../domain/learning.js'
import type { PartnerSeat, StatutoryPartner } from '../domain/register.js'

type Q = Kysely<DB> | Transaction<DB>

/** A stored date column as a LocalDate. */
export const toDate = storedDate

/** What the partnership's forms say when an email address names no one who may act in the area. */
export const NO_ACCOUNT_IN_AREA = 'No one with this email address has a Together account in your area'

/** An active user in the area, found by the email address typed into a form (any case). */
export async function userInAreaByEmail(db: Q, localAreaId: string, email: string) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.display_name', 'u.organisation_id', 'o.kind'])
    .where(({ fn }) => fn('lower', ['u.email']), '=', email.toLowerCase())
    .where('o.local_area_id', '=', localAreaId)
    .where('u.active', '=', true)
    .executeTakeFirst()
}

/** The area's partnership, made on first use (named after the area) so every area has exactly one. */
export async function partnershipFor(
  db: Q,
  localAreaId: string,
  now: Date,
): Promise<{ id: string; name: string; localAreaId: string }> {
  const found = await db
    .selectFrom('partnership')
    .select(['id', 'name', 'local_area_id'])
    .where('local_area_id', '=', localAreaId)
    .executeTakeFirst()
  if (found !== undefined) return { id: found.id, name: found.name, localAreaId }
  const area = await db.selectFrom('local_area').select('name').where('id', '=', localAreaId).executeTakeFirstOrThrow()
  const name = `${area.name} Safeguarding Children Partnership`
  await db
    .insertInto('partnership')
    .values({ id: newId(), local_area_id: localAreaId, name, created_at: now })
    .onConflict((oc) => oc.column('local_area_id').doNothing())
    .execute()
  const row = await db
    .selectFrom('partnership')
    .select(['id', 'name'])
    .where('local_area_id', '=', localAreaId)
    .executeTakeFirstOrThrow()
  return { id: row.id, name: row.name, localAreaId }
}

/** The current holder of each partner's seat (the newest row per partner). */
export async function currentSeats(
  db: Q,
  partnershipId: string,
): Promise<(PartnerSeat & { leadName: string; delegateName: string })[]> {
  const rows = await db
    .selectFrom('partnership_seat')
    .select(['partner', 'organisation_id', 'lead_user_id', 'lead_name', 'delegate_user_id', 'delegate_name'])
    .distinctOn('partner')
    .where('partnership_id', '=', partnershipId)
    .orderBy('partner')
    .orderBy('seq', 'desc')
    .execute()
  return rows.map((r) => ({
    partner: r.partner as StatutoryPartner,
    organisationId: r.organisation_id,
    leadUserId: r.lead_user_id,
    delegateUserId: r.delegate_user_id,
    leadName: r.lead_name,
    delegateName: r.delegate_name,
  }))
}

export async function signedPartners(db: Q, subjectType: string, subjectId: string): Promise<Set<StatutoryPartner>> {
  const rows = await db
    .selectFrom('partnership_sign_off')
    .select('partner')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .execute()
  return new Set(rows.map((r) => r.partner as StatutoryPartner))
}

export interface IncidentRecord {
  readonly id: string
  readonly reference: string
  readonly localAreaId: string
  readonly notifyingOrganisationId: string
  readonly stage: IncidentStage
  readonly awareOn: LocalDate
  readonly notifiedPanelOn: LocalDate
  readonly decision: string | null
  readonly agencies: readonly AskedAgency[]
  readonly practiceStages: readonly {
    stage: PracticeReviewStage
    occurredOn: LocalDate
    details: Record<string, unknown>
  }[]
}

/** The agencies asked for a rapid review summary on an incident, with their answers, by name. */
export const askedAgencyRows = (db: Q, incidentId: string) =>
  db
    .selectFrom('rapid_review_agency as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([
      'a.organisation_id',
      'o.name',
      'a.state',
      'a.involvement',
      'a.analysis',
      'a.learning',
      'a.gap_reason',
      'a.answered_at',
    ])
    .where('a.incident_id', '=', incidentId)
    .orderBy('o.name')
    .execute()

/** The stages a practice review has reached, in the order they were recorded. */
export const practiceStageRows = (db: Q, incidentId: string) =>
  db
    .selectFrom('practice_review_stage')
    .select(['stage', 'occurred_on', 'details'])
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .execute()

/** One incident with its asked agencies and practice review stages; `forUpdate` locks the incident row. */
export async function loadIncident(db: Q, id: string, options: LoadOptions = {}): Promise<IncidentRecord | undefined> {
  const row = await db
    .selectFrom('serious_incident')
    .select([
      'id',
      'reference',
      'local_area_id',
      'notifying_organisation_id',
      'stage',
      'aware_on',
      'notified_panel_on',
      'decision',
    ])
    .where('id', '=', id)
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst()
  if (row === undefined) return undefined
  const agencies = await askedAgencyRows(db, id)
  const stages = await practiceStageRows(db, id)
  return {
    id: row.id,
    reference: row.reference,
    localAreaId: row.local_area_id,
    notifyingOrganisationId: row.notifying_organisation_id,
    stage: row.stage as IncidentStage,
    awareOn: toDate(row.aware_on),
    notifiedPanelOn: toDate(row.notified_panel_on),
    decision: row.decision,
    agencies: agencies.map((a) => ({
      organisationId: a.organisation_id,
      organisationName: a.name,
      state: (a.state === 'gap_closed'
        ? { kind: 'gap_closed', reason: a.gap_reason ?? '' }
        : { kind: a.state }) as SummaryState,
    })),
    practiceStages: stages.map((s) => ({
      stage: s.stage as PracticeReviewStage,
      occurredOn: toDate(s.occurred_on),
      details: s.details,
    })),
  }
}

export async function recordIncidentStep(
  tx: Transaction<DB>,
  step: {
    incidentId: string
    step: string
    fromStage: IncidentStage | null
    toStage: IncidentStage
    details: Record<string, unknown>
    actorUserId: string
    actorOrganisationId: string
  },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('serious_incident_step')
    .values({
      id: newId(),
      incident_id: step.incidentId,
      step: step.step,
      from_stage: step.fromStage,
      to_stage: step.toStage,
      details: JSON.stringify(step.details),
      actor_user_id: step.actorUserId,
      actor_organisation_id: step.actorOrganisationId,
      submission_key: null,
      created_at: now,
    })
    .execute()
  if (step.fromStage !== step.toStage)
    await tx
      .updateTable('serious_incident')
      .set({ stage: step.toStage, stage_changed_at: now })
      .where('id', '=', step.incidentId)
      .execute()
}

/** A short reference people can say on the phone: SI-2026-0001. */
export async function nextReference(
  tx: Transaction<DB>,
  prefix: 'SI' | 'R',
  table: 'serious_incident' | 'recommendation',
  year: number,
): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${table}-reference`}))`.execute(tx)
  const row = await sql<{
    n: string
  }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE reference LIKE ${`${prefix}-${year}-%`}`.execute(tx)
  return `${prefix}-${year}-${String(Number(row.rows[0]?.n ?? '0') + 1).padStart(4, '0')}`
}
