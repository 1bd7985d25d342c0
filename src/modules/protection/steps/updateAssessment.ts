import type { Actor } from '../../../platform/identity/actor.js'
import { checkAssessmentFactors, checkPrimaryNeed, FieldProblems } from '../domain/caseWork.js'
import { checkStepDate } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { auditCase, checkActs, day, inCase, type CaseError } from './caseSupport.js'

export interface AssessmentInput {
  /** 'YYYY-MM-DD', or '' while the child has not been seen yet. */
  readonly childSeenOn: string
  /** 'yes' | 'no' | '' */
  readonly childSeenAlone: string
  readonly factors: readonly string[]
  readonly primaryNeed: string
  readonly summary: string
}

/**
 * The social worker records the assessment as it goes: when the child was seen and whether alone (Ofsted
 * Annex A list 4), the factors identified (CIN census codes; "none" never with others, rule 8869), the
 * primary need and a summary. Saved as often as needed until a manager authorises it.
 */
export async function updateAssessment(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: AssessmentInput,
  meta: RequestMeta,
): Promise<Result<{ id: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'update_assessment', async (c) => {
    const allowed = await checkActs(c, actor, ['social_worker', 'team_manager'], 'update_assessment', meta)
    if (!allowed.ok) return allowed
    const assessment = await c.tx
      .selectFrom('assessment')
      .select(['id', 'authorised_at'])
      .where('episode_id', '=', c.episode.id)
      .executeTakeFirst()
    if (assessment === undefined || c.phase === 'closed')
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'There is no child and family assessment open on this case'))
    if (assessment.authorised_at !== null)
      return err(
        domainError('EPISODE.STEP_NOT_ALLOWED', 'This assessment has been authorised and can no longer be changed'),
      )

    const problems = new FieldProblems()
    let seenOn: string | null = null
    if (input.childSeenOn.trim() !== '') {
      const d = problems.date('childSeenOn', input.childSeenOn, 'Enter the date the child was seen')
      if (d !== undefined) {
        const inOrder = checkStepDate('childSeenOn', d, c.today, {
          date: day(c.episode.referralDate),
          what: 'the referral date',
        })
        if (!inOrder.ok) problems.add('childSeenOn', inOrder.error.message)
        else seenOn = formatLocalDate(d)
      }
    }
    if (!['yes', 'no', ''].includes(input.childSeenAlone)) problems.add('childSeenAlone', 'Select yes or no')
    if (input.childSeenOn.trim() !== '' && input.childSeenAlone === '')
      problems.add('childSeenAlone', 'Say whether the child was seen alone')
    let factors: string[] = []
    if (input.factors.length > 0) {
      const f = checkAssessmentFactors(input.factors)
      if (!f.ok) problems.add('factors', f.error.message)
      else factors = f.value
    }
    if (input.primaryNeed !== '' && !checkPrimaryNeed(input.primaryNeed))
      problems.add('primaryNeed', 'Select a primary need from the list')
    const summary = problems.optionalText('summary', input.summary, 50_000)
    const valid = problems.result(true)
    if (!valid.ok) return valid

    await c.tx
      .updateTable('assessment')
      .set({
        child_seen_on: seenOn,
        child_seen_alone: input.childSeenAlone === '' ? null : input.childSeenAlone === 'yes',
        factors,
        summary,
      })
      .where('id', '=', assessment.id)
      .execute()
    await c.tx
      .updateTable('episode')
      .set({ primary_need: input.primaryNeed === '' ? null : input.primaryNeed })
      .where('id', '=', c.episode.id)
      .execute()
    await auditCase(c, actor, 'assessment.updated', meta, { assessmentId: assessment.id, factors, childSeenOn: seenOn })
    return ok({ id: assessment.id })
  })
}
