import { z } from 'zod'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { caseWork } from './episodeStep.js'
import { loadAssessment } from './updateAssessment.js'

/**
 * The social worker sends the assessment to a manager for authorisation: a button on the case page, no form.
 * It must say when the child was seen (and whether alone), the factors identified, the primary need and a
 * summary: what the manager signs. Anything missing is said in one sentence, for the assessment form.
 */
export const submitAssessment = defineStep({
  ...caseWork(['social_worker', 'team_manager']),
  operationId: 'submitAssessment',
  path: '/cases/:id/assessment/submit',
  apiPath: '/cases/:id/assessment/submission',
  title: 'Submit the assessment for authorisation',
  submitText: 'Submit the assessment for authorisation',
  okStatus: 200,
  fields: {},
  intro: () => ['A team manager authorises the assessment and decides what happens next.'],
  load: loadAssessment,
  unavailable: ({ assessment: a, phase }) =>
    a === undefined || phase === 'closed'
      ? 'There is no child and family assessment open on this case'
      : a.authorised_at !== null
        ? 'This assessment has already been authorised'
        : a.submitted_at !== null
          ? 'This assessment has already been submitted for authorisation'
          : undefined,
  run: async ({ tx, actor, now }, _input, { assessment, primaryNeed }) => {
    const a = assessment!
    const missing = [
      a.child_seen_on === null ? 'Record the date the child was seen before submitting' : [],
      a.child_seen_alone === null ? 'Say whether the child was seen alone before submitting' : [],
      a.factors.length === 0 ? 'Record the factors identified before submitting' : [],
      primaryNeed === null ? 'Record the primary need before submitting' : [],
      a.summary.trim() === '' ? 'Write a summary of the assessment before submitting' : [],
    ].flat()
    if (missing.length > 0) return err(domainError('ASSESSMENT.INCOMPLETE', missing.join('. ')))
    await tx
      .updateTable('assessment')
      .set({ submitted_at: now, submitted_by: actor.userId })
      .where('id', '=', a.id)
      .execute()
    return ok({ id: a.id })
  },
  action: 'assessment.submitted',
  auditDetails: (out, _input, c) => ({ childId: c.episode.childId, assessmentId: out.id }),
  output: z.object({ id: z.uuid() }),
})
