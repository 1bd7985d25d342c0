import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland } from '../../timescales/steps/partnershipClock.js'
import {
  caseloadStatuses,
  countStatusesByLead,
  readCaseload,
  statusCounts,
  statusLimits,
  type CaseloadPage,
  type StatusCounts,
} from './caseloadQuery.js'
import type { CaseloadQuery } from './myCaseload.js'

export interface TeamCaseloadQuery extends CaseloadQuery {
  /** A worker's user id, or 'unallocated' for cases with no lead practitioner; anything else shows everyone. */
  readonly worker?: string | undefined
}

export interface WorkerSummary {
  /** null for the unallocated cases. */
  readonly workerId: string | null
  readonly name: string
  readonly open: number
  readonly counts: StatusCounts
}

export interface TeamCaseload extends CaseloadPage {
  readonly worker: string | undefined
  readonly workerName: string | undefined
  /** Unallocated first (they need a worker), then each worker by name. */
  readonly workers: readonly WorkerSummary[]
  readonly totals: StatusCounts
}

const sum = (list: readonly StatusCounts[]): StatusCounts =>
  statusCounts((status) => list.reduce((a, c) => a + c[status], 0))

/**
 * A team manager's view of every open episode of the local authority: how many each worker holds and how many of
 * those are overdue or due, the unallocated ones, and a page of cases (for one worker, or all) by next deadline.
 */
export async function teamCaseload(
  deps: Deps,
  actor: Actor,
  query: TeamCaseloadQuery,
  meta: RequestMeta,
): Promise<Result<TeamCaseload, DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'caseload.view_team', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
  const worker =
    query.worker === 'unallocated' || (query.worker !== undefined && isUuid(query.worker)) ? query.worker : undefined
  const limits = statusLimits(clock, today)

  const byWorker = countStatusesByLead(deps.db, { kind: 'team', organisationId: actor.organisationId }, limits)
  const countsForPage = byWorker.then((rows) =>
    sum(
      rows
        .filter((r) => worker === undefined || (worker === 'unallocated' ? r.workerId === null : r.workerId === worker))
        .map((r) => r.counts),
    ),
  )
  const [groups, view] = await Promise.all([
    byWorker,
    readCaseload(
      deps.db,
      { kind: 'team', organisationId: actor.organisationId, worker },
      query,
      clock,
      today,
      countsForPage,
    ),
  ])

  // Workers: everyone holding a case here, and the local authority's social workers even with none.
  const holding = groups.flatMap((g) => (g.workerId === null ? [] : [g.workerId]))
  const people = await deps.db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('organisation_id', '=', actor.organisationId),
          eb('active', '=', true),
          sql<boolean>`roles && ARRAY['social_worker']::text[]`,
        ]),
        ...(holding.length === 0 ? [] : [eb('id', 'in', holding)]),
      ]),
    )
    .execute()
  const none = statusCounts(() => 0)
  const total = (c: StatusCounts) => caseloadStatuses.reduce((a, status) => a + c[status], 0)
  const unallocated = groups.find((g) => g.workerId === null)?.counts ?? none
  const workers: WorkerSummary[] = [
    { workerId: null, name: 'Unallocated', open: total(unallocated), counts: unallocated },
    ...people
      .map((p) => {
        const counts = groups.find((g) => g.workerId === p.id)?.counts ?? none
        return { workerId: p.id, name: p.display_name, open: total(counts), counts }
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.workerId.localeCompare(b.workerId)),
  ]
  const workerName =
    worker === undefined
      ? undefined
      : (workers.find((w) => (worker === 'unallocated' ? w.workerId === null : w.workerId === worker))?.name ??
        'Unknown worker')

  await auditSeen(deps.db, actor, meta, now, {
    action: 'caseload.team_viewed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason: decision.reason,
    details: { worker, status: query.status, page: view.page, shown: view.items.map((i) => i.episodeId) },
  })
  return ok({ ...view, worker, workerName, workers, totals: sum(groups.map((g) => g.counts)) })
}
