import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { acknowledgeConcern, addAddendum, provideInformation, requestInformation } from './steps/concernEvents.js'
import { decideConcern } from './steps/decideConcern.js'
import { dslInbox } from './queries/dslInbox.js'
import { recordConcern } from './steps/recordConcern.js'
import { viewConcern } from './queries/viewConcern.js'
import { parseLocalDate } from '../../platform/calendar/localDate.js'
import type { DomainError } from '../../platform/shared/result.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'

const instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use an ISO 8601 date and time, like 2026-11-23T10:30:00Z')
const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .optional()

const newConcern = z.object({
  childIds: z.array(z.string().max(100)).max(50),
  observedAt: instant,
  place: z.string().max(100_000),
  facts: z.string().max(100_000),
  childWords: z.string().max(100_000).default(''),
  othersPresent: z.string().max(100_000).default(''),
  categories: z.array(z.string().max(100)).max(50),
  otherCategory: z.string().max(10_000).optional(),
  immediateDanger: z.boolean(),
  policeCalledAt: instant.optional(),
  policeReference: z.string().max(10_000).optional(),
  actionTaken: z.string().max(100_000).default(''),
  fgmKnown: z.boolean().optional(),
  bodyMap: z
    .array(
      z.object({
        side: z.string().max(20).optional(),
        x: z.number().optional(),
        y: z.number().optional(),
        region: z.string().max(100).optional(),
        description: z.string().max(10_000),
      }),
    )
    .max(200)
    .default([]),
})

const textBody = z.object({ text: z.string().max(100_000) })
const decisionBody = z.object({
  kind: z.string().max(100),
  rationale: z.string().max(100_000),
  reviewOn: localDay,
  policeReference: z.string().max(10_000).optional(),
  reportedOn: localDay,
  // For a referral: whether the parents know and agreed, and why not asked if not.
  parentsAware: z.enum(['yes', 'no']).optional(),
  parentalConsent: z.string().max(20).optional(),
  consentNotSoughtReason: z.string().max(100_000).optional(),
  parentsViews: z.string().max(100_000).optional(),
})

function domainFailure(reply: FastifyReply, error: DomainError) {
  if (error.code.endsWith('NOT_FOUND'))
    return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
  if (error.code === 'ACCESS.DENIED') return reply.code(403).send({ error: error.code, message: error.message })
  if (error.code === 'CONCERN.TRANSITION_NOT_ALLOWED')
    return reply.code(409).send({ error: error.code, message: error.message })
  return badRequest(
    reply,
    Object.entries(error.fields ?? { form: error.message }).map(([field, message]) => ({ field, message })),
  )
}

/** Concerns through the JSON API: the same use cases, checks and audit as the pages. */
export function concernApiRoutes(app: FastifyInstance, { deps, publicUrl }: WebOptions): void {
  const serviceUrl = publicUrl ?? ''

  app.post('/api/v1/concerns', async (request, reply) => {
    const parsed = newConcern.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const b = parsed.data
    const result = await recordConcern(
      deps,
      request.actor as Actor,
      {
        ...b,
        observedAtMs: Date.parse(b.observedAt),
        policeCalledAtMs: b.policeCalledAt === undefined ? undefined : Date.parse(b.policeCalledAt),
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return domainFailure(reply, result.error)
    return reply.code(201).send(result.value)
  })

  app.get<{ Params: { id: string } }>('/api/v1/concerns/:id', async (request, reply) => {
    const result = await viewConcern(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return domainFailure(reply, result.error)
    return result.value
  })

  const textRoute = (path: string, run: typeof addAddendum) =>
    app.post<{ Params: { id: string } }>(`/api/v1/concerns/:id/${path}`, async (request, reply) => {
      const parsed = textBody.safeParse(request.body ?? {})
      if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
      const result = await run(
        deps,
        request.actor as Actor,
        request.params.id,
        parsed.data.text,
        request.meta,
        serviceUrl,
      )
      if (!result.ok) return domainFailure(reply, result.error)
      return reply.code(201).send(result.value)
    })
  textRoute('addenda', addAddendum)
  textRoute('information-requests', requestInformation)
  textRoute('information', provideInformation)

  app.post<{ Params: { id: string } }>('/api/v1/concerns/:id/acknowledge', async (request, reply) => {
    const result = await acknowledgeConcern(deps, request.actor as Actor, request.params.id, request.meta, serviceUrl)
    if (!result.ok) return domainFailure(reply, result.error)
    return result.value
  })

  app.post<{ Params: { id: string } }>('/api/v1/concerns/:id/decision', async (request, reply) => {
    const parsed = decisionBody.safeParse(request.body ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const b = parsed.data
    const day = (s: string | undefined) => {
      if (s === undefined) return undefined
      const d = parseLocalDate(s)
      return d.ok ? d.value : undefined
    }
    if (b.reviewOn !== undefined && day(b.reviewOn) === undefined)
      return badRequest(reply, [{ field: 'reviewOn', message: 'Enter a real date' }])
    if (b.reportedOn !== undefined && day(b.reportedOn) === undefined)
      return badRequest(reply, [{ field: 'reportedOn', message: 'Enter a real date' }])
    const result = await decideConcern(
      deps,
      request.actor as Actor,
      request.params.id,
      {
        kind: b.kind,
        rationale: b.rationale,
        reviewOn: day(b.reviewOn),
        policeReference: b.policeReference,
        reportedOn: day(b.reportedOn),
        consent: {
          parentsAware: b.parentsAware,
          parentalConsent: b.parentalConsent,
          consentNotSoughtReason: b.consentNotSoughtReason,
          parentsViews: b.parentsViews,
        },
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) return domainFailure(reply, result.error)
    return result.value
  })

  app.get('/api/v1/dsl/inbox', async (request, reply) => {
    const result = await dslInbox(deps, request.actor as Actor, request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return { items: result.value }
  })
}
