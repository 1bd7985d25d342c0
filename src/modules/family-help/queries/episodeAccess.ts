import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { loadById } from '../../../platform/db/loadById.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import type { FamilyHelpFacts } from '../domain/policy.js'

type Q = Kysely<DB> | Transaction<DB>

export interface FamilyHelpEpisodeRow {
  readonly id: string
  readonly reference: string
  readonly localAreaId: string
  readonly coordinatingOrganisationId: string
  readonly level: string
  readonly origin: string
  readonly openedOn: string
  readonly phase: string
  readonly leadUserId: string | null
  readonly leadOrganisationId: string | null
  readonly consentWithdrawnAt: Date | null
  readonly previousEpisodeId: string | null
  readonly closedOn: string | null
}

export interface TeamMemberRow {
  readonly id: string
  readonly organisationId: string
  readonly organisationName: string
  readonly userId: string | null
  readonly userName: string | null
  readonly practitionerRole: string
  readonly joinedOn: string
  readonly leftOn: string | null
}

export interface LoadedFamilyHelpEpisode {
  readonly episode: FamilyHelpEpisodeRow
  readonly team: readonly TeamMemberRow[]
  readonly childIds: readonly string[]
  readonly facts: FamilyHelpFacts
}

/**
 * One episode with its team and children, and the facts the access policy needs. `forUpdate` locks the episode
 * row, so two steps on the same episode (a form sent twice, two practitioners) run one after the other and the
 * second sees what the first left.
 */
export async function loadFamilyHelpEpisode(
  db: Q,
  episodeId: string,
  options: LoadOptions = {},
): Promise<LoadedFamilyHelpEpisode | undefined> {
  const row = await loadById(
    episodeId,
    options,
    (id, forUpdate) =>
      db
        .selectFrom('family_help_episode')
        .select([
          'id',
          'reference',
          'local_area_id',
          'coordinating_organisation_id',
          'level',
          'origin',
          'opened_on',
          'phase',
          'lead_user_id',
          'lead_organisation_id',
          'consent_withdrawn_at',
          'previous_episode_id',
          'closed_on',
          'step_up_referral_ids',
        ])
        .where('id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate()),
    (episode) => episode,
  )
  if (row === undefined) return undefined
  const [team, children] = await Promise.all([
    db
      .selectFrom('family_help_team_member as m')
      .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
      .leftJoin('app_user as u', 'u.id', 'm.user_id')
      .select([
        'm.id',
        'm.organisation_id',
        'o.name as organisation_name',
        'm.user_id',
        'u.display_name as user_name',
        'm.practitioner_role',
        'm.joined_on',
        'm.left_on',
      ])
      .where('m.episode_id', '=', episodeId)
      .orderBy('m.created_at')
      .execute(),
    db
      .selectFrom('family_help_member')
      .select('child_id')
      .where('episode_id', '=', episodeId)
      .where('child_id', 'is not', null)
      .execute(),
  ])
  const teamRows: TeamMemberRow[] = team.map((m) => ({
    id: m.id,
    organisationId: m.organisation_id,
    organisationName: m.organisation_name,
    userId: m.user_id,
    userName: m.user_name,
    practitionerRole: m.practitioner_role,
    joinedOn: m.joined_on,
    leftOn: m.left_on,
  }))
  return {
    episode: {
      id: row.id,
      reference: row.reference,
      localAreaId: row.local_area_id,
      coordinatingOrganisationId: row.coordinating_organisation_id,
      level: row.level,
      origin: row.origin,
      openedOn: row.opened_on,
      phase: row.phase,
      leadUserId: row.lead_user_id,
      leadOrganisationId: row.lead_organisation_id,
      consentWithdrawnAt: row.consent_withdrawn_at,
      previousEpisodeId: row.previous_episode_id,
      closedOn: row.closed_on,
    },
    team: teamRows,
    childIds: children.map((c) => c.child_id).filter((c): c is string => c !== null),
    facts: {
      localAreaId: row.local_area_id,
      coordinatingOrganisationId: row.coordinating_organisation_id,
      leadPractitionerUserId: row.lead_user_id,
      leadOrganisationId: row.lead_organisation_id,
      team: teamRows
        .filter((m) => m.leftOn === null)
        .map((m) => ({ organisationId: m.organisationId, userId: m.userId })),
      consentWithdrawn: row.consent_withdrawn_at !== null,
      steppedUp: row.step_up_referral_ids.length > 0,
    },
  }
}

/** Open episodes that include any of these children: the search before a new episode starts. */
export async function openEpisodesFor(
  db: Q,
  childIds: readonly string[],
): Promise<{ id: string; reference: string; childIds: string[] }[]> {
  if (childIds.length === 0) return []
  const rows = await db
    .selectFrom('family_help_member as m')
    .innerJoin('family_help_episode as e', 'e.id', 'm.episode_id')
    .select(['e.id', 'e.reference', 'm.child_id'])
    .where('m.child_id', 'in', [...childIds])
    .where('e.closed_on', 'is', null)
    .execute()
  const byId = new Map<string, { id: string; reference: string; childIds: string[] }>()
  for (const r of rows) {
    const e = byId.get(r.id) ?? { id: r.id, reference: r.reference, childIds: [] }
    if (r.child_id !== null) e.childIds.push(r.child_id)
    byId.set(r.id, e)
  }
  return [...byId.values()]
}
