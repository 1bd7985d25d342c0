import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { provideInformation, requestInformation } from './steps/concernEvents.js'
import { dslInbox } from './queries/dslInbox.js'
import { viewConcern } from './queries/viewConcern.js'
import type { DomainError } from '../../platform/shared/result.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, fieldProblems, zodErrors } from '../../platform/web/apiErrors.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import { concernStates } from './domain/workflow.js'

const stateAnswer = z.object({ state: z.enum(concernStates) })
const concernView = z.object({
  id: z.uuid(),
  reference: z.string(),
  state: z.enum(concernStates),
  organisationName: z.string(),
  authorName: z.string(),
  authorUserId: z.uuid(),
  observedAt: z.iso.datetime(),
  place: z.string(),
  facts: z.string(),
  childWords: z.string(),
  othersPresent: z.string(),
  categories: z.array(z.string()),
  otherCategory: z.string().nullable(),
  immediateDanger: z.boolean(),
  policeCalledAt: z.iso.datetime().nullable(),
  policeReference: z.string().nullable(),
  actionTaken: z.string(),
  bodyMap: z.unknown().meta({ description: 'The body-map marks as recorded' }),
  fgmDuty: z.boolean(),
  createdAt: z.iso.datetime(),
  children: z.array(
    z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.iso.date().nullable() }),
  ),
  events: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      text: z.string(),
      decisionKind: z.string().nullable(),
      reviewOn: z.iso.date().nullable(),
      trainingLapsed: z
        .boolean()
        .meta({ description: 'A decision taken while its DSL’s own designated safeguarding lead training had lapsed' }),
      actorName: z.string(),
      actorOrganisation: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
  canManage: z.boolean(),
  canAddAddendum: z.boolean(),
  canProvideInformation: z.boolean(),
})
const inboxItem = z.object({
  id: z.uuid(),
  reference: z.string(),
  state: z.enum(concernStates),
  immediateDanger: z.boolean(),
  authorName: z.string(),
  createdAt: z.iso.datetime(),
  children: z.string().meta({ description: 'The children’s names' }),
  categories: z.array(z.string()),
  escalated: z.boolean().meta({ description: 'Not acknowledged within the escalation time' }),
})

const textBody = z.object({ text: z.string().max(100_000) })
function domainFailure(reply: FastifyReply, error: DomainError) {
  if (error.code.endsWith('NOT_FOUND'))
    return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
  if (error.code === 'ACCESS.DENIED') return reply.code(403).send({ error: error.code, message: error.message })
  if (error.code === 'CONCERN.TRANSITION_NOT_ALLOWED')
    return reply.code(409).send({ error: error.code, message: error.message })
  return fieldProblems(reply, error)
}

/** Concerns through the JSON API: the same use cases, checks and audit as the pages. */
export function concernApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const serviceUrl = deps.settings.serviceUrl

  const getRoute = apiRoute({
    operationId: 'getConcern',
    tag: 'Concerns',
    summary: 'A concern with its events (its author and the organisation’s safeguarding leads only)',
    params: ['id'],
    ok: { 200: { description: 'The concern', schema: concernView } },
    errors: { 404: true },
  })
  app.get<{ Params: { id: string } }>('/api/v1/concerns/:id', getRoute, async (request, reply) => {
    const result = await viewConcern(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return domainFailure(reply, result.error)
    return result.value
  })

  const textRoute = (path: string, run: typeof requestInformation, operationId: string, summary: string) =>
    app.post<{ Params: { id: string } }>(
      `/api/v1/concerns/:id/${path}`,
      apiRoute({
        operationId,
        tag: 'Concerns',
        summary,
        params: ['id'],
        body: textBody,
        ok: { 201: { description: 'Recorded', schema: stateAnswer } },
        errors: { 400: true, 403: true, 404: true, 409: true },
      }),
      async (request, reply) => {
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
      },
    )
  textRoute(
    'information-requests',
    requestInformation,
    'requestConcernInformation',
    'The safeguarding lead asks the author for more information',
  )
  textRoute(
    'information',
    provideInformation,
    'provideConcernInformation',
    'The author answers a request for information',
  )

  const inboxRoute = apiRoute({
    operationId: 'listDslInbox',
    tag: 'Concerns',
    summary: 'Open concerns for the organisation’s safeguarding leads, urgent first, then oldest',
    ok: { 200: { description: 'The open concerns', schema: z.object({ items: z.array(inboxItem) }) } },
    errors: { 403: true },
  })
  app.get('/api/v1/dsl/inbox', inboxRoute, async (request, reply) => {
    const result = await dslInbox(deps, request.actor as Actor, request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return { items: result.value }
  })
}
