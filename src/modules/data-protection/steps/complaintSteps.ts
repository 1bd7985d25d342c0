import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { date, notBefore, notInFuture, radios, text, textarea } from '../../../platform/forms/fields.js'
import { err, ok } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  complaintReference,
  outcomeLabels,
  outcomes,
  receivedHowLabels,
  sentHowLabels,
  unavailableAt,
  type ComplaintOutcome,
  type ReceivedHow,
  type SentHow,
} from '../domain/complaints.js'
import { mayHandleComplaints } from '../domain/policy.js'
import { loadComplaint, type ComplaintRecord } from '../queries/complaints.js'
import { optionsOf } from '../../../platform/shared/wordList.js'

export const COMPLAINT_RULE = 'data-protection-complaint-acknowledgement'
export const COMPLAINT_SUBJECT = 'data_protection_complaint'
const MODULE = 'data-protection'

const asDate = (v: unknown): LocalDate => v as LocalDate
/** Where a recorded complaint, or a reply to it, is shown. */
const complaintPage = (id: string) => `/data-protection/complaints/${id}?recorded=1`
const back = (p: Readonly<Record<string, string>>) => ({
  href: `/data-protection/complaints/${p.complaintId ?? ''}`,
  text: 'Back to the complaint',
})

/** Record a data protection complaint: who complained, how and when, and what about. Starts the 30-day clock. */
export const recordDataProtectionComplaint = defineStep({
  operationId: 'recordDataProtectionComplaint',
  module: MODULE,
  path: '/data-protection/complaints/new',
  apiPath: '/data-protection/complaints',
  title: 'Record a data protection complaint',
  description:
    'A complaint about how your organisation uses someone’s personal data. It must be acknowledged within 30 days (Data (Use and Access) Act 2025).',
  submitText: 'Record the complaint',
  auditRefusals: true,
  fields: {
    complainantName: text({ label: 'Name of the person complaining', required: 'Enter their name', max: 200 }),
    complainantContact: text({
      label: 'How to reach them',
      hint: 'An email address, a postal address or a phone number',
      required: 'Enter how to reach them',
      max: 500,
    }),
    receivedOn: date({
      label: 'Date the complaint was received',
      required: 'Enter the date the complaint was received',
    }),
    receivedHow: radios({
      label: 'How was it received?',
      required: 'Select how the complaint was received',
      options: optionsOf(receivedHowLabels),
    }),
    summary: textarea({
      label: 'What is the complaint about?',
      hint: 'In their words where you can. Name no child unless the complaint is about that child’s record.',
      required: 'Enter what the complaint is about',
      max: 5000,
      rows: 5,
    }),
  },
  load: async ({ actor }) => ({ organisationId: actor.organisationId, localAreaId: actor.localAreaId }),
  access: (actor) => mayHandleComplaints(actor),
  check: (input, _l, { today }) => {
    const problem = notInFuture(
      asDate(input.receivedOn),
      today,
      'The date the complaint was received must be today or in the past',
    )
    return problem === undefined ? {} : { receivedOn: problem }
  },
  run: async ({ tx, actor, now }, input, l) => {
    const id = newId()
    const reference = complaintReference(id)
    const clock = await registerDeadline(
      tx,
      {
        localAreaId: l.localAreaId,
        organisationId: l.organisationId,
        assignedUserId: actor.userId,
        ruleId: COMPLAINT_RULE,
        subjectType: COMPLAINT_SUBJECT,
        subjectId: id,
        title: `Acknowledge data protection complaint ${reference}`,
        startedOn: asDate(input.receivedOn),
      },
      now,
    )
    if (!clock.ok) return err(clock.error)
    await tx
      .insertInto('data_protection_complaint')
      .values({
        id,
        reference,
        organisation_id: l.organisationId,
        complainant_name: String(input.complainantName),
        complainant_contact: String(input.complainantContact),
        received_on: formatLocalDate(asDate(input.receivedOn)),
        received_how: input.receivedHow as ReceivedHow,
        summary: String(input.summary),
        recorded_by: actor.userId,
        recorded_at: now,
        deadline_id: clock.value.id,
      })
      .execute()
    return ok({ id, reference, acknowledgeBy: clock.value.dueOn })
  },
  subject: (l) => ({ type: 'organisation', id: l.organisationId }),
  action: 'data_protection.complaint_recorded',
  auditDetails: (o) => ({ complaintId: o.id, reference: o.reference, acknowledgeBy: o.acknowledgeBy }),
  output: z.object({ id: z.uuid(), reference: z.string(), acknowledgeBy: z.iso.date() }),
  done: (o) => complaintPage(o.id),
  back: () => ({ href: '/data-protection/complaints', text: 'Back to the complaints log' }),
})

const common = {
  module: MODULE,
  auditRefusals: true,
  load: async ({ tx, params }: StepContext) => loadComplaint(tx, params.complaintId!, { forUpdate: true }),
  access: (actor: Parameters<typeof mayHandleComplaints>[0], c: ComplaintRecord) =>
    mayHandleComplaints(actor, c.organisationId),
  subject: (c: ComplaintRecord) => ({ type: COMPLAINT_SUBJECT, id: c.id }),
  caption: (c: ComplaintRecord) => `Complaint ${c.reference}`,
  back,
  done: (o: { readonly id: string }) => complaintPage(o.id),
} as const

/** Which complaint a reply answers, and who recorded it when. */
const replyRecorded = ({ actor, now }: StepContext, c: ComplaintRecord) => ({
  complaint_id: c.id,
  recorded_by: actor.userId,
  recorded_at: now,
})

/** A reply's date (`field`): today or in the past, and not before the complaint was received. */
const replyDateCheck =
  (field: string, theDate: string, cannotBe: string) =>
  (input: Record<string, unknown>, c: ComplaintRecord, { today }: StepContext) => {
    const on = asDate(input[field])
    const problem =
      notInFuture(on, today, `${theDate} must be today or in the past`) ??
      notBefore(on, storedDate(c.receivedOn), `${cannotBe} before the complaint was received`)
    return problem === undefined ? {} : { [field]: problem }
  }

/** Acknowledge the complaint (within 30 days of receiving it): stops the acknowledgement clock. */
export const acknowledgeDataProtectionComplaint = defineStep({
  ...common,
  operationId: 'acknowledgeDataProtectionComplaint',
  path: '/data-protection/complaints/:complaintId/acknowledgement',
  title: 'Record that the complaint was acknowledged',
  submitText: 'Record the acknowledgement',
  fields: {
    acknowledgedOn: date({
      label: 'Date the acknowledgement was sent',
      required: 'Enter the date the acknowledgement was sent',
    }),
    sentHow: radios({
      label: 'How was it sent?',
      required: 'Select how the acknowledgement was sent',
      options: optionsOf(sentHowLabels),
    }),
  },
  unavailable: (c) => unavailableAt(c.stage, 'acknowledge'),
  check: replyDateCheck(
    'acknowledgedOn',
    'The date the acknowledgement was sent',
    'The acknowledgement cannot be sent',
  ),
  run: async (ctx, input, c) => {
    const { tx, now } = ctx
    await tx
      .insertInto('data_protection_complaint_acknowledgement')
      .values({
        ...replyRecorded(ctx, c),
        acknowledged_on: formatLocalDate(asDate(input.acknowledgedOn)),
        sent_how: input.sentHow as SentHow,
      })
      .execute()
    await completeDeadline(tx, { type: COMPLAINT_SUBJECT, id: c.id }, COMPLAINT_RULE, now)
    return ok({
      id: c.id,
      stage: 'acknowledged' as const,
      late: formatLocalDate(asDate(input.acknowledgedOn)) > c.acknowledgeBy,
    })
  },
  action: 'data_protection.complaint_acknowledged',
  auditDetails: (o) => ({ late: o.late }),
  output: z.object({ id: z.uuid(), stage: z.literal('acknowledged'), late: z.boolean() }),
})

/** Record the outcome and the answer given: the complaint is then answered, and stays on the log as it was. */
export const recordComplaintOutcome = defineStep({
  ...common,
  operationId: 'recordComplaintOutcome',
  path: '/data-protection/complaints/:complaintId/outcome',
  title: 'Record the outcome of the complaint',
  description: 'The answer must be given without undue delay.',
  submitText: 'Record the outcome',
  fields: {
    decidedOn: date({ label: 'Date the answer was given', required: 'Enter the date the answer was given' }),
    outcome: radios({
      label: 'Outcome',
      required: 'Select the outcome',
      options: optionsOf(outcomeLabels),
    }),
    response: textarea({
      label: 'What was the answer, and what will change?',
      required: 'Enter the answer given',
      max: 5000,
      rows: 5,
    }),
  },
  unavailable: (c) => unavailableAt(c.stage, 'record_outcome'),
  check: replyDateCheck('decidedOn', 'The date the answer was given', 'The answer cannot be given'),
  run: async (ctx, input, c) => {
    await ctx.tx
      .insertInto('data_protection_complaint_outcome')
      .values({
        ...replyRecorded(ctx, c),
        decided_on: formatLocalDate(asDate(input.decidedOn)),
        outcome: input.outcome as ComplaintOutcome,
        response: String(input.response),
      })
      .execute()
    return ok({ id: c.id, stage: 'answered' as const, outcome: input.outcome as ComplaintOutcome })
  },
  action: 'data_protection.complaint_answered',
  auditDetails: (o) => ({ outcome: o.outcome }),
  output: z.object({ id: z.uuid(), stage: z.literal('answered'), outcome: z.enum(outcomes) }),
})
