import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allocateCase } from '../steps/allocateCase.js'
import { authoriseAssessment } from '../steps/authoriseAssessment.js'
import { closeEpisode } from '../steps/closeEpisode.js'
import { concludeSection47 } from '../steps/concludeSection47.js'
import { endPlan } from '../steps/endPlan.js'
import { holdInitialConference } from '../steps/holdInitialConference.js'
import { holdReviewConference } from '../steps/holdReviewConference.js'
import { inviteToConference } from '../steps/inviteToConference.js'
import { listConferenceInvitations } from '../queries/listConferenceInvitations.js'
import { recordCoreGroup } from '../steps/recordCoreGroup.js'
import { recordStrategyDiscussion } from '../steps/recordStrategyDiscussion.js'
import { requestStrategyDiscussion } from '../steps/requestStrategyDiscussion.js'
import { reviewChildInNeedPlan } from '../steps/reviewChildInNeedPlan.js'
import { scheduleConference } from '../steps/scheduleConference.js'
import { submitAssessment } from '../steps/submitAssessment.js'
import { submitConferenceReport } from '../steps/submitConferenceReport.js'
import { updateAssessment } from '../steps/updateAssessment.js'
import { viewCase } from '../queries/viewCase.js'
import { viewConferenceInvitation } from '../queries/viewConferenceInvitation.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Result } from '../../../platform/shared/result.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { badRequest, zodErrors } from '../../../platform/web/apiErrors.js'

const text = (max = 100_000) => z.string().max(max).default('')
const id = z.string().max(100).default('')
const key = z.string().min(1).max(200).optional()
const day = z.string().max(20).default('')

const schemas = {
  allocation: z.object({ leadUserId: id, teamManagerUserId: id }),
  assessment: z.object({
    childSeenOn: day,
    childSeenAlone: z.boolean().nullable().default(null),
    factors: z.array(z.string().max(10)).max(60).default([]),
    primaryNeed: text(10),
    summary: text(),
  }),
  authorisation: z.object({ outcome: text(50), rationale: text(), childInNeedOutcomes: text(), submissionKey: key }),
  request: z.object({ reason: text(), submissionKey: key }),
  strategy: z.object({
    heldOn: day,
    heldTime: text(10),
    attendees: z
      .array(z.object({ agency: text(50), name: text(1000), role: text(1000) }))
      .max(50)
      .default([]),
    decision: text(50),
    immediateSafetyActions: text(),
    actions: z
      .array(z.object({ action: text(10_000), owner: text(1000), dueOn: day }))
      .max(50)
      .default([]),
    minutes: text(),
    submissionKey: key,
  }),
  conclusion: z.object({
    finding: text(50),
    outcome: text(50),
    concludedOn: day,
    summary: text(),
    childInNeedOutcomes: text(),
    submissionKey: key,
  }),
  schedule: z.object({ scheduledOn: day, scheduledTime: text(10), chairUserId: id, submissionKey: key }),
  invitation: z.object({
    kind: text(20),
    organisationId: id,
    name: text(1000),
    contact: text(2000),
    submissionKey: key,
  }),
  report: z.object({ text: text(), submissionKey: key }),
  decision: z.object({
    heldOn: day,
    outcome: text(50),
    initialCategory: text(10),
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
  meeting: z.object({ heldOn: day, notes: text(), submissionKey: key }),
  review: z.object({
    heldOn: day,
    outcome: text(50),
    latestCategory: text(10),
    endReason: text(50),
    childInNeedOutcomes: text(),
    dissent: text(),
    notes: text(),
    submissionKey: key,
  }),
  endPlan: z.object({
    endedOn: day,
    reason: text(50),
    outcome: text(50),
    childInNeedOutcomes: text(),
    notes: text(),
    submissionKey: key,
  }),
  closure: z.object({ closedOn: day, reason: text(10), notes: text(), submissionKey: key }),
}

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
export function caseApiRoutes(app: FastifyInstance, { deps, publicUrl }: WebOptions): void {
  const serviceUrl = publicUrl ?? ''
  type P = { Params: { id: string; conferenceId: string } }

  function post<S extends z.ZodTypeAny>(
    path: string,
    schema: S,
    run: (
      actor: Actor,
      params: P['Params'],
      body: z.infer<S>,
      meta: { correlationId: string },
    ) => Promise<Result<unknown, Failure>>,
    created = false,
  ) {
    app.post<P>(path, async (request, reply) => {
      const parsed = schema.safeParse(request.body ?? {})
      if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
      return send(reply, await run(request.actor as Actor, request.params, parsed.data, request.meta), created)
    })
  }

  app.get<P>('/api/v1/cases/:id', async (request, reply) =>
    send(reply, await viewCase(deps, request.actor as Actor, request.params.id, request.meta)),
  )

  post('/api/v1/cases/:id/allocation', schemas.allocation, (a, p, b, m) => allocateCase(deps, a, p.id, b, m))
  post('/api/v1/cases/:id/assessment', schemas.assessment, (a, p, b, m) =>
    updateAssessment(
      deps,
      a,
      p.id,
      { ...b, childSeenAlone: b.childSeenAlone === null ? '' : b.childSeenAlone ? 'yes' : 'no' },
      m,
    ),
  )
  post('/api/v1/cases/:id/assessment/submission', z.object({}), (a, p, _b, m) => submitAssessment(deps, a, p.id, m))
  post('/api/v1/cases/:id/assessment/authorisation', schemas.authorisation, (a, p, b, m) =>
    authoriseAssessment(deps, a, p.id, b, m),
  )
  post(
    '/api/v1/cases/:id/strategy-discussion-requests',
    schemas.request,
    (a, p, b, m) => requestStrategyDiscussion(deps, a, p.id, b, m),
    true,
  )
  post(
    '/api/v1/cases/:id/strategy-discussions',
    schemas.strategy,
    (a, p, b, m) => recordStrategyDiscussion(deps, a, p.id, b, m),
    true,
  )
  post('/api/v1/cases/:id/section-47/conclusion', schemas.conclusion, (a, p, b, m) =>
    concludeSection47(deps, a, p.id, b, m),
  )
  post('/api/v1/cases/:id/conferences', schemas.schedule, (a, p, b, m) => scheduleConference(deps, a, p.id, b, m), true)
  post(
    '/api/v1/cases/:id/conferences/:conferenceId/invitations',
    schemas.invitation,
    (a, p, b, m) => inviteToConference(deps, a, p.id, p.conferenceId, b, m, serviceUrl),
    true,
  )
  post('/api/v1/cases/:id/conferences/:conferenceId/decision', schemas.decision, (a, p, b, m) =>
    holdInitialConference(
      deps,
      a,
      p.id,
      p.conferenceId,
      { ...b, coreGroupOrganisationIds: b.coreGroup.organisationIds, coreGroupFamily: b.coreGroup.family },
      m,
    ),
  )
  post('/api/v1/cases/:id/core-groups', schemas.meeting, (a, p, b, m) => recordCoreGroup(deps, a, p.id, b, m), true)
  post('/api/v1/cases/:id/reviews', schemas.review, (a, p, b, m) => holdReviewConference(deps, a, p.id, b, m), true)
  post('/api/v1/cases/:id/plan/end', schemas.endPlan, (a, p, b, m) => endPlan(deps, a, p.id, b, m))
  post(
    '/api/v1/cases/:id/child-in-need-reviews',
    schemas.meeting,
    (a, p, b, m) => reviewChildInNeedPlan(deps, a, p.id, b, m),
    true,
  )
  post('/api/v1/cases/:id/closure', schemas.closure, (a, p, b, m) => closeEpisode(deps, a, p.id, b, m))

  // Invited agencies: their invitations, one conference, and their report. Nothing else of the case.
  app.get('/api/v1/conference-invitations', async (request, reply) => {
    const result = await listConferenceInvitations(deps, request.actor as Actor, request.meta)
    if (!result.ok) return send(reply, result)
    return { items: result.value }
  })
  app.get<P>('/api/v1/conferences/:conferenceId', async (request, reply) =>
    send(
      reply,
      await viewConferenceInvitation(deps, request.actor as Actor, request.params.conferenceId, request.meta),
    ),
  )
  post(
    '/api/v1/conferences/:conferenceId/reports',
    schemas.report,
    (a, p, b, m) => submitConferenceReport(deps, a, p.conferenceId, b, m),
    true,
  )
}
