import type { Actor } from '../../../platform/identity/actor.js'
import { checkClosureReason, FieldProblems } from '../domain/caseWork.js'
import { checkStepDate } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  endChildInNeedPlan,
  inCase,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * Closes a case from a child in need plan (table step close_episode) with its CIN census reason (RC1–RC9);
 * closing ends the child in need plan on the same day. Not before the plan started.
 */
export async function closeEpisode(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: {
    readonly closedOn: string
    readonly reason: string
    readonly notes: string
    readonly submissionKey?: string | undefined
  },
  meta: RequestMeta,
): Promise<Result<{ closedOn: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'close_episode', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'close_episode', meta)
    if (!open.ok) return open
    const plan = await c.tx
      .selectFrom('child_in_need_plan')
      .select(['id', 'started_on'])
      .where('episode_id', '=', c.episode.id)
      .where('ended_on', 'is', null)
      .executeTakeFirst()
    const problems = new FieldProblems()
    const closedOn = problems.date('closedOn', input.closedOn, 'Enter the date the case closed')
    if (closedOn !== undefined) {
      const earliest =
        plan === undefined
          ? { date: day(c.episode.referralDate), what: 'the referral date' }
          : { date: day(plan.started_on), what: 'the start of the child in need plan' }
      const inOrder = checkStepDate('closedOn', closedOn, c.today, earliest)
      if (!inOrder.ok) problems.add('closedOn', inOrder.error.message)
    }
    if (!checkClosureReason(input.reason)) problems.add('reason', 'Select the reason for closing the case')
    const notes = problems.optionalText('notes', input.notes, 50_000)
    const valid = problems.result(true)
    if (!valid.ok || closedOn === undefined)
      return valid.ok ? err(domainError('CASE.INVALID', 'Enter the date the case closed')) : valid
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'close_episode',
        outcome: 'closed',
        occurredOn: closedOn,
        rationale: notes.slice(0, 2000),
        submissionKey: input.submissionKey,
        closureReason: input.reason,
        details: { reason: input.reason },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await endChildInNeedPlan(c.tx, c.episode.id, closedOn)
    return ok({ closedOn: input.closedOn })
  })
}
