import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { validateAnswer } from '../domain/referral.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { loadInformationRequest } from '../queries/informationRequestAccess.js'

export type AnswerError = DomainError<'INFORMATION_REQUEST.NOT_FOUND' | 'REFERRAL.INVALID'>

/**
 * A safeguarding lead of the organisation asked answers inside Together. The answer is appended (a later one
 * adds to it, never replaces it), the person who asked is emailed, and the organisation becomes involved with
 * the child (once the referral is linked to a record), so it may later see what it is entitled to.
 */
export async function answerInformationRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  answer: string,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string }, AnswerError>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx): Promise<Result<{ id: string }, AnswerError>> => {
    const request = await loadInformationRequest(tx, id, { forUpdate: true })
    const decision =
      request === undefined
        ? undefined
        : decide(actor, { kind: 'information_request.answer', toOrganisationId: request.toOrganisationId })
    if (request === undefined || decision === undefined || !decision.allowed) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'information_request.answer_denied',
          subjectType: 'information_request',
          subjectId: id.slice(0, 100),
          reason: decision?.reason ?? 'no such request',
          correlationId: meta.correlationId,
        },
        now,
      )
      return err(domainError('INFORMATION_REQUEST.NOT_FOUND', 'There is no such request'))
    }
    const valid = validateAnswer(answer)
    if (!valid.ok) return err(valid.error)
    const responseId = newId()
    await tx
      .insertInto('information_response')
      .values({
        id: responseId,
        information_request_id: request.id,
        responded_by: actor.userId,
        organisation_id: actor.organisationId,
        answer: valid.value,
        responded_at: now,
      })
      .execute()
    if (request.referralChildId !== null) {
      await tx
        .insertInto('involvement')
        .values({
          child_id: request.referralChildId,
          organisation_id: actor.organisationId,
          reason: 'information_request',
          since: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    const asker = await tx
      .selectFrom('app_user')
      .select('email')
      .where('id', '=', request.askedByUserId)
      .where('active', '=', true)
      .executeTakeFirst()
    if (asker !== undefined) {
      await enqueueNotification(
        tx,
        {
          kind: 'information_request.answered',
          organisationId: request.askedByOrganisationId,
          recipient: asker.email,
          subject: `${actor.organisationName} has answered your request (referral ${request.referralReference})`,
          body: `${actor.displayName} at ${actor.organisationName} has answered your request for information about referral ${request.referralReference}.\n\nRead it in Together: ${serviceUrl}/front-door/referrals/${request.referralId}`,
          relatedType: 'referral',
          relatedId: request.referralId,
        },
        now,
      )
    }
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'information_request.answered',
        subjectType: 'information_request',
        subjectId: request.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { responseId, referralId: request.referralId, childId: request.referralChildId },
      },
      now,
    )
    return ok({ id: responseId })
  })
}
