import type { FastifyInstance, FastifySchema } from 'fastify'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { areaView, isAreaFilter, listMyFamilies } from './queries/listEpisodes.js'
import { viewFamilyHelpEpisode } from './queries/viewEpisode.js'

const problem = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } }

/** The reads of family help through the JSON API: one episode, and the lists (mine, the area). */
export function familyHelpApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/family-help/:id',
    {
      schema: {
        operationId: 'getFamilyHelpEpisode',
        tags: ['family-help'],
        summary:
          'One family help episode as you may see it: family, team, lead practitioner, history, clocks and your actions',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: { 404: problem },
      } as FastifySchema,
    },
    async (request, reply) => {
      const result = await viewFamilyHelpEpisode(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
      return result.value
    },
  )

  app.get<{ Querystring: { view?: string; filter?: string; page?: string } }>(
    '/api/v1/family-help',
    {
      schema: {
        operationId: 'listFamilyHelpEpisodes',
        tags: ['family-help'],
        summary:
          'Families you lead (view=mine), or the early help coordinator’s area (view=area, filter=unallocated|no_plan|overdue_reviews|stepped_up|stepped_down, page)',
        querystring: {
          type: 'object',
          properties: { view: { type: 'string' }, filter: { type: 'string' }, page: { type: 'string' } },
        },
        response: { 403: problem },
      } as FastifySchema,
    },
    async (request, reply) => {
      const actor = request.actor as Actor
      if (request.query.view === 'area') {
        const filter = isAreaFilter(request.query.filter ?? '') ? (request.query.filter as 'all') : 'all'
        const page = Number.parseInt(request.query.page ?? '1', 10)
        const result = await areaView(
          deps,
          actor,
          { filter, page: Number.isFinite(page) && page > 0 ? page : 1 },
          request.meta,
        )
        if (!result.ok) return reply.code(403).send({ error: 'forbidden', message: result.error.message })
        return result.value
      }
      const result = await listMyFamilies(deps, actor, request.meta)
      if (!result.ok) return reply.code(403).send({ error: 'forbidden', message: result.error.message })
      return { items: result.value }
    },
  )
}
