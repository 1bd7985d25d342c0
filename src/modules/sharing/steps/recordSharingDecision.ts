import { sql, type Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../../platform/db/schema.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { involve } from '../../../platform/db/involvement.js'
import {
  checkboxes,
  date,
  loadedChoice,
  radios,
  text,
  textarea,
  type FieldSpec,
  type Option,
} from '../../../platform/forms/fields.js'
import { readDate } from '../../../platform/forms/readers.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { decideSharing, SHARING_ROLES } from '../domain/policy.js'
import type { SharingSettings } from '../domain/settings.js'
import {
  consentLabels,
  decisionLabels,
  directionLabels,
  gatewayLabels,
  gateways,
  isShare,
  lawfulBasisLabels,
  NAME_MAX,
  sharingMessages,
  specialCategoryLabels,
  TEXT_MAX,
  validateSharingDecision,
} from '../domain/sharingDecision.js'
import { sharingChild, sharingSettings } from '../queries/sharingFacts.js'

/** The child as known now, whether the person's organisation is involved with it, and what the form offers. */
interface ChildHere {
  readonly child: { readonly id: string; readonly localAreaId: string; readonly name: string }
  readonly involved: boolean
  readonly settings: SharingSettings
  /** Every organisation but the person's own, the area's first: who could receive, or who asked. */
  readonly organisations: readonly Option[]
  /** The person's organisation's own concerns about the child: what it may pass on. */
  readonly entries: readonly Option[]
}

const sharingPage = (childId: string) => `/children/${childId}/sharing`

/** Who may act on a child's sharing: the leads of an organisation involved; anyone else is told there is no child. */
function sharingAccess(actor: Actor, involved: boolean, kind: 'sharing.record' | 'sharing.list'): AccessDecision {
  const d = decideSharing(actor, { kind, organisationInvolved: involved })
  return d.allowed ? d : { allowed: false, reason: d.reason, visible: false }
}

async function childHere(
  tx: Transaction<DB>,
  actor: Actor,
  childId: string,
): Promise<Pick<ChildHere, 'child' | 'involved'> | undefined> {
  const found = await sharingChild(tx, actor, childId)
  if (found === undefined) return undefined
  const { child, involved } = found
  return {
    child: { id: child.id, localAreaId: child.local_area_id, name: `${child.given_name} ${child.family_name}` },
    involved,
  }
}

/**
 * The page's kind of field, with the schema the API has always had: text as typed, any value of a choice. What a
 * decision needs (which answers, which reasons, which dates) is the domain's validateSharingDecision, in `check`,
 * with the guided form's own messages.
 */
export const asTyped = (spec: FieldSpec, max: number): FieldSpec => ({
  ...spec,
  optional: true,
  schema: z.string().max(max).optional(),
})
const choice = <V extends string>(
  label: string,
  options: readonly { value: V; text: string; reveals?: readonly string[] }[],
  hint?: string,
) => asTyped(radios({ label, options, ...(hint === undefined ? {} : { hint }) }), 40)
const yesNoText = (label: string, hint: string | undefined, revealOn: 'yes' | 'no' | undefined, reveals: string[]) =>
  choice(label, optionsOf(yesNo, revealOn === undefined ? {} : { [revealOn]: reveals }), hint)
const long = (label: string, hint?: string) =>
  asTyped(
    textarea({ label, ...(hint === undefined ? {} : { hint }), max: TEXT_MAX, tooLong: sharingMessages.tooLong }),
    12_000,
  )
const short = (label: string, hint?: string) =>
  asTyped(
    text({ label, ...(hint === undefined ? {} : { hint }), max: NAME_MAX, tooLong: sharingMessages.nameTooLong }),
    400,
  )
/** A GOV.UK date input on the page, `YYYY-MM-DD` in the API; read by the one date reader in `check`. */
const day = (label: string, hint: string) => asTyped(date({ label, hint }), 40)

/** The date as the domain reads it: blank when blank, something that is not a date when it cannot be read. */
export function isoDateOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const read = readDate(value, 'date')
  return read.ok ? formatLocalDate(read.value) : 'not a date'
}

const decisionInput = (input: Record<string, unknown>) => {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined)
  const list = (k: string) => (Array.isArray(input[k]) ? (input[k] as string[]) : undefined)
  return {
    direction: str('direction'),
    decision: str('decision'),
    requestedBy: str('requestedBy'),
    adviceFrom: str('adviceFrom'),
    adviceSoughtOn: isoDateOf(input['adviceSoughtOn']),
    lawfulBasis: str('lawfulBasis'),
    specialCategory: str('specialCategory'),
    gateways: list('gateways'),
    consent: str('consent'),
    consentNotSoughtReason: str('consentNotSoughtReason'),
    told: str('told'),
    toldReason: str('toldReason'),
    identitiesAtRisk: str('identitiesAtRisk'),
    redactions: str('redactions'),
    detriment: str('detriment'),
    detrimentReasons: str('detrimentReasons'),
    necessity: str('necessity'),
    entryIds: list('entryIds'),
    summary: str('summary'),
    recipientOrganisationId: str('recipientOrganisationId'),
    recipientPerson: str('recipientPerson'),
    sharedOn: isoDateOf(input['sharedOn']),
    refusalReasons: str('refusalReasons'),
  }
}

/**
 * Records a decision to share, or not to share, what the person's organisation knows about a child (golden rule
 * 7). A share makes the recipient organisation involved with the child and puts exactly what was shared (the
 * chosen concerns, or the summary) into its view of the chronology; its safeguarding leads are emailed, without
 * the child's name. Nothing is written unless everything the decision needs is there. One transaction: the
 * decision, what it carried, the involvement, the emails and the audit entry. The submission key is kept on the
 * decision too; copies sent at once are recorded once, and every copy answers the first decision.
 */
export const recordSharingDecision = defineStep({
  operationId: 'recordSharingDecision',
  module: 'Sharing',
  path: '/children/:id/sharing/new',
  apiPath: '/children/:id/sharing-decisions',
  title: 'Record an information-sharing decision',
  description:
    'Record a decision to share (or not) information about a child, with its lawful basis. Every decision is recorded, whether you share or not.',
  submitText: 'Record the decision',
  fields: {
    direction: choice(
      'How did this decision come about?',
      optionsOf(directionLabels, { answering_request: ['requestedBy'] }),
    ),
    requestedBy: short('Who asked?', 'The person and their organisation'),
    recipientOrganisationId: {
      ...loadedChoice({
        kind: 'select',
        label: 'Which organisation would receive the information, or asked for it?',
        notOffered: 'Select the organisation from the list',
      }),
      schema: z
        .string()
        .max(100)
        .optional()
        .meta({ description: 'An organisation other than yours (listInvolvedOrganisations, or the area’s)' }),
    },
    recipientPerson: short(
      'The person there',
      'Only share with people who have a role in keeping the child safe or supporting the family (rule 6)',
    ),
    consent: choice(
      'Consent',
      optionsOf(consentLabels, { not_sought: ['consentNotSoughtReason'] }),
      'You do not need consent to share information if a child is at risk, or there is a perceived risk, of harm (rule 3). Consent is rarely the right lawful basis.',
    ),
    consentNotSoughtReason: long(
      'Why was consent not asked for?',
      'For example, asking would put the child at greater risk or prejudice an enquiry',
    ),
    decision: choice(
      'Your decision',
      optionsOf(decisionLabels, {
        not_share: ['refusalReasons', 'detrimentReasons'],
        seek_advice: ['adviceFrom', 'adviceSoughtOn'],
      }),
      'If you are unsure, seek advice promptly (rule 4)',
    ),
    refusalReasons: long('Why are you not sharing?', 'Be ready to justify a decision not to share (rule 7)'),
    detrimentReasons: long('Would sharing be more harmful to the child than not sharing? If so, how (optional)'),
    adviceFrom: short('Whom did you ask for advice?'),
    adviceSoughtOn: day('When did you ask?', 'For example, 27 11 2026'),
    lawfulBasis: choice(
      'Lawful basis',
      optionsOf(lawfulBasisLabels),
      'If you are sharing, in full or in part: answer this and the questions below; leave them blank if you are not. Public bodies usually rely on public task.',
    ),
    specialCategory: choice(
      'Does it include special category information, such as health, ethnicity or sexual life?',
      optionsOf(specialCategoryLabels),
    ),
    gateways: {
      ...checkboxes({ label: 'Statutory gateways you rely on (optional)', options: optionsOf(gatewayLabels) }),
      schema: z.array(z.string().max(40)).max(10).optional(),
    },
    told: yesNoText(
      'Have you told the child or family what you are sharing, with whom and why?',
      'Where it is practicable and safe to do so (rule 2)',
      'no',
      ['toldReason'],
    ),
    toldReason: long('Why not?', 'For example, telling them could increase the risk to the child'),
    identitiesAtRisk: yesNoText(
      'Could anyone be harmed if their identity became known, such as a neighbour or a colleague who raised the concern?',
      'Rule 5',
      'yes',
      ['redactions'],
    ),
    redactions: long('What have you removed or withheld to protect them?'),
    detriment: yesNoText('Would sharing be more harmful to the child than not sharing?', undefined, undefined, []),
    necessity: long(
      'Why is sharing necessary and proportionate?',
      'Share only what the recipient needs to keep the child safe or support the family (rule 6)',
    ),
    entryIds: {
      ...loadedChoice({
        kind: 'checkboxes',
        label: 'Chronology entries to share',
        hint: 'The recipient sees exactly these, and nothing else of your records',
        notOffered: 'Choose only entries your organisation recorded about this child',
        max: 200,
      }),
      schema: z.array(z.string().max(100)).max(200).optional(),
    },
    summary: long(
      'A written summary of what you are sharing',
      'Relevant, accurate and up to date. Leave out anything that could identify someone at risk.',
    ),
    sharedOn: day('When was it shared?', 'For example, 27 11 2026'),
  },
  load: async ({ tx, actor, params }): Promise<ChildHere | undefined> => {
    const here = await childHere(tx, actor, params['id'] ?? '')
    if (here === undefined) return undefined
    const organisations = await tx
      .selectFrom('organisation')
      .select(['id', 'name', 'local_area_id'])
      .where('id', '!=', actor.organisationId)
      .orderBy('name')
      .execute()
    const entries = await tx
      .selectFrom('concern as c')
      .innerJoin('concern_child as cc', 'cc.concern_id', 'c.id')
      .select(['c.id', 'c.reference', 'c.facts'])
      .where('cc.child_id', '=', here.child.id)
      .where('c.organisation_id', '=', actor.organisationId)
      .orderBy('c.observed_at', 'desc')
      .execute()
    const inArea = (o: { local_area_id: string }) => (o.local_area_id === actor.localAreaId ? 0 : 1)
    return {
      ...here,
      settings: await sharingSettings(tx, here.child.localAreaId),
      organisations: [...organisations]
        .sort((a, b) => inArea(a) - inArea(b))
        .map((o) => ({ value: o.id, text: o.name })),
      entries: entries.map((e) => ({
        value: e.id,
        text: `${e.reference}: ${e.facts.length > 120 ? `${e.facts.slice(0, 117)}…` : e.facts}`,
      })),
    }
  },
  access: (actor, here: ChildHere) => sharingAccess(actor, here.involved, 'sharing.record'),
  deniedAction: 'sharing.record_denied',
  choices: (here: ChildHere) => ({
    recipientOrganisationId: here.organisations,
    entryIds: here.entries,
    // Section 16LA is offered once the partnership records it as commenced; the API may still send it (refused).
    gateways: gateways.filter((g) => g !== 'ca2004_s16la' || here.settings.section16LaInForce),
  }),
  caption: (here: ChildHere) => here.child.name,
  intro: () => [
    'Record every decision, whether you share or not. The questions follow the government’s seven golden rules for sharing information to keep children safe.',
    'Protecting a child from harm comes before protecting privacy. Never assume someone else will share.',
  ],
  check: (input, here: ChildHere, { today }) => {
    const valid = validateSharingDecision(decisionInput(input), {
      today,
      section16LaInForce: here.settings.section16LaInForce,
    })
    return valid.ok ? {} : (valid.error.fields ?? { decision: valid.error.message })
  },
  run: async ({ tx, actor, now, today, deps, submissionKey }, input, here: ChildHere) => {
    // Checked already (`check`); read again for the decision as the domain shapes it.
    const valid = validateSharingDecision(decisionInput(input), {
      today,
      section16LaInForce: here.settings.section16LaInForce,
    })
    if (!valid.ok) return err(valid.error)
    const d = valid.value
    const recipient = here.organisations.find((o) => o.value === d.recipientOrganisationId)
    if (recipient === undefined)
      return err(
        domainError('SHARING.INVALID', 'Select the organisation from the list', {
          recipientOrganisationId: 'Select the organisation from the list',
        }),
      )
    const child = here.child
    const seq = await sql<{ n: string }>`SELECT nextval('sharing_decision_reference_seq')::text AS n`.execute(tx)
    const reference = `ISD-${(seq.rows[0]?.n ?? '0').padStart(5, '0')}`
    const share = isShare(d) ? d : undefined
    const id = await insertWithNewId(tx, 'sharing_decision', {
      reference,
      child_id: child.id,
      organisation_id: actor.organisationId,
      decided_by: actor.userId,
      decided_at: now,
      direction: d.direction,
      decision: d.decision,
      requested_by: d.requestedBy,
      recipient_organisation_id: recipient.value,
      recipient_person: d.recipientPerson,
      lawful_basis: share?.lawfulBasis ?? null,
      special_category: share?.specialCategory ?? null,
      gateways: [...(share?.gateways ?? [])],
      consent: d.consent,
      consent_not_sought_reason: d.consentNotSoughtReason,
      told: share?.told ?? null,
      told_reason: share?.toldReason ?? null,
      identities_at_risk: share?.identitiesAtRisk ?? null,
      redactions: share?.redactions ?? null,
      detriment_reasons: d.decision === 'not_share' ? d.detrimentReasons : null,
      necessity: share?.necessity ?? null,
      summary: share?.summary ?? null,
      shared_on: share === undefined ? null : formatLocalDate(share.sharedOn),
      refusal_reasons: d.decision === 'not_share' ? d.refusalReasons : null,
      advice_from: d.decision === 'seek_advice' ? d.adviceFrom : null,
      advice_sought_on: d.decision === 'seek_advice' ? formatLocalDate(d.adviceSoughtOn) : null,
      // Its unique index stands behind the engine's claim of the key: a decision recorded with the key before
      // the engine kept keys breaks it, and the engine answers that as a repeat (23505), never a failure.
      submission_key: submissionKey ?? null,
    })
    if (share !== undefined) {
      if (share.entryIds.length > 0)
        await tx
          .insertInto('sharing_item')
          .values(share.entryIds.map((concernId) => ({ decision_id: id, concern_id: concernId })))
          .execute()
      await involve(tx, { childId: child.id, organisationId: recipient.value, reason: 'information_shared' }, now)
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: recipient.value,
          roles: SHARING_ROLES,
          kind: 'sharing.shared',
          subject: `Information shared with you by ${actor.organisationName}`,
          body:
            `${actor.displayName} (${actor.organisationName}) has shared safeguarding information about a child with ${recipient.text} (${reference}).\n\n` +
            `Read it, and confirm you have received it, in Together: ${deps.settings.serviceUrl}/children/${child.id}/sharing`,
          relatedType: 'sharing_decision',
          relatedId: id,
        },
        now,
      )
    }
    return ok({ id, reference, repeated: false })
  },
  subject: (here: ChildHere) => ({ type: 'child', id: here.child.id }),
  action: 'sharing.decision_recorded',
  auditDetails: (out, input) => {
    const shared = input['decision'] === 'share' || input['decision'] === 'share_in_part'
    const entries = Array.isArray(input['entryIds']) ? (input['entryIds'] as string[]) : []
    const summary = typeof input['summary'] === 'string' ? input['summary'].trim() : ''
    return {
      decisionId: out.id,
      reference: out.reference,
      decision: input['decision'],
      recipientOrganisationId: input['recipientOrganisationId'],
      items: shared ? new Set(entries.map((e) => e.trim()).filter((e) => e !== '')).size : 0,
      summary: shared && summary !== '',
    }
  },
  output: z.object({
    id: z.uuid(),
    reference: z.string().meta({ examples: ['ISD-00012'] }),
    repeated: z.boolean().meta({ description: 'True when this answers a submissionKey sent before' }),
  }),
  replayed: (out) => ({ ...out, repeated: true }),
  done: (_out, params) => `${sharingPage(params['id'] ?? '')}?recorded=1`,
  back: (params) => ({ href: sharingPage(params['id'] ?? ''), text: 'Back to information sharing' }),
})

interface ReceiptHere extends Pick<ChildHere, 'child' | 'involved'> {
  /** The shares confirmed by this step, for its audit row (the published answer is only how many). */
  readonly confirmedIds: string[]
}

/**
 * The recipient organisation's safeguarding lead confirms that what was shared with it about a child arrived:
 * every share to the organisation about that child not yet confirmed. A second confirmation changes nothing
 * (the first stands). For the safeguarding leads of an organisation involved with the child; anyone else is told
 * there is no such child, and the refusal is audited. The child's sharing page holds the button.
 */
export const confirmSharingReceipt = defineStep({
  operationId: 'confirmSharingReceipt',
  module: 'Sharing',
  path: '/children/:id/sharing/receipt',
  apiPath: '/children/:id/sharing-receipts',
  formPath: null,
  title: 'Confirm your organisation received what was shared with it about a child',
  submitText: 'Confirm receipt',
  fields: {},
  load: async ({ tx, actor, params }): Promise<ReceiptHere | undefined> => {
    const here = await childHere(tx, actor, params['id'] ?? '')
    return here === undefined ? undefined : { ...here, confirmedIds: [] }
  },
  access: (actor, here: ReceiptHere) => sharingAccess(actor, here.involved, 'sharing.list'),
  deniedAction: 'sharing.receipt_denied',
  run: async ({ tx, actor, now }, _input, here: ReceiptHere) => {
    const inserted = await sql<{ decision_id: string }>`
      INSERT INTO sharing_receipt (decision_id, confirmed_by, confirmed_at)
      SELECT d.id, ${actor.userId}, ${now} FROM sharing_decision d
       WHERE d.child_id = ${here.child.id} AND d.recipient_organisation_id = ${actor.organisationId}
         AND d.decision IN ('share', 'share_in_part')
      ON CONFLICT (decision_id) DO NOTHING
      RETURNING decision_id`.execute(tx)
    here.confirmedIds.push(...inserted.rows.map((r) => r.decision_id))
    return ok({ confirmed: inserted.rows.length })
  },
  subject: (here: ReceiptHere) => ({ type: 'child', id: here.child.id }),
  action: 'sharing.receipt_confirmed',
  auditDetails: (_out, _input, here: ReceiptHere) => ({ decisionIds: here.confirmedIds }),
  okStatus: 200,
  output: z.object({
    confirmed: z.number().int().meta({ description: 'Shares confirmed now (0 when all were confirmed before)' }),
  }),
  done: (_out, params) => sharingPage(params['id'] ?? ''),
})
