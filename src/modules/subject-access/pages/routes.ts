import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { childWithFacts, type ChildRecord } from '../../children/queries/childAccess.js'
import { chronologyTypeLabels } from '../../children/pages/chronologyLabels.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import { errorPage } from '../../../platform/web/errorPage.js'
import { refusalMessage } from '../../../platform/steps/defineStep.js'
import { requesterLabels, withholdingGroundLabels } from '../domain/subjectAccess.js'
import { answeredRequests, keyedChronology, openRequest, subjectAccessDecision } from '../queries/subjectAccess.js'

type Refusal = DomainError<'SUBJECT_ACCESS.NOT_FOUND' | 'SUBJECT_ACCESS.DENIED'>

/**
 * The gate for the subject access page: no such child (404) for anyone who may not see the child, 403 for those
 * who see the record but do not answer these requests; both audited. (Its steps, the export too, are the engine's.)
 */
async function gate(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
  action: string,
): Promise<Result<{ reason: string; child: ChildRecord }, Refusal>> {
  const now = deps.clock.now()
  const found = isUuid(childId) ? await childWithFacts(deps.db, childId, actor.userId, now) : undefined
  const decision = found === undefined ? undefined : subjectAccessDecision(actor, found.facts)
  if (found === undefined || decision === undefined || !decision.allowed) {
    await auditRefusal(
      deps.db,
      actor,
      {
        action: `${action}.denied`,
        subjectType: 'child',
        subjectId: childId,
        reason: decision?.reason ?? 'no such child',
      },
      meta,
      now,
    )
    return decision !== undefined && !decision.allowed && decision.visible
      ? err(domainError('SUBJECT_ACCESS.DENIED', refusalMessage(decision.reason)))
      : err(domainError('SUBJECT_ACCESS.NOT_FOUND', 'There is no such child'))
  }
  return ok({ reason: decision.reason, child: found.child })
}

export function subjectAccessRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get<{ Params: { childId: string } }>('/children/:childId/subject-access', async (request, reply) => {
    const actor = request.actor as Actor
    const childId = request.params.childId
    const allowed = await gate(deps, actor, childId, request.meta, 'viewSubjectAccess')
    if (!allowed.ok) return refusalPage(reply, allowed.error)
    const open = await openRequest(deps.db, childId, actor.organisationId)
    const answered = await answeredRequests(deps.db, childId, actor.organisationId)
    // The entries are read (and the read audited) only when there is a request to answer.
    const chronology = open === undefined ? undefined : await keyedChronology(deps, actor, childId, request.meta)
    const c = allowed.value.child
    const child = chronology?.child ?? { id: c.id, givenName: c.given_name, familyName: c.family_name }
    const withheld = new Map((open?.redactions ?? []).map((r) => [r.entryKey, r]))
    return reply.page('subject-access/pages/subjectAccess.njk', {
      pageTitle: `Subject access: ${child.givenName} ${child.familyName}`,
      child,
      open:
        open === undefined
          ? undefined
          : {
              ...open,
              requesterLabel: requesterLabels[open.requester],
              redactions: open.redactions.map((r) => ({ ...r, groundLabel: withholdingGroundLabels[r.ground] })),
            },
      answered,
      // The export button's form: sent twice, it is refused rather than making the export again.
      submissionKey: randomUUID(),
      entries:
        chronology === undefined
          ? []
          : chronology.entries.map((e) => {
              const r = withheld.get(e.entryKey)
              return {
                ...e,
                typeLabel: labelOf(chronologyTypeLabels, e.type),
                withheld: r === undefined ? undefined : withholdingGroundLabels[r.ground],
              }
            }),
    })
  })
}

function refusalPage(reply: FastifyReply, e: Refusal) {
  if (e.code === 'SUBJECT_ACCESS.NOT_FOUND') return reply.callNotFound()
  return errorPage(reply, 403, { heading: 'You cannot do that', paragraphs: [e.message] })
}
