import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { checkProtectionPlanStep } from '../steps/checkProtectionPlan.js'
import { listProtectionChecks } from '../queries/listProtectionChecks.js'
import { viewProtectionCheck } from '../queries/viewProtectionCheck.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { mountSteps } from '../../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

export function protectionCheckRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  // The check itself (GET and POST /protection-check, POST /api/v1/protection-checks) is one step declaration.
  mountSteps(app, deps, [checkProtectionPlanStep])

  app.get<{ Params: { id: string } }>('/protection-check/:id', async (request, reply) => {
    const result = await viewProtectionCheck(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.page('protection-check/pages/result.njk', {
      pageTitle: result.value.planFound ? 'Child protection plan found' : 'No exact match with a child protection plan',
      check: result.value,
    })
  })

  app.get('/protection-checks', async (request, reply) => {
    const q = pageQuery.parse(typeof request.query === 'object' && request.query !== null ? request.query : {})
    const result = await listProtectionChecks(deps, request.actor as Actor, { page: q.page ?? 1 }, request.meta)
    if (!result.ok)
      return denied(
        reply,
        'Only the local authority’s children’s social care sees the checks made about children in its area.',
      )
    return reply.page('protection-check/pages/checks.njk', {
      pageTitle:
        result.value.pages > 1
          ? `Child protection plan checks (page ${result.value.page} of ${result.value.pages})`
          : 'Child protection plan checks',
      view: result.value,
    })
  })
}
