import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { holdInitialConference } from '../steps/holdInitialConference.js'
import { listConferenceInvitations } from '../queries/listConferenceInvitations.js'
import { viewCase } from '../queries/viewCase.js'
import { viewConferenceInvitation } from '../queries/viewConferenceInvitation.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Result } from '../../../platform/shared/result.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { badRequest, zodErrors } from '../../../platform/web/apiErrors.js'
import { apiRoute, type ApiErrorStatus, type PathParam } from '../../../platform/web/apiRoute.js'
import { planCategories } from '../domain/codes.js'
import { episodePhases, episodeTransitions, type EpisodeStep } from '../domain/episode.js'

const text = (max = 100_000) => z.string().max(max).default('')
const id = z.string().max(100).default('').meta({ format: 'uuid' })
const key = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .meta({ description: 'Send once per submission: the same key again is refused with 409 and nothing is written' })
const day = z.string().max(20).default('').meta({ format: 'date' })

/** The outcomes the transition table allows for a step: published so a client need not guess. */
const outcomesOf = (step: EpisodeStep) => [
  ...new Set(episodeTransitions.filter((t) => t.step === step).map((t) => t.outcome)),
]
const oneOf = <S extends z.ZodType>(schema: S, values: readonly string[]): S => schema.meta({ enum: [...values] })
const codes = (set: readonly { readonly code: string }[]) => set.map((c) => c.code)

const schemas = {
  decision: z.object({
    heldOn: day,
    outcome: oneOf(text(50), outcomesOf('hold_initial_conference')),
    initialCategory: oneOf(text(10), codes(planCategories)),
    leadUserId: id,
    coreGroup: z
      .object({
        organisationIds: z.array(z.string().max(100)).max(50).default([]),
        family: z
          .array(z.object({ name: text(1000), role: text(1000) }))
          .max(20)
          .default([]),
      })
      .default({ organisationIds: [], family: [] }),
    outlinePlan: text(),
    contingencyPlan: text(),
    childInNeedOutcomes: text(),
    dissent: text(),
    household: z
      .array(z.object({ childId: z.string().max(100), note: text(10_000) }))
      .max(50)
      .default([]),
    submissionKey: key,
  }),
}

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

function send(reply: FastifyReply, result: Result<unknown, Failure>, created = false) {
  if (result.ok) return reply.code(created ? 201 : 200).send(result.value)
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

/** Every step of a case through the JSON API: the same use cases, access checks and audit as the pages. */
export function caseApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  type P = { Params: { id: string; conferenceId: string } }

  const errors: Partial<Record<ApiErrorStatus, true | string>> = {
    400: true,
    403: 'Your role does not lead this step (audited)',
    404: 'No such case, or not one you may see (audited)',
    409: 'The step is not allowed at this stage (EPISODE.STEP_NOT_ALLOWED, with the reason), or already recorded',
  }
  function post<S extends z.ZodTypeAny>(
    path: string,
    op: { operationId: string; summary: string; answer: z.ZodType },
    schema: S,
    run: (
      actor: Actor,
      params: P['Params'],
      body: z.infer<S>,
      meta: { correlationId: string },
    ) => Promise<Result<unknown, Failure>>,
    created = false,
  ) {
    const params: PathParam[] = [
      ...(path.includes(':id') ? (['id'] as const) : []),
      ...(path.includes(':conferenceId') ? (['conferenceId'] as const) : []),
    ]
    const route = apiRoute({
      operationId: op.operationId,
      summary: op.summary,
      tag: 'Cases',
      params,
      body: schema,
      ok: { [created ? 201 : 200]: { description: 'Recorded', schema: op.answer } },
      errors,
    })
    app.post<P>(path, route, async (request, reply) => {
      const parsed = schema.safeParse(request.body ?? {})
      if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
      return send(reply, await run(request.actor as Actor, request.params, parsed.data, request.meta), created)
    })
  }

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

  post(
    '/api/v1/cases/:id/conferences/:conferenceId/decision',
    {
      operationId: 'holdInitialConference',
      summary:
        'The chair records the initial conference decision: a plan (category, lead, core group, outline and contingency) or no plan; dissent; a note for every household child',
      answer: z.object({ planId: z.uuid().nullable(), phase }),
    },
    schemas.decision,
    (a, p, b, m) =>
      holdInitialConference(
        deps,
        a,
        p.id,
        p.conferenceId,
        { ...b, coreGroupOrganisationIds: b.coreGroup.organisationIds, coreGroupFamily: b.coreGroup.family },
        m,
      ),
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
