import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import type { EpisodeStep } from '../domain/episode.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import { takeCaseStep, type EpisodeStepError, type RunContext } from './takeEpisodeStep.js'

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
  ctx: RunContext,
  c: { readonly episode: EpisodeRow; readonly facts: EpisodeFacts },
  m: PlanMeeting,
): Promise<Result<{ id: string }, EpisodeStepError>> {
  const id = newId()
  const taken = await takeCaseStep(ctx, c, {
    step: m.step,
    outcome: m.outcome,
    occurredOn: m.heldOn,
    rationale: m.notes.slice(0, 2000),
    details: { [m.idKey]: id, planId: m.planId },
  })
  if (!taken.ok) return taken
  const { tx, actor, now } = ctx
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
