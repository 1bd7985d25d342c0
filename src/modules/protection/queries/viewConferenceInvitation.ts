import { domainError } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import { loadConferenceForAgency } from '../steps/conferenceForAgency.js'

/** An invited agency's lead opens one conference invitation (audited; anyone else: not found, audited). */
export const viewConferenceInvitation = oneRecordView({
  subjectType: 'conference',
  viewed: 'conference.invitation_viewed',
  denied: 'conference.access_denied',
  deniedDetails: { action: 'view_invitation' },
  missing: 'no such conference',
  notFound: domainError('CONFERENCE.NOT_FOUND', 'There is no such conference'),
  load: (tx, conferenceId, actor) => loadConferenceForAgency(tx, actor, conferenceId),
  // The loader has asked the access policy already (it needs the case's facts): the invitation, or why not.
  access: (_actor, loaded) =>
    loaded.view === undefined
      ? { allowed: false, reason: loaded.denied }
      : { allowed: true, reason: loaded.reason, invitation: loaded.view },
  seen: (_loaded, { invitation }) => ({ id: invitation.id, details: { childId: invitation.child.id } }),
  show: async (_loaded, { decision }) => {
    // The case's own id is not the agency's to know: it sees the invitation, not the case.
    const { episodeId: _case, ...invitation } = decision.invitation
    return invitation
  },
})
