import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, fieldProblems, zodErrors } from '../../platform/web/apiErrors.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import { recordSharingDecision, confirmSharingReceipt } from './steps/recordSharingDecision.js'
import { openRecordWithReason } from './steps/openRecordWithReason.js'
import { listInvolvedOrganisations, listSharingDecisions } from './queries/childSharing.js'
import { listRecordAccess } from './queries/recordAccess.js'

const text = (max: number) => z.string().max(max).optional()

const decisionRequest = z.object({
  direction: text(40),
  decision: text(40),
  requestedBy: text(400),
  adviceFrom: text(400),
  adviceSoughtOn: text(20),
  lawfulBasis: text(60),
  specialCategory: text(40),
  gateways: z.array(z.string().max(40)).max(10).optional(),
  consent: text(40),
  consentNotSoughtReason: text(12_000),
  told: text(10),
  toldReason: text(12_000),
  identitiesAtRisk: text(10),
  redactions: text(12_000),
  detriment: text(10),
  detrimentReasons: text(12_000),
  necessity: text(12_000),
  entryIds: z.array(z.string().max(100)).max(200).optional(),
  summary: text(12_000),
  recipientOrganisationId: text(100),
  recipientPerson: text(400),
  sharedOn: text(20),
  refusalReasons: text(12_000),
  submissionKey: text(100),
})

const openRequest = z.object({
  nhsNumber: text(40),
  givenName: text(200),
  familyName: text(200),
  dateOfBirth: text(20),
  reason: text(5000),
})

const notFound = (reply: FastifyReply) =>
  reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })

/**
 * Working together on one child through the JSON API: the same use cases, checks and audit as the pages.
 * operationIds (issue 11): recordSharingDecision, listSharingDecisions, listInvolvedOrganisations,
 * openRecordWithReason, listRecordAccess; each route carries its schema (apiRoute), from which the OpenAPI document is generated.
 */
export function sharingApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const serviceUrl = deps.settings.serviceUrl

  app.post<{ Params: { id: string } }>(
    '/api/v1/children/:id/sharing-decisions',
    apiRoute({
      operationId: 'recordSharingDecision',
      tag: 'Sharing',
      summary: 'Record a decision to share (or not) information about a child, with its lawful basis',
      params: ['id'],
      body: decisionRequest,
      ok: {
        201: { description: 'Recorded', schema: z.looseObject({}) },
        200: { description: 'Already recorded with this submissionKey: the first decision', schema: z.looseObject({}) },
      },
      errors: { 403: true, 404: true },
    }),
    async (request, reply) => {
      const parsed = decisionRequest.safeParse(request.body ?? {})
      if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
      const result = await recordSharingDecision(
        deps,
        request.actor as Actor,
        request.params.id,
        parsed.data,
        request.meta,
        serviceUrl,
      )
      if (!result.ok) {
        if (result.error.code === 'CHILD.NOT_FOUND') return notFound(reply)
        return fieldProblems(reply, result.error)
      }
      return reply.code(result.value.repeated ? 200 : 201).send(result.value)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/children/:id/sharing-decisions',
    apiRoute({
      operationId: 'listSharingDecisions',
      tag: 'Sharing',
      summary: 'Your organisation’s sharing decisions about a child, and shares made to it',
      params: ['id'],
      ok: { 200: { description: 'The decisions', schema: z.object({ decisions: z.array(z.looseObject({})) }) } },
      errors: { 404: true },
    }),
    async (request, reply) => {
      const result = await listSharingDecisions(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) {
        return notFound(reply)
      }
      return { decisions: result.value }
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/children/:id/sharing-receipts',
    apiRoute({
      operationId: 'confirmSharingReceipt',
      tag: 'Sharing',
      summary: 'Confirm your organisation received what was shared with it about a child',
      params: ['id'],
      ok: { 200: { description: 'Confirmed', schema: z.looseObject({}) } },
      errors: { 404: true },
    }),
    async (request, reply) => {
      const result = await confirmSharingReceipt(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return notFound(reply)
      return result.value
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/children/:id/involved-organisations',
    apiRoute({
      operationId: 'listInvolvedOrganisations',
      tag: 'Sharing',
      summary: 'Organisations involved with a child: why, since when, and whom to contact',
      params: ['id'],
      ok: {
        200: { description: 'The organisations', schema: z.object({ organisations: z.array(z.looseObject({})) }) },
      },
      errors: { 404: true },
    }),
    async (request, reply) => {
      const result = await listInvolvedOrganisations(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return notFound(reply)
      return { organisations: result.value }
    },
  )

  app.post(
    '/api/v1/record-openings',
    apiRoute({
      operationId: 'openRecordWithReason',
      tag: 'Sharing',
      summary: 'Open a child’s record with a stated reason (exact identity only; audited)',
      body: openRequest,
      ok: { 201: { description: 'Opened', schema: z.looseObject({}) } },
      errors: { 403: true, 404: 'No exact match (never says whether a similar child exists)' },
    }),
    async (request, reply) => {
      const parsed = openRequest.safeParse(request.body ?? {})
      if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
      const result = await openRecordWithReason(deps, request.actor as Actor, parsed.data, request.meta, serviceUrl)
      if (!result.ok) {
        if (result.error.code === 'ACCESS.DENIED')
          return reply.code(403).send({ error: result.error.code, message: result.error.message })
        if (result.error.code === 'RECORD_OPENING.NO_EXACT_MATCH')
          return reply.code(404).send({ error: 'no_exact_match', message: result.error.message })
        return fieldProblems(reply, result.error)
      }
      return reply.code(201).send(result.value)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/children/:id/record-access',
    apiRoute({
      operationId: 'listRecordAccess',
      tag: 'Sharing',
      summary: 'Who has seen this child: the audit trail of the child’s record (filter by organisation or kind)',
      params: ['id'],
      query: z.object({ organisation: z.string().optional(), kind: z.string().optional() }),
      ok: { 200: { description: 'The trail', schema: z.looseObject({}) } },
      errors: { 403: true, 404: true },
    }),
    async (request, reply) => {
      const q = (typeof request.query === 'object' && request.query !== null ? request.query : {}) as Record<
        string,
        unknown
      >
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined)
      const result = await listRecordAccess(
        deps,
        request.actor as Actor,
        request.params.id,
        { organisation: str(q.organisation), kind: str(q.kind) },
        request.meta,
      )
      if (!result.ok) {
        return notFound(reply)
      }
      return result.value
    },
  )
}
