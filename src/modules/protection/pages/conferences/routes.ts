import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { listConferenceInvitations } from '../../queries/listConferenceInvitations.js'
import { viewConferenceInvitation } from '../../queries/viewConferenceInvitation.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { deniedPage } from '../../../../platform/web/deniedPage.js'

/**
 * The Conference invitations pages for invited agencies' safeguarding leads: their invitations, and for each
 * the child's name and date of birth, the date, and their own agency's report — nothing else of the case.
 */
export function conferenceRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/conferences', async (request, reply) => {
    const result = await listConferenceInvitations(deps, request.actor as Actor, request.meta)
    if (!result.ok)
      return deniedPage(reply, 'Conference invitations are for the safeguarding leads of invited agencies.')
    return reply.page('protection/pages/conferences/list.njk', {
      pageTitle: 'Conference invitations',
      items: result.value,
    })
  })

  app.get<{ Params: { id: string } }>('/conferences/:id', async (request, reply) => {
    const result = await viewConferenceInvitation(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    const c = result.value
    return reply.page('protection/pages/conferences/conference.njk', {
      pageTitle: `Conference for ${c.child.givenName} ${c.child.familyName}`,
      conference: c,
      submissionKey: randomUUID(),
    })
  })
}
