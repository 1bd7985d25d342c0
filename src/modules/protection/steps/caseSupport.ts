import { sql, type Transaction } from 'kysely'
import type { Option } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { episodeTransitions, type EpisodePhase, type EpisodeStep } from '../domain/episode.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import type { RequestMeta } from '../../../platform/context.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import { partsOf } from '../queries/caseRecords.js'

/** Audits a refused view of a case: who tried, why they were refused, and what they tried to do. */
export async function auditCaseDenied(
  tx: Transaction<DB>,
  actor: Actor,
  episodeId: string,
  reason: string,
  action: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  await auditRefusal(
    tx,
    actor,
    { action: 'episode.access_denied', subjectType: 'episode', subjectId: episodeId, reason, details: { action } },
    meta,
    now,
  )
}

/** The roles that lead a step in a phase, from the transition table. */
export const stepRolesIn = (phase: EpisodePhase, step: EpisodeStep): Role[] => [
  ...new Set(episodeTransitions.filter((t) => t.step === step && t.from.includes(phase)).flatMap((t) => t.who)),
]

/** The section 47 enquiry under way (or last concluded), with the date of the strategy discussion that started it. */
export async function latestSection47(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('section47_enquiry as s')
    .innerJoin('strategy_discussion as d', 'd.id', 's.strategy_discussion_id')
    .select(['s.id', 's.started_on', 's.outcome', 's.conference_required', 's.concluded_on', 'd.held_at', 'd.held_on'])
    .where('s.episode_id', '=', episodeId)
    .orderBy('s.created_at', 'desc')
    .executeTakeFirst()
}

/** The open child protection plan of an episode. */
export async function openPlan(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('child_protection_plan')
    .select(['id', 'started_on', 'latest_category', 'lead_user_id', 'conference_id'])
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
}

/** The child protection plan ends on `endedOn`, for `reason`, stepping down to `stepDown` (the step's outcome). */
export async function endProtectionPlan(
  tx: Transaction<DB>,
  planId: string,
  endedOn: LocalDate,
  reason: string | null,
  stepDown: string,
): Promise<void> {
  await tx
    .updateTable('child_protection_plan')
    .set({ ended_on: formatLocalDate(endedOn), end_reason: reason, step_down: stepDown })
    .where('id', '=', planId)
    .execute()
}

/** What a conference decided, set once when it is held. */
export interface ConferenceDecision {
  readonly heldOn: LocalDate
  readonly decision: string
  readonly details: Readonly<Record<string, unknown>>
  readonly dissent: string
  /** For an initial conference: each child of the household and what the conference noted about them. */
  readonly householdConsidered?: readonly unknown[]
  readonly chairUserId: string
}

/** The arranged conference `conferenceId` is held, with its decision. */
export async function recordConferenceDecision(
  tx: Transaction<DB>,
  conferenceId: string,
  d: ConferenceDecision,
): Promise<void> {
  // The decision fields are set once, here; the schema types them as insert-only, hence the cast.
  await tx
    .updateTable('conference')
    .set({
      held_on: formatLocalDate(d.heldOn),
      decision: d.decision,
      decision_details: JSON.stringify(d.details),
      dissent: d.dissent,
      ...(d.householdConsidered === undefined ? {} : { household_considered: JSON.stringify(d.householdConsidered) }),
      chair_user_id: d.chairUserId,
    } as never)
    .where('id', '=', conferenceId)
    .execute()
}

// One reading of a London wall-clock time, shared with the date-and-time field.
export { londonInstant } from '../../../platform/forms/fields.js'

/**
 * The holding local authority's active staff with `role`, by name, as a form's options (lead practitioners,
 * team managers, conference chairs): a choice among them is refused if it names anyone else.
 */
export async function staffWithRole(tx: Transaction<DB>, localAuthorityId: string, role: Role): Promise<Option[]> {
  const rows = await tx
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', localAuthorityId)
    .where('active', '=', true)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .orderBy('display_name')
    .execute()
  return rows.map((u) => ({ value: u.id, text: u.display_name }))
}

/** The local area's agencies other than the local authority that holds the case, as a form's options. */
export async function areaAgencies(tx: Transaction<DB>, episode: EpisodeRow): Promise<Option[]> {
  const rows = await tx
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('local_area_id', '=', episode.localAreaId)
    .where('id', '!=', episode.localAuthorityId)
    .orderBy('name')
    .execute()
  return rows.map((o) => ({ value: o.id, text: o.name }))
}

/** The agencies invited to a conference, by organisation id (family members invited have none). */
export async function invitedAgencies(tx: Transaction<DB>, conferenceId: string): Promise<string[]> {
  const invitations = await partsOf(tx, 'conference_invitation', [conferenceId], 'invited_at')
  return invitations(conferenceId).flatMap((i) => (i.organisation_id === null ? [] : [i.organisation_id]))
}
