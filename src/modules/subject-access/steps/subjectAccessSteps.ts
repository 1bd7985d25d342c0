import { z } from 'zod'
import { addMonths, formatLocalDate, parseLocalDate } from '../../../platform/calendar/localDate.js'
import { checkboxes, date, notInFuture, radios, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { newId } from '../../../platform/security/secrets.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { childDisplayName } from '../../children/domain/child.js'
import { childWithFacts, type ChildRecord } from '../../children/queries/childAccess.js'
import type { ChildFacts } from '../../access/domain/policy.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { loadPartnershipClock } from '../../timescales/steps/partnershipClock.js'
import { addDuration } from '../../timescales/domain/dueDate.js'
import {
  EXTENSION_MONTHS,
  requesterLabels,
  withholdingGroundHints,
  withholdingGroundLabels,
  withholdingGrounds,
  type RequesterKind,
  type WithholdingGround,
} from '../domain/subjectAccess.js'
import {
  keyedChronology,
  openRequest,
  subjectAccessDecision,
  type KeyedEntry,
  type OpenRequest,
} from '../queries/subjectAccess.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'

export const SUBJECT_ACCESS_RULE = 'subject-access-response'
export const SUBJECT_ACCESS_SUBJECT = 'subject_access_request'

export interface Loaded {
  readonly child: ChildRecord & { readonly local_area_id: string }
  readonly facts: ChildFacts
  readonly request: OpenRequest | undefined
}

/** The child (as known now), the facts for the access decision, and the organisation's open request (locked). */
export async function loadRequest({ tx, params, actor, now }: StepContext): Promise<Loaded | undefined> {
  const childId = params.childId!
  const area = await tx.selectFrom('child').select('local_area_id').where('id', '=', childId).executeTakeFirst()
  const found = await childWithFacts(tx, childId, actor.userId, now)
  if (found === undefined || area === undefined) return undefined
  return {
    child: { ...found.child, local_area_id: area.local_area_id },
    facts: found.facts,
    request: await openRequest(tx, childId, actor.organisationId, { forUpdate: true }),
  }
}

const nameOf = (l: Loaded) => childDisplayName({ givenName: l.child.given_name, familyName: l.child.family_name })
/** The child's subject access page: where each step leads back to, and on to once taken. */
const subjectAccessPage = (childId: string | undefined) => `/children/${childId}/subject-access`
const back = (p: Readonly<Record<string, string>>) => ({
  href: subjectAccessPage(p.childId),
  text: 'Back to subject access',
})
export const noOpenRequest = (l: Loaded) =>
  l.request === undefined ? 'There is no open subject access request about this child' : undefined
/**
 * What every subject access step shares: the module, audited refusals, the child and open request it loads, who
 * may handle it, the page's caption, and the subject access page it leads back and on to.
 */
export const common = {
  module: 'subject-access',
  auditRefusals: true,
  load: loadRequest,
  access: (actor: Parameters<typeof subjectAccessDecision>[0], l: Loaded) => subjectAccessDecision(actor, l.facts),
  subject: (l: Loaded) =>
    l.request === undefined ? { type: 'child', id: l.child.id } : { type: SUBJECT_ACCESS_SUBJECT, id: l.request.id },
  caption: nameOf,
  back,
  done: (o: { readonly childId: string }) => subjectAccessPage(o.childId),
} as const

/** Record a subject access request: who asked, when it was received, whether their identity was verified. */
export const recordSubjectAccessRequest = defineStep({
  ...common,
  operationId: 'recordSubjectAccessRequest',
  path: '/children/:childId/subject-access/new',
  apiPath: '/children/:childId/subject-access',
  title: 'Record a subject access request',
  description:
    'Starts the one-month clock (UK GDPR Art 12(3)). One open request per child for your organisation at a time.',
  submitText: 'Record the request',
  fields: {
    requester: radios({
      label: 'Who is asking?',
      required: 'Select who is asking',
      options: optionsOf(requesterLabels),
    }),
    requesterName: text({ label: 'Their name', required: 'Enter the name of the person asking', max: 200 }),
    receivedOn: date({ label: 'Date the request was received', required: 'Enter the date the request was received' }),
    identityVerified: radios({
      label: 'Have you verified their identity?',
      hint: 'And, for a parent or someone acting for the child, that they may ask for the child',
      required: 'Select yes if you have verified their identity',
      inline: true,
      options: optionsOf(yesNo),
    }),
  },
  unavailable: (l) =>
    l.request === undefined
      ? undefined
      : 'There is already an open subject access request about this child: answer it before recording another',
  check: (input, _l, { today }) => {
    const problem = notInFuture(
      input.receivedOn as never,
      today,
      'The date the request was received must be today or in the past',
    )
    return problem === undefined ? {} : { receivedOn: problem }
  },
  run: async ({ tx, actor, now }, input, l) => {
    const id = newId()
    const receivedOn = input.receivedOn as Parameters<typeof formatLocalDate>[0]
    const clock = await registerDeadline(
      tx,
      {
        localAreaId: l.child.local_area_id,
        organisationId: actor.organisationId,
        assignedUserId: actor.userId,
        ruleId: SUBJECT_ACCESS_RULE,
        subjectType: SUBJECT_ACCESS_SUBJECT,
        subjectId: id,
        childId: l.child.id,
        title: `Answer the subject access request about ${l.child.given_name.slice(0, 1) || 'baby'}. ${l.child.family_name}`,
        startedOn: receivedOn,
      },
      now,
    )
    if (!clock.ok) return err(clock.error)
    await tx
      .insertInto('subject_access_request')
      .values({
        id,
        child_id: l.child.id,
        organisation_id: actor.organisationId,
        requester: input.requester as RequesterKind,
        requester_name: String(input.requesterName),
        received_on: formatLocalDate(receivedOn),
        identity_verified: input.identityVerified === 'yes',
        recorded_by: actor.userId,
        recorded_at: now,
        deadline_id: clock.value.id,
        extended_at: null,
        extension_reason: null,
        exported_at: null,
        exported_by: null,
      })
      .execute()
    return ok({ id, childId: l.child.id, dueOn: clock.value.dueOn })
  },
  subject: (l) => ({ type: 'child', id: l.child.id }),
  action: 'subject_access.request_recorded',
  auditDetails: (o) => ({ requestId: o.id, dueOn: o.dueOn }),
  output: z.object({ id: z.uuid(), childId: z.uuid(), dueOn: z.iso.date() }),
})

/** The requester's identity checked after the request was recorded: nothing is released before it is. */
export const verifySubjectAccessIdentity = defineStep({
  ...common,
  operationId: 'verifySubjectAccessIdentity',
  path: '/children/:childId/subject-access/verify',
  title: 'Confirm the requester’s identity',
  submitText: 'Confirm',
  fields: {
    verified: checkboxes({
      label: 'Identity',
      required: 'Confirm you have verified the requester’s identity',
      options: [{ value: 'yes', text: 'I have verified the requester’s identity and that they may ask' }],
    }),
  },
  unavailable: (l) =>
    noOpenRequest(l) ??
    (l.request?.identityVerified === true ? 'The requester’s identity is already verified' : undefined),
  run: async ({ tx }, _input, l) => {
    const id = l.request!.id
    await tx.updateTable('subject_access_request').set({ identity_verified: true }).where('id', '=', id).execute()
    return ok({ id, childId: l.child.id })
  },
  action: 'subject_access.identity_verified',
  output: z.object({ id: z.uuid(), childId: z.uuid() }),
})

/** Extend the clock once by two further months (Art 12(3)), with the reason the requester is told. */
export const extendSubjectAccess = defineStep({
  ...common,
  operationId: 'extendSubjectAccess',
  path: '/children/:childId/subject-access/extend',
  title: 'Extend the time to answer',
  description: 'By two further months, once, for a complex request or many requests; tell the requester why.',
  submitText: 'Extend by two months',
  fields: {
    reason: textarea({
      label: 'Why is more time needed?',
      hint: 'The requester must be told this within the first month',
      required: 'Enter why more time is needed',
      max: 2000,
      rows: 3,
    }),
  },
  unavailable: (l) =>
    noOpenRequest(l) ?? (l.request?.extendedAt === null ? undefined : 'The time to answer has already been extended'),
  check: (_input, l, { today }) =>
    l.request !== undefined && l.request.dueOn < formatLocalDate(today)
      ? { reason: 'The first month has passed: the time to answer can only be extended within it' }
      : {},
  run: async ({ tx, now }, input, l) => {
    const request = l.request!
    const received = parseLocalDate(request.receivedOn)
    if (!received.ok) return err(domainError('SUBJECT_ACCESS.CLOCK_FAILED', 'The request’s date cannot be read'))
    const clock = await loadPartnershipClock(tx, l.child.local_area_id)
    const due = addDuration(received.value, { amount: 1 + EXTENSION_MONTHS, unit: 'months' }, clock.calendar)
    if (!due.ok) return err(domainError('SUBJECT_ACCESS.CLOCK_FAILED', due.error.message))
    const dueOn = formatLocalDate(due.value)
    // A fixed due date: the partnership's own timescales never move a clock the law set and the request extended.
    await tx
      .updateTable('deadline')
      .set({ due_on: dueOn, national_due_on: dueOn, fixed_due: true })
      .where('id', '=', request.deadlineId)
      .execute()
    await tx
      .updateTable('subject_access_request')
      .set({ extended_at: now, extension_reason: String(input.reason) })
      .where('id', '=', request.id)
      .execute()
    return ok({
      id: request.id,
      childId: l.child.id,
      dueOn,
      latestPossible: formatLocalDate(addMonths(received.value, 3)),
    })
  },
  action: 'subject_access.extended',
  auditDetails: (o) => ({ dueOn: o.dueOn }),
  output: z.object({ id: z.uuid(), childId: z.uuid(), dueOn: z.iso.date(), latestPossible: z.iso.date() }),
})

interface WithholdLoaded extends Loaded {
  readonly entries: readonly KeyedEntry[]
}

/** "2026-11-20: concern C-2026-00012": what the redaction names, for the record (no one's name). */
const entryLabel = (e: KeyedEntry): string =>
  `${e.at.toISOString().slice(0, 10)}: ${e.type.replace(/_/g, ' ')} ${e.reference}`.trim()

/** Withhold one chronology entry from the export, with the ground (DPA 2018 Sch 2/3) and why. */
export const withholdChronologyEntry = defineStep({
  ...common,
  operationId: 'withholdChronologyEntry',
  path: '/children/:childId/subject-access/withhold',
  title: 'Withhold an entry',
  description:
    'The export shows the entry as "Withheld: <reason>". The entry is named by its key, from the subject access page.',
  submitText: 'Withhold this entry',
  fields: {
    entry: text({
      label: 'Entry',
      hint: 'Chosen from the list on the subject access page',
      required: 'Choose the entry to withhold from the list on the subject access page',
      max: 40,
    }),
    ground: radios({
      label: 'Why must it be withheld?',
      required: 'Select why it must be withheld',
      options: withholdingGrounds.map((g) => ({
        value: g,
        text: withholdingGroundLabels[g][0]!.toUpperCase() + withholdingGroundLabels[g].slice(1),
        hint: withholdingGroundHints[g],
      })),
    }),
    explanation: textarea({
      label: 'Explain the decision',
      hint: 'For the record: who or what is protected, and why',
      required: 'Explain why the entry is withheld',
      max: 2000,
      rows: 3,
    }),
  },
  load: async (ctx): Promise<WithholdLoaded | undefined> => {
    const loaded = await loadRequest(ctx)
    if (loaded === undefined) return undefined
    // Only someone who may handle the request reads the chronology here (and the read is audited).
    if (!subjectAccessDecision(ctx.actor, loaded.facts).allowed) return { ...loaded, entries: [] }
    const chronology = await keyedChronology(ctx.deps, ctx.actor, loaded.child.id, ctx.meta)
    return { ...loaded, entries: chronology?.entries ?? [] }
  },
  unavailable: noOpenRequest,
  check: (input, l) => {
    const key = String(input.entry)
    if (!l.entries.some((e) => e.entryKey === key))
      return { entry: 'Choose the entry to withhold from the list on the subject access page' }
    if (l.request?.redactions.some((r) => r.entryKey === key) === true)
      return { entry: 'This entry is already withheld' }
    return {}
  },
  run: async ({ tx, actor, now }, input, l) => {
    const entry = l.entries.find((e) => e.entryKey === String(input.entry))!
    const id = await insertWithNewId(tx, 'subject_access_redaction', {
      request_id: l.request!.id,
      entry_key: entry.entryKey,
      entry_label: entryLabel(entry),
      ground: input.ground as WithholdingGround,
      explanation: String(input.explanation),
      decided_by: actor.userId,
      decided_at: now,
    })
    return ok({ id, requestId: l.request!.id, childId: l.child.id })
  },
  action: 'subject_access.entry_withheld',
  auditDetails: (o, input) => ({ redactionId: o.id, ground: input.ground }),
  output: z.object({ id: z.uuid(), requestId: z.uuid(), childId: z.uuid() }),
})
