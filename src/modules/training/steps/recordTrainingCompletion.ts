import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, select, text } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { courseKindOptions } from '../domain/requirements.js'
import { MAX_COURSE_HOURS, TRAINING_TEXT_LIMITS, validateTrainingRecord } from '../domain/record.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/** The form's answers as the domain checks them: `check` and `run` read them alike. */
const checkedRecord = (input: Record<string, unknown>, today: LocalDate) =>
  validateTrainingRecord(
    {
      course: input.course as string,
      title: input.title as string,
      provider: input.provider as string,
      completedOn: input.completedOn as LocalDate,
      hours: input.hours as string,
      evidence: (input.evidence as string | undefined) ?? '',
    },
    today,
  )

/**
 * A person records safeguarding training they have done (their own only); an administrator verifies it later.
 * A completion date in the future, or hours that are not a number of half hours, are refused and the attempt
 * is audited.
 */
export const recordTrainingCompletion = defineStep({
  operationId: 'recordTrainingCompletion',
  module: 'training',
  path: '/training/new',
  apiPath: '/training/records',
  title: 'Record safeguarding training you have done',
  submitText: 'Record the training',
  auditRefusals: true,
  fields: {
    course: select({
      label: 'Kind of training',
      required: 'Select the kind of training',
      options: courseKindOptions,
    }),
    title: text({
      label: 'Name of the course',
      required: 'Enter the name of the course',
      max: TRAINING_TEXT_LIMITS.title,
    }),
    provider: text({
      label: 'Who provided it',
      hint: 'For example, your local safeguarding partnership or an online provider',
      required: 'Enter who provided the training',
      max: TRAINING_TEXT_LIMITS.provider,
    }),
    completedOn: date({ label: 'Date you completed it', required: 'Enter the date you completed the training' }),
    hours: text({
      label: 'How many hours it took',
      hint: `In hours and half hours, for example 3 or 1.5 (at most ${MAX_COURSE_HOURS})`,
      required: 'Enter how many hours the training took',
      max: 6,
      width: 3,
    }),
    evidence: text({
      label: 'Where the certificate is kept (optional)',
      hint: 'For example, “Staff file, HR office” or a document reference',
      max: TRAINING_TEXT_LIMITS.evidence,
    }),
  },
  load: async ({ tx, actor }) =>
    tx.selectFrom('app_user').select(['id', 'organisation_id']).where('id', '=', actor.userId).executeTakeFirst(),
  access: () => ({ allowed: true, reason: 'people record their own training' }),
  check: (input, _me, { today }) => {
    const v = checkedRecord(input, today)
    return v.ok ? {} : (v.error.fields ?? { completedOn: v.error.message })
  },
  run: async ({ tx, actor, today, now }, input, me) => {
    const v = checkedRecord(input, today)
    if (!v.ok) return v
    const id = await insertWithNewId(tx, 'training_record', {
      user_id: me.id,
      organisation_id: me.organisation_id,
      course: v.value.course,
      title: v.value.title,
      provider: v.value.provider,
      completed_on: formatLocalDate(v.value.completedOn),
      hours: v.value.hours,
      evidence: v.value.evidence,
      recorded_by: actor.userId,
      recorded_at: now,
    })
    return ok({ id })
  },
  subject: (me) => ({ type: 'user', id: me.id }),
  action: 'training.recorded',
  auditDetails: (out, input) => ({ recordId: out.id, course: input.course }),
  output: z.object({ id: z.string() }),
  done: () => '/training?recorded=1',
  back: () => ({ href: '/training', text: 'Back to your training' }),
})
