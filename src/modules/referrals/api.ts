import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { frontDoorQueue } from './queries/frontDoorQueue.js'
import { listInformationRequests } from './queries/listInformationRequests.js'
import { makeReferral } from './steps/makeReferral.js'
import { myReferrals } from './queries/myReferrals.js'
import { viewInformationRequest } from './queries/viewInformationRequest.js'
import { viewReferral } from './queries/viewReferral.js'
import { parseLocalDate, type LocalDate } from '../../platform/calendar/localDate.js'
import type { Actor } from '../../platform/identity/actor.js'
import {
  consentAnswers,
  parentalFactors,
  referralChannels,
  referralDetailFields,
  referralStates,
} from './domain/referral.js'
import { referralSources } from '../protection/domain/codes.js'
import { sexes } from '../children/domain/child.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import type { DomainError } from '../../platform/shared/result.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
const text = (max = 100_000) => z.string().max(max)

const newReferral = z
  .object({
    childId: z
      .string()
      .max(100)
      .optional()
      .meta({ format: 'uuid', description: 'A child your organisation knows (from searchChildren); or give child' }),
    child: z
      .object({
        givenName: text(1000).optional(),
        familyName: text(1000).optional(),
        dateOfBirth: isoDate.optional(),
        sex: text(50)
          .optional()
          .meta({ enum: [...sexes] }),
        address: text().optional(),
      })
      .optional()
      .meta({ description: 'A child your organisation has no record of, described in words; or give childId' }),
    immediateDanger: z.boolean({ error: 'Say whether the child is in immediate danger (true or false)' }),
    details: z
      .object(Object.fromEntries(referralDetailFields.map((f) => [f.name, text().optional()])))
      .strict()
      .meta({ required: ['concern', 'childLocation'], description: 'What you know, in the referral form’s sections' }),
    parentalFactors: z
      .array(text(50).meta({ enum: parentalFactors.map((f) => f.id) }))
      .max(20)
      .default([]),
    parentsAware: z.enum(['yes', 'no']).optional().meta({ description: 'Required: do the parents or carers know?' }),
    parentalConsent: text(20)
      .optional()
      .meta({ enum: [...consentAnswers], description: 'Required' }),
    consentNotSoughtReason: text().optional().meta({ description: 'Required when parentalConsent is not_sought' }),
    parentsViews: text().optional(),
    referrerRelationship: text().optional(),
    referrerAnonymous: z
      .boolean()
      .optional()
      .meta({ description: 'Older form of identityWithheld: true is yes, false is no' }),
    identityWithheld: z.enum(['yes', 'no']).optional().meta({
      description:
        'Must the family not be told who made this referral? Left out (and referrerAnonymous too), it is recorded as not asked',
    }),
    identityWithheldReason: text(2000).optional().meta({ description: 'Required when identityWithheld is yes' }),
    referrerContact: text().optional(),
    sourceCode: text(10)
      .optional()
      .meta({
        enum: referralSources.map((c) => c.code),
        description: 'CIN census ReferralSource; by default from your organisation’s kind',
      }),
  })
  .meta({ required: ['immediateDanger', 'details', 'parentsAware', 'parentalConsent'] })

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

const day = (s: string | undefined): LocalDate | undefined | 'invalid' => {
  if (s === undefined) return undefined
  const d = parseLocalDate(s)
  return d.ok ? d.value : 'invalid'
}

/** Referrals, the front door and requests for information through the JSON API: the same use cases as the pages. */
export function referralApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const serviceUrl = deps.settings.serviceUrl
  const actorOf = (request: { actor: Actor | undefined }) => request.actor as Actor
  const tag = 'Referrals'
  const makeRoute = apiRoute({
    operationId: 'makeReferral',
    tag,
    summary:
      'A professional’s referral to children’s social care (the child’s home local authority; or your own area’s for a child your organisation has no record of)',
    body: newReferral,
    ok: { 201: { description: 'Sent', schema: z.object({ id: z.uuid(), reference: z.string() }) } },
    errors: { 400: true, 403: true, 404: 'A child your organisation may not name (audited)' },
  })
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
  app.post('/api/v1/referrals', makeRoute, async (request, reply) => {
    const parsed = newReferral.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const b = parsed.data
    const dob = day(b.child?.dateOfBirth)
    if (dob === 'invalid') return badRequest(reply, [{ field: 'child.dateOfBirth', message: 'Enter a real date' }])
    const result = await makeReferral(
      deps,
      actorOf(request),
      {
        childId: b.childId,
        child: b.child === undefined ? undefined : { ...b.child, dateOfBirth: dob },
        referral: {
          immediateDanger: b.immediateDanger,
          details: b.details,
          parentalFactors: b.parentalFactors,
          consent: {
            parentsAware: b.parentsAware,
            parentalConsent: b.parentalConsent,
            consentNotSoughtReason: b.consentNotSoughtReason,
            parentsViews: b.parentsViews,
          },
          referrerRelationship: b.referrerRelationship,
          referrerAnonymous: b.referrerAnonymous,
          ...(b.identityWithheld === undefined
            ? {}
            : {
                identity: { identityWithheld: b.identityWithheld, identityWithheldReason: b.identityWithheldReason },
              }),
          referrerContact: b.referrerContact,
          sourceCode: b.sourceCode,
        },
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return failure(reply, result.error)
    return reply.code(201).send(result.value)
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
