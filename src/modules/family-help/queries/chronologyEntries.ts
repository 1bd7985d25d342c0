import type { Kysely, Transaction } from 'kysely'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { familyHelpEntryText, stepsInChronology, type FamilyHelpEntryKind } from '../domain/chronology.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { loadFamilyHelpEpisode } from './episodeAccess.js'
import { stepsWithAuthors } from './episodeRecords.js'

type Q = Kysely<DB> | Transaction<DB>

/** One family help entry, in the chronology's shape (children/queries/childChronology.ts). */
export interface FamilyHelpChronologyEntry {
  readonly at: Date
  readonly dateOnly: boolean
  /** When it was written down: entries on the same day are in the order they were recorded. */
  readonly recordedAt: Date
  readonly type: FamilyHelpEntryKind
  readonly organisation: string
  readonly author: string
  readonly summary: string
  readonly categories: readonly string[]
  readonly key: boolean
  readonly concernId: null
  readonly reference: string
  /** The episode, so the entry links to it. */
  readonly familyHelpEpisodeId: string
}

/**
 * The family help a child was part of, as chronology entries, each episode shown or left out by the family help
 * policy for this viewer (decideFamilyHelp, family_help.view): the team around the family, the lead practitioner,
 * the area's early help coordinators, and children's social care after a step-up. An agency outside the team (a
 * school that was only shared a summary, a trust that opened the record with a reason) sees none of it. After the
 * family withdrew consent, team members see only what was recorded before. The caller has already checked that
 * the viewer may see the child.
 */
export async function familyHelpChronology(db: Q, actor: Actor, childId: string): Promise<FamilyHelpChronologyEntry[]> {
  const episodes = await db
    .selectFrom('family_help_member')
    .select('episode_id')
    .distinct()
    .where('child_id', '=', childId)
    .execute()
  if (episodes.length === 0) return []
  const shown: { id: string; reference: string; cutoff: Date | null }[] = []
  for (const { episode_id } of episodes) {
    const loaded = await loadFamilyHelpEpisode(db, episode_id)
    if (loaded === undefined) continue
    const view = decideFamilyHelp(actor, { kind: 'family_help.view', episode: loaded.facts })
    if (!view.allowed) continue
    shown.push({
      id: loaded.episode.id,
      reference: loaded.episode.reference,
      cutoff: view.scope === 'before_consent_withdrawn' ? loaded.episode.consentWithdrawnAt : null,
    })
  }
  if (shown.length === 0) return []
  const steps = await stepsWithAuthors(db)
    .select([
      's.episode_id',
      's.step',
      's.outcome',
      's.occurred_on',
      's.details',
      's.created_at',
      'u.display_name as author',
      'o.name as organisation',
    ])
    .where(
      's.episode_id',
      'in',
      shown.map((e) => e.id),
    )
    .where('s.step', 'in', [...stepsInChronology])
    .orderBy('s.seq')
    .execute()
  // The lead practitioner's organisation is named in the entry; the step's details hold its id.
  const organisationIds = [
    ...new Set(
      steps
        .map((s) => s.details['organisationId'])
        .filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)),
    ),
  ]
  const organisationNames = Object.fromEntries(
    organisationIds.length === 0
      ? []
      : (await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', organisationIds).execute()).map(
          (o) => [o.id, o.name],
        ),
  )
  const entries: FamilyHelpChronologyEntry[] = []
  for (const s of steps) {
    const episode = shown.find((e) => e.id === s.episode_id)
    if (episode === undefined) continue
    if (episode.cutoff !== null && s.created_at > episode.cutoff) continue
    const words = familyHelpEntryText({ step: s.step, outcome: s.outcome, details: s.details, organisationNames })
    if (words === undefined) continue
    entries.push({
      ...eventTime(s.occurred_on, s.created_at),
      type: words.type,
      organisation: s.organisation,
      author: s.author,
      summary: words.summary,
      categories: [],
      key: words.key,
      concernId: null,
      reference: episode.reference,
      familyHelpEpisodeId: episode.id,
    })
  }
  return entries
}

/**
 * When a dated step happened: the moment it was recorded if that was on the same day in England (so the order
 * within a day is kept), otherwise midday of its date, shown as a date only.
 */
function eventTime(date: string, recordedAt: Date): { at: Date; dateOnly: boolean; recordedAt: Date } {
  if (formatLocalDate(todayInEngland(recordedAt)) === date) return { at: recordedAt, dateOnly: false, recordedAt }
  return { at: new Date(`${date}T12:00:00Z`), dateOnly: true, recordedAt }
}
