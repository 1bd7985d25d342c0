import type { FastifyInstance, RouteOptions } from 'fastify'
/** Who may reach a route before any other check: anyone, someone half-way through sign-in, or a signed-in person. */
export type RouteAccess = 'public' | 'second_factor' | 'signed_in'

/** One route as the application registered it. */
export interface RegisteredRoute {
  readonly method: string
  /** Fastify's pattern, e.g. `/concerns/:id/decision` or `/assets/*`. */
  readonly url: string
  /** Who may reach it before its handler decides anything (`signed_in` unless the route says otherwise). */
  readonly access: RouteAccess
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route, as registered. The access-matrix tests walk this, so a route without an entry fails the suite. */
    readonly registeredRoutes: () => readonly RegisteredRoute[]
  }
}

/**
 * Records each route as it is added. Must be called before any route or plugin that adds routes. HEAD twins
 * that Fastify adds for GET routes are left out: they answer exactly as the GET does.
 */
export function recordRoutes(app: FastifyInstance): void {
  // The options object is kept rather than copied: plugins' onRoute hooks that run after this one (the static
  // assets are made public that way) change its config, and the table must show the final word.
  const seen: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    seen.push(route)
  })
  app.decorate('registeredRoutes', () => {
    const routes: RegisteredRoute[] = []
    for (const route of seen) {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const access = (route.config as { access?: RouteAccess } | undefined)?.access ?? 'signed_in'
      for (const method of methods) {
        const twin =
          method === 'HEAD' &&
          seen.some((r) => r.url === route.url && (Array.isArray(r.method) ? r.method : [r.method]).includes('GET'))
        if (!twin) routes.push({ method, url: route.url, access })
      }
    }
    return routes
  })
}
