import { z } from 'zod'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { planEndClosure, planEndReasonOptions, type PlanEndReason } from '../domain/caseWork.js'
import { episodePhases } from '../domain/episode.js'
import { endProtectionPlan, openPlan } from './caseSupport.js'
import { cinOutcomesField, dateAndCinOutcomesMissing, takeStepStartingCin } from './childInNeedPlan.js'
import { caseStep, NO_PLAN, notBefore, notOpen, outcomeOptions } from './episodeStep.js'
import { historyRationale } from './takeEpisodeStep.js'

/**
 * Ends a child protection plan between reviews (table step end_plan): the child moved to another local
 * authority, turned 18, died, left the UK, or is no longer at continuing risk; with the step down. When the
 * case closes, the CIN census closure reason follows from why the plan ended.
 */
export const endPlan = defineStep({
  ...caseStep('end_plan', { plan: openPlan }),
  operationId: 'endPlan',
  path: '/cases/:id/end-plan',
  apiPath: '/cases/:id/plan/end',
  title: 'End the child protection plan',
  description: 'End the child protection plan between reviews, with a reason and a step down',
  submitText: 'End the plan',
  okStatus: 200,
  repeatedKey: 'refuse',
  fields: {
    endedOn: date({ label: 'When did the plan end?', required: 'Enter the date the plan ended' }),
    reason: radios({
      label: 'Why is the plan ending?',
      required: 'Select why the plan is ending',
      options: planEndReasonOptions,
    }),
    outcome: radios({
      label: 'What happens next?',
      required: 'Select what happens next',
      options: outcomeOptions('end_plan'),
    }),
    childInNeedOutcomes: cinOutcomesField,
    notes: textarea({ label: 'Notes (optional)', max: 50_000, rows: 4 }),
  },
  unavailable: (c) => notOpen(c, 'end_plan') ?? (c.plan === undefined ? NO_PLAN : undefined),
  check: (input, c, { today }) =>
    dateAndCinOutcomesMissing(
      c,
      'end_plan',
      'endedOn',
      input,
      today,
      notBefore(c.plan?.started_on, 'the start of the child protection plan'),
    ),
  run: async (ctx, input, c) => {
    const plan = c.plan!
    const endedOn = input.endedOn as LocalDate
    const reason = input.reason as PlanEndReason
    const outcome = input.outcome as string
    const step = {
      step: 'end_plan',
      outcome,
      occurredOn: endedOn,
      rationale: historyRationale((input.notes as string | undefined) ?? ''),
      details: { planId: plan.id, reason },
      closureReason: planEndClosure(reason),
    } as const
    const taken = await takeStepStartingCin(ctx, c, step, input, () =>
      endProtectionPlan(ctx.tx, plan.id, endedOn, reason, outcome),
    )
    return taken.ok ? ok({ phase: taken.value.to }) : taken
  },
  action: 'case.plan_ended',
  output: z.object({ phase: z.enum(episodePhases) }),
})
