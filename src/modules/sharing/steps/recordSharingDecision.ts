import { sql, type Kysely } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import type { DB } from '../../../platform/db/schema.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { SHARING_ROLES } from '../domain/policy.js'
import { isShare, validateSharingDecision, type SharingDecisionInput } from '../domain/sharingDecision.js'
import { sharingChildOrDeny, sharingSettings } from '../queries/sharingFacts.js'

export interface RecordSharingDecisionInput extends SharingDecisionInput {
  /** Sent once per form or API submission: the same key twice writes once, and answers with the first decision. */
  readonly submissionKey?: string | undefined
}

export type RecordSharingDecisionError = DomainError<'CHILD.NOT_FOUND' | 'SHARING.INVALID'>

/**
 * Records a decision to share, or not to share, what the actor's organisation knows about a child (golden rule 7).
 * A share makes the recipient organisation involved with the child and puts exactly what was shared (the chosen
 * concerns, or the summary) into its view of the chronology; its safeguarding leads are emailed, without the
 * child's name. Nothing is written unless everything the decision needs is there. One transaction: the decision,
 * what it carried, the involvement, the emails and the audit entry.
 */
export async function recordSharingDecision(
  deps: Deps,
  actor: Actor,
  childId: string,
  input: RecordSharingDecisionInput,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; reference: string; repeated: boolean }, RecordSharingDecisionError>> {
  const now = deps.clock.now()
  return deps.db
    .transaction()
    .execute(
      async (tx): Promise<Result<{ id: string; reference: string; repeated: boolean }, RecordSharingDecisionError>> => {
        const allowed = await sharingChildOrDeny(
          tx,
          actor,
          childId,
          (organisationInvolved) => ({ kind: 'sharing.record', organisationInvolved }),
          { action: 'sharing.record_denied', correlationId: meta.correlationId, now },
        )
        if (!allowed.ok) return allowed
        const { child, reason } = allowed.value
        const key = input.submissionKey?.trim() ?? ''
        if (key !== '') {
          const seen = await decidedWithKey(tx, key, actor.userId)
          if (seen !== undefined) return ok({ id: seen.id, reference: seen.reference, repeated: true })
        }
        const settings = await sharingSettings(tx, child.local_area_id)
        const valid = validateSharingDecision(input, {
          today: todayInEngland(now),
          section16LaInForce: settings.section16LaInForce,
        })
        const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
        // The recipient is another organisation Together knows; what is shared is the organisation's own concerns
        // about this child (the sharer may not pass on what another organisation recorded).
        const recipientId = input.recipientOrganisationId?.trim() ?? ''
        const recipient = isUuid(recipientId)
          ? await tx
              .selectFrom('organisation')
              .select(['id', 'name'])
              .where('id', '=', recipientId)
              .where('id', '!=', actor.organisationId)
              .executeTakeFirst()
          : undefined
        if (recipient === undefined && recipientId !== '')
          fields.recipientOrganisationId = 'Select the organisation from the list'
        const entryIds = valid.ok && isShare(valid.value) ? valid.value.entryIds : []
        if (entryIds.length > 0) {
          const own = entryIds.every(isUuid)
            ? await tx
                .selectFrom('concern as c')
                .innerJoin('concern_child as cc', 'cc.concern_id', 'c.id')
                .select('c.id')
                .where('cc.child_id', '=', child.id)
                .where('c.organisation_id', '=', actor.organisationId)
                .where('c.id', 'in', entryIds)
                .execute()
            : []
          if (own.length !== entryIds.length)
            fields.entryIds = 'Choose only entries your organisation recorded about this child'
        }
        if (!valid.ok || recipient === undefined || Object.keys(fields).length > 0)
          return err(domainError('SHARING.INVALID', Object.values(fields)[0] ?? 'Check the decision', fields))
        const d = valid.value

        const id = newId()
        const seq = await sql<{ n: string }>`SELECT nextval('sharing_decision_reference_seq')::text AS n`.execute(tx)
        const reference = `ISD-${(seq.rows[0]?.n ?? '0').padStart(5, '0')}`
        const share = isShare(d) ? d : undefined
        await tx
          .insertInto('sharing_decision')
          .values({
            id,
            reference,
            child_id: child.id,
            organisation_id: actor.organisationId,
            decided_by: actor.userId,
            decided_at: now,
            direction: d.direction,
            decision: d.decision,
            requested_by: d.requestedBy,
            recipient_organisation_id: recipient.id,
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
            submission_key: key === '' ? null : key,
          })
          .execute()
        if (share !== undefined) {
          if (share.entryIds.length > 0)
            await tx
              .insertInto('sharing_item')
              .values(share.entryIds.map((concernId) => ({ decision_id: id, concern_id: concernId })))
              .execute()
          await tx
            .insertInto('involvement')
            .values({ child_id: child.id, organisation_id: recipient.id, reason: 'information_shared', since: now })
            .onConflict((oc) => oc.doNothing())
            .execute()
          await notifyOrganisationRoles(
            tx,
            {
              organisationId: recipient.id,
              roles: SHARING_ROLES,
              kind: 'sharing.shared',
              subject: `Information shared with you by ${actor.organisationName}`,
              body:
                `${actor.displayName} (${actor.organisationName}) has shared safeguarding information about a child with ${recipient.name} (${reference}).\n\n` +
                `Read it, and confirm you have received it, in Together: ${serviceUrl}/children/${child.id}/sharing`,
              relatedType: 'sharing_decision',
              relatedId: id,
            },
            now,
          )
        }
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: 'sharing.decision_recorded',
            subjectType: 'child',
            subjectId: child.id,
            reason,
            correlationId: meta.correlationId,
            details: {
              decisionId: id,
              reference,
              decision: d.decision,
              recipientOrganisationId: recipient.id,
              items: share?.entryIds.length ?? 0,
              summary: share?.summary !== null && share?.summary !== undefined,
            },
          },
          now,
        )
        return ok({ id, reference, repeated: false })
      },
    )
    .catch(async (e: unknown) => {
      // Two copies sent at once both found no decision with the key; the second one's insert waited on the
      // key's unique index for the first to commit, then broke it. The first was recorded: answer with it, as a
      // copy sent later would be answered (it was a 500).
      const key = input.submissionKey?.trim() ?? ''
      if ((e as { code?: string }).code === '23505' && key !== '') {
        const first = await decidedWithKey(deps.db, key, actor.userId)
        if (first !== undefined) return ok({ ...first, repeated: true })
      }
      throw e
    })
}

/** The decision this person already recorded with this submission key, if any. */
const decidedWithKey = (db: Kysely<DB>, key: string, userId: string) =>
  db
    .selectFrom('sharing_decision')
    .select(['id', 'reference'])
    .where('submission_key', '=', key)
    .where('decided_by', '=', userId)
    .executeTakeFirst()

export type ConfirmReceiptError = DomainError<'CHILD.NOT_FOUND'>

/**
 * The recipient organisation's safeguarding lead confirms that what was shared with it about a child arrived:
 * every share to the organisation about that child not yet confirmed. A second confirmation changes nothing
 * (the first stands). For the safeguarding leads of an organisation involved with the child; anyone else is told
 * there is no such child, and the refusal is audited.
 */
export async function confirmSharingReceipt(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<Result<{ confirmed: number }, ConfirmReceiptError>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx): Promise<Result<{ confirmed: number }, ConfirmReceiptError>> => {
    const allowed = await sharingChildOrDeny(
      tx,
      actor,
      childId,
      (organisationInvolved) => ({ kind: 'sharing.list', organisationInvolved }),
      { action: 'sharing.receipt_denied', correlationId: meta.correlationId, now },
    )
    if (!allowed.ok) return allowed
    const { child, reason } = allowed.value
    const inserted = await sql<{ decision_id: string }>`
      INSERT INTO sharing_receipt (decision_id, confirmed_by, confirmed_at)
      SELECT d.id, ${actor.userId}, ${now} FROM sharing_decision d
       WHERE d.child_id = ${child.id} AND d.recipient_organisation_id = ${actor.organisationId}
         AND d.decision IN ('share', 'share_in_part')
      ON CONFLICT (decision_id) DO NOTHING
      RETURNING decision_id`.execute(tx)
    if (inserted.rows.length > 0)
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'sharing.receipt_confirmed',
          subjectType: 'child',
          subjectId: child.id,
          reason,
          correlationId: meta.correlationId,
          details: { decisionIds: inserted.rows.map((r) => r.decision_id) },
        },
        now,
      )
    return ok({ confirmed: inserted.rows.length })
  })
}
