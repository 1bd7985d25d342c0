import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { listConferenceInvitations } from '../queries/listConferenceInvitations.js'
import { viewCase } from '../queries/viewCase.js'
import { viewConferenceInvitation } from '../queries/viewConferenceInvitation.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Result } from '../../../platform/shared/result.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { episodePhases } from '../domain/episode.js'

const phase = z.enum(episodePhases)
const caseView = z
  .looseObject({
    id: z.uuid(),
    reference: z.string(),
    phase,
  })
  .meta({
    description:
      'The case: child, referral, phase, open statutory clocks with their due state, history, work records and the actions open to you',
  })
const conferenceView = z.object({
  id: z.uuid(),
  kind: z.string(),
  scheduledAt: z.iso.datetime(),
  held: z.boolean(),
  invitedAt: z.iso.datetime(),
  child: z.object({
    id: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.iso.date().nullable(),
    expectedDateOfDelivery: z.iso.date().nullable(),
  }),
  reports: z.array(z.object({ id: z.uuid(), text: z.string(), submittedAt: z.iso.datetime(), author: z.string() })),
})

type Failure = { code: string; message: string; fields?: Readonly<Record<string, string>> | undefined }

function send(reply: FastifyReply, result: Result<unknown, Failure>) {
  if (result.ok) return reply.code(200).send(result.value)
  const e = result.error
  if (e.code.endsWith('NOT_FOUND'))
    return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
  if (e.code === 'EPISODE.NOT_ALLOWED' || e.code === 'ACCESS.DENIED')
    return reply.code(403).send({ error: e.code, message: e.message })
  if (
    [
      'EPISODE.STEP_NOT_ALLOWED',
      'EPISODE.ALREADY_SUBMITTED',
      'CASE.CONFLICT',
      'CONFERENCE.HELD',
      'EPISODE.CLOCK_FAILED',
    ].includes(e.code)
  )
    return reply.code(409).send({ error: e.code, message: e.message })
  return reply.code(400).send({
    error: 'bad_request',
    code: e.code,
    errors: Object.entries(e.fields ?? { form: e.message }).map(([field, message]) => ({ field, message })),
  })
}

/**
 * A case and the conferences an agency is invited to, through the JSON API. The steps that move a case on are step
 * declarations (protectionSteps), mounted with their pages.
 */
export function caseApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  type P = { Params: { id: string; conferenceId: string } }

  const getRoute = apiRoute({
    operationId: 'getCase',
    tag: 'Cases',
    summary:
      'A case: child, referral, phase, open statutory clocks with due state, history, work records and the actions open to you',
    params: ['id'],
    ok: { 200: { description: 'The case', schema: caseView } },
    errors: { 404: 'No such case, or not one you may see (audited)' },
  })
  app.get<P>('/api/v1/cases/:id', getRoute, async (request, reply) =>
    send(reply, await viewCase(deps, request.actor as Actor, request.params.id, request.meta)),
  )

  // Invited agencies: their invitations, one conference, and their report. Nothing else of the case.
  const invitationsRoute = apiRoute({
    operationId: 'listConferenceInvitations',
    tag: 'Cases',
    summary:
      'Conferences your organisation is invited to (safeguarding leads): the child, the date, whether you reported',
    ok: { 200: { description: 'The invitations', schema: z.object({ items: z.array(z.looseObject({})) }) } },
    errors: { 403: true },
  })
  app.get('/api/v1/conference-invitations', invitationsRoute, async (request, reply) => {
    const result = await listConferenceInvitations(deps, request.actor as Actor, request.meta)
    if (!result.ok) return send(reply, result)
    return { items: result.value }
  })
  const conferenceRoute = apiRoute({
    operationId: 'getConferenceInvitation',
    tag: 'Cases',
    summary: 'One conference your organisation is invited to: the child, the date, your own reports',
    params: ['conferenceId'],
    ok: { 200: { description: 'The invitation', schema: conferenceView } },
    errors: { 404: 'Not invited (audited)' },
  })
  app.get<P>('/api/v1/conferences/:conferenceId', conferenceRoute, async (request, reply) =>
    send(
      reply,
      await viewConferenceInvitation(deps, request.actor as Actor, request.params.conferenceId, request.meta),
    ),
  )
}
