import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { checkAnswer } from './steps/checkProtectionPlan.js'
import { listProtectionChecks } from './queries/listProtectionChecks.js'
import { viewProtectionCheck } from './queries/viewProtectionCheck.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { apiRoute } from '../../platform/web/apiRoute.js'

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

/**
 * The checks made, through the JSON API: the list and one check again, as the pages show them. The check itself
 * (POST /api/v1/protection-checks) is the step checkProtectionPlanStep.
 */
export function protectionCheckApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const tag = 'Protection checks'
  const listRoute = apiRoute({
    operationId: 'listProtectionChecks',
    tag,
    summary: 'Checks your local authority was told about, newest first (children’s social care)',
    query: z.object({ page: z.number().int().min(1).optional() }),
    ok: {
      200: {
        description: 'One page of checks',
        schema: z.looseObject({
          total: z.number().int(),
          page: z.number().int(),
          pages: z.number().int(),
          pageSize: z.number().int(),
          items: z.array(z.looseObject({ id: z.uuid(), checkedAt: z.iso.datetime(), reason: z.string() })),
        }),
      },
    },
    errors: { 403: 'Not children’s social care' },
  })
  app.get('/api/v1/protection-checks', listRoute, async (request, reply) => {
    const q = pageQuery.parse(typeof request.query === 'object' && request.query !== null ? request.query : {})
    const result = await listProtectionChecks(deps, request.actor as Actor, { page: q.page ?? 1 }, request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })

  const getRoute = apiRoute({
    operationId: 'getProtectionCheck',
    tag,
    summary: 'A check you made, as it was answered',
    params: ['id'],
    ok: { 200: { description: 'The check', schema: checkAnswer } },
    errors: { 404: 'No such check, or not yours (audited)' },
  })
  app.get<{ Params: { id: string } }>('/api/v1/protection-checks/:id', getRoute, async (request, reply) => {
    const result = await viewProtectionCheck(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
    return result.value
  })
}
