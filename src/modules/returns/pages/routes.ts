import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { sendDownload } from '../../../platform/web/download.js'
import { csvLine } from '../../organisations/domain/csv.js'
import { collectionYearEnding, collectionYearLabel, FIRST_COLLECTION_YEAR } from '../domain/census.js'
import { mayMakeReturns } from '../domain/policy.js'
import type { CensusFinding } from '../domain/rules.js'
import { annexACsv, annexAWorkbook, exportAnnexA } from '../steps/annexA.js'
import { findingSchema, returnsRefusal, validateCinCensus, yearDescription } from '../steps/census.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'
import { errorPage } from '../../../platform/web/errorPage.js'

const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) })
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const notFound = (reply: FastifyReply) =>
  errorPage(reply, 404, { heading: 'Page not found', paragraphs: ['There is no return for that year.'] })

export const findingsCsv = (findings: readonly CensusFinding[]): string =>
  [
    csvLine(['Rule', 'Error or query', 'Message', 'LA child ID', 'Case reference']),
    ...findings.map((f) =>
      csvLine([
        f.ruleId,
        f.severity === 'error' ? 'Error' : 'Query',
        f.message,
        f.laChildId ?? '',
        f.episodeReference ?? '',
      ]),
    ),
  ].join('\r\n') + '\r\n'

const today = (now: Date): string => now.toISOString().slice(0, 10)

/** Statutory returns: the children in need census (validate, then export) and Ofsted's Annex A lists. */
export function returnsRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/returns', async (request, reply) => {
    const actor = request.actor as Actor
    const decision = mayMakeReturns(actor)
    if (!decision.allowed)
      return denied(reply, 'Only the local authority’s team managers and administrators make statutory returns.')
    const latest = collectionYearEnding(today(deps.clock.now()))
    const years = []
    for (let y = Math.min(latest, 2027); y >= FIRST_COLLECTION_YEAR; y--)
      years.push({ endYear: y, label: `${y - 1} to ${y}` })
    return reply.page('returns/pages/returns.njk', { pageTitle: 'Statutory returns', years })
  })

  app.get<{ Params: { year: string } }>('/returns/cin-census/:year', async (request, reply) => {
    const parsed = yearParam.safeParse(request.params)
    if (!parsed.success) return notFound(reply)
    const result = await validateCinCensus(deps, request.actor as Actor, parsed.data.year, request.meta)
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED') return denied(reply, result.error.message)
      return notFound(reply)
    }
    const { validation, year, children } = result.value
    return reply.page('returns/pages/census.njk', {
      pageTitle: `Children in need census ${collectionYearLabel(year)}`,
      yearLabel: collectionYearLabel(year),
      year,
      children,
      errors: validation.errors,
      queries: validation.queries,
      findings: validation.findings.slice(0, 500),
      more: Math.max(0, validation.findings.length - 500),
      // The export button's form: sent twice, it is refused rather than numbered again.
      submissionKey: randomUUID(),
    })
  })

  app.get<{ Params: { year: string } }>('/returns/cin-census/:year/findings.csv', async (request, reply) => {
    const parsed = yearParam.safeParse(request.params)
    if (!parsed.success) return notFound(reply)
    const result = await validateCinCensus(deps, request.actor as Actor, parsed.data.year, request.meta)
    if (!result.ok) return result.error.code === 'ACCESS.DENIED' ? denied(reply, result.error.message) : notFound(reply)
    return sendDownload(
      reply,
      `cin-census-${parsed.data.year}-findings.csv`,
      findingsCsv(result.value.validation.findings),
    )
  })

  app.get('/returns/annex-a', async (request, reply) => {
    const actor = request.actor as Actor
    const decision = mayMakeReturns(actor)
    if (!decision.allowed)
      return denied(reply, 'Only the local authority’s team managers and administrators make statutory returns.')
    return reply.page('returns/pages/annex-a.njk', { pageTitle: 'Ofsted Annex A lists', lists: [1, 2, 3, 4, 5, 6, 7] })
  })

  app.get('/returns/annex-a.xlsx', async (request, reply) => {
    const result = await exportAnnexA(deps, request.actor as Actor, today(deps.clock.now()), request.meta)
    if (!result.ok) return denied(reply, result.error.message)
    return sendDownload(reply, `annex-a-${result.value.to}.xlsx`, await annexAWorkbook(result.value.lists))
  })

  app.get<{ Params: { list: string } }>('/returns/annex-a/list-:list.csv', async (request, reply) => {
    const n = Number(request.params.list)
    if (!Number.isInteger(n) || n < 1 || n > 7) return notFound(reply)
    const result = await exportAnnexA(deps, request.actor as Actor, today(deps.clock.now()), request.meta)
    if (!result.ok) return denied(reply, result.error.message)
    const list = result.value.lists[n - 1]
    if (list === undefined) return notFound(reply)
    return sendDownload(reply, `annex-a-list-${n}-${result.value.to}.csv`, annexACsv(list))
  })
}

const annexQuery = z.object({
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  format: z.enum(['xlsx', 'csv']).optional(),
  list: z.coerce.number().int().min(1).max(7).optional(),
})

const validationAnswer = z.object({
  year: z.string().meta({ description: 'The collection year, for example 2025-26' }),
  children: z.number().int().meta({ description: 'Children in scope of the census' }),
  errors: z.number().int(),
  queries: z.number().int(),
  findings: z.array(findingSchema),
})

const validateRoute = apiRoute({
  operationId: 'validateCinCensus',
  tag: 'Returns',
  summary: 'Run the DfE children in need census validation rules over a collection year',
  description: yearDescription,
  params: ['year'],
  ok: {
    200: {
      description: 'Children in scope, counts of errors and queries, and every finding',
      schema: validationAnswer,
    },
  },
  errors: { 403: returnsRefusal, 404: 'No such collection year' },
})
const annexRoute = apiRoute({
  operationId: 'exportAnnexA',
  tag: 'Returns',
  summary: 'Ofsted Annex A lists 1 to 7 for the six months to a date, as an XLSX workbook or one list as CSV',
  query: annexQuery,
  ok: {
    200: {
      description: 'The workbook, or the list as CSV',
      schema: { type: 'string', format: 'binary' },
      contentTypes: [XLSX, 'text/csv'],
    },
  },
  errors: { 403: returnsRefusal },
})

/** The same returns through the JSON API. */
export function returnsApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get<{ Params: { year: string } }>(
    '/api/v1/returns/cin-census/:year/validation',
    validateRoute,
    async (request, reply) => {
      const parsed = yearParam.safeParse(request.params)
      if (!parsed.success)
        return reply.code(404).send({ error: 'not_found', message: 'There is no return for that year' })
      const result = await validateCinCensus(deps, request.actor as Actor, parsed.data.year, request.meta)
      if (!result.ok)
        return reply
          .code(result.error.code === 'ACCESS.DENIED' ? 403 : 404)
          .send({ error: result.error.code, message: result.error.message })
      const { year, children, validation } = result.value
      return {
        year: collectionYearLabel(year),
        children,
        errors: validation.errors,
        queries: validation.queries,
        findings: validation.findings,
      }
    },
  )

  app.get('/api/v1/returns/annex-a', annexRoute, async (request, reply) => {
    const q = annexQuery.safeParse(request.query ?? {})
    if (!q.success)
      return reply
        .code(400)
        .send({ error: 'bad_request', message: 'to is a date (YYYY-MM-DD); format xlsx or csv; list 1 to 7' })
    const result = await exportAnnexA(deps, request.actor as Actor, q.data.to ?? today(deps.clock.now()), request.meta)
    if (!result.ok) return reply.code(403).send({ error: result.error.code, message: result.error.message })
    if (q.data.format === 'csv') {
      const list = result.value.lists[(q.data.list ?? 1) - 1]
      return reply.header('content-type', 'text/csv; charset=utf-8').send(list === undefined ? '' : annexACsv(list))
    }
    return reply.header('content-type', XLSX).send(await annexAWorkbook(result.value.lists))
  })
}
