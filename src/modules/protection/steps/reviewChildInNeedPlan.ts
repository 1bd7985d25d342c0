import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  inCase,
  stepKeyUsed,
  validatePlanMeeting,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/** A review of the child in need plan (table step review_child_in_need_plan), dated within the plan. */
export async function reviewChildInNeedPlan(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: { readonly heldOn: string; readonly notes: string; readonly submissionKey?: string | undefined },
  meta: RequestMeta,
): Promise<Result<{ id: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'review_child_in_need_plan', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'review_child_in_need_plan', meta)
    if (!open.ok) return open
    const plan = await c.tx
      .selectFrom('child_in_need_plan')
      .select(['id', 'started_on'])
      .where('episode_id', '=', c.episode.id)
      .where('ended_on', 'is', null)
      .executeTakeFirst()
    if (plan === undefined)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'The child does not have a child in need plan'))
    const valid = validatePlanMeeting(
      input,
      c.today,
      { startedOn: plan.started_on, name: 'child in need plan' },
      { dateMissing: 'Enter the date of the review', notesMissing: 'Enter what the review found and agreed' },
    )
    if (!valid.ok) return valid
    const { heldOn, notes } = valid.value
    const id = newId()
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'review_child_in_need_plan',
        outcome: 'continue_plan',
        occurredOn: heldOn,
        rationale: notes.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { reviewId: id, planId: plan.id },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await c.tx
      .insertInto('child_in_need_review')
      .values({
        id,
        plan_id: plan.id,
        held_on: formatLocalDate(heldOn),
        notes,
        recorded_by: actor.userId,
        created_at: c.now,
      })
      .execute()
    return ok({ id })
  })
}
