import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { AGENCY_LEAD_ROLES } from '../steps/inviteToConference.js'
import { loadEpisode } from './episodeAccess.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

export interface ConferenceInvitationItem {
  readonly conferenceId: string
  readonly kind: string
  readonly scheduledAt: Date
  readonly held: boolean
  readonly childName: string
  readonly childDateOfBirth: string | null
  readonly reportsSubmitted: number
}

/**
 * The conferences an agency has been invited to, for its safeguarding leads: the child's name and date of
 * birth, the date, and whether the agency has sent its report. Nothing else of the case. Audited.
 */
export async function listConferenceInvitations(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
): Promise<Result<ConferenceInvitationItem[], DomainError<'ACCESS.DENIED'>>> {
  if (!hasRole(actor, ...AGENCY_LEAD_ROLES))
    return err(domainError('ACCESS.DENIED', 'Only an agency’s safeguarding leads see its conference invitations'))
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('conference_invitation as i')
      .innerJoin('conference as c', 'c.id', 'i.conference_id')
      .innerJoinLateral(childCurrentOf('c.child_id', 'ch'), (j) => j.onTrue())
      .select((eb) => [
        'c.id',
        'c.episode_id',
        'c.kind',
        'c.scheduled_at',
        'c.held_on',
        'ch.given_name',
        'ch.family_name',
        'ch.date_of_birth',
        eb
          .selectFrom('conference_report as r')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('r.conference_id', '=', 'c.id')
          .where('r.organisation_id', '=', actor.organisationId)
          .as('reports'),
      ])
      .where('i.organisation_id', '=', actor.organisationId)
      .orderBy('c.scheduled_at', 'desc')
      .limit(200)
      .execute()
    const items: ConferenceInvitationItem[] = []
    for (const r of rows) {
      const loaded = await loadEpisode(tx, r.episode_id)
      if (loaded === undefined || !decide(actor, { kind: 'episode.contribute', episode: loaded.facts }).allowed)
        continue
      items.push({
        conferenceId: r.id,
        kind: r.kind,
        scheduledAt: r.scheduled_at,
        held: r.held_on !== null,
        childName: `${r.given_name} ${r.family_name}`,
        childDateOfBirth: r.date_of_birth,
        reportsSubmitted: Number(r.reports ?? 0),
      })
    }
    await auditActor(tx, actor, meta, now, {
      action: 'conference_invitations.viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: 'safeguarding lead for an invited agency',
      details: { shown: items.length },
    })
    return ok(items)
  })
}
