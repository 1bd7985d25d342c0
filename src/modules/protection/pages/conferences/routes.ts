import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { listConferenceInvitations } from '../../queries/listConferenceInvitations.js'
import { submitConferenceReport } from '../../steps/submitConferenceReport.js'
import { viewConferenceInvitation } from '../../queries/viewConferenceInvitation.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { formErrors, formText } from '../../../../platform/web/forms.js'
import { problemStatus } from '../cases/routes.js'

type Body = Record<string, unknown>

/**
 * The Conference invitations pages for invited agencies' safeguarding leads: their invitations, and for each
 * the child's name and date of birth, the date, and their own agency's report — nothing else of the case.
 */
export function conferenceRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/conferences', async (request, reply) => {
    const result = await listConferenceInvitations(deps, request.actor as Actor, request.meta)
    if (!result.ok)
      return reply.page(
        'error.njk',
        {
          pageTitle: 'You do not have access',
          heading: 'You do not have access to this page',
          paragraphs: ['Conference invitations are for the safeguarding leads of invited agencies.'],
          showHomeLink: true,
        },
        403,
      )
    return reply.page('protection/pages/conferences/list.njk', {
      pageTitle: 'Conference invitations',
      items: result.value,
    })
  })

  async function render(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const result = await viewConferenceInvitation(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    const c = result.value
    return reply.page(
      'protection/pages/conferences/conference.njk',
      {
        pageTitle: `Conference for ${c.child.givenName} ${c.child.familyName}`,
        conference: c,
        submissionKey: randomUUID(),
        ...extra,
      },
      status,
    )
  }

  app.get<{ Params: { id: string } }>('/conferences/:id', async (request, reply) => render(request, reply))

  app.post<{ Params: { id: string } }>('/conferences/:id/reports', async (request, reply) => {
    const body = (request.body ?? {}) as Body
    const result = await submitConferenceReport(
      deps,
      request.actor as Actor,
      request.params.id,
      { text: formText(body.report, 200_000), submissionKey: formText(body.submissionKey, 200) || undefined },
      request.meta,
    )
    if (result.ok) return reply.redirect(`/conferences/${request.params.id}?sent=1`, 303)
    if (result.error.code === 'CONFERENCE.NOT_FOUND') return reply.callNotFound()
    const fields = result.error.fields ?? { report: result.error.message }
    return render(
      request,
      reply,
      { errors: formErrors(fields), values: body, submissionKey: formText(body.submissionKey, 200) || randomUUID() },
      problemStatus(result.error.code),
    )
  })
}
