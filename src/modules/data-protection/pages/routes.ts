import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { apiRoute, type ApiOperation } from '../../../platform/web/apiRoute.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { complaintStageLabels, outcomeLabels, receivedHowLabels, sentHowLabels } from '../domain/complaints.js'
import { mayHandleComplaints, mayReadDataProtectionPolicy } from '../domain/policy.js'
import { article6Labels, processingInOrder } from '../domain/processing.js'
import {
  recordKindLabels,
  retentionConfidenceLabels,
  retentionConfidences,
  scheduleInOrder,
} from '../domain/retention.js'
import { listComplaints, loadComplaint, type ComplaintRecord } from '../queries/complaints.js'
import { COMPLAINT_SUBJECT } from '../steps/complaintSteps.js'
import { labelOf } from '../../../platform/shared/wordList.js'

const TAG = 'Data protection'

const processingAnswer = z.object({
  records: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      purpose: z.string(),
      lawfulBasis: z.array(z.object({ article6: z.string(), text: z.string() })),
      specialCategoryCondition: z.string().nullable(),
      dataSubjects: z.array(z.string()),
      dataCategories: z.array(z.string()),
      recipients: z.array(z.string()),
      retention: z.string(),
      source: z.string(),
      reference: z.string(),
    }),
  ),
})

const retentionAnswer = z.object({
  rules: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      period: z.string(),
      from: z.string(),
      thenWhat: z.string(),
      confidence: z.enum(retentionConfidences),
      confidenceText: z.string(),
      source: z.object({ document: z.string(), section: z.string(), reference: z.string() }).nullable(),
      note: z.string().nullable(),
    }),
  ),
})

const retentionView = () =>
  scheduleInOrder().map((r) => ({
    kind: r.kind,
    name: recordKindLabels[r.kind],
    period: r.period,
    from: r.from,
    thenWhat: r.thenWhat,
    confidence: r.confidence,
    confidenceText: retentionConfidenceLabels[r.confidence],
    source: r.source ?? null,
    note: r.note ?? null,
  }))

const processingView = () => {
  const retention = new Map(scheduleInOrder().map((r) => [r.kind, r.period]))
  return processingInOrder().map((p) => ({
    kind: p.kind,
    name: recordKindLabels[p.kind],
    purpose: p.purpose,
    lawfulBasis: p.article6.map((b) => ({ article6: b, text: article6Labels[b] })),
    specialCategoryCondition: p.article9 ?? null,
    dataSubjects: [...p.dataSubjects],
    dataCategories: [...p.dataCategories],
    recipients: [...p.recipients],
    retention: retention.get(p.kind) ?? '',
    source: p.source,
    reference: p.reference,
  }))
}

const complaintView = (c: ComplaintRecord) => ({
  ...c,
  stageText: complaintStageLabels[c.stage],
  receivedOnText: storedDateInWords(c.receivedOn),
  receivedHowText: labelOf(receivedHowLabels, c.receivedHow),
  acknowledgeByText: storedDateInWords(c.acknowledgeBy),
  acknowledgementText:
    c.acknowledgement === undefined
      ? undefined
      : `${storedDateInWords(c.acknowledgement.on)} by ${labelOf(sentHowLabels, c.acknowledgement.how).toLowerCase()}, recorded by ${c.acknowledgement.by}`,
  outcomeText:
    c.outcome === undefined
      ? undefined
      : {
          label: labelOf(outcomeLabels, c.outcome.outcome),
          on: storedDateInWords(c.outcome.on),
          response: c.outcome.response,
          by: c.outcome.by,
        },
})

export function dataProtectionRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/data-protection', async (request, reply) => {
    const actor = request.actor as Actor
    const d = mayReadDataProtectionPolicy(actor)
    if (!d.allowed) return denied(reply, d.reason)
    return reply.page('data-protection/pages/policy.njk', {
      pageTitle: 'Data protection: what Together holds and for how long',
      processing: processingView(),
      retention: retentionView(),
      mayHandleComplaints: mayHandleComplaints(actor).allowed,
    })
  })

  /** One half of the policy page as JSON, behind the same check as the page. */
  const policyApi = (path: string, operation: Omit<ApiOperation, 'tag'>, answer: () => unknown) =>
    app.get(path, apiRoute({ ...operation, tag: TAG }), async (request, reply) => {
      const d = mayReadDataProtectionPolicy(request.actor as Actor)
      if (!d.allowed) return reply.code(403).send({ error: 'forbidden', message: d.reason })
      return answer()
    })

  policyApi(
    '/api/v1/data-protection/processing-records',
    {
      operationId: 'listProcessingRecords',
      summary: 'The record of processing (UK GDPR Article 30): each kind of record, its purpose and lawful basis',
      ok: { 200: { description: 'One entry per kind of record Together holds', schema: processingAnswer } },
      errors: { 403: 'Only administrators and partnership leads see the record of processing' },
    },
    () => ({ records: processingView() }),
  )

  policyApi(
    '/api/v1/data-protection/retention-schedule',
    {
      operationId: 'listRetentionSchedule',
      summary: 'The retention schedule: how long each kind of record is kept, and the source of each rule',
      ok: { 200: { description: 'One rule per kind of record, with its confidence', schema: retentionAnswer } },
      errors: { 403: 'Only administrators and partnership leads see the retention schedule' },
    },
    () => ({ rules: retentionView() }),
  )

  app.get('/data-protection/complaints', async (request, reply) => {
    const actor = request.actor as Actor
    const d = mayHandleComplaints(actor)
    if (!d.allowed) return denied(reply, d.reason)
    const complaints = await deps.db.transaction().execute(async (tx) => {
      const list = await listComplaints(tx, actor.organisationId)
      await auditActor(tx, actor, request.meta, deps.clock.now(), {
        action: 'data_protection.complaints_viewed',
        subjectType: 'organisation',
        subjectId: actor.organisationId,
        reason: d.reason,
        details: { shown: list.length },
      })
      return list
    })
    return reply.page('data-protection/pages/complaints.njk', {
      pageTitle: 'Data protection complaints',
      complaints: complaints.map(complaintView),
    })
  })

  app.get<{ Params: { complaintId: string }; Querystring: { recorded?: string } }>(
    '/data-protection/complaints/:complaintId',
    async (request, reply) => {
      const actor = request.actor as Actor
      const shown = await deps.db.transaction().execute(async (tx) => {
        const c = await loadComplaint(tx, request.params.complaintId)
        const d = c === undefined ? undefined : mayHandleComplaints(actor, c.organisationId)
        await auditActor(tx, actor, request.meta, deps.clock.now(), {
          action: d?.allowed === true ? 'data_protection.complaint_viewed' : 'data_protection.complaint_denied',
          subjectType: COMPLAINT_SUBJECT,
          subjectId: c?.id,
          reason: d?.reason ?? 'not found',
        })
        return { c, d }
      })
      const { c, d } = shown
      if (c === undefined || d === undefined || (!d.allowed && !d.visible)) return reply.callNotFound()
      if (!d.allowed) return denied(reply, d.reason)
      return reply.page('data-protection/pages/complaint.njk', {
        pageTitle: `Data protection complaint ${c.reference}`,
        recorded: request.query.recorded === '1',
        complaint: complaintView(c),
      })
    },
  )
}
