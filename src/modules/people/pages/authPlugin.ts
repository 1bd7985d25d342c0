import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Deps } from '../../../platform/context.js'
import { resolveApiToken } from '../queries/resolveApiToken.js'
import { resolveSession, type SessionState } from '../queries/resolveSession.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { SecureCookies } from '../../../platform/web/options.js'

export const SESSION_COOKIE = 'together_session'

/** Who may reach a route: anyone, someone part-way through signing in, or a fully signed-in person. */
import type { RouteAccess } from '../../../platform/web/routeTable.js'
export type { RouteAccess }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
  interface FastifyRequest {
    actor: Actor | undefined
    session: SessionState
    sessionToken: string | undefined
  }
}

export interface AuthOptions {
  readonly deps: Deps
  readonly secureCookies: SecureCookies
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    app.decorateRequest('actor', undefined)
    app.decorateRequest('session', null as never)
    app.decorateRequest('sessionToken', undefined)

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // Unknown routes get the 404 page whoever asks; the sign-in page is not a hint that a URL exists.
      const access: RouteAccess = request.is404 ? 'public' : (request.routeOptions.config.access ?? 'signed_in')
      const isApi = request.url.startsWith('/api/')
      if (isApi) {
        request.session = { status: 'none' }
        const header = request.headers.authorization
        const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined
        if (bearer !== undefined) request.actor = await resolveApiToken(opts.deps, bearer)
        if (access === 'signed_in' && request.actor === undefined) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .send({ error: 'unauthorised', message: 'Send a valid bearer token from POST /api/v1/auth/token' })
        }
        return
      }
      const token = request.cookies[SESSION_COOKIE]
      const state = await resolveSession(opts.deps, token)
      request.session = state
      request.sessionToken = token
      if (state.status === 'active') request.actor = state.actor
      if (access === 'public') return
      if (access === 'second_factor') {
        if (state.status === 'second_factor') return
        return reply.redirect(state.status === 'active' ? '/' : '/sign-in', 303)
      }
      if (state.status === 'active') return
      if (state.status === 'second_factor') return reply.redirect('/sign-in/two-factor', 303)
      const returnTo = request.method === 'GET' ? `&returnTo=${encodeURIComponent(request.url)}` : ''
      const why = state.status === 'expired' ? `?timedOut=${state.why}` : '?'
      return reply.redirect(`/sign-in${why}${returnTo}`.replace('?&', '?').replace(/\?$/, ''), 303)
    })
  },
  { name: 'auth', dependencies: ['security'] },
)

/** 'auto' marks the cookie Secure exactly when the request came over TLS (see WebOptions.secureCookies). */
export function setSessionCookie(reply: FastifyReply, token: string, secure: SecureCookies): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure })
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' })
}

/** Only same-site relative paths may be returned to after sign-in (no open redirects). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : '/'
}
