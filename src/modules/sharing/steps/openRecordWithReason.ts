import type { Actor } from '../../../platform/identity/actor.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { isExactIdentity, validateProtectionCheck } from '../../protection-check/domain/protectionCheck.js'
import { otherNamesOf } from '../../protection-check/queries/otherNames.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { decideSharing } from '../domain/policy.js'
import { openRecordDurationMs, validateOpenReason } from '../domain/settings.js'
import { involvedWithChild, sharingSettings } from '../queries/sharingFacts.js'

export type OpenRecordError = DomainError<'ACCESS.DENIED' | 'RECORD_OPENING.NO_EXACT_MATCH' | 'RECORD_OPENING.INVALID'>

/** Who the record is for: the NHS number, or the exact name and date of birth (as the plan check asks). */
export interface OpenRecordInput {
  readonly nhsNumber?: string | undefined
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  /** YYYY-MM-DD. */
  readonly dateOfBirth?: string | undefined
  readonly reason?: string | undefined
}

/** Who is told that a record was opened: the safeguarding leads of every organisation holding it. */
const ALERTED_ROLES = ['dsl', 'deputy_dsl', 'health_lead', 'front_door', 'team_manager'] as const

/**
 * The front door, a police child protection officer, a health safeguarding lead or a designated safeguarding lead
 * opens the record of a child in their area whom their organisation is not involved with, by stating why (an
 * emergency at night, a child brought in by ambulance). The record stays open to that person for the
 * partnership's set time (24 hours unless changed); the organisations holding the record are emailed (without
 * the child's name) and see the opening listed with its reason. One transaction: the opening, the emails, the
 * audit entry.
 *
 * The child is named as for the plan check: NHS number, or exact name and date of birth (isExactIdentity). Only
 * one exact match in the actor's area opens a record; anything else is "no exact match", whether or not a
 * similar child exists, and is audited.
 */
export async function openRecordWithReason(
  deps: Deps,
  actor: Actor,
  input: OpenRecordInput,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; childId: string; expiresAt: Date }, OpenRecordError>> {
  const now = deps.clock.now()
  // The role first: someone who may never open a record is told so, whatever they typed.
  const mayOpen = decideSharing(actor, { kind: 'record.open_with_reason', organisationInvolved: false })
  if (!mayOpen.allowed) {
    await deps.db.transaction().execute((tx) =>
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'record.open_denied',
          subjectType: 'organisation',
          subjectId: actor.organisationId,
          reason: mayOpen.reason,
          correlationId: meta.correlationId,
        },
        now,
      ),
    )
    return err(domainError('ACCESS.DENIED', mayOpen.reason))
  }
  const reasonChecked = validateOpenReason(input.reason)
  const identity = validateProtectionCheck({ ...input, reason: 'identity only' }, todayInEngland(now))
  if (!reasonChecked.ok || !identity.ok) {
    const fields = { ...(identity.ok ? {} : identity.error.fields), ...(reasonChecked.ok ? {} : reasonChecked.fields) }
    delete fields.reason
    if (!reasonChecked.ok) Object.assign(fields, reasonChecked.fields)
    return err(domainError('RECORD_OPENING.INVALID', Object.values(fields)[0] ?? 'Check the details', fields))
  }
  const query = identity.value.query
  return deps.db
    .transaction()
    .execute(async (tx): Promise<Result<{ id: string; childId: string; expiresAt: Date }, OpenRecordError>> => {
      const inArea = tx
        .selectFrom('child')
        .select(['id', 'local_area_id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number'])
        .where('local_area_id', '=', actor.localAreaId)
      const candidates = await (
        query.by === 'nhs_number'
          ? inArea.where('nhs_number', '=', query.nhsNumber)
          : inArea.where('date_of_birth', '=', formatLocalDate(query.dateOfBirth))
      ).execute()
      const aliases = await otherNamesOf(
        tx,
        candidates.map((c) => c.id),
      )
      const exact = candidates.filter((c) =>
        isExactIdentity(query, {
          givenName: c.given_name,
          familyName: c.family_name,
          dateOfBirth: c.date_of_birth,
          nhsNumber: c.nhs_number,
          otherNames: aliases.get(c.id) ?? [],
        }),
      )
      const child = exact.length === 1 ? exact[0] : undefined
      if (child === undefined) {
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: 'record.open_no_exact_match',
            subjectType: 'local_area',
            subjectId: actor.localAreaId,
            reason: reasonChecked.value,
            correlationId: meta.correlationId,
            details: { by: query.by },
          },
          now,
        )
        return err(
          domainError(
            'RECORD_OPENING.NO_EXACT_MATCH',
            'No single child in your area exactly matches the details you gave',
          ),
        )
      }
      const involved = child === undefined ? false : await involvedWithChild(tx, child.id, actor.organisationId)
      const decision = decideSharing(actor, { kind: 'record.open_with_reason', organisationInvolved: involved })
      if (!decision.allowed) {
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: 'record.open_denied',
            subjectType: 'child',
            subjectId: child.id,
            reason: decision.reason,
            correlationId: meta.correlationId,
          },
          now,
        )
        return err(domainError('ACCESS.DENIED', decision.reason))
      }
      const reason = reasonChecked
      const settings = await sharingSettings(tx, child.local_area_id)
      const expiresAt = new Date(now.getTime() + openRecordDurationMs(settings))
      const id = newId()
      await tx
        .insertInto('record_opening')
        .values({
          id,
          child_id: child.id,
          user_id: actor.userId,
          organisation_id: actor.organisationId,
          reason: reason.value,
          opened_at: now,
          expires_at: expiresAt,
        })
        .execute()
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
              `See who opened it and why in Together: ${serviceUrl}/children/${child.id}/access`,
            relatedType: 'record_opening',
            relatedId: id,
          },
          now,
        )
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'record.opened_with_reason',
          subjectType: 'child',
          subjectId: child.id,
          reason: `${decision.reason}: ${reason.value}`.slice(0, 2000),
          correlationId: meta.correlationId,
          details: { openingId: id, expiresAt: expiresAt.toISOString(), alerted: holders.length },
        },
        now,
      )
      return ok({ id, childId: child.id, expiresAt })
    })
}
