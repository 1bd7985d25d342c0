import { z } from 'zod'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date, text, textarea } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep, type AccessDecision, type Subject } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { validateProtectionCheck } from '../../protection-check/domain/protectionCheck.js'
import { exactlyMatchingChildren } from '../../protection-check/queries/otherNames.js'
import { decideSharing } from '../domain/policy.js'
import { OPEN_REASON_MAX, openRecordDurationMs, validateOpenReason } from '../domain/settings.js'
import { involvedWithChild, sharingSettings } from '../queries/sharingFacts.js'
import { asTyped, isoDateOf } from './recordSharingDecision.js'

/** Who is told that a record was opened: the safeguarding leads of every organisation holding it. */
const ALERTED_ROLES = ['dsl', 'deputy_dsl', 'health_lead', 'front_door', 'team_manager'] as const

/**
 * Where the person opens a record from, and what `run` found, for the audit rows (the step's own, or a refusal's
 * kept after the rollback): the child once there is one, how it was looked for, and the reason typed.
 */
interface Opening {
  readonly organisationId: string
  readonly localAreaId: string
  childId?: string
  by?: string
  why?: string
  alerted?: number
}

const NO_EXACT_MATCH = 'No single child in your area exactly matches the details you gave'

/** The role first: someone who may never open a record is told so (403), whatever they typed. */
function mayOpen(actor: Actor): AccessDecision {
  const d = decideSharing(actor, { kind: 'record.open_with_reason', organisationInvolved: false })
  return d.allowed ? d : { allowed: false, reason: d.reason, visible: true }
}

/** The child's identity as typed, checked as the plan check checks it (its own messages; the reason is ours). */
const checkIdentity = (input: Record<string, unknown>, today: LocalDate) => {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined)
  const identity = {
    nhsNumber: str('nhsNumber'),
    givenName: str('givenName'),
    familyName: str('familyName'),
    dateOfBirth: isoDateOf(input['dateOfBirth']),
  }
  return validateProtectionCheck({ ...identity, reason: 'identity only' }, today)
}

/**
 * The front door, a police child protection officer, a health safeguarding lead or a designated safeguarding lead
 * opens the record of a child in their area whom their organisation is not involved with, by stating why (an
 * emergency at night, a child brought in by ambulance). The record stays open to that person for the
 * partnership's set time (24 hours unless changed); the organisations holding the record are emailed (without
 * the child's name) and see the opening listed with its reason. One transaction: the opening, the emails, the
 * audit entry.
 *
 * The child is named as for the plan check: NHS number, or exact name and date of birth (isExactIdentity), as
 * the child is known now (child_current: a corrected NHS number, name or date of birth identifies the child; the
 * superseded ones no longer do). Only one exact match in the person's area opens a record; anything else is "no
 * exact match", whether or not a similar child exists, and is audited.
 */
export const openRecordWithReason = defineStep({
  operationId: 'openRecordWithReason',
  module: 'Sharing',
  path: '/open-record',
  apiPath: '/record-openings',
  title: 'Open a child’s record with a reason',
  description: 'Open a child’s record with a stated reason (exact identity only; audited)',
  submitText: 'Open the record',
  fields: {
    nhsNumber: asTyped(text({ label: 'NHS number', hint: '10 digits, like 943 476 5919. Use it if you have it.' }), 40),
    givenName: asTyped(text({ label: 'First name' }), 200),
    familyName: asTyped(text({ label: 'Last name' }), 200),
    dateOfBirth: asTyped(date({ label: 'Date of birth', hint: 'For example, 14 5 2016' }), 20),
    reason: asTyped(
      textarea({
        label: 'Why do you need to open this record?',
        hint: 'The organisations holding the record see this',
        max: OPEN_REASON_MAX,
      }),
      5000,
    ),
  },
  load: async ({ actor }): Promise<Opening> => ({
    organisationId: actor.organisationId,
    localAreaId: actor.localAreaId,
  }),
  access: (actor) => mayOpen(actor),
  deniedAction: 'record.open_denied',
  intro: () => [
    'Use this when you need to see the record of a child your organisation is not involved with, for example a child brought to you in an emergency. Give the NHS number if you have it, or the exact name and date of birth.',
    'Your reason is recorded. The organisations that hold the record are told by email and see who opened it and why. It stays open to you for a limited time.',
  ],
  check: (input, _opening, { today }) => {
    const reason = validateOpenReason(typeof input['reason'] === 'string' ? input['reason'] : undefined)
    const identity = checkIdentity(input, today)
    const fields: Record<string, string> = { ...(identity.ok ? {} : identity.error.fields) }
    delete fields['reason']
    return { ...fields, ...(reason.ok ? {} : reason.fields) }
  },
  run: async ({ tx, actor, now, today, deps }, input, opening: Opening) => {
    const identity = checkIdentity(input, today)
    if (!identity.ok) return err(identity.error)
    const reason = String(input['reason']).trim()
    const query = identity.value.query
    opening.why = reason
    opening.by = query.by
    const exact = await exactlyMatchingChildren(tx, actor.localAreaId, query)
    const child = exact.length === 1 ? exact[0] : undefined
    if (child === undefined) return err(domainError('RECORD_OPENING.NO_EXACT_MATCH', NO_EXACT_MATCH))
    opening.childId = child.id
    // Only now is it known whether the organisation is involved already (it then sees the record anyway).
    const involved = await involvedWithChild(tx, child.id, actor.organisationId)
    const decision = decideSharing(actor, { kind: 'record.open_with_reason', organisationInvolved: involved })
    if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
    const settings = await sharingSettings(tx, child.local_area_id)
    const expiresAt = new Date(now.getTime() + openRecordDurationMs(settings))
    const id = await insertWithNewId(tx, 'record_opening', {
      child_id: child.id,
      user_id: actor.userId,
      organisation_id: actor.organisationId,
      reason,
      opened_at: now,
      expires_at: expiresAt,
    })
    const holders = await tx
      .selectFrom('involvement')
      .select('organisation_id')
      .distinct()
      .where('child_id', '=', child.id)
      .execute()
    for (const h of holders)
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: h.organisation_id,
          roles: [...ALERTED_ROLES],
          kind: 'record.opened_with_reason',
          subject: `A child’s record was opened by ${actor.organisationName}`,
          body:
            `${actor.displayName} (${actor.organisationName}) opened the record of a child your organisation is involved with, giving a reason. ` +
            `It stays open to them for ${settings.openRecordHours} hours.\n\n` +
            `See who opened it and why in Together: ${deps.settings.serviceUrl}/children/${child.id}/access`,
          relatedType: 'record_opening',
          relatedId: id,
        },
        now,
      )
    opening.alerted = holders.length
    return ok({ id, childId: child.id, expiresAt: expiresAt.toISOString() })
  },
  subject: (opening: Opening): Subject =>
    opening.childId === undefined
      ? { type: 'organisation', id: opening.organisationId }
      : { type: 'child', id: opening.childId },
  // A near miss and an involved organisation are refused only once the child is looked for; both stay on the trail.
  refusalAudit: (error, opening: Opening) => {
    if (error.code === 'RECORD_OPENING.NO_EXACT_MATCH')
      return {
        action: 'record.open_no_exact_match',
        subject: { type: 'local_area', id: opening.localAreaId },
        reason: opening.why ?? '',
        details: { by: opening.by },
      }
    if (error.code === 'ACCESS.DENIED' && opening.childId !== undefined)
      return { action: 'record.open_denied', subject: { type: 'child', id: opening.childId }, reason: error.message }
    return undefined
  },
  action: 'record.opened_with_reason',
  // "Who has seen this child" shows why in the person's own words, beside the policy's.
  auditReason: (_out, input, allowed) => `${allowed}: ${String(input['reason']).trim()}`.slice(0, 2000),
  auditDetails: (out, _input, opening: Opening) => ({
    openingId: out.id,
    expiresAt: out.expiresAt,
    alerted: opening.alerted ?? 0,
  }),
  output: z.object({
    id: z.uuid(),
    childId: z.uuid(),
    expiresAt: z.iso.datetime().meta({ description: 'When the record closes to you again' }),
  }),
  done: (out) => `/children/${out.childId}`,
})
