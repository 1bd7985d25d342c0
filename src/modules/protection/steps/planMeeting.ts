import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, textarea } from '../../../platform/forms/fields.js'
import type { StepContext } from '../../../platform/steps/defineStep.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import type { EpisodeStep } from '../domain/episode.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import { historyRationale, takeCaseStep, type EpisodeStepError, type RunContext } from './takeEpisodeStep.js'
import { dateInOrder, notBefore } from './episodeStep.js'

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
    rationale: historyRationale(m.notes),
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

/** A case loaded with the open plan a meeting is under, if there is one. */
interface CaseWithPlan {
  readonly episode: EpisodeRow
  readonly facts: EpisodeFacts
  readonly plan: { readonly id: string; readonly started_on: string } | undefined
}

/**
 * The form of a meeting under a plan, for a step declaration: when it met and what it found and agreed, dated
 * within the plan (not before it started, not in the future), recorded by `recordPlanMeeting`.
 */
export function planMeetingForm(m: {
  readonly step: EpisodeStep
  readonly outcome: string
  readonly table: PlanMeeting['table']
  readonly idKey: string
  /** The plan as the date's refusal names it: "the start of the child protection plan". */
  readonly plan: string
  readonly heldOn: { readonly label: string; readonly required: string }
  readonly notes: { readonly label: string; readonly required: string }
}) {
  return {
    fields: {
      heldOn: date(m.heldOn),
      notes: textarea({ ...m.notes, max: 100_000, rows: 8 }),
    },
    check: (input: Record<string, unknown>, c: CaseWithPlan, { today }: StepContext) =>
      dateInOrder('heldOn', input.heldOn, today, notBefore(c.plan?.started_on, `the start of ${m.plan}`)),
    run: (ctx: RunContext, input: Record<string, unknown>, c: CaseWithPlan) =>
      recordPlanMeeting(ctx, c, {
        step: m.step,
        outcome: m.outcome,
        table: m.table,
        idKey: m.idKey,
        planId: c.plan!.id,
        heldOn: input.heldOn as LocalDate,
        notes: input.notes as string,
      }),
  }
}
