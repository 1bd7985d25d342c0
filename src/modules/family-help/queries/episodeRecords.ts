import type { Kysely, Transaction } from 'kysely'
import { countRows } from '../../../platform/db/countRows.js'
import type { DB } from '../../../platform/db/schema.js'
import { isOutcomeArea, type OutcomeArea } from '../domain/codes.js'
import type { FamilyHelpStep } from '../domain/episode.js'

type Q = Kysely<DB> | Transaction<DB>

/** An episode's steps of one kind (its assessments, plans, meetings…), for the caller to select from. */
export const stepsOfKind = (db: Q, episodeId: string, step: FamilyHelpStep) =>
  db.selectFrom('family_help_step').where('episode_id', '=', episodeId).where('step', '=', step)

/** Steps with who took them: `u` is the person, `o` their organisation. */
export const stepsWithAuthors = (db: Q) =>
  db
    .selectFrom('family_help_step as s')
    .innerJoin('app_user as u', 'u.id', 's.actor_user_id')
    .innerJoin('organisation as o', 'o.id', 's.actor_organisation_id')

/** The latest step of one kind on an episode. */
const latestOfKind = (db: Q, episodeId: string, step: FamilyHelpStep) =>
  stepsOfKind(db, episodeId, step).orderBy('seq', 'desc').limit(1)

/** The areas of need the latest assessment found: goals in the plan must address one of them. */
export async function latestAssessmentNeeds(db: Q, episodeId: string): Promise<OutcomeArea[]> {
  const row = await latestOfKind(db, episodeId, 'record_assessment').select('details').executeTakeFirst()
  const needs = (row?.details['needs'] as unknown[] | undefined) ?? []
  return needs.filter((n): n is OutcomeArea => typeof n === 'string' && isOutcomeArea(n))
}

/** How many versions of the family plan there are. */
export async function planVersions(db: Q, episodeId: string): Promise<number> {
  return countRows(stepsOfKind(db, episodeId, 'record_plan'))
}

export interface CurrentPlan {
  readonly version: number
  readonly agreedOn: string
  readonly actions: readonly { what: string; who: string; byWhen: string; status: string }[]
  readonly goals: readonly { area: string; goal: string; score: number }[]
}

/** The current version of the family plan, if there is one. */
export async function currentPlan(db: Q, episodeId: string): Promise<CurrentPlan | undefined> {
  const row = await latestOfKind(db, episodeId, 'record_plan').select(['details', 'occurred_on']).executeTakeFirst()
  if (row === undefined) return undefined
  const d = row.details as { version?: number; actions?: CurrentPlan['actions']; goals?: CurrentPlan['goals'] }
  return { version: d.version ?? 1, agreedOn: row.occurred_on, actions: d.actions ?? [], goals: d.goals ?? [] }
}

export interface MeetingRecord {
  readonly id: string
  readonly kind: string
  readonly on: string
  readonly time: string
  readonly place: string
  readonly reviewed: boolean
}

/** A meeting arranged on the episode (its id is the step that arranged it), and whether its review is recorded. */
export async function findMeeting(db: Q, episodeId: string, meetingId: string): Promise<MeetingRecord | undefined> {
  const row = await stepsOfKind(db, episodeId, 'schedule_meeting')
    .select(['id', 'details'])
    .where('id', '=', meetingId)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const reviewed = await stepsOfKind(db, episodeId, 'record_review')
    .select('id')
    .where(({ ref }) => ref('details', '->>').key('meetingId'), '=', meetingId)
    .executeTakeFirst()
  const d = row.details as { kind?: string; on?: string; time?: string; place?: string }
  return {
    id: row.id,
    kind: d.kind ?? 'team_around_the_family',
    on: d.on ?? '',
    time: d.time ?? '',
    place: d.place ?? '',
    reviewed: reviewed !== undefined,
  }
}

/**
 * The episode's history as a referral carries it on step-up: the latest assessment, the current plan and every
 * review, so children's social care starts from what the team already knows.
 */
export async function familyHelpHistory(db: Q, episodeId: string): Promise<Record<string, unknown>> {
  const steps = await db
    .selectFrom('family_help_step')
    .select(['step', 'outcome', 'occurred_on', 'details'])
    .where('episode_id', '=', episodeId)
    .where('step', 'in', ['record_assessment', 'record_plan', 'record_review'])
    .orderBy('seq')
    .execute()
  const last = (step: string) => [...steps].reverse().find((s) => s.step === step)
  const assessment = last('record_assessment')
  const plan = last('record_plan')
  return {
    assessment: assessment === undefined ? null : { on: assessment.occurred_on, ...assessment.details },
    plan: plan === undefined ? null : { agreedOn: plan.occurred_on, ...plan.details },
    reviews: steps
      .filter((s) => s.step === 'record_review')
      .map((s) => ({ heldOn: s.occurred_on, decision: s.outcome, ...s.details })),
  }
}
