import { randomUUID } from 'node:crypto'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify'
import type { RequestMeta } from '../platform/context.js'
import type { WebOptions } from '../platform/web/options.js'
import { authPlugin } from '../modules/people/pages/authPlugin.js'
import { securityPlugin } from '../platform/web/plugins/security.js'
import { viewsPlugin } from '../platform/web/plugins/views.js'
import { registerPages } from './pages.js'
import { registerApi } from './api.js'
import { recordRoutes } from '../platform/web/routeTable.js'
import { registerApiDocs } from '../platform/web/plugins/apiDocs.js'
import { errorPage } from '../platform/web/errorPage.js'
import { addressProblemRoute, answerClientError, rerouteFrameworkError } from '../platform/web/routerErrors.js'
import { databaseHealth, isDatabaseUnavailable } from '../platform/db/availability.js'

export type { WebOptions } from '../platform/web/options.js'

declare module 'fastify' {
  interface FastifyRequest {
    meta: RequestMeta
  }
}

const isApiRequest = (request: FastifyRequest): boolean => request.url.startsWith('/api/')

/** No string sent to Together may contain NUL: PostgreSQL cannot store it and no person types it. */
function containsNul(value: unknown, depth = 0): boolean {
  if (depth > 20) return true
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1))
  }
  return false
}

/**
 * Builds the web application around the use cases. It never listens: the server module (or a test) does.
 */
export async function buildApp(options: WebOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger so that the app keeps the FastifyInstance type the route modules are written for.
  const log: FastifyBaseLogger = options.deps.log.child({ component: 'web' })
  const app: FastifyInstance = Fastify({
    // The process's one logger. Fastify's own line per request is off: the console is for start-up, warnings and
    // errors, and a request line is where a child's name in a search would leak. The error handler below writes
    // one line for a 5xx, and 503s write a warning; both carry the correlation id and the path without its query.
    loggerInstance: log,
    logController: new LogController({
      disableRequestLogging: true,
      // The request id is the correlation id people quote from the error page and the audit trail records, so a
      // log line, an audit row and a support call can be matched.
      requestIdLogLabel: 'correlationId',
    }),
    trustProxy: true,
    bodyLimit: 1_048_576,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID()
    },
    routerOptions: { maxParamLength: 200 },
    // Errors found before routing answer through the app's own error page and headers (routerErrors.ts).
    frameworkErrors: rerouteFrameworkError(() => app),
    clientErrorHandler: answerClientError,
  })
  recordRoutes(app)
  app.decorateRequest('meta', null as unknown as RequestMeta)
  app.addHook('onRequest', async (request) => {
    request.meta = { correlationId: request.id, ip: request.ip }
  })
  // At debug (a developer's choice, never the default) one line per request, as stripped as every other line.
  if (options.deps.log.isLevelEnabled('debug')) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed')
    })
  }
  const sealer = options.auditSealer
  if (sealer !== undefined) {
    app.addHook('onResponse', async () => {
      sealer.nudge()
    })
  }

  await app.register(securityPlugin, { cookieSecret: options.cookieSecret, secureCookies: options.secureCookies })
  await app.register(viewsPlugin, { demoMode: options.deps.settings.demoMode })
  await app.register(authPlugin, { deps: options.deps, secureCookies: options.secureCookies })

  app.addHook('preValidation', async (request, reply) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
      if (isApiRequest(request))
        return reply.code(400).send({ error: 'bad_request', message: 'Text must not contain NUL characters' })
      return errorPage(reply, 400, {
        heading: 'There is a problem with what you sent',
        paragraphs: ['Some text contained characters that cannot be stored. Go back and try again.'],
        pageTitle: 'There is a problem',
      })
    }
  })

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiRequest(request))
      return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
    return errorPage(reply, 404, {
      heading: 'Page not found',
      paragraphs: [
        'If you typed the web address, check it is correct.',
        'If you pasted the web address, check you copied the entire address.',
      ],
    })
  })

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isDatabaseUnavailable(error)) return serviceUnavailable(request, reply)
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    const csrfProblem = typeof error.code === 'string' && error.code.startsWith('FST_CSRF')
    if (status >= 500) request.log.error({ req: request, res: { statusCode: 500 }, err: error }, 'request failed')
    if (isApiRequest(request)) {
      if (status >= 500)
        return reply.code(500).send({
          error: 'server_error',
          message: 'Something went wrong. It has been logged.',
          correlationId: request.id,
        })
      return reply
        .code(status)
        .send({ error: status === 400 ? 'bad_request' : 'request_refused', message: error.message })
    }
    if (csrfProblem || status === 403) {
      return errorPage(reply, 403, {
        heading: 'Sorry, that did not work',
        paragraphs: [
          'The form you sent had expired or did not come from this service. Go back, refresh the page and try again.',
        ],
        pageTitle: 'You cannot do that',
      })
    }
    if (status < 500) {
      return errorPage(reply, status, {
        heading: 'There is a problem with what you sent',
        paragraphs: ['Go back and try again.'],
        pageTitle: 'There is a problem',
      })
    }
    return errorPage(reply, 500, {
      heading: 'Sorry, there is a problem with the service',
      paragraphs: [
        'Try again later. Anything you saved before this message is safe.',
        `If you contact support, give this reference: ${request.id}`,
      ],
    })
  })

  // For a load balancer and for people: 200 while requests can be served (with "waiting-for-standby" when writes
  // wait for a synchronous standby, as reads still work), 503 while the database cannot be reached.
  app.get('/health', { config: { access: 'public' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    try {
      await options.deps.db.selectFrom('setting').select('key').limit(1).execute()
      return reply.send(await databaseHealth(options.deps.db))
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e
      request.log.warn({ err: e }, 'health check: the database is unavailable')
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ status: 'unavailable', detail: 'The database cannot be reached.' })
    }
  })

  addressProblemRoute(app)
  await registerApiDocs(app, { publicUrl: options.publicUrl })
  await registerPages(app, options)
  await registerApi(app, options)
  return app
}

/**
 * The database is lost, restarting or failing over: nothing was saved, and the same request will work again
 * shortly without anyone doing anything (the pool connects afresh on the next request). GOV.UK's "service
 * unavailable" pattern, with Retry-After for programs.
 */
async function serviceUnavailable(request: FastifyRequest, reply: FastifyReply) {
  request.log.warn({ req: request, res: { statusCode: 503 } }, 'the database is unavailable: answered 503')
  reply.header('retry-after', '5')
  if (isApiRequest(request))
    return reply.code(503).send({
      error: 'service_unavailable',
      message: 'The service is unavailable for a moment. Nothing was saved. Try again shortly.',
      correlationId: request.id,
    })
  return errorPage(reply, 503, {
    heading: 'Sorry, the service is unavailable',
    paragraphs: [
      'You will be able to use the service again in a few moments.',
      'If you were saving something, it has not been saved. Go back and send it again in a minute.',
      'Anything you saved before this message is safe.',
    ],
  })
}
