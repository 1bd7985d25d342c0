import type { FastifyInstance, FastifyReply } from 'fastify'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { childWithFacts, type ChildRecord } from '../../children/queries/childAccess.js'
import { renderChronologyPdf } from '../../children/pages/chronologyPdf.js'
import { chronologyTypeLabels } from '../../children/pages/chronologyLabels.js'
import { completeDeadline } from '../../timescales/steps/registerDeadline.js'
import { markWithheld, requesterLabels, withheldText, withholdingGroundLabels } from '../domain/subjectAccess.js'
import { answeredRequests, keyedChronology, openRequest, subjectAccessDecision } from '../queries/subjectAccess.js'
import { SUBJECT_ACCESS_RULE, SUBJECT_ACCESS_SUBJECT } from '../steps/subjectAccessSteps.js'

type Refusal = DomainError<'SUBJECT_ACCESS.NOT_FOUND' | 'SUBJECT_ACCESS.DENIED' | 'SUBJECT_ACCESS.CONFLICT'>

/**
 * The gate for the subject access pages and the export: no such child (404) for anyone who may not see the child,
 * 403 for those who see the record but do not answer these requests; both audited.
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
    await deps.db.transaction().execute((tx) =>
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: `${action}.denied`,
          subjectType: 'child',
          subjectId: childId.slice(0, 100),
          reason: decision?.reason ?? 'no such child',
          correlationId: meta.correlationId,
        },
        now,
      ),
    )
    return decision !== undefined && !decision.allowed && decision.visible
      ? err(domainError('SUBJECT_ACCESS.DENIED', `You cannot do this: ${decision.reason}`))
      : err(domainError('SUBJECT_ACCESS.NOT_FOUND', 'There is no such child'))
  }
  return ok({ reason: decision.reason, child: found.child })
}

const longDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const dayWords = (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`))

/**
 * The export: the chronology as the handler may see it, as a PDF, each withheld entry replaced by
 * "Withheld: <reason>". Making it answers the request and stops its clock, in one transaction with its audit row.
 */
export async function exportSubjectAccess(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<Result<{ pdf: Buffer; requestId: string }, Refusal>> {
  const allowed = await gate(deps, actor, childId, meta, 'exportSubjectAccess')
  if (!allowed.ok) return allowed
  const request = await openRequest(deps.db, childId, actor.organisationId)
  if (request === undefined)
    return err(domainError('SUBJECT_ACCESS.CONFLICT', 'There is no open subject access request about this child'))
  if (!request.identityVerified)
    return err(
      domainError('SUBJECT_ACCESS.CONFLICT', 'Verify the requester’s identity before anything is released to them'),
    )
  const chronology = await keyedChronology(deps, actor, childId, meta, true)
  if (chronology === undefined) return err(domainError('SUBJECT_ACCESS.NOT_FOUND', 'There is no such child'))
  const marked = markWithheld(chronology.entries, request.redactions)
  const now = deps.clock.now()
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' })
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium' })
  const year = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' })
  const child = chronology.child
  const withheld = marked.filter((m) => m.withheld !== undefined).length
  const pdf = await renderChronologyPdf({
    purpose: `Subject access request from ${request.requesterName} (${requesterLabels[request.requester].toLowerCase()}), received ${dayWords(request.receivedOn)}`,
    childName: `${child.givenName} ${child.familyName}`.trim(),
    childDetails: [
      child.dateOfBirth === null
        ? `Unborn, due ${child.expectedDateOfDelivery === null ? 'date not known' : dayWords(child.expectedDateOfDelivery)}`
        : `Born ${dayWords(child.dateOfBirth)}`,
      child.nhsNumber === null ? '' : `NHS number ${child.nhsNumber}`,
    ]
      .filter((x) => x !== '')
      .join('. '),
    agencies: [...new Set(marked.filter((m) => m.withheld === undefined).map((m) => m.entry.organisation))].sort(),
    generatedFor: `${actor.displayName}, ${actor.organisationName}`,
    generatedAt: when.format(now),
    note:
      withheld === 0
        ? 'Nothing has been withheld.'
        : `${withheld} of ${marked.length} entries are withheld under the Data Protection Act 2018 (Schedules 2 and 3); each shows why.`,
    entries: marked.map(({ entry: e, withheld: ground }) => ({
      when: (e.dateOnly ? day : when).format(e.at),
      year: year.format(e.at),
      what: ground === undefined ? `${chronologyTypeLabels[e.type] ?? e.type} ${e.reference}` : 'Withheld entry',
      source: ground === undefined ? [e.organisation, e.author].filter((x) => x !== '').join(', ') : 'Withheld',
      text: ground === undefined ? e.summary : withheldText(ground),
      key: ground === undefined && e.key,
    })),
  })
  const answered = await deps.db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('subject_access_request')
      .set({ exported_at: now, exported_by: actor.userId })
      .where('id', '=', request.id)
      .where('exported_at', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) === 0) return false
    await completeDeadline(tx, { type: SUBJECT_ACCESS_SUBJECT, id: request.id }, SUBJECT_ACCESS_RULE, now)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'subject_access.exported',
        subjectType: SUBJECT_ACCESS_SUBJECT,
        subjectId: request.id,
        reason: allowed.value.reason,
        correlationId: meta.correlationId,
        details: { childId, entries: marked.length, withheld },
      },
      now,
    )
    return true
  })
  if (!answered) return err(domainError('SUBJECT_ACCESS.CONFLICT', 'This request has already been answered'))
  return ok({ pdf, requestId: request.id })
}

const pdfHeaders = (reply: FastifyReply, childId: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="subject-access-${childId}.pdf"`)
    .header('cache-control', 'no-store')

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
      entries:
        chronology === undefined
          ? []
          : chronology.entries.map((e) => {
              const r = withheld.get(e.entryKey)
              return {
                ...e,
                typeLabel: chronologyTypeLabels[e.type] ?? e.type,
                withheld: r === undefined ? undefined : withholdingGroundLabels[r.ground],
              }
            }),
    })
  })

  app.post<{ Params: { childId: string } }>('/children/:childId/subject-access/export', async (request, reply) => {
    const result = await exportSubjectAccess(deps, request.actor as Actor, request.params.childId, request.meta)
    if (!result.ok) return refusalPage(reply, result.error)
    return pdfHeaders(reply, request.params.childId).send(result.value.pdf)
  })

  const exportRoute = apiRoute({
    operationId: 'exportSubjectAccess',
    tag: 'subject-access',
    summary: 'Answer the open subject access request about a child: the record as a PDF, withheld entries marked',
    description:
      'The chronology you may see, each withheld entry replaced by "Withheld: <reason>". Answers the request and stops its clock.',
    params: ['childId'],
    ok: {
      200: {
        description: 'The PDF for the requester',
        schema: { type: 'string', format: 'binary' },
        contentTypes: ['application/pdf'],
      },
    },
    errors: {
      403: 'You see the child’s record but do not answer subject access requests (audited)',
      404: true,
      409: 'No open request, the requester’s identity is not verified, or it has already been answered',
    },
  })
  app.post<{ Params: { childId: string } }>(
    '/api/v1/children/:childId/subject-access/export',
    exportRoute,
    async (request, reply) => {
      const result = await exportSubjectAccess(deps, request.actor as Actor, request.params.childId, request.meta)
      if (!result.ok) {
        const e = result.error
        if (e.code === 'SUBJECT_ACCESS.NOT_FOUND')
          return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
        if (e.code === 'SUBJECT_ACCESS.DENIED') return reply.code(403).send({ error: 'forbidden', message: e.message })
        return reply.code(409).send({ error: 'conflict', message: e.message })
      }
      return pdfHeaders(reply, request.params.childId).send(result.value.pdf)
    },
  )
}

function refusalPage(reply: FastifyReply, e: Refusal) {
  if (e.code === 'SUBJECT_ACCESS.NOT_FOUND') return reply.callNotFound()
  return reply.page(
    'error.njk',
    {
      pageTitle: e.code === 'SUBJECT_ACCESS.DENIED' ? 'You cannot do that' : 'This cannot be done now',
      heading: e.code === 'SUBJECT_ACCESS.DENIED' ? 'You cannot do that' : 'This cannot be done now',
      paragraphs: [e.message],
      showHomeLink: true,
    },
    e.code === 'SUBJECT_ACCESS.DENIED' ? 403 : 409,
  )
}
