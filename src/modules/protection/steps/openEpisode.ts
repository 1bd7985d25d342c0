import { sql, type Transaction } from 'kysely'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { DB } from '../../../platform/db/schema.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'

/**
 * A new episode for a referral about a child, at the front door (phase 'front_door'), ready for the front
 * door's decision through takeEpisodeStep. Called in the deciding use case's transaction, so an episode exists
 * exactly when a decision was recorded (every referral, even one closed with no further action, is a CIN
 * census episode). The referral date is the day the referral was received, which T2 counts from.
 */
export async function openEpisode(
  tx: Transaction<DB>,
  referral: {
    readonly id: string
    readonly childId: string
    readonly toOrganisationId: string
    readonly receivedOn: LocalDate
  },
  now: Date,
): Promise<{ readonly episode: EpisodeRow; readonly facts: EpisodeFacts }> {
  const la = await tx
    .selectFrom('organisation')
    .select(['local_area_id'])
    .where('id', '=', referral.toOrganisationId)
    .executeTakeFirstOrThrow()
  const seq = await sql<{ n: string }>`SELECT nextval('episode_reference_seq') AS n`.execute(tx)
  const reference = `E-${referral.receivedOn.year}-${String(seq.rows[0]?.n ?? '0').padStart(6, '0')}`
  const referralDate = formatLocalDate(referral.receivedOn)
  const id = await insertWithNewId(tx, 'episode', {
    reference,
    child_id: referral.childId,
    referral_id: referral.id,
    local_authority_id: referral.toOrganisationId,
    local_area_id: la.local_area_id,
    phase: 'front_door',
    phase_changed_at: now,
    lead_user_id: null,
    team_manager_user_id: null,
    referral_date: referralDate,
    primary_need: null,
    closed_on: null,
    closure_reason: null,
    created_at: now,
  })
  return {
    episode: {
      id,
      reference,
      childId: referral.childId,
      referralId: referral.id,
      localAuthorityId: referral.toOrganisationId,
      localAreaId: la.local_area_id,
      phase: 'front_door',
      leadUserId: null,
      teamManagerUserId: null,
      referralDate,
      closedOn: null,
    },
    facts: { localAuthorityId: referral.toOrganisationId, contributingOrganisationIds: [] },
  }
}
