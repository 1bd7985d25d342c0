import type { FastifyInstance } from 'fastify'
import { homeSections } from '../../people/domain/homePage.js'
import { concernNextStep } from '../../concerns/domain/nextStep.js'
import { roleLabels } from '../../../platform/identity/roles.js'

export function homeRoutes(app: FastifyInstance): void {
  app.get('/', async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) return reply.redirect('/sign-in', 303)
    return reply.page('home/pages/home.njk', {
      pageTitle: 'Home',
      sections: homeSections(actor.roles),
      // The same words as the concern pages' next step (one table, by who the person is).
      dangerAdvice: concernNextStep(actor.roles, actor.organisationKind).dangerAdvice,
      roleNames: actor.roles.map((r) => roleLabels[r]),
    })
  })
}
