import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { checkProtectionPlan } from './steps/checkProtectionPlan.js'
import { listProtectionChecks } from './queries/listProtectionChecks.js'
import { viewProtectionCheck } from './queries/viewProtectionCheck.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, fieldProblems, zodErrors } from '../../platform/web/apiErrors.js'
import { apiRoute } from '../../platform/web/apiRoute.js'

const checkRequest = z
  .object({
    nhsNumber: z.string().max(40).optional(),
    givenName: z.string().max(200).optional(),
    familyName: z.string().max(200).optional(),
    dateOfBirth: z.string().max(20).optional().meta({ format: 'date' }),
    reason: z.string().max(5000).optional().meta({ description: 'Required: why you are checking (audited)' }),
    localAreaId: z
      .string()
      .max(100)
      .optional()
      .meta({ format: 'uuid', description: 'Defaults to your own; any other is refused' }),
  })
  .meta({
    description: 'Give nhsNumber, or givenName, familyName and dateOfBirth',
    required: ['reason'],
    anyOf: [{ required: ['nhsNumber'] }, { required: ['givenName', 'familyName', 'dateOfBirth'] }],
  })

const checkAnswer = z
  .looseObject({ id: z.uuid(), checkedAt: z.iso.datetime(), reason: z.string(), planFound: z.boolean() })
  .meta({
    description:
      'The answer: planFound, the plans (start date, category, lead practitioner, local authority contact) and the area’s children’s social care contacts. No plan found reads the same whether or not the child is known.',
  })

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

/** The child protection plan check through the JSON API: the same use cases, checks and audit as the pages. */
export function protectionCheckApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const tag = 'Protection checks'
  const checkRoute = apiRoute({
    operationId: 'checkProtectionPlan',
    tag,
    summary:
      'Check whether a child in your local area has a current child protection plan (police and health safeguarding roles; audited; the local authority is told)',
    body: checkRequest,
    ok: { 201: { description: 'The answer, as recorded', schema: checkAnswer } },
    errors: { 400: true, 403: 'Not a police or health safeguarding role, or another local area' },
  })
  app.post('/api/v1/protection-checks', checkRoute, async (request, reply) => {
    const parsed = checkRequest.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await checkProtectionPlan(
      deps,
      request.actor as Actor,
      parsed.data,
      request.meta,
      deps.settings.serviceUrl,
    )
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED')
        return reply.code(403).send({ error: result.error.code, message: result.error.message })
      return fieldProblems(reply, result.error)
    }
    return reply.code(201).send(result.value)
  })

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
