import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { informationRequestShown, shownInformationRequests } from './informationRequestAccess.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export interface InformationRequestItem {
  readonly id: string
  readonly askedByOrganisation: string
  readonly requestedAt: Date
  readonly childName: string
  readonly childDateOfBirth: string | null
  readonly answers: number
}

/**
 * "Requests for information": what other agencies (the local authority's front door) have asked the viewer's
 * organisation, waiting ones first, newest first. Only the organisation's safeguarding leads see it. The list
 * names children, so each view is audited.
 */
export async function listInformationRequests(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
): Promise<Result<InformationRequestItem[], DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'information_request.answer', toOrganisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const rows = await shownInformationRequests(deps.db)
    .select(
      sql<string>`(SELECT count(*) FROM information_response a WHERE a.information_request_id = q.id)`.as('answers'),
    )
    .where('q.to_organisation_id', '=', actor.organisationId)
    .orderBy(sql`(SELECT count(*) = 0 FROM information_response a WHERE a.information_request_id = q.id)`, 'desc')
    .orderBy('q.requested_at', 'desc')
    .limit(500)
    .execute()
  const items = rows.map((r) => ({ ...informationRequestShown(r), answers: Number(r.answers) }))
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'information_requests.listed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason: decision.reason,
    details: { requests: items.map((i) => i.id) },
  })
  return ok(items)
}
