import type { FastifyInstance } from 'fastify'

/** Pages anyone may read, signed in or not. */
export function infoRoutes(app: FastifyInstance): void {
  const pages: [string, string, string][] = [
    ['/cookies', 'info/pages/cookies.njk', 'Cookies'],
    ['/accessibility', 'info/pages/accessibility.njk', 'Accessibility statement'],
    ['/guidance/if-a-child-tells-you', 'info/pages/if-a-child-tells-you.njk', 'If a child tells you something'],
  ]
  for (const [url, template, pageTitle] of pages) {
    app.get(url, { config: { access: 'public' } }, async (_request, reply) => reply.page(template, { pageTitle }))
  }
}
