import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { caseloadSorts, caseloadStatuses, type CaseloadSort, type CaseloadStatus } from '../queries/caseloadQuery.js'
import { myCaseload } from '../queries/myCaseload.js'
import { teamCaseload } from '../queries/teamCaseload.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'

/** Query parameters shared by the pages and the API: anything unrecognised falls back to the default. */
const querySchema = z.object({
  sort: z.enum(caseloadSorts).optional().catch(undefined),
  status: z.enum(caseloadStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  worker: z.string().max(100).optional().catch(undefined),
})

export interface ParsedCaseloadQuery {
  readonly sort: CaseloadSort
  readonly status: CaseloadStatus | undefined
  readonly page: number
  readonly worker: string | undefined
}

export function parseCaseloadQuery(raw: unknown): ParsedCaseloadQuery {
  const q = querySchema.parse(typeof raw === 'object' && raw !== null ? raw : {})
  return { sort: q.sort ?? 'due', status: q.status, page: q.page ?? 1, worker: q.worker === '' ? undefined : q.worker }
}

const statusCounts = z.looseObject({
  overdue: z.number().int(),
  due_today: z.number().int(),
  due_soon: z.number().int(),
  not_due: z.number().int(),
})
const caseloadPage = {
  today: z.iso.date(),
  sort: z.enum(caseloadSorts),
  status: z.enum(caseloadStatuses).optional(),
  counts: statusCounts,
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(z.looseObject({ episodeId: z.uuid().optional() })),
}
const documentedQuery = z.object({
  sort: z.enum(caseloadSorts).optional(),
  status: z.enum(caseloadStatuses).optional().meta({ description: 'The state of each case’s next deadline' }),
  page: z.number().int().min(1).optional(),
})

/** Caseloads through the JSON API: the same use cases, checks and audit as the pages. */
export function caseloadApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const mineRoute = apiRoute({
    operationId: 'listMyCaseload',
    tag: 'Cases',
    summary: 'My cases: open episodes you lead, manage or chair, each with its next statutory deadline',
    query: documentedQuery,
    ok: {
      200: {
        description: 'Counts by the state of each case’s next deadline, and one page of cases',
        schema: z.looseObject(caseloadPage),
      },
    },
    errors: { 403: 'Not a social care role' },
  })
  app.get('/api/v1/caseload', mineRoute, async (request, reply) => {
    const result = await myCaseload(deps, request.actor as Actor, parseCaseloadQuery(request.query), request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })

  const teamRoute = apiRoute({
    operationId: 'listTeamCaseload',
    tag: 'Cases',
    summary:
      'Team caseload (team managers): every open episode of your local authority, counts by worker and the unallocated',
    query: documentedQuery.extend({
      worker: z.string().optional().meta({ description: 'A worker’s user id, or "unallocated"' }),
    }),
    ok: {
      200: {
        description: 'Workers with their counts, totals, and one page of cases',
        schema: z.looseObject({
          ...caseloadPage,
          workers: z.array(
            z.object({ workerId: z.uuid().nullable(), name: z.string(), open: z.number().int(), counts: statusCounts }),
          ),
          totals: statusCounts,
        }),
      },
    },
    errors: { 403: 'Not a team manager of this local authority' },
  })
  app.get('/api/v1/caseload/team', teamRoute, async (request, reply) => {
    const result = await teamCaseload(deps, request.actor as Actor, parseCaseloadQuery(request.query), request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })
}
