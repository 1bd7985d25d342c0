import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { listInformationRequests } from '../queries/listInformationRequests.js'
import { myReferrals } from '../queries/myReferrals.js'
import { referralSent } from '../queries/referralSent.js'
import { viewInformationRequest } from '../queries/viewInformationRequest.js'
import { viewReferral } from '../queries/viewReferral.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { formErrors } from '../../../platform/web/forms.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { deniedPage } from '../../../platform/web/deniedPage.js'
import { childSearchSent, findChild } from './childSearch.js'
import { decisionRows, referralSections } from './present.js'

type Body = Record<string, unknown>

const dangerAnswer = (v: unknown): 'yes' | 'no' | undefined => (v === 'yes' || v === 'no' ? v : undefined)

export function referralRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options
  const notFound = (reply: FastifyReply) => reply.callNotFound()

  app.get('/referrals', async (request, reply) => {
    const items = await myReferrals(deps, request.actor as Actor, request.meta)
    return reply.page('referrals/pages/mine.njk', { pageTitle: 'Your referrals', items })
  })

  // ——— Making a referral: immediate danger first, then the child, then the referral itself, whose form (at
  // /referrals/new/details, sent to /referrals) is the makeReferral step's ———

  app.get('/referrals/new', async (_request, reply) =>
    reply.page('referrals/pages/danger.njk', { pageTitle: 'Is the child in immediate danger?' }),
  )

  app.get('/referrals/new/child', async (request, reply) => {
    const actor = request.actor as Actor
    const q = (request.query ?? {}) as Body
    const danger = dangerAnswer(q.immediateDanger)
    if (danger === undefined) {
      return reply.page(
        'referrals/pages/danger.njk',
        {
          pageTitle: 'Is the child in immediate danger?',
          errors: formErrors({ immediateDanger: 'Select yes if the child is in immediate danger' }),
        },
        400,
      )
    }
    if (danger === 'yes' && q.called !== 'yes')
      return reply.page('referrals/pages/call-999.njk', {
        pageTitle: 'Call 999 now',
        next: '/referrals/new/child?immediateDanger=yes&called=yes',
      })
    const found = await findChild(deps, actor, childSearchSent(q), request.meta)
    return reply.page(
      'referrals/pages/child.njk',
      { pageTitle: 'Which child is the referral about?', danger, called: q.called === 'yes', ...found },
      found.errors === undefined ? 200 : 400,
    )
  })

  app.get<{ Params: { id: string } }>('/referrals/:id/sent', async (request, reply) => {
    const sent = await referralSent(deps, request.actor as Actor, request.params.id, request.meta)
    if (!sent.ok) return notFound(reply)
    return reply.page('referrals/pages/sent.njk', { pageTitle: 'Referral sent', referral: sent.value })
  })

  // The referrer's view of one referral (the local authority works on it at /front-door/referrals/:id).
  app.get<{ Params: { id: string } }>('/referrals/:id', async (request, reply) => {
    const view = await viewReferral(deps, request.actor as Actor, request.params.id, request.meta)
    if (!view.ok) return notFound(reply)
    if (view.value.frontDoor) return reply.redirect(`/front-door/referrals/${view.value.id}`, 303)
    return reply.page('referrals/pages/referral.njk', {
      pageTitle: `Referral ${view.value.reference}`,
      referral: view.value,
      sections: referralSections(view.value),
      decision: view.value.decision === null ? undefined : decisionRows(view.value.decision),
    })
  })

  // ——— Requests for information, for the agency asked ———

  app.get('/information-requests', async (request, reply) => {
    const result = await listInformationRequests(deps, request.actor as Actor, request.meta)
    if (!result.ok) return deniedPage(reply, 'Requests for information go to your organisation’s safeguarding leads.')
    return reply.page('referrals/pages/information-requests.njk', {
      pageTitle: 'Requests for information',
      items: result.value,
    })
  })

  // The request, its answers and the form to answer it; the form is sent to the answerInformationRequest step.
  app.get<{ Params: { id: string } }>('/information-requests/:id', async (request, reply) => {
    const view = await viewInformationRequest(deps, request.actor as Actor, request.params.id, request.meta)
    if (!view.ok) return notFound(reply)
    const q = (request.query ?? {}) as Body
    return reply.page('referrals/pages/information-request.njk', {
      pageTitle: 'Request for information',
      request: view.value,
      answered: q.answered === '1',
      submissionKey: randomUUID(),
    })
  })
}
