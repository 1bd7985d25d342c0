import { repeatedConcernAlerts } from '../../../concerns/queries/repeatedConcernAlerts.js'
import { referrerTold } from './referrerTold.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { frontDoorQueue, type DecisionDue } from '../../queries/frontDoorQueue.js'
import { viewReferral, type ReferralView } from '../../queries/viewReferral.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import { isReferralChannel, referralChannelLabels } from '../../domain/referral.js'
import { filterItems } from '../../../../platform/web/filterItems.js'
import { optionsOf } from '../../../../platform/shared/wordList.js'
import { formText } from '../../../../platform/web/forms.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { deniedPage } from '../../../../platform/web/deniedPage.js'
import { childSearchSent, findChild } from '../childSearch.js'
import { decisionRows, referralSections } from '../present.js'

type Body = Record<string, unknown>
const str = formText

// The queue's filters, in the order their selects list them.
const acknowledgedOptions = optionsOf({ no: 'Not yet acknowledged', yes: 'Acknowledged' })
const dueOptions = optionsOf({ overdue: 'Overdue', due_today: 'Due today', later: 'Due later' })

export function frontDoorRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options
  const notFound = (reply: FastifyReply) => reply.callNotFound()

  app.get('/front-door', async (request, reply) => {
    const actor = request.actor as Actor
    const q = (request.query ?? {}) as Body
    const channel = str(q.channel, 30)
    const acknowledged = str(q.acknowledged, 5)
    const due = str(q.due, 20)
    const page = Number.parseInt(str(q.page, 10), 10)
    const query = {
      urgentOnly: str(q.urgent, 5) === 'yes',
      channel: isReferralChannel(channel) ? channel : undefined,
      acknowledged: acknowledged === 'yes' ? true : acknowledged === 'no' ? false : undefined,
      due: ['overdue', 'due_today', 'later'].includes(due) ? (due as DecisionDue) : undefined,
      page: Number.isFinite(page) ? page : 1,
    }
    const result = await frontDoorQueue(deps, actor, query, request.meta)
    if (!result.ok) return deniedPage(reply, 'Only the local authority’s front door sees its referrals.')
    const params = {
      urgent: query.urgentOnly ? 'yes' : '',
      channel: query.channel ?? '',
      acknowledged,
      due: query.due ?? '',
    }
    const link = (pageNumber: number) =>
      `/front-door?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '')), page: String(pageNumber) }).toString()}`
    return reply.page('referrals/pages/front-door/queue.njk', {
      pageTitle: 'Front door: referrals',
      repeated: await repeatedConcernAlerts(deps, actor, request.meta),
      view: result.value,
      query: params,
      previousPage: result.value.page > 1 ? link(result.value.page - 1) : undefined,
      nextPage: result.value.page < result.value.pages ? link(result.value.page + 1) : undefined,
      channelItems: filterItems('Any', optionsOf(referralChannelLabels), query.channel),
      acknowledgedItems: filterItems('Any', acknowledgedOptions, acknowledged),
      dueItems: filterItems('Any', dueOptions, query.due),
      channelLabels: referralChannelLabels,
    })
  })

  async function loadForFrontDoor(
    request: FastifyRequest<{ Params: { id: string } }>,
  ): Promise<ReferralView | undefined> {
    const view = await viewReferral(deps, request.actor as Actor, request.params.id, request.meta, {
      frontDoorOnly: true,
    })
    return view.ok ? view.value : undefined
  }

  const referralPage = (view: ReferralView, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Referral ${view.reference}`,
    referral: view,
    sections: referralSections(view),
    decision: view.decision === null ? undefined : decisionRows(view.decision),
    ...extra,
  })

  app.get<{ Params: { id: string } }>('/front-door/referrals/:id', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    const q = (request.query ?? {}) as Body
    return reply.page(
      'referrals/pages/front-door/referral.njk',
      referralPage(view, {
        notice: str(q.done, 30),
        acknowledgedTold: referrerTold(view, 'acknowledged', deps.settings.sendsEmail),
      }),
    )
  })

  // ——— Link the referral to a child record: find before create. The search's buttons send linkReferralChild; its
  // "add a record" link opens addReferralChild's form (both step declarations) ———

  async function childSearchPage(request: FastifyRequest<{ Params: { id: string } }>, view: ReferralView, query: Body) {
    const actor = request.actor as Actor
    const given = view.childDetails as { givenName?: string; familyName?: string; dateOfBirth?: string }
    const searchedFor =
      'givenName' in query || 'familyName' in query || 'dateOfBirth' in query || 'nhsNumber' in query || 'upn' in query
    const search = searchedFor
      ? childSearchSent(query)
      : {
          givenName: given.givenName ?? '',
          familyName: given.familyName ?? '',
          dateOfBirth: given.dateOfBirth ?? '',
          nhsNumber: '',
          upn: '',
        }
    return {
      pageTitle: `Find the child for referral ${view.reference}`,
      referral: view,
      ...(await findChild(deps, actor, search, request.meta)),
    }
  }

  app.get<{ Params: { id: string } }>('/front-door/referrals/:id/child', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    if (view.child !== null) return reply.redirect(`/front-door/referrals/${view.id}`, 303)
    const data = await childSearchPage(request, view, (request.query ?? {}) as Body)
    return reply.page('referrals/pages/front-door/child.njk', data, data.errors === undefined ? 200 : 400)
  })

  // ——— The decision ———

  app.get<{ Params: { id: string } }>('/front-door/referrals/:id/decided', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    if (view.decision === null) return reply.redirect(`/front-door/referrals/${view.id}`, 303)
    const q = (request.query ?? {}) as Body
    return reply.page('referrals/pages/front-door/decided.njk', {
      pageTitle: 'Decision recorded',
      referral: view,
      decision: decisionRows(view.decision),
      again: str(q.again, 2) === '1',
      referrerTold: referrerTold(view, 'decided', deps.settings.sendsEmail),
    })
  })
}
