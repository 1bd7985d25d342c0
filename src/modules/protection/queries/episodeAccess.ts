import type { Kysely, Transaction } from 'kysely'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import type { DB } from '../../../platform/db/schema.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'

type Q = Kysely<DB> | Transaction<DB>

export interface EpisodeRow {
  readonly id: string
  readonly reference: string
  readonly childId: string
  readonly referralId: string
  readonly localAuthorityId: string
  readonly localAreaId: string
  readonly phase: string
  readonly leadUserId: string | null
  readonly teamManagerUserId: string | null
  readonly referralDate: string
  readonly closedOn: string | null
}

/**
 * One episode with the facts the access policy needs: which local authority holds it, and which agencies were
 * invited to one of its conferences or sit in its plan's core group. `forUpdate` locks the episode row so two
 * steps on the same episode (a double-submitted form, two workers) are taken one after the other and the
 * second sees the phase the first left.
 */
export async function loadEpisode(
  db: Q,
  episodeId: string,
  options: LoadOptions = {},
): Promise<{ readonly episode: EpisodeRow; readonly facts: EpisodeFacts } | undefined> {
  const row = await db
    .selectFrom('episode')
    .select([
      'id',
      'reference',
      'child_id',
      'referral_id',
      'local_authority_id',
      'local_area_id',
      'phase',
      'lead_user_id',
      'team_manager_user_id',
      'referral_date',
      'closed_on',
    ])
    .where('id', '=', episodeId)
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst()
  if (row === undefined) return undefined
  const contributing = await db
    .selectFrom('conference_invitation as ci')
    .innerJoin('conference as c', 'c.id', 'ci.conference_id')
    .select('ci.organisation_id as organisationId')
    .where('c.episode_id', '=', episodeId)
    .where('ci.organisation_id', 'is not', null)
    .union(
      db
        .selectFrom('plan_member as pm')
        .innerJoin('child_protection_plan as p', 'p.id', 'pm.plan_id')
        .select('pm.organisation_id as organisationId')
        .where('p.episode_id', '=', episodeId)
        .where('pm.organisation_id', 'is not', null),
    )
    .execute()
  return {
    episode: {
      id: row.id,
      reference: row.reference,
      childId: row.child_id,
      referralId: row.referral_id,
      localAuthorityId: row.local_authority_id,
      localAreaId: row.local_area_id,
      phase: row.phase,
      leadUserId: row.lead_user_id,
      teamManagerUserId: row.team_manager_user_id,
      referralDate: row.referral_date,
      closedOn: row.closed_on,
    },
    facts: {
      localAuthorityId: row.local_authority_id,
      contributingOrganisationIds: contributing.flatMap((r) => (r.organisationId === null ? [] : [r.organisationId])),
    },
  }
}
