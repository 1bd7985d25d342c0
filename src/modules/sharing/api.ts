import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Deps, RequestMeta } from '../../platform/context.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { Result } from '../../platform/shared/result.js'
import type { WebOptions } from '../../platform/web/options.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import { listInvolvedOrganisations, listSharingDecisions } from './queries/childSharing.js'
import { listRecordAccess } from './queries/recordAccess.js'

const notFound = (reply: FastifyReply) =>
  reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })

/**
 * Working together on one child through the JSON API, the reads: listSharingDecisions, listInvolvedOrganisations,
 * listRecordAccess (issue 11); each route carries its schema (apiRoute), from which the OpenAPI document is
 * generated. The writes (recordSharingDecision, confirmSharingReceipt, openRecordWithReason) are step declarations
 * (steps/), mounted with their pages.
 */
export function sharingApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  /** A list about one child, answered under one key; 404 where the child is not there for this person. */
  const childList = (o: {
    readonly path: string
    readonly operationId: string
    readonly summary: string
    readonly answer: string
    readonly description: string
    readonly list: (deps: Deps, actor: Actor, childId: string, meta: RequestMeta) => Promise<Result<unknown[], unknown>>
  }) =>
    app.get<{ Params: { id: string } }>(
      `/api/v1/children/:id/${o.path}`,
      apiRoute({
        operationId: o.operationId,
        tag: 'Sharing',
        summary: o.summary,
        params: ['id'],
        ok: { 200: { description: o.description, schema: z.object({ [o.answer]: z.array(z.looseObject({})) }) } },
        errors: { 404: true },
      }),
      async (request, reply) => {
        const result = await o.list(deps, request.actor as Actor, request.params.id, request.meta)
        if (!result.ok) return notFound(reply)
        return { [o.answer]: result.value }
      },
    )

  childList({
    path: 'sharing-decisions',
    operationId: 'listSharingDecisions',
    summary: 'Your organisation’s sharing decisions about a child, and shares made to it',
    answer: 'decisions',
    description: 'The decisions',
    list: listSharingDecisions,
  })
  childList({
    path: 'involved-organisations',
    operationId: 'listInvolvedOrganisations',
    summary: 'Organisations involved with a child: why, since when, and whom to contact',
    answer: 'organisations',
    description: 'The organisations',
    list: listInvolvedOrganisations,
  })

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
      if (!result.ok) return notFound(reply)
      return result.value
    },
  )
}
