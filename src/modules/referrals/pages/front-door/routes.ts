import { repeatedConcernAlerts } from '../../../concerns/queries/repeatedConcernAlerts.js'
import { referrerTold } from './referrerTold.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createChild } from '../../../children/steps/createChild.js'
import { searchChildren } from '../../../children/queries/searchChildren.js'
import { frontDoorQueue, type DecisionDue } from '../../queries/frontDoorQueue.js'
import { linkReferralChild } from '../../steps/linkReferralChild.js'
import { takeStep } from '../../../../platform/steps/defineStep.js'
import { viewReferral, type ReferralView } from '../../queries/viewReferral.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import { isReferralChannel, referralChannelLabels, referralChannels } from '../../domain/referral.js'
import { formDate, formErrors, formText } from '../../../../platform/web/forms.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { decisionRows, referralSections } from '../present.js'

type Body = Record<string, unknown>
const str = formText

const denied = (reply: FastifyReply) =>
  reply.page(
    'error.njk',
    {
      pageTitle: 'You do not have access',
      heading: 'You do not have access to this page',
      paragraphs: ['Only the local authority’s front door sees its referrals.'],
      showHomeLink: true,
    },
    403,
  )

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
    if (!result.ok) return denied(reply)
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
      channelItems: [
        { value: '', text: 'Any' },
        ...referralChannels.map((c) => ({ value: c, text: referralChannelLabels[c], selected: c === query.channel })),
      ],
      acknowledgedItems: [
        { value: '', text: 'Any' },
        { value: 'no', text: 'Not yet acknowledged', selected: acknowledged === 'no' },
        { value: 'yes', text: 'Acknowledged', selected: acknowledged === 'yes' },
      ],
      dueItems: [
        { value: '', text: 'Any' },
        { value: 'overdue', text: 'Overdue', selected: query.due === 'overdue' },
        { value: 'due_today', text: 'Due today', selected: query.due === 'due_today' },
        { value: 'later', text: 'Due later', selected: query.due === 'later' },
      ],
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

  // ——— Link the referral to a child record: find before create ———

  async function childSearchPage(request: FastifyRequest<{ Params: { id: string } }>, view: ReferralView, query: Body) {
    const actor = request.actor as Actor
    const given = view.childDetails as { givenName?: string; familyName?: string; dateOfBirth?: string }
    const searchedFor =
      'givenName' in query || 'familyName' in query || 'dateOfBirth' in query || 'nhsNumber' in query || 'upn' in query
    const search = searchedFor
      ? {
          givenName: str(query.givenName, 200),
          familyName: str(query.familyName, 200),
          dateOfBirth: str(query.dateOfBirth, 20),
          nhsNumber: str(query.nhsNumber, 40),
          upn: str(query.upn, 40),
        }
      : {
          givenName: given.givenName ?? '',
          familyName: given.familyName ?? '',
          dateOfBirth: given.dateOfBirth ?? '',
          nhsNumber: '',
          upn: '',
        }
    const any = Object.values(search).some((v) => v.trim() !== '')
    let matches: unknown[] = []
    let errors
    if (any) {
      const result = await searchChildren(deps, actor, search, request.meta)
      if (result.ok) matches = result.value
      else errors = formErrors(result.error.fields ?? {})
    }
    return {
      pageTitle: `Find the child for referral ${view.reference}`,
      referral: view,
      search,
      searched: any && errors === undefined,
      matches,
      errors,
    }
  }

  app.get<{ Params: { id: string } }>('/front-door/referrals/:id/child', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    if (view.child !== null) return reply.redirect(`/front-door/referrals/${view.id}`, 303)
    const data = await childSearchPage(request, view, (request.query ?? {}) as Body)
    return reply.page('referrals/pages/front-door/child.njk', data, data.errors === undefined ? 200 : 400)
  })

  app.get<{ Params: { id: string } }>('/front-door/referrals/:id/child/new', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    if (view.child !== null) return reply.redirect(`/front-door/referrals/${view.id}`, 303)
    const given = view.childDetails as { givenName?: string; familyName?: string; dateOfBirth?: string; sex?: string }
    const [y, m, d] = (given.dateOfBirth ?? '').split('-')
    const q = (request.query ?? {}) as Body
    return reply.page('referrals/pages/front-door/new-child.njk', {
      pageTitle: 'Add the child’s details',
      referral: view,
      values: {
        givenName: str(q.givenName, 200) || given.givenName,
        familyName: str(q.familyName, 200) || given.familyName,
        'dob-day': d === undefined ? '' : String(Number(d)),
        'dob-month': m === undefined ? '' : String(Number(m)),
        'dob-year': y ?? '',
        sex: given.sex,
      },
    })
  })

  app.post<{ Params: { id: string } }>('/front-door/referrals/:id/child/new', async (request, reply) => {
    const view = await loadForFrontDoor(request)
    if (view === undefined) return notFound(reply)
    // Already linked (a second tab, a repeated post): make no second record.
    if (view.child !== null) return reply.redirect(`/front-door/referrals/${view.id}`, 303)
    const actor = request.actor as Actor
    const body = (request.body ?? {}) as Body
    const errors: Record<string, string> = {}
    const date = (prefix: string, field: string) => {
      const parsed = formDate(body, prefix)
      if (parsed.kind === 'date') return parsed.value
      if (parsed.kind !== 'blank') errors[field] = 'Enter a real date, like 14 5 2016'
      return undefined
    }
    const dateOfBirth = date('dob', 'dateOfBirth')
    const expectedDateOfDelivery = date('edd', 'expectedDateOfDelivery')
    const render = (fields: Record<string, string>) =>
      reply.page(
        'referrals/pages/front-door/new-child.njk',
        {
          pageTitle: 'Add the child’s details',
          referral: view,
          values: body,
          errors: formErrors(fields, [
            'givenName',
            'familyName',
            'dateOfBirth',
            'expectedDateOfDelivery',
            'sex',
            'nhsNumber',
            'upn',
          ]),
        },
        400,
      )
    if (Object.keys(errors).length > 0) return render(errors)
    const created = await createChild(
      deps,
      actor,
      {
        givenName: str(body.givenName, 1000),
        familyName: str(body.familyName, 1000),
        dateOfBirth,
        expectedDateOfDelivery,
        sex: str(body.sex, 20) || undefined,
        nhsNumber: str(body.nhsNumber, 40) || undefined,
        upn: str(body.upn, 40) || undefined,
      },
      request.meta,
    )
    if (!created.ok) return render(created.error.fields ?? { givenName: created.error.message })
    const linked = await takeStep(
      deps,
      linkReferralChild,
      actor,
      { id: view.id },
      { childId: created.value.id },
      request.meta,
    )
    if (!linked.ok) return render({ givenName: linked.error.message })
    return reply.redirect(`/front-door/referrals/${view.id}?done=linked`, 303)
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
