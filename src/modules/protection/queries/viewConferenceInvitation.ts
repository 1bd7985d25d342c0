import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadConferenceForAgency, type AgencyConferenceView } from '../steps/conferenceForAgency.js'

/** An invited agency's lead opens one conference invitation (audited; anyone else: not found, audited). */
export async function viewConferenceInvitation(
  deps: Deps,
  actor: Actor,
  conferenceId: string,
  meta: RequestMeta,
): Promise<Result<Omit<AgencyConferenceView, 'episodeId'>, DomainError<'CONFERENCE.NOT_FOUND'>>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const loaded = await loadConferenceForAgency(tx, actor, conferenceId)
    if (loaded.view === undefined) {
      await auditRefusal(
        tx,
        actor,
        {
          action: 'conference.access_denied',
          subjectType: 'conference',
          subjectId: conferenceId,
          reason: loaded.denied,
          details: { action: 'view_invitation' },
        },
        meta,
        now,
      )
      return err(domainError('CONFERENCE.NOT_FOUND', 'There is no such conference'))
    }
    await auditActor(tx, actor, meta, now, {
      action: 'conference.invitation_viewed',
      subjectType: 'conference',
      subjectId: loaded.view.id,
      reason: loaded.reason,
      details: { childId: loaded.view.child.id },
    })
    // The case's own id is not the agency's to know: it sees the invitation, not the case.
    const { episodeId: _case, ...invitation } = loaded.view
    return ok(invitation)
  })
}
