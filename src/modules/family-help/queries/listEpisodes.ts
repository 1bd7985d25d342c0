import { sql, type Transaction } from 'kysely'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { pageWithin } from '../../../platform/shared/paging.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { familyHelpPhaseLabels, isFamilyHelpPhase } from '../domain/episode.js'
import { decideFamilyHelp } from '../domain/policy.js'

export const {
  ids: areaFilters,
  is: isAreaFilter,
  labels: areaFilterLabels,
} = wordList({
  all: 'All open families',
  unallocated: 'No lead practitioner',
  no_plan: 'No family plan yet',
  overdue_reviews: 'Review overdue',
  stepped_up: 'Stepped up',
  stepped_down: 'Stepped down from social care',
})
export type AreaFilter = (typeof areaFilters)[number]

/** The area view asked for in a page's or the API's query string: an unknown filter is all, a bad page the first. */
export function areaQuery(query: { readonly filter?: string; readonly page?: string }): {
  filter: AreaFilter
  page: number
} {
  const filter = query.filter ?? ''
  const page = Number.parseInt(query.page ?? '1', 10)
  return { filter: isAreaFilter(filter) ? filter : 'all', page: Number.isFinite(page) && page > 0 ? page : 1 }
}

export interface EpisodeListItem {
  readonly id: string
  readonly reference: string
  readonly children: string
  readonly phaseLabel: string
  readonly lead: string | null
  readonly leadOrganisation: string | null
  readonly openedOn: string
  readonly nextDueOn: string | null
  readonly nextReviewDueOn: string | null
  readonly overdue: boolean
}

export interface AreaView {
  readonly items: readonly EpisodeListItem[]
  readonly counts: Readonly<Record<AreaFilter, number>>
  readonly byOrganisation: readonly { readonly organisation: string; readonly open: number }[]
  readonly page: number
  readonly pages: number
}

const PAGE = 50

type Row = {
  id: string
  reference: string
  children: string
  phase: string
  lead: string | null
  lead_organisation: string | null
  opened_on: string
  next_due_on: string | null
  next_review_due_on: string | null
}

const toItem =
  (today: string) =>
  (r: Row): EpisodeListItem => ({
    id: r.id,
    reference: r.reference,
    children: r.children,
    phaseLabel: isFamilyHelpPhase(r.phase) ? familyHelpPhaseLabels[r.phase] : r.phase,
    lead: r.lead,
    leadOrganisation: r.lead_organisation,
    openedOn: r.opened_on,
    nextDueOn: r.next_due_on,
    nextReviewDueOn: r.next_review_due_on,
    overdue: r.next_due_on !== null && r.next_due_on < today,
  })

/** The children's names of each listed episode, one string per episode (names are shown to people who may see them). */
const childrenOf = sql<string>`(SELECT string_agg(m.name, ', ' ORDER BY m.created_at) FROM family_help_member m
  WHERE m.episode_id = e.id AND m.child_id IS NOT NULL)`

/** Episodes as a list shows them, with the lead organisation's name; each list adds its own lead column. */
const listedEpisodes = (tx: Transaction<DB>) =>
  tx
    .selectFrom('family_help_episode as e')
    .leftJoin('organisation as lo', 'lo.id', 'e.lead_organisation_id')
    .select([
      'e.id',
      'e.reference',
      childrenOf.as('children'),
      'e.phase',
      'lo.name as lead_organisation',
      'e.opened_on',
      'e.next_due_on',
      'e.next_review_due_on',
    ])

/** "My families": the open episodes the actor leads, the next thing due first (listFamilyHelpEpisodes). */
export async function listMyFamilies(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
): Promise<Result<EpisodeListItem[], DomainError<'FAMILY_HELP.NOT_ALLOWED'>>> {
  const now = deps.clock.now()
  const decision = decideFamilyHelp(actor, { kind: 'family_help.view_mine' })
  if (!decision.allowed) return err(domainError('FAMILY_HELP.NOT_ALLOWED', decision.reason))
  return deps.db.transaction().execute(async (tx) => {
    const rows = await listedEpisodes(tx)
      .select(sql<string | null>`NULL`.as('lead'))
      .where('e.lead_user_id', '=', actor.userId)
      .where('e.closed_on', 'is', null)
      .orderBy(sql`e.next_due_on NULLS LAST`)
      .orderBy('e.opened_on')
      .limit(500)
      .execute()
    await auditActor(tx, actor, meta, now, {
      action: 'family_help.my_families_viewed',
      reason: decision.reason,
      details: { count: rows.length },
    })
    return ok(rows.map(toItem(formatLocalDate(todayInEngland(now)))))
  })
}

/**
 * The early help coordinator's view of the area: every open episode of the local authority, filtered to the
 * unallocated, those without a plan, overdue reviews, step-ups and step-downs; counts for each; and open
 * episodes by the lead practitioner's organisation. Read from the episode's own columns and partial indexes.
 */
export async function areaView(
  deps: Deps,
  actor: Actor,
  query: { readonly filter: AreaFilter; readonly page: number },
  meta: RequestMeta,
): Promise<Result<AreaView, DomainError<'FAMILY_HELP.NOT_ALLOWED'>>> {
  const now = deps.clock.now()
  const decision = decideFamilyHelp(actor, { kind: 'family_help.coordinate', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('FAMILY_HELP.NOT_ALLOWED', decision.reason))
  const today = formatLocalDate(todayInEngland(now))
  const la = actor.organisationId
  return deps.db.transaction().execute(async (tx) => {
    const counted = await sql<{
      all: string
      unallocated: string
      no_plan: string
      overdue_reviews: string
      stepped_up: string
      stepped_down: string
    }>`
      SELECT count(*) AS all,
             count(*) FILTER (WHERE lead_user_id IS NULL) AS unallocated,
             count(*) FILTER (WHERE phase IN ('awaiting_consent', 'consented', 'assessed')) AS no_plan,
             count(*) FILTER (WHERE next_review_due_on < ${today}) AS overdue_reviews,
             count(*) FILTER (WHERE phase = 'stepped_up') AS stepped_up,
             count(*) FILTER (WHERE origin = 'step_down') AS stepped_down
        FROM family_help_episode
       WHERE coordinating_organisation_id = ${la} AND closed_on IS NULL`.execute(tx)
    const c = counted.rows[0]
    const counts: Record<AreaFilter, number> = {
      all: Number(c?.all ?? 0),
      unallocated: Number(c?.unallocated ?? 0),
      no_plan: Number(c?.no_plan ?? 0),
      overdue_reviews: Number(c?.overdue_reviews ?? 0),
      stepped_up: Number(c?.stepped_up ?? 0),
      stepped_down: Number(c?.stepped_down ?? 0),
    }
    let q = listedEpisodes(tx)
      .leftJoin('app_user as u', 'u.id', 'e.lead_user_id')
      .select('u.display_name as lead')
      .where('e.coordinating_organisation_id', '=', la)
      .where('e.closed_on', 'is', null)
    switch (query.filter) {
      case 'unallocated':
        q = q.where('e.lead_user_id', 'is', null)
        break
      case 'no_plan':
        q = q.where('e.phase', 'in', ['awaiting_consent', 'consented', 'assessed'])
        break
      case 'overdue_reviews':
        q = q.where('e.next_review_due_on', '<', today)
        break
      case 'stepped_up':
        q = q.where('e.phase', '=', 'stepped_up')
        break
      case 'stepped_down':
        q = q.where('e.origin', '=', 'step_down')
        break
      case 'all':
        break
    }
    const total = counts[query.filter]
    const { page, pages, offset } = pageWithin(total, PAGE, query.page)
    const rows = await q
      .orderBy(sql`e.next_due_on NULLS LAST`)
      .orderBy('e.id')
      .limit(PAGE)
      .offset(offset)
      .execute()
    const byOrganisation = await sql<{ organisation: string | null; open: string }>`
      SELECT o.name AS organisation, n.open FROM (
        SELECT lead_organisation_id, count(*) AS open FROM family_help_episode
         WHERE coordinating_organisation_id = ${la} AND closed_on IS NULL
         GROUP BY lead_organisation_id) n
      LEFT JOIN organisation o ON o.id = n.lead_organisation_id
      ORDER BY n.open DESC, o.name`.execute(tx)
    await auditActor(tx, actor, meta, now, {
      action: 'family_help.area_viewed',
      reason: decision.reason,
      details: { filter: query.filter, page, shown: rows.length },
    })
    return ok({
      items: rows.map(toItem(today)),
      counts,
      byOrganisation: byOrganisation.rows.map((r) => ({
        organisation: r.organisation ?? 'No lead practitioner yet',
        open: Number(r.open),
      })),
      page,
      pages,
    })
  })
}

/**
 * "My families" in numbers for the home page: the open episodes the person leads as lead practitioner, and how
 * many have a review past due. One COUNT, no names, so no audit row.
 */
export async function myFamilyCounts(deps: Deps, actor: Actor): Promise<{ open: number; reviewOverdue: number }> {
  const today = formatLocalDate(todayInEngland(deps.clock.now()))
  const row = await deps.db
    .selectFrom('family_help_episode as e')
    .select([
      sql<string>`count(*)`.as('open'),
      sql<string>`count(*) FILTER (WHERE e.next_review_due_on < ${today}::date)`.as('review_overdue'),
    ])
    .where('e.lead_user_id', '=', actor.userId)
    .where('e.closed_on', 'is', null)
    .executeTakeFirstOrThrow()
  return { open: Number(row.open), reviewOverdue: Number(row.review_overdue) }
}
