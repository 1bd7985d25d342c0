import { defineStep } from '../../../platform/steps/defineStep.js'
import type { ConcernState } from '../domain/workflow.js'
import { concernEventStep, type ConcernLoaded } from './concernWork.js'

/**
 * A safeguarding lead of the organisation that recorded the concern acknowledges it: an "acknowledged" event in
 * its history, the concern's state moved on (which stops its escalation), audited. Only from "new": acknowledging
 * again is refused (409), and the concern page, whose button sent it twice, simply shows the concern.
 */
export const acknowledgeConcern = defineStep<ConcernLoaded, { state: ConcernState }>({
  ...concernEventStep(
    'acknowledge',
    (c) => ({ kind: 'concern.manage', concern: c.facts }),
    () => '',
  ),
  operationId: 'acknowledgeConcern',
  path: '/concerns/:id/acknowledge',
  title: 'Acknowledge the concern',
  description: 'The safeguarding lead acknowledges the concern',
  submitText: 'Acknowledge',
  okStatus: 200,
  fields: {},
  // A second press of the button (or a colleague's acknowledgement first) leaves the page on the concern.
  redirects: (code, params) => (code === 'CONCERN.TRANSITION_NOT_ALLOWED' ? `/concerns/${params.id}` : undefined),
  action: 'concern.acknowledged',
})
