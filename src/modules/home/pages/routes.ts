import type { FastifyInstance } from 'fastify'
import { homeSections, immediateDangerAdvice } from '../../people/domain/homePage.js'
import { roleLabels } from '../../../platform/identity/roles.js'

export function homeRoutes(app: FastifyInstance): void {
  app.get('/', async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) return reply.redirect('/sign-in', 303)
    return reply.page('home/pages/home.njk', {
      pageTitle: 'Home',
      sections: homeSections(actor.roles),
      dangerAdvice: immediateDangerAdvice(actor.roles),
      roleNames: actor.roles.map((r) => roleLabels[r]),
    })
  })
}
