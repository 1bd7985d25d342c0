import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../../platform/db/schema.js'
import { involve } from '../../../platform/db/involvement.js'
import { createCalendar } from '../../../platform/calendar/calendar.js'
import { addDays, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { checkboxes, date, radios, text, textarea } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { domainError, err, fieldProblems, ok } from '../../../platform/shared/result.js'
import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { enqueueNotification, notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { fileTransferDue, type SchoolCalendar } from '../domain/schoolDays.js'
import {
  DSL_ROLES,
  dslEnd,
  isDsl,
  LINK_VALID_DAYS,
  transferMessages,
  transferReasonLabels,
  validateSendFile,
  type SendFileInput,
} from '../domain/transfer.js'
import { nextReference } from '../../allegations/queries/allegations.js'
import { hashToken } from '../queries/fileLink.js'

const SCHOOL_KINDS = ['school', 'college']

const bankHolidays = createCalendar()

/** Where the file goes: to a school on Together, or by a link emailed to a school that is not. */
const destinationLabels = {
  on_together: 'Yes – find it by its URN',
  by_link: 'No – email its DSL a secure link',
} as const
const modeOf = (input: Record<string, unknown>) => (input.destination === 'by_link' ? 'by_link' : 'on_together')
/**
 * The form's answers as the domain judges them (a move within the last year or the next 6 months): the fields are
 * SendFileInput's, each already read by its schema (the move date a LocalDate).
 */
const validated = (input: Record<string, unknown>, today: LocalDate) =>
  validateSendFile(input as SendFileInput, modeOf(input), addDays(today, -365), addDays(today, 183))

/**
 * The leaving school's DSL sends the child-protection file to the new school's DSL, separately from the pupil
 * file: to a school on Together found by its URN (it becomes involved with the child and its DSLs are told), or
 * to a school not on Together through a secure, time-limited, single-use link emailed to its DSL. The clock
 * (5 school days of the move, or of the start of the new term, in the sending school's calendar) starts now and
 * stops when receipt is confirmed. A URN that finds no school is refused, nothing written, the attempt audited.
 */
export const sendChildProtectionFile = defineStep({
  operationId: 'sendChildProtectionFile',
  module: 'transfers',
  path: '/children/:childId/school-move',
  apiPath: '/children/:childId/child-protection-file',
  title: 'Send the child protection file to the new school',
  submitText: 'Send the file',
  auditRefusals: true,
  fields: {
    movedOn: date({
      label: 'Date the child moved, or will move, to the new school',
      required: transferMessages.movedOnMissing,
    }),
    reason: radios({
      label: 'Why is the child moving?',
      required: transferMessages.reasonMissing,
      options: optionsOf(transferReasonLabels),
    }),
    destination: radios({
      label: 'Is the new school on Together?',
      required: 'Select whether the new school is on Together',
      options: optionsOf(destinationLabels, { on_together: ['toUrn'], by_link: ['toSchoolName', 'toEmail'] }),
    }),
    toUrn: text({
      label: 'The new school’s URN',
      hint: '6 digits, for example 123456',
      required: transferMessages.urnInvalid,
      max: 6,
      width: 10,
    }),
    toSchoolName: text({ label: 'Name of the new school', required: transferMessages.schoolNameMissing, max: 200 }),
    toEmail: text({
      label: 'Email address of the new school’s DSL',
      required: transferMessages.emailInvalid,
      max: 320,
    }),
    advanceInformation: textarea({
      label: 'Anything the new school needs to know before the file arrives (optional)',
      hint: 'For example, that the child has a social worker or a child protection plan',
      max: 5_000,
      rows: 4,
    }),
  },
  load: async ({ tx, params, actor }) =>
    tx
      .selectFrom('child_current as c')
      .innerJoin('involvement as i', (j) =>
        j.onRef('i.child_id', '=', 'c.id').on('i.organisation_id', '=', actor.organisationId),
      )
      .select(['c.id', 'c.given_name', 'c.family_name'])
      .where('c.id', '=', params.childId!)
      .executeTakeFirst(),
  access: (actor) =>
    SCHOOL_KINDS.includes(actor.organisationKind) && isDsl(actor)
      ? { allowed: true, reason: 'designated safeguarding lead of a school involved with the child' }
      : { allowed: false, reason: 'only a school’s DSL sends a child protection file', visible: false },
  check: (input, _c, { today }) => {
    return fieldProblems(validated(input, today))
  },
  run: async ({ tx, actor, now, today, deps }, input, child) => {
    const mode = modeOf(input)
    const v = validated(input, today)
    if (!v.ok) return v
    let to: { id: string; name: string } | undefined
    if (mode === 'on_together') {
      to = await tx
        .selectFrom('organisation')
        .select(['id', 'name'])
        .where('urn', '=', v.value.toUrn ?? '')
        .where('kind', 'in', SCHOOL_KINDS)
        .executeTakeFirst()
      if (to === undefined)
        return err(
          domainError('TRANSFER.INVALID', transferMessages.schoolNotFound, { toUrn: transferMessages.schoolNotFound }),
        )
      if (to.id === actor.organisationId)
        return err(domainError('TRANSFER.INVALID', transferMessages.sameSchool, { toUrn: transferMessages.sameSchool }))
    }
    const terms = await tx
      .selectFrom('school_term')
      .select(['starts_on', 'ends_on'])
      .where('organisation_id', '=', actor.organisationId)
      .execute()
    const closures = await tx
      .selectFrom('school_closure')
      .select('closed_on')
      .where('organisation_id', '=', actor.organisationId)
      .execute()
    const calendar: SchoolCalendar = {
      terms: terms.map((t) => ({ startsOn: storedDate(t.starts_on), endsOn: storedDate(t.ends_on) })),
      closures: closures.map((c) => storedDate(c.closed_on)),
    }
    const due = fileTransferDue(v.value.movedOn, calendar, bankHolidays)
    // Term dates that stop before the move: count working days (never later) rather than guess a term.
    const dueOn = due.kind === 'no_term_dates_ahead' ? bankHolidays.addWorkingDays(v.value.movedOn, 5) : due.dueOn
    const reference = await nextReference(tx, 'F', 'file_transfer_reference_seq', today.year)
    const id = await insertWithNewId(tx, 'file_transfer', {
      reference,
      child_id: child.id,
      from_organisation_id: actor.organisationId,
      to_organisation_id: to?.id ?? null,
      to_school_name: to?.name ?? v.value.toSchoolName ?? '',
      to_email: v.value.toEmail,
      moved_on: formatLocalDate(v.value.movedOn),
      reason: v.value.reason,
      due_on: formatLocalDate(dueOn),
      advance_information: v.value.advanceInformation,
      state: 'sent',
      sent_by: actor.userId,
      sent_at: now,
    })
    await registerDeadline(
      tx,
      {
        localAreaId: actor.localAreaId,
        organisationId: actor.organisationId,
        assignedUserId: actor.userId,
        ruleId: 'cp-file-transfer',
        subjectType: 'file_transfer',
        subjectId: id,
        childId: child.id,
        title: `Child protection file ${reference}: receipt confirmed by the new school`,
        startedOn: v.value.movedOn,
        fixedDueOn: dueOn,
      },
      now,
    )
    if (to !== undefined) {
      await involve(tx, { childId: child.id, organisationId: to.id, reason: 'child_protection_file' }, now)
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: to.id,
          roles: [...DSL_ROLES],
          kind: 'file_transfer.sent',
          subject: `A child protection file has been sent to you (${reference})`,
          body: `${actor.organisationName} has sent you the child protection file of a pupil joining your school. Read it and confirm you have received it: ${deps.settings.serviceUrl}/school-moves/${id}`,
          relatedType: 'file_transfer',
          relatedId: id,
        },
        now,
      )
    } else {
      const token = randomBytes(32).toString('base64url')
      await insertWithNewId(tx, 'file_transfer_link', {
        transfer_id: id,
        token_hash: hashToken(token),
        expires_at: new Date(now.getTime() + LINK_VALID_DAYS * 86_400_000),
        used_at: null,
        created_at: now,
      })
      await enqueueNotification(
        tx,
        {
          kind: 'file_transfer.link',
          organisationId: actor.organisationId,
          recipient: v.value.toEmail ?? '',
          subject: `A child protection file from ${actor.organisationName} (${reference})`,
          body: `${actor.organisationName} is sending you the child protection file of a pupil joining your school.\n\nOpen this link to read it (as a PDF, or as JSON for your records system) and to confirm you have received it. The link works once and for ${LINK_VALID_DAYS} days:\n${deps.settings.serviceUrl}/child-protection-file/${token}\n\nIf you were not expecting this, tell ${actor.organisationName}.`,
          relatedType: 'file_transfer',
          relatedId: id,
        },
        now,
      )
    }
    return ok({ id, reference, dueOn: formatLocalDate(dueOn) })
  },
  subject: (c) => ({ type: 'child', id: c.id }),
  action: 'file_transfer.sent',
  auditDetails: (out, input) => ({ reference: out.reference, destination: input.destination }),
  output: z.object({ id: z.string(), reference: z.string(), dueOn: z.string() }),
  done: (out) => `/school-moves/${out.id}?sent=1`,
  caption: (c) => `${c.given_name} ${c.family_name}`,
  back: (p) => ({ href: `/children/${p.childId}`, text: 'Back to the child' }),
})

/**
 * Receipt confirmed, by the receiving school's DSL on Together or by whoever holds the emailed link: who confirmed
 * it and how, the file received, its clock stopped, and the person who sent it told by email — the clock was
 * theirs, and both confirmation pages say they have been told.
 */
export async function recordReceipt(
  tx: Transaction<DB>,
  transferId: string,
  by: {
    readonly userId: string | null
    readonly name: string
    readonly via: 'together' | 'link'
    /** The receiving school, as the sender knows it: its name on Together, or the name the file was sent to. */
    readonly schoolName?: string
  },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('file_transfer_receipt')
    .values({
      transfer_id: transferId,
      confirmed_by_user_id: by.userId,
      confirmed_by_name: by.name,
      via: by.via,
      confirmed_at: now,
    })
    .execute()
  await tx.updateTable('file_transfer').set({ state: 'received' }).where('id', '=', transferId).execute()
  await completeDeadline(tx, { type: 'file_transfer', id: transferId }, 'cp-file-transfer', now)
  const t = await tx
    .selectFrom('file_transfer as t')
    .innerJoin('app_user as u', 'u.id', 't.sent_by')
    .select(['t.reference', 't.from_organisation_id', 't.to_school_name', 'u.email', 'u.active'])
    .where('t.id', '=', transferId)
    .executeTakeFirstOrThrow()
  if (t.active)
    await enqueueNotification(
      tx,
      {
        kind: 'file_transfer.received',
        organisationId: t.from_organisation_id,
        recipient: t.email,
        subject: `The new school has received child protection file ${t.reference}`,
        body: `${by.name} of ${by.schoolName ?? t.to_school_name} has confirmed receipt of child protection file ${t.reference}${by.via === 'link' ? ' through the secure link' : ''}.`,
        relatedType: 'file_transfer',
        relatedId: transferId,
      },
      now,
    )
}

/** The receiving DSL confirms receipt: the clock stops and the sending school is told. */
export const confirmFileReceipt = defineStep({
  operationId: 'confirmFileReceipt',
  module: 'transfers',
  path: '/school-moves/:transferId/receipt',
  title: 'Confirm you have received the child protection file',
  submitText: 'Confirm receipt',
  auditRefusals: true,
  fields: {
    received: checkboxes({
      label: 'Receipt',
      required: 'Confirm you have received the file',
      options: [
        {
          value: 'yes',
          text: 'I have received this child protection file and will keep it separately from the pupil file',
        },
      ],
    }),
  },
  load: async ({ tx, params }) =>
    tx
      .selectFrom('file_transfer')
      .select(['id', 'reference', 'state', 'from_organisation_id', 'to_organisation_id'])
      .where('id', '=', params.transferId!)
      .forUpdate()
      .executeTakeFirst(),
  access: (actor, t) => {
    const end = dslEnd(actor, { fromOrganisationId: t.from_organisation_id, toOrganisationId: t.to_organisation_id })
    if (end === 'receiving') return { allowed: true, reason: 'designated safeguarding lead of the receiving school' }
    return { allowed: false, reason: 'only the receiving school’s DSL confirms receipt', visible: end === 'sending' }
  },
  unavailable: (t) => (t.state === 'received' ? 'Receipt has already been confirmed' : undefined),
  run: async ({ tx, actor, now }, _input, t) => {
    const by = {
      userId: actor.userId,
      name: actor.displayName,
      via: 'together' as const,
      schoolName: actor.organisationName,
    }
    await recordReceipt(tx, t.id, by, now)
    return ok({ id: t.id })
  },
  subject: (t) => ({ type: 'file_transfer', id: t.id }),
  action: 'file_transfer.receipt_confirmed',
  output: z.object({ id: z.string() }),
  done: (out) => `/school-moves/${out.id}?received=1`,
  caption: (t) => `Child protection file ${t.reference}`,
  back: (p) => ({ href: `/school-moves/${p.transferId}`, text: 'Back to the file' }),
})
