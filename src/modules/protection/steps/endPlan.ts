import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems, isPlanEndReason, planEndClosure } from '../domain/caseWork.js'
import { checkStepDate, transition } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  inCase,
  openPlan,
  startChildInNeedPlan,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface EndPlanInput {
  /** 'YYYY-MM-DD' */
  readonly endedOn: string
  readonly reason: string
  /** An end_plan outcome: step down to a child in need plan, early help, or no further involvement. */
  readonly outcome: string
  readonly childInNeedOutcomes: string
  readonly notes: string
  readonly submissionKey?: string | undefined
}

/**
 * Ends a child protection plan between reviews (table step end_plan): the child moved to another local
 * authority, turned 18, died, left the UK, or is no longer at continuing risk; with the step down. When the
 * case closes, the CIN census closure reason follows from why the plan ended.
 */
export async function endPlan(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: EndPlanInput,
  meta: RequestMeta,
): Promise<Result<{ phase: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'end_plan', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'end_plan', meta)
    if (!open.ok) return open
    const plan = await openPlan(c.tx, c.episode.id)
    if (plan === undefined)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'The child does not have a child protection plan'))
    const problems = new FieldProblems()
    const endedOn = problems.date('endedOn', input.endedOn, 'Enter the date the plan ended')
    if (endedOn !== undefined) {
      const inOrder = checkStepDate('endedOn', endedOn, c.today, {
        date: day(plan.started_on),
        what: 'the start of the child protection plan',
      })
      if (!inOrder.ok) problems.add('endedOn', inOrder.error.message)
    }
    if (!isPlanEndReason(input.reason)) problems.add('reason', 'Select why the plan is ending')
    const next = transition(c.phase, 'end_plan', input.outcome)
    if (!next.ok) problems.add('outcome', 'Select what happens next')
    const cinOutcomes =
      next.ok && next.value.to === 'child_in_need_plan'
        ? problems.text(
            'childInNeedOutcomes',
            input.childInNeedOutcomes,
            'Enter what the child in need plan is to achieve',
            50_000,
          )
        : ''
    const notes = problems.optionalText('notes', input.notes, 50_000)
    const valid = problems.result(true)
    if (!valid.ok || endedOn === undefined || !isPlanEndReason(input.reason))
      return valid.ok ? err(domainError('CASE.INVALID', 'Check what you entered')) : valid
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'end_plan',
        outcome: input.outcome,
        occurredOn: endedOn,
        rationale: notes.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { planId: plan.id, reason: input.reason },
        closureReason: planEndClosure(input.reason),
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await c.tx
      .updateTable('child_protection_plan')
      .set({ ended_on: formatLocalDate(endedOn), end_reason: input.reason, step_down: input.outcome })
      .where('id', '=', plan.id)
      .execute()
    if (taken.value.to === 'child_in_need_plan')
      await startChildInNeedPlan(c.tx, c.episode, endedOn, cinOutcomes, c.now)
    return ok({ phase: taken.value.to })
  })
}
