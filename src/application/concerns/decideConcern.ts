import { sql } from 'kysely'
import { decide } from '../../domain/access/policy.js'
import { formatLocalDate } from '../../domain/calendar/localDate.js'
import type { Actor } from '../../domain/people/actor.js'
import { findDecisionKind, isConcernState, transition, validateDecision, type DecisionInput } from '../../domain/concerns/workflow.js'
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/result.js'
import { appendAudit } from '../../infrastructure/audit/auditLog.js'
import { newId } from '../../infrastructure/security/secrets.js'
import { actorAudit } from '../auth/loadActor.js'
import type { Deps, RequestMeta } from '../context.js'
import { enqueueNotification, notifyOrganisationRoles } from '../notifications/enqueueNotification.js'
import { todayInEngland } from '../timescales/partnershipClock.js'
import { completeDeadline, registerDeadline } from '../timescales/registerDeadline.js'
import { loadConcern } from './concernAccess.js'

export type DecideError = DomainError<'CONCERN.NOT_FOUND' | 'CONCERN.TRANSITION_NOT_ALLOWED' | 'CONCERN.DECISION_INVALID' | 'REFERRAL.NO_LOCAL_AUTHORITY'>

/**
 * The DSL's decision on a concern, with its rationale. Its consequences happen in the same transaction: a
 * referral to the children's social care of each child's home area (with the referral-decision clock), the
 * LADO clock, or the FGM report clock met. The author is told a decision was made (closing the loop).
 */
export async function decideConcern(
  deps: Deps,
  actor: Actor,
  concernId: string,
  input: DecisionInput,
  meta: RequestMeta,
  serviceUrl = '',
): Promise<Result<{ kind: string; referralIds: string[] }, DecideError>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const valid = validateDecision(input, today)
  if (!valid.ok) return err(valid.error)
  const kind = findDecisionKind(valid.value.kind)
  return deps.db.transaction().execute(async (tx): Promise<Result<{ kind: string; referralIds: string[] }, DecideError>> => {
    const concern = await loadConcern(tx, concernId, true)
    const decision = concern === undefined ? undefined : decide(actor, { kind: 'concern.manage', concern: concern.facts })
    if (concern === undefined || decision === undefined || !decision.allowed || !isConcernState(concern.state)) {
      await appendAudit(tx, { ...actorAudit(actor), action: 'concern.action_denied', subjectType: 'concern', subjectId: concernId.slice(0, 100), reason: decision?.reason ?? 'no such concern', correlationId: meta.correlationId, details: { event: 'decide' } }, now)
      return err(domainError('CONCERN.NOT_FOUND', 'There is no such concern'))
    }
    const next = transition(concern.state, 'decide')
    if (!next.ok) return err(next.error)
    await tx
      .insertInto('concern_event')
      .values({
        id: newId(),
        concern_id: concern.id,
        kind: 'decision',
        actor_user_id: actor.userId,
        actor_organisation_id: actor.organisationId,
        text: valid.value.rationale,
        decision_kind: kind.id,
        review_on: valid.value.reviewOn === undefined ? null : formatLocalDate(valid.value.reviewOn),
        details: JSON.stringify({ policeReference: valid.value.policeReference, reportedOn: valid.value.reportedOn === undefined ? undefined : formatLocalDate(valid.value.reportedOn) }),
        created_at: now,
      })
      .execute()
    await tx.updateTable('concern').set({ state: next.value, state_changed_at: now }).where('id', '=', concern.id).execute()

    const referralIds: string[] = []
    if (kind.createsReferral) {
      const children = await tx
        .selectFrom('concern_child as cc')
        .innerJoin('child as ch', 'ch.id', 'cc.child_id')
        .select(['ch.id', 'ch.local_area_id', 'ch.given_name', 'ch.family_name'])
        .where('cc.concern_id', '=', concern.id)
        .execute()
      for (const child of children) {
        const la = await tx.selectFrom('organisation').select(['id', 'name']).where('local_area_id', '=', child.local_area_id).where('kind', '=', 'la_childrens_social_care').orderBy('created_at').executeTakeFirst()
        if (la === undefined) {
          return err(domainError('REFERRAL.NO_LOCAL_AUTHORITY', 'The child’s home area has no children’s social care in Together. Refer by phone and record that you did'))
        }
        const seq = await sql<{ n: string }>`SELECT nextval('referral_reference_seq') AS n`.execute(tx)
        const reference = `R-${today.year}-${String(seq.rows[0]?.n ?? '0').padStart(6, '0')}`
        const referralId = newId()
        await tx
          .insertInto('referral')
          .values({ id: referralId, reference, child_id: child.id, from_organisation_id: concern.organisationId, to_organisation_id: la.id, concern_id: concern.id, referred_by: actor.userId, summary: `Referral from ${actor.organisationName} after concern ${concern.reference}: ${valid.value.rationale}`.slice(0, 5000), received_at: now, state: 'received' })
          .execute()
        await tx.insertInto('involvement').values({ child_id: child.id, organisation_id: la.id, reason: 'referral', since: now }).onConflict((oc) => oc.doNothing()).execute()
        await registerDeadline(tx, { localAreaId: child.local_area_id, organisationId: la.id, ruleId: 'referral-decision', subjectType: 'referral', subjectId: referralId, childId: child.id, title: `Decide on referral ${reference}`, startedOn: today }, now)
        await notifyOrganisationRoles(tx, { organisationId: la.id, roles: ['front_door'], kind: 'referral.received', subject: `New referral ${reference}`, body: `${actor.organisationName} has made a referral (${reference}). A decision is due within one working day.\n\nRead it in Together: ${serviceUrl}/`, relatedType: 'referral', relatedId: referralId }, now)
        referralIds.push(referralId)
      }
    }
    if (kind.startsRule !== undefined) {
      const recorded = await tx.selectFrom('concern').select('created_at').where('id', '=', concern.id).executeTakeFirstOrThrow()
      await registerDeadline(tx, { localAreaId: concern.localAreaId, organisationId: concern.organisationId, assignedUserId: actor.userId, ruleId: kind.startsRule, subjectType: 'concern', subjectId: concern.id, title: `${kind.label} (concern ${concern.reference})`, startedOn: todayInEngland(recorded.created_at) }, now)
    }
    if (kind.satisfiesRule !== undefined) await completeDeadline(tx, { type: 'concern', id: concern.id }, kind.satisfiesRule, now)

    const author = await tx.selectFrom('app_user').select('email').where('id', '=', concern.authorUserId).where('active', '=', true).executeTakeFirst()
    if (author !== undefined && concern.authorUserId !== actor.userId) {
      await enqueueNotification(tx, { kind: 'concern.decided', organisationId: concern.organisationId, recipient: author.email, subject: `Your concern ${concern.reference} has been reviewed`, body: `Your designated safeguarding lead has made a decision about concern ${concern.reference}. Thank you for reporting it.\n\nSee what happened in Together: ${serviceUrl}/concerns/mine`, relatedType: 'concern', relatedId: concern.id }, now)
    }
    await appendAudit(tx, { ...actorAudit(actor), action: 'concern.decided', subjectType: 'concern', subjectId: concern.id, reason: decision.reason, correlationId: meta.correlationId, details: { decision: kind.id, referralIds } }, now)
    return ok({ kind: kind.id, referralIds })
  })
}
