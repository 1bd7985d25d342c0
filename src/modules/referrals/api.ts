import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { frontDoorQueue } from './queries/frontDoorQueue.js'
import { listInformationRequests } from './queries/listInformationRequests.js'
import { myReferrals } from './queries/myReferrals.js'
import { viewInformationRequest } from './queries/viewInformationRequest.js'
import { viewReferral } from './queries/viewReferral.js'
import type { Actor } from '../../platform/identity/actor.js'
import { consentAnswers, referralChannels, referralStates } from './domain/referral.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import type { DomainError } from '../../platform/shared/result.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'

const queueQuery = z.object({
  urgent: z.enum(['true', 'false']).optional(),
  channel: z.enum(referralChannels).optional(),
  acknowledged: z.enum(['true', 'false']).optional(),
  due: z.enum(['overdue', 'due_today', 'later']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
})

const when = z.iso.datetime()
const myReferral = z.object({
  id: z.uuid(),
  reference: z.string(),
  channel: z.enum(referralChannels),
  childName: z.string(),
  toOrganisation: z.string(),
  referredBy: z.string().nullable(),
  receivedAt: when,
  acknowledgedAt: when.nullable(),
  decision: z
    .object({
      outcome: z.string(),
      outcomeLabel: z.string(),
      rationale: z.string(),
      signposting: z.string().nullable(),
      decidedAt: when,
    })
    .nullable(),
})
const referralView = z.looseObject({
  id: z.uuid(),
  reference: z.string(),
  channel: z.enum(referralChannels),
  state: z.enum(referralStates),
  receivedAt: when,
  acknowledgedAt: when.nullable(),
  immediateDanger: z.boolean(),
  sourceCode: z.string(),
  sourceLabel: z.string(),
  summary: z.string(),
  child: z
    .looseObject({ id: z.uuid(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.iso.date().nullable() })
    .nullable()
    .meta({ description: 'The child’s record, once linked' }),
  childDetails: z.record(z.string(), z.unknown()).meta({ description: 'The child as the referrer described them' }),
  details: z.record(z.string(), z.unknown()),
  parentsAware: z.boolean().nullable(),
  parentalConsent: z.enum(consentAnswers).nullable(),
  concern: z.looseObject({ reference: z.string(), facts: z.string() }).nullable(),
  decision: z
    .looseObject({ episodeId: z.uuid(), episodeReference: z.string(), outcome: z.string(), rationale: z.string() })
    .nullable(),
  informationRequests: z
    .array(
      z.looseObject({
        id: z.uuid(),
        organisationName: z.string(),
        question: z.string(),
        answers: z.array(z.unknown()),
      }),
    )
    .optional()
    .meta({ description: 'The receiving local authority only' }),
  frontDoor: z.boolean(),
  mayDecide: z.boolean(),
})
const queueView = z.object({
  items: z.array(
    z.looseObject({
      id: z.uuid(),
      reference: z.string(),
      channel: z.enum(referralChannels),
      receivedAt: when,
      acknowledgedAt: when.nullable(),
      immediateDanger: z.boolean(),
      childName: z.string(),
      childLinked: z.boolean(),
      childDateOfBirth: z.iso.date().nullable(),
      from: z.string(),
      sourceCode: z.string(),
      decisionDueOn: z.iso.date().nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
  counts: z.object({ open: z.number().int(), immediateDanger: z.number().int(), notAcknowledged: z.number().int() }),
})
const informationRequestItem = z.object({
  id: z.uuid(),
  askedByOrganisation: z.string(),
  requestedAt: when,
  childName: z.string(),
  childDateOfBirth: z.iso.date().nullable(),
  answers: z.number().int(),
})
const informationRequestDetail = z.looseObject({
  id: z.uuid(),
  question: z.string(),
  answers: z.array(z.object({ answer: z.string(), respondedAt: when, respondedBy: z.string() })),
})

const conflictCodes = new Set([
  'REFERRAL.ALREADY_DECIDED',
  'EPISODE.ALREADY_SUBMITTED',
  'REFERRAL.CHILD_ALREADY_LINKED',
  'REFERRAL.CHILD_NOT_LINKED',
  'EPISODE.STEP_NOT_ALLOWED',
])

function failure(reply: FastifyReply, error: DomainError) {
  if (error.code.endsWith('NOT_FOUND'))
    return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
  if (error.code === 'ACCESS.DENIED' || (error.code.endsWith('NOT_ALLOWED') && !conflictCodes.has(error.code)))
    return reply.code(403).send({ error: error.code, message: error.message })
  if (conflictCodes.has(error.code)) return reply.code(409).send({ error: error.code, message: error.message })
  return badRequest(
    reply,
    Object.entries(error.fields ?? { form: error.message }).map(([field, message]) => ({ field, message })),
  )
}

/**
 * Referrals, the front door and requests for information through the JSON API: the reads. Making a referral and the
 * front door's steps are step declarations (`referralSteps`), mounted with their pages.
 */
export function referralApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const actorOf = (request: { actor: Actor | undefined }) => request.actor as Actor
  const tag = 'Referrals'
  const mineRoute = apiRoute({
    operationId: 'listMyReferrals',
    tag,
    summary:
      'Your referrals (and, for a safeguarding lead, your organisation’s) with their acknowledgement and decision',
    ok: { 200: { description: 'Newest first', schema: z.object({ items: z.array(myReferral) }) } },
  })
  const getRoute = apiRoute({
    operationId: 'getReferral',
    tag,
    summary:
      'A referral: everything received, requests for information and answers (receiving local authority only), and the decision',
    params: ['id'],
    ok: { 200: { description: 'The referral', schema: referralView } },
    errors: { 404: true },
  })
  const queueRoute = apiRoute({
    operationId: 'listFrontDoor',
    tag,
    summary:
      'The front door’s queue: open referrals to your local authority, immediate danger first, then oldest, with the referral-decision clock',
    query: queueQuery,
    ok: { 200: { description: 'Counts and one page (50) of referrals', schema: queueView } },
    errors: { 400: true, 403: true },
  })
  const requestsRoute = apiRoute({
    operationId: 'listInformationRequests',
    tag,
    summary: 'Requests for information to your organisation (its safeguarding leads), waiting first',
    ok: { 200: { description: 'The requests', schema: z.object({ items: z.array(informationRequestItem) }) } },
    errors: { 403: true },
  })
  const requestRoute = apiRoute({
    operationId: 'getInformationRequest',
    tag,
    summary: 'One request: the question and who the child is, nothing else (audited)',
    params: ['id'],
    ok: { 200: { description: 'The request', schema: informationRequestDetail } },
    errors: { 403: true, 404: true },
  })
  app.get('/api/v1/referrals', mineRoute, async (request) => ({
    items: await myReferrals(deps, actorOf(request), request.meta),
  }))

  app.get<{ Params: { id: string } }>('/api/v1/referrals/:id', getRoute, async (request, reply) => {
    const result = await viewReferral(deps, actorOf(request), request.params.id, request.meta)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.get('/api/v1/front-door', queueRoute, async (request, reply) => {
    const parsed = queueQuery.safeParse(request.query ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const q = parsed.data
    const result = await frontDoorQueue(
      deps,
      actorOf(request),
      {
        urgentOnly: q.urgent === 'true',
        channel: q.channel,
        acknowledged: q.acknowledged === undefined ? undefined : q.acknowledged === 'true',
        due: q.due,
        page: q.page,
      },
      request.meta,
    )
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.get('/api/v1/information-requests', requestsRoute, async (request, reply) => {
    const result = await listInformationRequests(deps, actorOf(request), request.meta)
    if (!result.ok) return failure(reply, result.error)
    return { items: result.value }
  })

  app.get<{ Params: { id: string } }>('/api/v1/information-requests/:id', requestRoute, async (request, reply) => {
    const result = await viewInformationRequest(deps, actorOf(request), request.params.id, request.meta)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })
}
