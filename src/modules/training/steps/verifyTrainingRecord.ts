import { z } from 'zod'
import { checkboxes } from '../../../platform/forms/fields.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import { courseKindLabel } from '../domain/requirements.js'

/** Administrators (and the head or manager) verify training their people recorded, having seen the evidence. */
export const VERIFIER_ROLES = ['org_admin', 'head'] as const

export const verifyTrainingRecord = defineStep({
  operationId: 'verifyTrainingRecord',
  module: 'training',
  path: '/training/records/:recordId/verify',
  title: 'Verify training',
  submitText: 'Verify the training',
  auditRefusals: true,
  fields: {
    seen: checkboxes({
      label: 'Evidence',
      required: 'Confirm you have seen the certificate or other evidence',
      options: [{ value: 'yes', text: 'I have seen the certificate or other evidence of this training' }],
    }),
  },
  load: async ({ tx, params }) =>
    tx
      .selectFrom('training_record as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .leftJoin('training_verification as v', 'v.record_id', 'r.id')
      .select(['r.id', 'r.user_id', 'r.organisation_id', 'r.course', 'r.title', 'r.completed_on', 'u.display_name'])
      .select('v.verified_at')
      .where('r.id', '=', params.recordId!)
      .forUpdate('r')
      .executeTakeFirst(),
  access: (actor, r) => {
    if (r.organisation_id !== actor.organisationId)
      return { allowed: false, reason: 'training of another organisation', visible: false }
    if (!hasRole(actor, ...VERIFIER_ROLES))
      return { allowed: false, reason: 'only administrators verify training', visible: true }
    if (r.user_id === actor.userId)
      return { allowed: false, reason: 'someone else must verify your own training', visible: true }
    return { allowed: true, reason: 'administrator of the organisation' }
  },
  unavailable: (r) => (r.verified_at === null ? undefined : 'This training has already been verified'),
  run: async ({ tx, actor, now }, _input, r) => {
    await tx
      .insertInto('training_verification')
      .values({ record_id: r.id, verified_by: actor.userId, verified_at: now })
      .execute()
    return ok({ id: r.id })
  },
  subject: (r) => ({ type: 'training_record', id: r.id }),
  action: 'training.verified',
  output: z.object({ id: z.string() }),
  done: () => '/training/organisation?verified=1',
  caption: (r) => r.display_name,
  intro: (r) => [`${courseKindLabel(r.course)}: ${r.title}, completed on ${storedDateInWords(r.completed_on)}.`],
  back: () => ({ href: '/training/organisation', text: 'Back to training across your organisation' }),
})
