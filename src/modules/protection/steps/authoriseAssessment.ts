import { z } from 'zod'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { assessmentFactors, codeLabel, primaryNeeds } from '../domain/codes.js'
import { episodePhases, outcomesFor } from '../domain/episode.js'
import { cinOutcomesField, revealsCinOutcomes, cinOutcomesMissing, takeStepStartingCin } from './childInNeedPlan.js'
import { caseStep, leadsTo, notOpen, outcomeField } from './episodeStep.js'
import { loadAssessment } from './updateAssessment.js'

/**
 * A team manager authorises the child and family assessment with its outcome (table step complete_assessment):
 * that authorisation concludes it and meets the 45-working-day clock (T2). An outcome of a child in need plan
 * starts the plan, whose outcomes are required. The page offers the outcomes open in the case's phase.
 */
export const authoriseAssessment = defineStep({
  ...caseStep('complete_assessment'),
  operationId: 'authoriseAssessment',
  path: '/cases/:id/assessment/authorise',
  apiPath: '/cases/:id/assessment/authorisation',
  title: 'Authorise the assessment',
  description: 'The team manager authorises the assessment with its outcome',
  submitText: 'Authorise with this outcome',
  okStatus: 200,
  fields: {
    outcome: outcomeField(
      'complete_assessment',
      { label: 'Outcome of the assessment', required: 'Select the outcome of the assessment' },
      revealsCinOutcomes,
    ),
    rationale: textarea({ label: 'Manager’s reasons (optional)', max: 50_000, rows: 4 }),
    childInNeedOutcomes: cinOutcomesField,
  },
  // The case with its assessment as saved so far: what the manager signs.
  load: loadAssessment,
  choices: (c) => ({ outcome: outcomesFor(c.phase, 'complete_assessment').map((t) => t.outcome) }),
  intro: (c) =>
    c.assessment === undefined
      ? []
      : [
          `Factors identified: ${c.assessment.factors.map((f) => `${f}: ${codeLabel(assessmentFactors, f)}`).join('; ') || 'none recorded'}.`,
          `Primary need: ${c.primaryNeed === null ? 'not recorded' : codeLabel(primaryNeeds, c.primaryNeed)}.`,
          `Summary: ${c.assessment.summary || 'none'}`,
        ],
  unavailable: (c) =>
    notOpen(c, 'complete_assessment') ??
    (c.assessment === undefined
      ? 'There is no child and family assessment on this case'
      : c.assessment.authorised_at === null && c.assessment.submitted_at === null
        ? 'The social worker has not submitted the assessment for authorisation yet'
        : undefined),
  check: (input, c) => {
    const to = leadsTo(c, 'complete_assessment', input.outcome)
    if (to === undefined) return { outcome: 'Select the outcome of the assessment' }
    return cinOutcomesMissing(to, input)
  },
  run: async (ctx, input, c) => {
    const { tx, actor, now, today } = ctx
    const a = c.assessment!
    const outcome = input.outcome as string
    const step = {
      step: 'complete_assessment',
      outcome,
      occurredOn: today,
      rationale: (input.rationale as string | undefined) ?? '',
      details: { assessmentId: a.id },
    } as const
    const taken = await takeStepStartingCin(ctx, c, step, input, async () => {
      if (a.authorised_at === null)
        await tx
          .updateTable('assessment')
          .set({ authorised_at: now, authorised_by: actor.userId, outcome, completed_on: formatLocalDate(today) })
          .where('id', '=', a.id)
          .execute()
    })
    return taken.ok ? ok({ stepId: taken.value.stepId, phase: taken.value.to }) : taken
  },
  action: 'case.assessment_authorised',
  output: z.object({ stepId: z.uuid(), phase: z.enum(episodePhases) }),
})
