import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { planEndClosure, planEndReasons, type PlanEndReason } from '../domain/caseWork.js'
import { episodePhases } from '../domain/episode.js'
import { day, openPlan, startChildInNeedPlan } from './caseSupport.js'
import {
  caseStep,
  CIN_HINT,
  CIN_OUTCOMES_MISSING,
  dateInOrder,
  leadsTo,
  loadCase,
  notOpen,
  outcomeOptions,
} from './episodeStep.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * Ends a child protection plan between reviews (table step end_plan): the child moved to another local
 * authority, turned 18, died, left the UK, or is no longer at continuing risk; with the step down. When the
 * case closes, the CIN census closure reason follows from why the plan ended.
 */
export const endPlan = defineStep({
  ...caseStep('end_plan'),
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
      options: planEndReasons.map((r) => ({ value: r.code, text: r.label })),
    }),
    outcome: radios({
      label: 'What happens next?',
      required: 'Select what happens next',
      options: outcomeOptions('end_plan'),
    }),
    childInNeedOutcomes: textarea({ label: 'Child in need plan outcomes', hint: CIN_HINT, max: 50_000, rows: 4 }),
    notes: textarea({ label: 'Notes (optional)', max: 50_000, rows: 4 }),
  },
  load: async (ctx) => {
    const c = await loadCase(ctx)
    if (c === undefined) return undefined
    return { ...c, plan: await openPlan(ctx.tx, c.episode.id) }
  },
  unavailable: (c) =>
    notOpen(c, 'end_plan') ?? (c.plan === undefined ? 'The child does not have a child protection plan' : undefined),
  check: (input, c, { today }) => ({
    ...dateInOrder(
      'endedOn',
      input.endedOn,
      today,
      c.plan === undefined
        ? undefined
        : { date: day(c.plan.started_on), what: 'the start of the child protection plan' },
    ),
    ...(leadsTo(c, 'end_plan', input.outcome) === 'child_in_need_plan' && (input.childInNeedOutcomes ?? '') === ''
      ? { childInNeedOutcomes: CIN_OUTCOMES_MISSING }
      : {}),
  }),
  run: async ({ tx, actor, now, meta }, input, c) => {
    const plan = c.plan!
    const endedOn = input.endedOn as LocalDate
    const reason = input.reason as PlanEndReason
    const outcome = input.outcome as string
    const taken = await takeEpisodeStep(
      tx,
      actor,
      c,
      {
        step: 'end_plan',
        outcome,
        occurredOn: endedOn,
        rationale: ((input.notes as string | undefined) ?? '').slice(0, 2000),
        details: { planId: plan.id, reason },
        closureReason: planEndClosure(reason),
      },
      now,
      meta,
    )
    if (!taken.ok) return taken
    await tx
      .updateTable('child_protection_plan')
      .set({ ended_on: formatLocalDate(endedOn), end_reason: reason, step_down: outcome })
      .where('id', '=', plan.id)
      .execute()
    if (taken.value.to === 'child_in_need_plan')
      await startChildInNeedPlan(tx, c.episode, endedOn, input.childInNeedOutcomes as string, now)
    return ok({ phase: taken.value.to })
  },
  action: 'case.plan_ended',
  output: z.object({ phase: z.enum(episodePhases) }),
})
