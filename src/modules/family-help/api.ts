import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../platform/identity/actor.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import type { WebOptions } from '../../platform/web/options.js'
import { areaFilters, areaQuery, areaView, listMyFamilies } from './queries/listEpisodes.js'
import { viewFamilyHelpEpisode } from './queries/viewEpisode.js'

const date = z.string().meta({ description: 'A date, YYYY-MM-DD' })

const episodeSchema = z.looseObject({
  id: z.uuid(),
  reference: z.string(),
  level: z.string().meta({ description: 'targeted early help, or family help with a lead practitioner' }),
  origin: z.string(),
  phase: z.string(),
  phaseLabel: z.string(),
  planPaused: z.boolean(),
  openedOn: date,
  closedOn: date.nullable(),
  closureReason: z.string().nullable(),
  lead: z.object({ name: z.string(), organisation: z.string() }).nullable(),
  consentWithdrawn: z.boolean(),
  children: z.array(z.object({ id: z.uuid().nullable(), name: z.string() })),
  adults: z.array(z.object({ name: z.string(), relationship: z.string() })),
  team: z.array(
    z.object({
      organisation: z.string(),
      name: z.string().nullable(),
      role: z.string(),
      joinedOn: date,
      leftOn: date.nullable(),
    }),
  ),
  previousEpisodeId: z.uuid().nullable(),
  nextEpisodeId: z.uuid().nullable(),
  socialCareEpisodeId: z.uuid().nullable(),
  stepUpReferralIds: z.array(z.uuid()),
  steps: z.array(
    z.object({
      id: z.uuid(),
      step: z.string(),
      outcome: z.string(),
      occurredOn: date,
      details: z.record(z.string(), z.unknown()),
      actorName: z.string(),
      actorOrganisation: z.string(),
    }),
  ),
  clocks: z.array(z.object({ ruleId: z.string(), title: z.string(), dueOn: date, overdue: z.boolean() })),
  actions: z.array(z.string()).meta({ description: 'The steps you may take now' }),
  limitedToBeforeWithdrawal: z
    .boolean()
    .meta({ description: 'Consent was withdrawn: you see only what was recorded before it' }),
})

const listItem = z.object({
  id: z.uuid(),
  reference: z.string(),
  children: z.string(),
  phaseLabel: z.string(),
  lead: z.string().nullable(),
  leadOrganisation: z.string().nullable(),
  openedOn: date,
  nextDueOn: date.nullable(),
  nextReviewDueOn: date.nullable(),
  overdue: z.boolean(),
})

const listSchema = z.looseObject({
  items: z.array(listItem),
  counts: z.record(z.string(), z.number()).optional().meta({ description: 'With view=area: how many in each filter' }),
  byOrganisation: z.array(z.object({ organisation: z.string(), open: z.number() })).optional(),
  page: z.number().optional(),
  pages: z.number().optional(),
})

const listQuery = z.object({
  view: z.enum(['mine', 'area']).optional(),
  filter: z.enum(areaFilters).optional(),
  page: z.string().optional(),
})

/** The reads of family help through the JSON API: one episode, and the lists (mine, the area). */
export function familyHelpApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/family-help/:id',
    apiRoute({
      operationId: 'getFamilyHelpEpisode',
      tag: 'Family help',
      summary:
        'One family help episode as you may see it: family, team, lead practitioner, history, clocks and your actions',
      params: ['id'],
      ok: { 200: { description: 'The episode', schema: episodeSchema } },
      errors: { 404: true },
    }),
    async (request, reply) => {
      const result = await viewFamilyHelpEpisode(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
      return result.value
    },
  )

  app.get<{ Querystring: { view?: string; filter?: string; page?: string } }>(
    '/api/v1/family-help',
    apiRoute({
      operationId: 'listFamilyHelpEpisodes',
      tag: 'Family help',
      summary:
        'Families you lead (view=mine), or the early help coordinator’s area (view=area, filter=unallocated|no_plan|overdue_reviews|stepped_up|stepped_down, page)',
      query: listQuery,
      ok: { 200: { description: 'The episodes, the next thing due first', schema: listSchema } },
      errors: { 403: true },
    }),
    async (request, reply) => {
      const actor = request.actor as Actor
      if (request.query.view === 'area') {
        const result = await areaView(deps, actor, areaQuery(request.query), request.meta)
        if (!result.ok) return reply.code(403).send({ error: 'forbidden', message: result.error.message })
        return result.value
      }
      const result = await listMyFamilies(deps, actor, request.meta)
      if (!result.ok) return reply.code(403).send({ error: 'forbidden', message: result.error.message })
      return { items: result.value }
    },
  )
}
