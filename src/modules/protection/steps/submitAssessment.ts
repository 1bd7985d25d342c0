import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { auditCase, checkActs, inCase, type CaseError } from './caseSupport.js'

/**
 * The social worker sends the assessment to a manager for authorisation. It must say when the child was
 * seen (and whether alone), the factors identified, the primary need and a summary: what the manager signs.
 */
export async function submitAssessment(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  meta: RequestMeta,
): Promise<Result<{ id: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'submit_assessment', async (c) => {
    const allowed = await checkActs(c, actor, ['social_worker', 'team_manager'], 'submit_assessment', meta)
    if (!allowed.ok) return allowed
    const a = await c.tx.selectFrom('assessment').selectAll().where('episode_id', '=', c.episode.id).executeTakeFirst()
    if (a === undefined || c.phase === 'closed')
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'There is no child and family assessment open on this case'))
    if (a.authorised_at !== null)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'This assessment has already been authorised'))
    if (a.submitted_at !== null)
      return err(
        domainError('EPISODE.ALREADY_SUBMITTED', 'This assessment has already been submitted for authorisation'),
      )
    const fields: Record<string, string> = {}
    if (a.child_seen_on === null) fields.childSeenOn = 'Record the date the child was seen before submitting'
    if (a.child_seen_alone === null) fields.childSeenAlone = 'Say whether the child was seen alone before submitting'
    if (a.factors.length === 0) fields.factors = 'Record the factors identified before submitting'
    const episode = await c.tx
      .selectFrom('episode')
      .select('primary_need')
      .where('id', '=', c.episode.id)
      .executeTakeFirstOrThrow()
    if (episode.primary_need === null) fields.primaryNeed = 'Record the primary need before submitting'
    if (a.summary.trim() === '') fields.summary = 'Write a summary of the assessment before submitting'
    if (Object.keys(fields).length > 0) return err(domainError('CASE.INVALID', Object.values(fields)[0] ?? '', fields))
    await c.tx
      .updateTable('assessment')
      .set({ submitted_at: c.now, submitted_by: actor.userId })
      .where('id', '=', a.id)
      .execute()
    await auditCase(c, actor, 'assessment.submitted', meta, { assessmentId: a.id })
    return ok({ id: a.id })
  })
}
