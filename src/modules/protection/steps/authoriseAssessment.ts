import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import { transition } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  inCase,
  startChildInNeedPlan,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface AuthoriseAssessmentInput {
  readonly outcome: string
  readonly rationale: string
  /** What the child in need plan is to achieve, when that is the outcome. */
  readonly childInNeedOutcomes: string
  readonly submissionKey?: string | undefined
}

/**
 * A team manager authorises the child and family assessment with its outcome (table step complete_assessment):
 * that authorisation concludes it and meets the 45-working-day clock (T2). An outcome of a child in need plan
 * starts the plan, whose outcomes are required.
 */
export async function authoriseAssessment(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: AuthoriseAssessmentInput,
  meta: RequestMeta,
): Promise<Result<{ stepId: string; phase: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'complete_assessment', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'complete_assessment', meta)
    if (!open.ok) return open
    const a = await c.tx
      .selectFrom('assessment')
      .select(['id', 'submitted_at', 'authorised_at'])
      .where('episode_id', '=', c.episode.id)
      .executeTakeFirst()
    if (a === undefined)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'There is no child and family assessment on this case'))
    if (a.authorised_at === null && a.submitted_at === null)
      return err(
        domainError(
          'EPISODE.STEP_NOT_ALLOWED',
          'The social worker has not submitted the assessment for authorisation yet',
        ),
      )
    const problems = new FieldProblems()
    const next = transition(c.phase, 'complete_assessment', input.outcome)
    if (!next.ok) problems.add('outcome', 'Select the outcome of the assessment')
    const rationale = problems.optionalText('rationale', input.rationale, 50_000)
    const cinOutcomes =
      next.ok && next.value.to === 'child_in_need_plan'
        ? problems.text(
            'childInNeedOutcomes',
            input.childInNeedOutcomes,
            'Enter what the child in need plan is to achieve',
            50_000,
          )
        : ''
    const valid = problems.result(true)
    if (!valid.ok) return valid

    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'complete_assessment',
        outcome: input.outcome,
        occurredOn: c.today,
        rationale,
        submissionKey: input.submissionKey,
        details: { assessmentId: a.id },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    if (a.authorised_at === null) {
      await c.tx
        .updateTable('assessment')
        .set({
          authorised_at: c.now,
          authorised_by: actor.userId,
          outcome: input.outcome,
          completed_on: formatLocalDate(c.today),
        })
        .where('id', '=', a.id)
        .execute()
    }
    if (taken.value.to === 'child_in_need_plan')
      await startChildInNeedPlan(c.tx, c.episode, c.today, cinOutcomes, c.now)
    return ok({ stepId: taken.value.stepId, phase: taken.value.to })
  })
}
