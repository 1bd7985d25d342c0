import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { issueApiToken } from '../modules/people/steps/issueApiToken.js'
import type { WebOptions } from '../platform/web/options.js'
import { openApiDocument } from './openapi.js'
import { childApiRoutes } from '../modules/children/api.js'
import { concernApiRoutes } from '../modules/concerns/api.js'
import { caseApiRoutes } from '../modules/protection/api/cases.js'
import { caseloadApiRoutes } from '../modules/protection/api/caseload.js'
import { protectionCheckApiRoutes } from '../modules/protection-check/api.js'
import { referralApiRoutes } from '../modules/referrals/api.js'
import { sharingApiRoutes } from '../modules/sharing/api.js'

import { badRequest, zodErrors } from '../platform/web/apiErrors.js'

const tokenRequest = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(320)
    .email('Enter an email address in the correct format'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(256),
  totp: z.string().max(20).optional(),
})

export async function registerApi(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { deps } = options
  childApiRoutes(app, options)
  concernApiRoutes(app, options)
  caseApiRoutes(app, options)
  caseloadApiRoutes(app, options)
  protectionCheckApiRoutes(app, options)
  referralApiRoutes(app, options)
  sharingApiRoutes(app, options)
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => openApiDocument)

  app.post('/api/v1/auth/token', { config: { access: 'public' } }, async (request, reply) => {
    const parsed = tokenRequest.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await issueApiToken(deps, parsed.data, request.meta)
    if (!result.ok) {
      const e = result.error
      const status = e.code === 'AUTH.LOCKED_OUT' ? 423 : e.code === 'AUTH.CODE_REQUIRED' ? 401 : 401
      return reply.code(status).send({
        error: e.code,
        message: e.message,
        ...(e.fields ? { errors: Object.entries(e.fields).map(([field, message]) => ({ field, message })) } : {}),
      })
    }
    return reply
      .header('cache-control', 'no-store')
      .send({ token: result.value.token, tokenType: 'Bearer', expiresAt: result.value.expiresAt.toISOString() })
  })

  app.get('/api/v1/me', async (request) => {
    const a = request.actor
    if (a === undefined) throw new Error('unreachable: signed-in route without an actor')
    return {
      id: a.userId,
      name: a.displayName,
      email: a.email,
      roles: a.roles,
      organisation: { id: a.organisationId, name: a.organisationName, kind: a.organisationKind },
      localAreaId: a.localAreaId,
    }
  })
}
