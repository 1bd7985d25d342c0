import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import { ok, err, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { alreadySubmitted, checkStepOpen, inCase, stepKeyUsed, type CaseError } from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * During an assessment or a child in need plan, the worker finds reasonable cause to suspect significant
 * harm and asks for a strategy discussion (table step request_strategy_discussion), saying why.
 */
export async function requestStrategyDiscussion(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: { readonly reason: string; readonly submissionKey?: string | undefined },
  meta: RequestMeta,
): Promise<Result<{ stepId: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'request_strategy_discussion', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'request_strategy_discussion', meta)
    if (!open.ok) return open
    const problems = new FieldProblems()
    const reason = problems.text('reason', input.reason, 'Say why a strategy discussion is needed', 50_000)
    const valid = problems.result(true)
    if (!valid.ok) return valid
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'request_strategy_discussion',
        outcome: 'strategy_discussion',
        occurredOn: c.today,
        rationale: reason,
        submissionKey: input.submissionKey,
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    return ok({ stepId: taken.value.stepId })
  })
}
