import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { planEndClosure, planEndReasonOptions, type PlanEndReason } from '../domain/caseWork.js'
import { endProtectionPlan, openPlan } from './caseSupport.js'
import { cinOutcomesField, revealsCinOutcomes, leavingProtection } from './childInNeedPlan.js'
import { NO_PLAN, notBefore, notOpen, outcomeField } from './episodeStep.js'
import { historyRationale } from './takeEpisodeStep.js'

/**
 * Ends a child protection plan between reviews (table step end_plan): the child moved to another local
 * authority, turned 18, died, left the UK, or is no longer at continuing risk; with the step down. When the
 * case closes, the CIN census closure reason follows from why the plan ended.
 */
export const endPlan = defineStep({
  ...leavingProtection(
    'end_plan',
    { plan: openPlan },
    {
      dateField: 'endedOn',
      earliest: (c) => notBefore(c.plan?.started_on, 'the start of the child protection plan'),
      taking: (input, c) => ({
        rationale: historyRationale((input.notes as string | undefined) ?? ''),
        details: { planId: c.plan!.id, reason: input.reason },
        closureReason: planEndClosure(input.reason as PlanEndReason),
      }),
      record: (ctx, input, c) =>
        endProtectionPlan(
          ctx.tx,
          c.plan!.id,
          input.endedOn as LocalDate,
          input.reason as PlanEndReason,
          input.outcome as string,
        ),
    },
  ),
  operationId: 'endPlan',
  path: '/cases/:id/end-plan',
  apiPath: '/cases/:id/plan/end',
  title: 'End the child protection plan',
  description: 'End the child protection plan between reviews, with a reason and a step down',
  submitText: 'End the plan',
  okStatus: 200,
  fields: {
    endedOn: date({ label: 'When did the plan end?', required: 'Enter the date the plan ended' }),
    reason: radios({
      label: 'Why is the plan ending?',
      required: 'Select why the plan is ending',
      options: planEndReasonOptions,
    }),
    outcome: outcomeField(
      'end_plan',
      { label: 'What happens next?', required: 'Select what happens next' },
      revealsCinOutcomes,
    ),
    childInNeedOutcomes: cinOutcomesField,
    notes: textarea({ label: 'Notes (optional)', max: 50_000, rows: 4 }),
  },
  unavailable: (c) => notOpen(c, 'end_plan') ?? (c.plan === undefined ? NO_PLAN : undefined),
  action: 'case.plan_ended',
})
