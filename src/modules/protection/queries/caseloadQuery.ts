import { sql, type RawBuilder } from 'kysely'
import { addDays, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { episodePhaseLabels, isEpisodePhase } from '../domain/episode.js'
import {
  deadlineLabel,
  deadlineState,
  deadlineTag,
  type DeadlineState,
  type GovukTag,
} from '../../timescales/domain/deadlineState.js'
import { findRule } from '../../timescales/domain/rules.js'
import type { Db } from '../../../platform/db/database.js'
import { DUE_SOON_WORKING_DAYS } from '../../timescales/queries/listDeadlines.js'
import type { PartnershipClock } from '../../timescales/steps/partnershipClock.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import { pageWithin } from '../../../platform/shared/paging.js'
import { isOneOf, wordList } from '../../../platform/shared/wordList.js'

/**
 * The shared reading of caseloads: open episodes in a scope (one person's, or a local authority's), each with its
 * next open statutory deadline from the deadline table (the clock engine registers, moves and completes them;
 * nothing here computes a due date), sorted and paged, with counts by the state of that next deadline.
 */

export const caseloadSorts = ['due', 'referral'] as const
export type CaseloadSort = (typeof caseloadSorts)[number]
/** A case's state is its next deadline's state; 'none' when no statutory clock is running. */
export const {
  ids: caseloadStatuses,
  labels: caseloadStatusLabels,
  is: isCaseloadStatus,
} = wordList({
  overdue: 'Overdue',
  due_today: 'Due today',
  due_soon: 'Due soon',
  not_due: 'Not due yet',
  none: 'No statutory timescale running',
})
export type CaseloadStatus = (typeof caseloadStatuses)[number]
export type CaseRole = 'lead_practitioner' | 'team_manager' | 'conference_chair'

export const CASELOAD_PAGE_SIZE = 25

export interface NextDeadline {
  readonly ruleId: string
  readonly ruleName: string
  readonly dueOn: string
  readonly nationalDueOn: string
  readonly state: DeadlineState
  readonly tag: GovukTag
  readonly label: string
}

export interface CaseloadItem {
  readonly episodeId: string
  readonly reference: string
  readonly child: {
    readonly id: string
    readonly givenName: string
    readonly familyName: string
    readonly dateOfBirth: string | null
  }
  readonly phase: string
  readonly phaseLabel: string
  readonly referralDate: string
  readonly leadPractitioner: { readonly id: string; readonly name: string } | null
  /** Why the case is on this person's list (my cases only). */
  readonly role: CaseRole | null
  readonly next: NextDeadline | null
}

export type StatusCounts = Readonly<Record<CaseloadStatus, number>>

export interface CaseloadPage {
  readonly today: string
  readonly sort: CaseloadSort
  readonly status: CaseloadStatus | undefined
  readonly counts: StatusCounts
  readonly total: number
  readonly page: number
  readonly pages: number
  readonly pageSize: number
  readonly items: readonly CaseloadItem[]
}

export type CaseloadScope =
  | { readonly kind: 'mine'; readonly userId: string }
  | { readonly kind: 'team'; readonly organisationId: string; readonly worker?: string | 'unallocated' | undefined }

/** Today and the last day that counts as "due soon", from the partnership's working-day calendar. */
export function statusLimits(
  clock: PartnershipClock,
  today: LocalDate,
): { readonly today: string; readonly soon: string } {
  const soon = clock.calendar.covers(addDays(today, 30))
    ? clock.calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS)
    : today
  return { today: formatLocalDate(today), soon: formatLocalDate(soon) }
}

const roles: readonly CaseRole[] = ['lead_practitioner', 'team_manager', 'conference_chair']

/**
 * The open episodes in scope with the due date of their next open deadline (episode.next_due_on, which the
 * database keeps from the deadline table), one row per episode. The caller's ORDER BY and LIMIT run on the
 * caseload indexes, because PostgreSQL inlines this as a subquery.
 */
export function casesSql(scope: CaseloadScope): RawBuilder<unknown> {
  if (scope.kind === 'mine') {
    return sql`
      SELECT m.id, m.lead_user_id, m.referral_date, m.next_due_on AS due_on, min(m.role) AS role
      FROM (
        SELECT id, lead_user_id, referral_date, next_due_on, 1 AS role FROM episode WHERE closed_on IS NULL AND lead_user_id = ${scope.userId}
        UNION ALL
        SELECT id, lead_user_id, referral_date, next_due_on, 2 FROM episode WHERE closed_on IS NULL AND team_manager_user_id = ${scope.userId}
        UNION ALL
        SELECT e.id, e.lead_user_id, e.referral_date, e.next_due_on, 3 FROM conference c JOIN episode e ON e.id = c.episode_id
         WHERE c.chair_user_id = ${scope.userId} AND e.closed_on IS NULL
      ) m
      GROUP BY m.id, m.lead_user_id, m.referral_date, m.next_due_on`
  }
  const worker =
    scope.worker === undefined
      ? sql``
      : scope.worker === 'unallocated'
        ? sql`AND e.lead_user_id IS NULL`
        : sql`AND e.lead_user_id = ${scope.worker}`
  return sql`
    SELECT e.id, e.lead_user_id, e.referral_date, e.next_due_on AS due_on, 0 AS role
    FROM episode e
    WHERE e.local_authority_id = ${scope.organisationId} AND e.closed_on IS NULL ${worker}`
}

function statusCondition(
  status: CaseloadStatus | undefined,
  limits: { today: string; soon: string },
): RawBuilder<unknown> {
  switch (status) {
    case undefined:
      return sql`TRUE`
    case 'overdue':
      return sql`c.due_on < ${limits.today}::date`
    case 'due_today':
      return sql`c.due_on = ${limits.today}::date`
    case 'due_soon':
      return sql`c.due_on > ${limits.today}::date AND c.due_on <= ${limits.soon}::date`
    case 'not_due':
      return sql`c.due_on > ${limits.soon}::date`
    case 'none':
      return sql`c.due_on IS NULL`
  }
}

/** Counts of a case list by the state of each case's next deadline, as SQL select items over `c`. */
const statusCountColumns = (limits: { today: string; soon: string }) =>
  sql.join(
    caseloadStatuses.map(
      (status) => sql`count(*) FILTER (WHERE ${statusCondition(status, limits)}) AS ${sql.ref(status)}`,
    ),
  )

type StatusCountRow = Readonly<Record<CaseloadStatus, string>>

/** Counts for every status, each from `count` (in the order of caseloadStatuses, as pages list them). */
export const statusCounts = (count: (status: CaseloadStatus) => number): StatusCounts =>
  Object.fromEntries(caseloadStatuses.map((status) => [status, count(status)])) as Record<CaseloadStatus, number>

const toCounts = (r: StatusCountRow | undefined): StatusCounts => statusCounts((status) => Number(r?.[status] ?? 0))

/** The cases in `scope` counted by the state of their next deadline (one COUNT, no names). */
export async function countStatuses(
  db: Db,
  scope: CaseloadScope,
  limits: { today: string; soon: string },
): Promise<StatusCounts> {
  const r =
    await sql<StatusCountRow>`WITH c AS (${casesSql(scope)}) SELECT ${statusCountColumns(limits)} FROM c`.execute(db)
  return toCounts(r.rows[0])
}

/** The same counts for each lead practitioner of the cases in `scope` (null: the unallocated cases). */
export async function countStatusesByLead(
  db: Db,
  scope: CaseloadScope,
  limits: { today: string; soon: string },
): Promise<{ readonly workerId: string | null; readonly counts: StatusCounts }[]> {
  const r = await sql<StatusCountRow & { lead_user_id: string | null }>`
    WITH c AS (${casesSql(scope)})
    SELECT c.lead_user_id, ${statusCountColumns(limits)} FROM c GROUP BY c.lead_user_id`.execute(db)
  return r.rows.map((row) => ({ workerId: row.lead_user_id, counts: toCounts(row) }))
}

/**
 * One page of a caseload, with the counts for the whole scope, read in two statements side by side. A caller
 * that already counts the scope another way (the team view's summary by worker) passes its counts in.
 */
export async function readCaseload(
  db: Db,
  scope: CaseloadScope,
  query: { readonly sort: CaseloadSort; readonly status?: CaseloadStatus | undefined; readonly page: number },
  clock: PartnershipClock,
  today: LocalDate,
  knownCounts?: Promise<StatusCounts>,
): Promise<CaseloadPage> {
  const limits = statusLimits(clock, today)
  const cases = casesSql(scope)
  const order =
    query.sort === 'referral' ? sql`c.referral_date, c.id` : sql`c.due_on ASC NULLS LAST, c.referral_date, c.id`
  const countsQuery =
    knownCounts ??
    sql<StatusCountRow>`WITH c AS (${cases}) SELECT ${statusCountColumns(limits)} FROM c`
      .execute(db)
      .then((r) => toCounts(r.rows[0]))
  // The page is read before the total is known; a page past the end is clamped afterwards (rare: a stale link).
  const pageQuery = (page: number) =>
    sql<{
      id: string
      role: number
    }>`WITH c AS (${cases}) SELECT c.id, c.role FROM c WHERE ${statusCondition(query.status, limits)} ORDER BY ${order} LIMIT ${CASELOAD_PAGE_SIZE} OFFSET ${(page - 1) * CASELOAD_PAGE_SIZE}`.execute(
      db,
    )
  const requested = Math.max(1, query.page)
  const [counts, firstTry] = await Promise.all([countsQuery, pageQuery(requested)])
  const total = query.status === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[query.status]
  const { page, pages } = pageWithin(total, CASELOAD_PAGE_SIZE, requested)
  const rows = page === requested ? firstTry.rows : (await pageQuery(page)).rows
  const items = await describeCases(
    db,
    rows.map((r) => ({ id: r.id, role: Number(r.role) })),
    clock,
    today,
  )
  return {
    today: limits.today,
    sort: query.sort,
    status: query.status,
    counts,
    total,
    page,
    pages,
    pageSize: CASELOAD_PAGE_SIZE,
    items,
  }
}

/** The page's episodes with their child, lead practitioner and next deadline (rule, dates, tag), in the given order. */
async function describeCases(
  db: Db,
  rows: readonly { id: string; role: number }[],
  clock: PartnershipClock,
  today: LocalDate,
): Promise<CaseloadItem[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [episodes, deadlines] = await Promise.all([
    db
      .selectFrom('episode as e')
      .innerJoinLateral(childCurrentOf('e.child_id', 'ch'), (j) => j.onTrue())
      .leftJoin('app_user as u', 'u.id', 'e.lead_user_id')
      .select([
        'e.id',
        'e.reference',
        'e.phase',
        'e.referral_date',
        'e.lead_user_id',
        'u.display_name as lead_name',
        'ch.id as child_id',
        'ch.given_name',
        'ch.family_name',
        'ch.date_of_birth',
      ])
      .where('e.id', 'in', ids)
      .execute(),
    db
      .selectFrom('deadline')
      .select(['subject_id', 'rule_id', 'due_on', 'national_due_on'])
      .distinctOn('subject_id')
      .where('completed_at', 'is', null)
      .where('subject_type', '=', 'episode')
      .where('subject_id', 'in', ids)
      .orderBy('subject_id')
      .orderBy('due_on')
      .orderBy('id')
      .execute(),
  ])
  const byId = new Map(episodes.map((e) => [e.id, e]))
  const nextById = new Map(deadlines.map((d) => [d.subject_id, d]))
  return rows.flatMap((r): CaseloadItem[] => {
    const e = byId.get(r.id)
    if (e === undefined) return []
    const d = nextById.get(r.id)
    return [
      {
        episodeId: e.id,
        reference: e.reference,
        child: { id: e.child_id, givenName: e.given_name, familyName: e.family_name, dateOfBirth: e.date_of_birth },
        phase: e.phase,
        phaseLabel: isEpisodePhase(e.phase) ? episodePhaseLabels[e.phase] : e.phase,
        referralDate: e.referral_date,
        leadPractitioner: e.lead_user_id === null ? null : { id: e.lead_user_id, name: e.lead_name ?? '' },
        role: roles[r.role - 1] ?? null,
        next: d === undefined ? null : nextDeadline(d, clock, today),
      },
    ]
  })
}

function nextDeadline(
  d: { rule_id: string; due_on: string; national_due_on: string },
  clock: PartnershipClock,
  today: LocalDate,
): NextDeadline {
  const state = deadlineState(storedDate(d.due_on), today, clock.calendar, DUE_SOON_WORKING_DAYS)
  const rule = findRule(d.rule_id)
  return {
    ruleId: d.rule_id,
    ruleName: rule.ok ? rule.value.name : d.rule_id,
    dueOn: d.due_on,
    nationalDueOn: d.national_due_on,
    state,
    tag: deadlineTag(state),
    label: deadlineLabel(state),
  }
}

export const isCaseloadSort = isOneOf(caseloadSorts)
