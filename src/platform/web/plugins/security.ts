import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import qs from 'node:querystring'
import type { SecureCookies } from '../options.js'

export interface SecurityOptions {
  readonly cookieSecret: string
  readonly secureCookies: SecureCookies
}

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * Helmet with a per-request CSP nonce for govuk-frontend's inline script, signed cookies, and CSRF tokens on
 * every form. The token is checked in `preHandler` (after the form body is parsed); `onRequest` would reject
 * every HTML form post because the body is not yet read.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, opts: SecurityOptions) => {
    await app.register(helmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: opts.secureCookies === true ? [] : null,
        },
      },
      // Sent below, per request: behind a TLS-terminating proxy only the request says whether TLS was used.
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
    })
    app.addHook('onRequest', async (request, reply) => {
      // request.protocol honours X-Forwarded-Proto because the app trusts its proxy (trustProxy).
      if (opts.secureCookies === true || (opts.secureCookies === 'auto' && request.protocol === 'https'))
        void reply.header('strict-transport-security', HSTS)
    })
    await app.register(cookie, { secret: opts.cookieSecret })
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: '_csrf',
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: opts.secureCookies },
    })
    // Limit field count and size: a form never needs more, and a flood of fields is an attack, not a user.
    await app.register(formbody, { bodyLimit: 1_048_576, parser: (body) => qs.parse(body, '&', '=', { maxKeys: 200 }) })
    // Anything behind sign-in may show a child's details or someone's work: no browser or proxy may keep a copy.
    // Pages set this themselves; this covers the JSON API and every other answer, refusals included.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.routeOptions.config.access !== 'public' && !reply.hasHeader('cache-control'))
        void reply.header('cache-control', 'no-store')
      return payload
    })
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const changesState = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))
      // The JSON API authenticates with bearer tokens (not cookies), so cross-site form posts cannot use it.
      if (!changesState || route.url.startsWith('/api/')) return
      const existing =
        route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]
      route.preHandler = [app.csrfProtection, ...existing]
    })
  },
  { name: 'security' },
)
