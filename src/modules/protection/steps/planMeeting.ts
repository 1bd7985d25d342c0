import type { Transaction } from 'kysely'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import type { EpisodeStep } from '../domain/episode.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import { takeEpisodeStep, type EpisodeStepError } from './takeEpisodeStep.js'

export interface PlanMeeting {
  readonly step: EpisodeStep
  readonly outcome: string
  /** Where the meeting is kept, and the name its id has in the step's details. */
  readonly table: 'core_group_meeting' | 'child_in_need_review'
  readonly idKey: string
  readonly planId: string
  readonly heldOn: LocalDate
  readonly notes: string
}

/**
 * A dated meeting with notes under a plan that leaves the case where it is (a core group under the child
 * protection plan, a review of the child in need plan): the episode step that records it, then its row, together.
 */
export async function recordPlanMeeting(
  { tx, actor, now, meta }: { tx: Transaction<DB>; actor: Actor; now: Date; meta: RequestMeta },
  c: { readonly episode: EpisodeRow; readonly facts: EpisodeFacts },
  m: PlanMeeting,
): Promise<Result<{ id: string }, EpisodeStepError>> {
  const id = newId()
  const taken = await takeEpisodeStep(
    tx,
    actor,
    c,
    {
      step: m.step,
      outcome: m.outcome,
      occurredOn: m.heldOn,
      rationale: m.notes.slice(0, 2000),
      details: { [m.idKey]: id, planId: m.planId },
    },
    now,
    meta,
  )
  if (!taken.ok) return taken
  await tx
    .insertInto(m.table)
    .values({
      id,
      plan_id: m.planId,
      held_on: formatLocalDate(m.heldOn),
      notes: m.notes,
      recorded_by: actor.userId,
      created_at: now,
    })
    .execute()
  return ok({ id })
}
