import { sql } from 'kysely'
import { decide, type Action } from '../../access/domain/policy.js'
import { addDays, formatLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import {
  deadlineLabel,
  deadlineState,
  deadlineTag,
  type DeadlineState,
  type DeadlineStatus,
  type GovukTag,
} from '../domain/deadlineState.js'
import type { Duration } from '../domain/rules.js'
import { agreedDeadlineKinds, findRule } from '../domain/rules.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland, type PartnershipClock } from '../steps/partnershipClock.js'
import type { Db } from '../../../platform/db/database.js'
import { pageWithin } from '../../../platform/shared/chiPaging.js'

export type DeadlineScope = 'mine' | 'team' | 'partnership'
export type DeadlineSort = 'due' | 'due_desc' | 'rule'

export interface DeadlineQuery {
  readonly scope: DeadlineScope
  readonly ruleId?: string | undefined
  readonly status?: DeadlineStatus | undefined
  readonly sort: DeadlineSort
  readonly page: number
}

export interface DeadlineItem {
  readonly id: string
  readonly title: string
  readonly ruleId: string
  readonly ruleName: string
  /** A date people agreed (an action from a review), not a statutory timescale: there is no national value. */
  readonly agreed: boolean
  readonly organisation: string
  readonly assignedTo: string | null
  readonly startedOn: string
  readonly dueOn: string
  readonly nationalDueOn: string
  readonly national: Duration
  readonly local: (Duration & { reason: string }) | undefined
  readonly state: DeadlineState
  readonly tag: GovukTag
  readonly label: string
}

export interface DeadlineView {
  readonly today: string
  readonly scope: DeadlineScope
  readonly scopesAllowed: readonly DeadlineScope[]
  readonly counts: Readonly<Record<DeadlineStatus, number>>
  readonly total: number
  readonly page: number
  readonly pages: number
  readonly pageSize: number
  readonly items: readonly DeadlineItem[]
}

export const PAGE_SIZE = 50
/** "Due soon" means due within this many working days (and not today). */
export const DUE_SOON_WORKING_DAYS = 2

function scopeAction(actor: Actor, scope: DeadlineScope): Action {
  if (scope === 'team') return { kind: 'deadlines.view_team', organisationId: actor.organisationId }
  if (scope === 'partnership') return { kind: 'deadlines.view_partnership', localAreaId: actor.localAreaId }
  return { kind: 'deadlines.view_own' }
}

export function scopesFor(actor: Actor): DeadlineScope[] {
  return (['mine', 'team', 'partnership'] as const).filter((s) => decide(actor, scopeAction(actor, s)).allowed)
}

/** Today and the last day that is "due soon", as dates for SQL. */
function limitsFor(clock: PartnershipClock, today: LocalDate): { todayText: string; soonLimit: string } {
  return {
    todayText: formatLocalDate(today),
    soonLimit: formatLocalDate(
      clock.calendar.covers(addDays(today, 30)) ? clock.calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS) : today,
    ),
  }
}

/** The open deadlines of one scope: a worker's own, their organisation's, or the partnership's. */
function deadlinesInScope(db: Db, actor: Actor, scope: DeadlineScope, ruleId?: string) {
  let base = db.selectFrom('deadline as d').where('d.completed_at', 'is', null)
  if (scope === 'mine') base = base.where('d.assigned_user_id', '=', actor.userId)
  else if (scope === 'team') base = base.where('d.organisation_id', '=', actor.organisationId)
  else base = base.where('d.local_area_id', '=', actor.localAreaId)
  if (ruleId !== undefined) base = base.where('d.rule_id', '=', ruleId)
  return base
}

async function countByStatus(
  base: ReturnType<typeof deadlinesInScope>,
  todayText: string,
  soonLimit: string,
): Promise<Record<DeadlineStatus, number>> {
  const counts = await base
    .select([
      sql<string>`count(*) FILTER (WHERE d.due_on < ${todayText}::date)`.as('overdue'),
      sql<string>`count(*) FILTER (WHERE d.due_on = ${todayText}::date)`.as('due_today'),
      sql<string>`count(*) FILTER (WHERE d.due_on > ${todayText}::date AND d.due_on <= ${soonLimit}::date)`.as(
        'due_soon',
      ),
      sql<string>`count(*) FILTER (WHERE d.due_on > ${soonLimit}::date)`.as('not_due'),
    ])
    .executeTakeFirstOrThrow()
  return {
    overdue: Number(counts.overdue),
    due_today: Number(counts.due_today),
    due_soon: Number(counts.due_soon),
    not_due: Number(counts.not_due),
  }
}

/**
 * "Due and overdue" in numbers for the home page, in the person's default scope (what /deadlines opens on): one
 * COUNT, no titles, so no audit row. Undefined when the person may not see that scope.
 */
export async function deadlineCounts(
  deps: Deps,
  actor: Actor,
): Promise<{ scope: DeadlineScope; counts: Record<DeadlineStatus, number> } | undefined> {
  const scope = defaultScope(actor)
  if (!decide(actor, scopeAction(actor, scope)).allowed) return undefined
  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
  const { todayText, soonLimit } = limitsFor(clock, todayInEngland(deps.clock.now()))
  return { scope, counts: await countByStatus(deadlinesInScope(deps.db, actor, scope), todayText, soonLimit) }
}

/**
 * The "Due and overdue" list for a worker, their team (organisation) or the whole partnership, with each
 * item's state computed from the partnership's working-day calendar. The counts cover the whole scope; the
 * items are one page. Viewing is audited because the titles name the work about a child.
 */
export async function listDeadlines(
  deps: Deps,
  actor: Actor,
  query: DeadlineQuery,
  meta: RequestMeta,
): Promise<Result<DeadlineView, DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, scopeAction(actor, query.scope))
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
  const { todayText, soonLimit } = limitsFor(clock, today)
  const base = deadlinesInScope(deps.db, actor, query.scope, query.ruleId)
  const countsByStatus = await countByStatus(base, todayText, soonLimit)

  let filtered = base
  if (query.status === 'overdue') filtered = filtered.where('d.due_on', '<', todayText)
  else if (query.status === 'due_today') filtered = filtered.where('d.due_on', '=', todayText)
  else if (query.status === 'due_soon')
    filtered = filtered.where('d.due_on', '>', todayText).where('d.due_on', '<=', soonLimit)
  else if (query.status === 'not_due') filtered = filtered.where('d.due_on', '>', soonLimit)
  const total =
    query.status === undefined ? Object.values(countsByStatus).reduce((a, b) => a + b, 0) : countsByStatus[query.status]
  const { page, pages, offset } = pageWithin(total, PAGE_SIZE, query.page)

  let itemsQuery = filtered
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .leftJoin('app_user as u', 'u.id', 'd.assigned_user_id')
    .select([
      'd.id',
      'd.title',
      'd.rule_id',
      'd.started_on',
      'd.due_on',
      'd.national_due_on',
      'o.name as organisation',
      'u.display_name as assigned_to',
    ])
  itemsQuery =
    query.sort === 'rule'
      ? itemsQuery.orderBy('d.rule_id').orderBy('d.due_on').orderBy('d.id')
      : itemsQuery.orderBy('d.due_on', query.sort === 'due_desc' ? 'desc' : 'asc').orderBy('d.id')
  const rows = await itemsQuery.limit(PAGE_SIZE).offset(offset).execute()

  const items = rows.map((r): DeadlineItem => {
    const rule = findRule(r.rule_id)
    const effective = clock.effective(r.rule_id)
    const due = parseLocalDate(r.due_on)
    const state = due.ok
      ? deadlineState(due.value as LocalDate, today, clock.calendar, DUE_SOON_WORKING_DAYS)
      : ({ status: 'not_due', workingDaysLeft: 0 } as DeadlineState)
    return {
      id: r.id,
      title: r.title,
      ruleId: r.rule_id,
      ruleName: rule.ok ? rule.value.name : labelOf(agreedDeadlineKinds, r.rule_id),
      agreed: !rule.ok && agreedDeadlineKinds[r.rule_id] !== undefined,
      organisation: r.organisation,
      assignedTo: r.assigned_to,
      startedOn: r.started_on,
      dueOn: r.due_on,
      nationalDueOn: r.national_due_on,
      national: effective?.national ?? { amount: 0, unit: 'working_days' },
      local: effective?.local,
      state,
      tag: deadlineTag(state),
      label: deadlineLabel(state),
    }
  })

  await auditSeen(deps.db, actor, meta, now, {
    action: 'deadlines.viewed',
    subjectType: query.scope === 'partnership' ? 'local_area' : query.scope === 'team' ? 'organisation' : 'user',
    subjectId:
      query.scope === 'partnership' ? actor.localAreaId : query.scope === 'team' ? actor.organisationId : actor.userId,
    reason: decision.reason,
    details: { scope: query.scope, ruleId: query.ruleId, status: query.status, page, shown: items.length },
  })
  return ok({
    today: todayText,
    scope: query.scope,
    scopesAllowed: scopesFor(actor),
    counts: countsByStatus,
    total,
    page,
    pages,
    pageSize: PAGE_SIZE,
    items,
  })
}

export const defaultScope = (actor: Actor): DeadlineScope =>
  hasRole(actor, 'partnership_lead')
    ? 'partnership'
    : hasRole(actor, 'team_manager', 'dsl', 'deputy_dsl', 'health_lead')
      ? 'team'
      : 'mine'
