import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { openChildInNeedPlan } from './childInNeedPlan.js'
import { caseStep, notOpen } from './episodeStep.js'
import { planMeetingForm } from './planMeeting.js'

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
  ...planMeetingForm({
    step: 'review_child_in_need_plan',
    outcome: 'continue_plan',
    table: 'child_in_need_review',
    idKey: 'reviewId',
    plan: 'the child in need plan',
    heldOn: { label: 'When was the review?', required: 'Enter the date of the review' },
    notes: { label: 'What the review found and agreed', required: 'Enter what the review found and agreed' },
  }),
  unavailable: (c) =>
    notOpen(c, 'review_child_in_need_plan') ??
    (c.plan === undefined ? 'The child does not have a child in need plan' : undefined),
  action: 'case.child_in_need_review_recorded',
  output: z.object({ id: z.uuid() }),
})
