import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { checkProtectionPlan } from './steps/checkProtectionPlan.js'
import { listProtectionChecks } from './queries/listProtectionChecks.js'
import { viewProtectionCheck } from './queries/viewProtectionCheck.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'

const checkRequest = z.object({
  nhsNumber: z.string().max(40).optional(),
  givenName: z.string().max(200).optional(),
  familyName: z.string().max(200).optional(),
  dateOfBirth: z.string().max(20).optional(),
  reason: z.string().max(5000).optional(),
  localAreaId: z.string().max(100).optional(),
})

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

/** The child protection plan check through the JSON API: the same use cases, checks and audit as the pages. */
export function protectionCheckApiRoutes(app: FastifyInstance, { deps, publicUrl }: WebOptions): void {
  app.post('/api/v1/protection-checks', async (request, reply) => {
    const parsed = checkRequest.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await checkProtectionPlan(
      deps,
      request.actor as Actor,
      parsed.data,
      request.meta,
      publicUrl ?? `${request.protocol}://${request.host}`,
    )
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED')
        return reply.code(403).send({ error: result.error.code, message: result.error.message })
      return badRequest(
        reply,
        Object.entries(result.error.fields ?? { form: result.error.message }).map(([field, message]) => ({
          field,
          message,
        })),
      )
    }
    return reply.code(201).send(result.value)
  })

  app.get('/api/v1/protection-checks', async (request, reply) => {
    const q = pageQuery.parse(typeof request.query === 'object' && request.query !== null ? request.query : {})
    const result = await listProtectionChecks(deps, request.actor as Actor, { page: q.page ?? 1 }, request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })

  app.get<{ Params: { id: string } }>('/api/v1/protection-checks/:id', async (request, reply) => {
    const result = await viewProtectionCheck(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
    return result.value
  })
}
