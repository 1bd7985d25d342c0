import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { openPlan } from './caseSupport.js'
import { caseStep, NO_PLAN } from './episodeStep.js'
import { planMeetingForm } from './planMeeting.js'

/**
 * A core group meeting under the child protection plan (table step record_core_group), declared once: the
 * case page's action, the form at /cases/:id/core-groups, the API at /api/v1/cases/:id/core-groups and its
 * OpenAPI entry all come from here. The first meeting meets the first-core-group clock (T6: 10 working days
 * from the initial conference). Not before the plan started, not in the future.
 */
export const recordCoreGroup = defineStep({
  // Everyone in social care of the holding local authority sees the case and its forms; only the case
  // holders record a core group (the transition table's `who`). Anyone else: as if there were no such case.
  ...caseStep('record_core_group', { plan: openPlan }),
  operationId: 'recordCoreGroup',
  path: '/cases/:id/core-groups',
  title: 'Record a core group meeting',
  description: 'A core group meeting under the child protection plan. The first one meets the first-core-group clock.',
  submitText: 'Record the meeting',
  // Unlike the other steps of the table, its published contract answers a repeated key with the first answer.
  repeatedKey: 'replay',
  ...planMeetingForm({
    step: 'record_core_group',
    outcome: 'held',
    table: 'core_group_meeting',
    idKey: 'coreGroupMeetingId',
    plan: 'the child protection plan',
    heldOn: { label: 'When did the core group meet?', required: 'Enter the date the core group met' },
    notes: {
      label: 'What was discussed and agreed',
      required: 'Enter what the core group discussed and agreed',
    },
  }),
  unavailable: (c) => (c.plan === undefined ? NO_PLAN : undefined),
  action: 'case.core_group_recorded',
  output: z.object({ id: z.string() }),
})
