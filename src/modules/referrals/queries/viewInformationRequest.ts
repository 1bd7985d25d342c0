import { decide } from '../../access/domain/policy.js'
import { domainError } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
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
export const viewInformationRequest = oneRecordView({
  subjectType: 'information_request',
  viewed: 'information_request.viewed',
  denied: 'information_request.view_denied',
  missing: 'no such request',
  notFound: domainError('INFORMATION_REQUEST.NOT_FOUND', 'There is no such request'),
  load: (tx, id) => loadInformationRequest(tx, id),
  access: (actor, request) =>
    decide(actor, { kind: 'information_request.answer', toOrganisationId: request.toOrganisationId }),
  seen: (request) => ({ id: request.id, details: { referralId: request.referralId } }),
  show: async (request, { tx }): Promise<InformationRequestDetail> => {
    const answers = await informationAnswers(tx, [request.id])
    // The ids the page has no use for stay out of the answer (InformationRequestDetail).
    const {
      referralChildId: _child,
      askedByUserId: _asker,
      referralId: _referral,
      askedByOrganisationId: _la,
      ...shown
    } = request
    return { ...shown, answers: answers.get(request.id) ?? [] }
  },
})
