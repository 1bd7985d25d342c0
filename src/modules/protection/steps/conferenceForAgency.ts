import type { Kysely, Transaction } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { DB } from '../../../platform/db/schema.js'
import { loadEpisode } from '../queries/episodeAccess.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import { isUuid } from '../../../platform/shared/ids.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * What an invited agency may know of a conference: the invitation, the child's name and date of birth, the
 * date, and its own organisation's reports — nothing else of the case. Undefined (answered as "not found") unless
 * the actor's organisation was invited to this conference and the actor leads its safeguarding
 * (episode.contribute).
 */
export async function loadConferenceForAgency(db: Q, actor: Actor, conferenceId: string) {
  if (!isUuid(conferenceId)) return { denied: 'no such conference' } as const
  const conference = await db
    .selectFrom('conference as c')
    .innerJoinLateral(childCurrentOf('c.child_id', 'ch'), (j) => j.onTrue())
    .select([
      'c.id',
      'c.episode_id',
      'c.kind',
      'c.scheduled_at',
      'c.held_on',
      'ch.id as child_id',
      'ch.given_name',
      'ch.family_name',
      'ch.date_of_birth',
      'ch.expected_date_of_delivery',
    ])
    .where('c.id', '=', conferenceId)
    .executeTakeFirst()
  if (conference === undefined) return { denied: 'no such conference' } as const
  const invitation = await db
    .selectFrom('conference_invitation')
    .select(['id', 'invited_at'])
    .where('conference_id', '=', conference.id)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst()
  const loaded = await loadEpisode(db, conference.episode_id)
  if (loaded === undefined) return { denied: 'no such case' } as const
  const decision = decide(actor, { kind: 'episode.contribute', episode: loaded.facts })
  if (!decision.allowed || invitation === undefined)
    return {
      denied: decision.allowed ? 'your organisation was not invited to this conference' : decision.reason,
    } as const
  const reports = await db
    .selectFrom('conference_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.author_user_id')
    .select(['r.id', 'r.text', 'r.submitted_at', 'u.display_name as author'])
    .where('r.conference_id', '=', conference.id)
    .where('r.organisation_id', '=', actor.organisationId)
    .orderBy('r.submitted_at')
    .execute()
  return {
    reason: decision.reason,
    view: {
      id: conference.id,
      episodeId: conference.episode_id,
      kind: conference.kind,
      scheduledAt: conference.scheduled_at,
      held: conference.held_on !== null,
      invitedAt: invitation.invited_at,
      child: {
        id: conference.child_id,
        givenName: conference.given_name,
        familyName: conference.family_name,
        dateOfBirth: conference.date_of_birth,
        expectedDateOfDelivery: conference.expected_date_of_delivery,
      },
      reports: reports.map((r) => ({ id: r.id, text: r.text, submittedAt: r.submitted_at, author: r.author })),
    },
  } as const
}

export type AgencyConferenceView = NonNullable<Awaited<ReturnType<typeof loadConferenceForAgency>>['view']>
