import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland } from '../../timescales/steps/partnershipClock.js'
import {
  countStatuses,
  readCaseload,
  statusLimits,
  type CaseloadPage,
  type CaseloadSort,
  type CaseloadStatus,
} from './caseloadQuery.js'

export interface CaseloadQuery {
  readonly sort: CaseloadSort
  readonly status?: CaseloadStatus | undefined
  readonly page: number
}

/**
 * "My cases": the open episodes a social care worker holds as lead practitioner, manages, or chairs a conference
 * for, each with its phase and its next statutory deadline, soonest first. Viewing is audited, because the list
 * names children.
 */
export async function myCaseload(
  deps: Deps,
  actor: Actor,
  query: CaseloadQuery,
  meta: RequestMeta,
): Promise<Result<CaseloadPage, DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'caseload.view_own' })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
  const view = await readCaseload(deps.db, { kind: 'mine', userId: actor.userId }, query, clock, todayInEngland(now))
  await auditSeen(deps.db, actor, meta, now, {
    action: 'caseload.viewed',
    subjectType: 'user',
    subjectId: actor.userId,
    reason: decision.reason,
    details: { page: view.page, status: query.status, shown: view.items.map((i) => i.episodeId) },
  })
  return ok(view)
}

/**
 * "My cases" in numbers for the home page: the open cases a worker holds, manages or chairs, and how many have an
 * overdue statutory deadline. One COUNT over the caseload's own list, no names, so no audit row. Undefined when
 * the person holds no caseload.
 */
export async function myCaseCounts(
  deps: Deps,
  actor: Actor,
): Promise<{ open: number; overdue: number; dueSoon: number } | undefined> {
  if (!decide(actor, { kind: 'caseload.view_own' }).allowed) return undefined
  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
  const limits = statusLimits(clock, todayInEngland(deps.clock.now()))
  const counts = await countStatuses(deps.db, { kind: 'mine', userId: actor.userId }, limits)
  return {
    open: Object.values(counts).reduce((a, b) => a + b, 0),
    overdue: counts.overdue,
    dueSoon: counts.due_today + counts.due_soon,
  }
}
