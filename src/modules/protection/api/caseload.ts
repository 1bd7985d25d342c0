import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { caseloadSorts, caseloadStatuses, type CaseloadSort, type CaseloadStatus } from '../queries/caseloadQuery.js'
import { myCaseload } from '../queries/myCaseload.js'
import { teamCaseload } from '../queries/teamCaseload.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'

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

/** Caseloads through the JSON API: the same use cases, checks and audit as the pages. */
export function caseloadApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/api/v1/caseload', async (request, reply) => {
    const result = await myCaseload(deps, request.actor as Actor, parseCaseloadQuery(request.query), request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })

  app.get('/api/v1/caseload/team', async (request, reply) => {
    const result = await teamCaseload(deps, request.actor as Actor, parseCaseloadQuery(request.query), request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    return result.value
  })
}
