import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  inCase,
  openPlan,
  stepKeyUsed,
  validatePlanMeeting,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * A core group meeting under the child protection plan (table step record_core_group). The first one meets
 * the first-core-group clock (T6: 10 working days from the initial conference). Not before the plan started.
 */
export async function recordCoreGroup(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: { readonly heldOn: string; readonly notes: string; readonly submissionKey?: string | undefined },
  meta: RequestMeta,
): Promise<Result<{ id: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'record_core_group', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'record_core_group', meta)
    if (!open.ok) return open
    const plan = await openPlan(c.tx, c.episode.id)
    if (plan === undefined)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'The child does not have a child protection plan'))
    const valid = validatePlanMeeting(
      input,
      c.today,
      { startedOn: plan.started_on, name: 'child protection plan' },
      {
        dateMissing: 'Enter the date the core group met',
        notesMissing: 'Enter what the core group discussed and agreed',
      },
    )
    if (!valid.ok) return valid
    const { heldOn, notes } = valid.value
    const id = newId()
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'record_core_group',
        outcome: 'held',
        occurredOn: heldOn,
        rationale: notes.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { coreGroupMeetingId: id, planId: plan.id },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await c.tx
      .insertInto('core_group_meeting')
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
