import { z } from 'zod'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date, textarea } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { openChildInNeedPlan } from './childInNeedPlan.js'
import { caseStep, dateInOrder, notBefore, notOpen } from './episodeStep.js'
import { recordPlanMeeting } from './planMeeting.js'

/**
 * A review of the child in need plan (table step review_child_in_need_plan), dated within the plan: not
 * before it started, not in the future.
 */
export const reviewChildInNeedPlan = defineStep({
  ...caseStep('review_child_in_need_plan', { plan: openChildInNeedPlan }),
  operationId: 'reviewChildInNeedPlan',
  path: '/cases/:id/child-in-need-reviews',
  title: 'Record a child in need plan review',
  submitText: 'Record the review',
  okStatus: 201,
  repeatedKey: 'refuse',
  fields: {
    heldOn: date({ label: 'When was the review?', required: 'Enter the date of the review' }),
    notes: textarea({
      label: 'What the review found and agreed',
      required: 'Enter what the review found and agreed',
      max: 100_000,
      rows: 8,
    }),
  },
  unavailable: (c) =>
    notOpen(c, 'review_child_in_need_plan') ??
    (c.plan === undefined ? 'The child does not have a child in need plan' : undefined),
  check: (input, c, { today }) =>
    dateInOrder('heldOn', input.heldOn, today, notBefore(c.plan?.started_on, 'the start of the child in need plan')),
  run: (ctx, input, c) =>
    recordPlanMeeting(ctx, c, {
      step: 'review_child_in_need_plan',
      outcome: 'continue_plan',
      table: 'child_in_need_review',
      idKey: 'reviewId',
      planId: c.plan!.id,
      heldOn: input.heldOn as LocalDate,
      notes: input.notes as string,
    }),
  action: 'case.child_in_need_review_recorded',
  output: z.object({ id: z.uuid() }),
})
