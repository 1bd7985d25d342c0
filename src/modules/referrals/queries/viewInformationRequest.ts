import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  informationAnswers,
  loadInformationRequest,
  type InformationAnswer,
  type InformationRequestRow,
} from './informationRequestAccess.js'

export interface InformationRequestDetail extends Omit<
  InformationRequestRow,
  'referralChildId' | 'askedByUserId' | 'referralId' | 'askedByOrganisationId'
> {
  readonly answers: readonly InformationAnswer[]
}

/** One request for information, for a safeguarding lead of the organisation asked. Every view is audited. */
export async function viewInformationRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<Result<InformationRequestDetail, DomainError<'INFORMATION_REQUEST.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const request = await loadInformationRequest(deps.db, id)
  const decision =
    request === undefined
      ? undefined
      : decide(actor, { kind: 'information_request.answer', toOrganisationId: request.toOrganisationId })
  if (request === undefined || decision === undefined || !decision.allowed) {
    await auditRefusal(
      deps.db,
      actor,
      {
        action: 'information_request.view_denied',
        subjectType: 'information_request',
        subjectId: id,
        reason: decision?.reason ?? 'no such request',
      },
      meta,
      now,
    )
    return err(domainError('INFORMATION_REQUEST.NOT_FOUND', 'There is no such request'))
  }
  const answers = await informationAnswers(deps.db, [request.id])
  await auditSeen(deps.db, actor, meta, now, {
    action: 'information_request.viewed',
    subjectType: 'information_request',
    subjectId: request.id,
    reason: decision.reason,
    details: { referralId: request.referralId },
  })
  // The ids the page has no use for stay out of the answer (InformationRequestDetail).
  const {
    referralChildId: _child,
    askedByUserId: _asker,
    referralId: _referral,
    askedByOrganisationId: _la,
    ...shown
  } = request
  return ok({ ...shown, answers: answers.get(request.id) ?? [] })
}
