import type { FastifyInstance } from 'fastify'
import { homeSections } from '../../people/domain/homePage.js'
import { concernNextStep } from '../../concerns/index.js'
import { roleLabels } from '../../../platform/identity/roles.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { yourWork } from '../domain/yourWork.js'
import { workCounts } from '../queries/workCounts.js'

export function homeRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/', async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) return reply.redirect('/sign-in', 303)
    return reply.page('home/pages/home.njk', {
      pageTitle: 'Home',
      work: yourWork(await workCounts(deps, actor)),
      sections: homeSections(actor.roles),
      // The same words as the concern pages' next step (one table, by who the person is).
      dangerAdvice: concernNextStep(actor.roles, actor.organisationKind).dangerAdvice,
      roleNames: actor.roles.map((r) => roleLabels[r]),
    })
  })
}
