import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { readCaseload, type CaseloadPage, type CaseloadSort, type CaseloadStatus } from './caseloadQuery.js'

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
  await deps.db.transaction().execute((tx) =>
    appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'caseload.viewed',
        subjectType: 'user',
        subjectId: actor.userId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { page: view.page, status: query.status, shown: view.items.map((i) => i.episodeId) },
      },
      now,
    ),
  )
  return ok(view)
}
