import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { acknowledgeReferral } from './steps/acknowledgeReferral.js'
import { answerInformationRequest } from './steps/answerInformationRequest.js'
import { decideReferral } from './steps/decideReferral.js'
import { frontDoorQueue } from './queries/frontDoorQueue.js'
import { linkReferralChild } from './steps/linkReferralChild.js'
import { listInformationRequests } from './queries/listInformationRequests.js'
import { makeReferral } from './steps/makeReferral.js'
import { myReferrals } from './queries/myReferrals.js'
import { requestInformation } from './steps/requestInformation.js'
import { viewInformationRequest } from './queries/viewInformationRequest.js'
import { viewReferral } from './queries/viewReferral.js'
import { parseLocalDate, type LocalDate } from '../../platform/calendar/localDate.js'
import type { Actor } from '../../platform/identity/actor.js'
import { referralChannels, referralDetailFields } from './domain/referral.js'
import type { DomainError } from '../../platform/shared/result.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
const text = (max = 100_000) => z.string().max(max)

const newReferral = z.object({
  childId: z.string().max(100).optional(),
  child: z
    .object({
      givenName: text(1000).optional(),
      familyName: text(1000).optional(),
      dateOfBirth: isoDate.optional(),
      sex: text(50).optional(),
      address: text().optional(),
    })
    .optional(),
  immediateDanger: z.boolean({ error: 'Say whether the child is in immediate danger (true or false)' }),
  details: z.object(Object.fromEntries(referralDetailFields.map((f) => [f.name, text().optional()]))).strict(),
  parentalFactors: z.array(text(50)).max(20).default([]),
  parentsAware: z.enum(['yes', 'no']).optional(),
  parentalConsent: text(20).optional(),
  consentNotSoughtReason: text().optional(),
  parentsViews: text().optional(),
  referrerRelationship: text().optional(),
  referrerAnonymous: z.boolean().optional(),
  referrerContact: text().optional(),
  sourceCode: text(10).optional(),
})

const queueQuery = z.object({
  urgent: z.enum(['true', 'false']).optional(),
  channel: z.enum(referralChannels).optional(),
  acknowledged: z.enum(['true', 'false']).optional(),
  due: z.enum(['overdue', 'due_today', 'later']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
})

const decisionBody = z.object({
  outcome: text(50),
  rationale: text(),
  signposting: text().optional(),
  immediateProtection: z
    .object({
      kind: z.enum(['police_protection', 'emergency_protection_order']),
      at: z
        .string()
        .max(40)
        .refine((s) => !Number.isNaN(Date.parse(s)), 'Use an ISO 8601 date and time, like 2026-11-23T10:30:00Z')
        .optional(),
      policeReference: text(1000).optional(),
      orderMadeOn: isoDate.optional(),
    })
    .optional(),
  leadUserId: z.string().max(100).optional(),
  teamManagerUserId: z.string().max(100).optional(),
  submissionKey: z.string().min(8).max(100).optional(),
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
export function referralApiRoutes(app: FastifyInstance, { deps, publicUrl }: WebOptions): void {
  const serviceUrl = publicUrl ?? ''
  const actorOf = (request: { actor: Actor | undefined }) => request.actor as Actor

  app.post('/api/v1/referrals', async (request, reply) => {
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

  app.get('/api/v1/referrals', async (request) => ({ items: await myReferrals(deps, actorOf(request), request.meta) }))

  app.get<{ Params: { id: string } }>('/api/v1/referrals/:id', async (request, reply) => {
    const result = await viewReferral(deps, actorOf(request), request.params.id, request.meta)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.get('/api/v1/front-door', async (request, reply) => {
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

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/acknowledge', async (request, reply) => {
    const result = await acknowledgeReferral(deps, actorOf(request), request.params.id, request.meta, serviceUrl)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/child', async (request, reply) => {
    const parsed = z.object({ childId: z.string().max(100) }).safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await linkReferralChild(deps, actorOf(request), request.params.id, parsed.data.childId, request.meta)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/information-requests', async (request, reply) => {
    const parsed = z.object({ organisationId: z.string().max(100), question: text() }).safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await requestInformation(
      deps,
      actorOf(request),
      request.params.id,
      parsed.data,
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return failure(reply, result.error)
    return reply.code(201).send(result.value)
  })

  app.get('/api/v1/information-requests', async (request, reply) => {
    const result = await listInformationRequests(deps, actorOf(request), request.meta)
    if (!result.ok) return failure(reply, result.error)
    return { items: result.value }
  })

  app.get<{ Params: { id: string } }>('/api/v1/information-requests/:id', async (request, reply) => {
    const result = await viewInformationRequest(deps, actorOf(request), request.params.id, request.meta)
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })

  app.post<{ Params: { id: string } }>('/api/v1/information-requests/:id/responses', async (request, reply) => {
    const parsed = z.object({ answer: text() }).safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const result = await answerInformationRequest(
      deps,
      actorOf(request),
      request.params.id,
      parsed.data.answer,
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return failure(reply, result.error)
    return reply.code(201).send(result.value)
  })

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/decision', async (request, reply) => {
    const parsed = decisionBody.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const b = parsed.data
    const made = day(b.immediateProtection?.orderMadeOn)
    if (made === 'invalid')
      return badRequest(reply, [{ field: 'immediateProtection.orderMadeOn', message: 'Enter a real date' }])
    const p = b.immediateProtection
    const result = await decideReferral(
      deps,
      actorOf(request),
      request.params.id,
      {
        outcome: b.outcome,
        rationale: b.rationale,
        signposting: b.signposting,
        protectionKind: p?.kind,
        policeProtectionAtMs: p?.at === undefined ? undefined : Date.parse(p.at),
        policeReference: p?.policeReference,
        orderMadeOn: made,
        leadUserId: b.leadUserId,
        teamManagerUserId: b.teamManagerUserId,
        submissionKey: b.submissionKey,
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return failure(reply, result.error)
    return result.value
  })
}
