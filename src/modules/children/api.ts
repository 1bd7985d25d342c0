import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { childChronology, wholeFromQuery } from './queries/childChronology.js'
import { searchChildren } from './queries/searchChildren.js'
import type { Actor } from '../../platform/identity/actor.js'
import type { WebOptions } from '../../platform/web/options.js'
import { badRequest, zodErrors } from '../../platform/web/apiErrors.js'
import { apiRoute } from '../../platform/web/apiRoute.js'
import { sexes } from './domain/child.js'

const searchQuery = z.object({
  name: z.string().max(200).optional().meta({ description: 'Whole name: the first word is the given name' }),
  givenName: z.string().max(200).optional(),
  familyName: z.string().max(200).optional(),
  dob: z.string().max(20).optional().meta({ format: 'date', description: 'Date of birth, YYYY-MM-DD' }),
  nhsNumber: z.string().max(40).optional(),
  upn: z.string().max(40).optional(),
})

const childMatch = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.iso.date().nullable(),
  expectedDateOfDelivery: z.iso.date().nullable(),
  sex: z.enum(sexes),
  nhsNumber: z.string().nullable(),
  upn: z.string().nullable(),
  score: z.number().min(0).max(1).meta({ description: 'How closely the name matched; 1 for an identifier match' }),
  matchedOn: z.array(z.string()),
})

/** Children through the JSON API: the same use cases, checks and audit as the pages. */
/**
 * The API's chronology comes a page at a time: a child known to many agencies for years has thousands of
 * entries, and one answer with all of them is most of a megabyte (issue 16 measured 2,000 entries at 806 KiB).
 */
const CHRONOLOGY_API_PAGE = 200
const CHRONOLOGY_API_MAX_PAGE = 1000

export function childApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const searchRoute = apiRoute({
    operationId: 'searchChildren',
    tag: 'Children',
    summary: 'Find children your organisation is involved with (fuzzy name, date of birth, NHS number, UPN)',
    query: searchQuery,
    ok: { 200: { description: 'Likely matches, best first', schema: z.object({ children: z.array(childMatch) }) } },
    errors: { 400: true },
  })
  app.get('/api/v1/children', searchRoute, async (request, reply) => {
    const parsed = searchQuery.safeParse(request.query ?? {})
    if (!parsed.success) return badRequest(reply, zodErrors(parsed.error))
    const q = parsed.data
    // "name" is a convenience: the first word is the given name, the rest the family name.
    const [first, ...rest] = (q.name ?? '').trim().split(/\s+/)
    const result = await searchChildren(
      deps,
      request.actor as Actor,
      {
        givenName: q.givenName ?? first,
        familyName: q.familyName ?? rest.join(' '),
        dateOfBirth: q.dob,
        nhsNumber: q.nhsNumber,
        upn: q.upn,
      },
      request.meta,
    )
    if (!result.ok)
      return badRequest(
        reply,
        Object.entries(result.error.fields ?? {}).map(([field, message]) => ({ field, message })),
      )
    return { children: result.value }
  })

  // A response schema lets Fastify serialise the chronology with a compiled serialiser: measured 0.41 ms
  // against JSON.stringify's 0.95 ms for 200 entries, on every view.
  const nullableText = { type: ['string', 'null'] } as const
  const chronologySchema = {
    200: {
      description: 'The child and the entries you may see, oldest first',
      type: 'object',
      properties: {
        child: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            givenName: { type: 'string' },
            familyName: { type: 'string' },
            dateOfBirth: nullableText,
            expectedDateOfDelivery: nullableText,
            nhsNumber: nullableText,
            upn: nullableText,
          },
        },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              at: { type: 'string', format: 'date-time' },
              dateOnly: { type: 'boolean' },
              type: { type: 'string' },
              organisation: { type: 'string' },
              author: { type: 'string' },
              summary: { type: 'string' },
              categories: { type: 'array', items: { type: 'string' } },
              key: { type: 'boolean' },
              concernId: nullableText,
              reference: { type: 'string' },
              referralId: { type: 'string', description: 'For a referral: its id (GET /api/v1/referrals/{id})' },
              familyHelpEpisodeId: {
                type: 'string',
                description: 'For family help: the episode’s id (GET /api/v1/family-help/{id})',
              },
            },
          },
        },
        organisations: { type: 'array', items: { type: 'string' } },
        totalEntries: { type: 'integer', description: 'How many entries the filters show, on every page' },
        page: {
          type: 'object',
          description: 'The page in `entries`: page 1 holds the oldest entries',
          properties: {
            number: { type: 'integer' },
            size: { type: 'integer' },
            pages: { type: 'integer' },
          },
        },
      },
    },
  }
  const chronologyRoute = apiRoute({
    operationId: 'getChildChronology',
    tag: 'Children',
    summary: 'The child’s chronology: what you may see, in time order',
    params: ['id'],
    query: z.object({
      organisation: z.string().optional().meta({ description: 'Only entries from this organisation (by name)' }),
      category: z.string().optional().meta({ description: 'Only entries with this concern category' }),
      type: z.string().optional().meta({ description: 'Only entries of this type' }),
      page: z
        .string()
        .regex(/^[1-9][0-9]{0,5}$/)
        .optional()
        .meta({ description: 'Which page, from 1 (the oldest entries); a page past the last gives the last' }),
      pageSize: z
        .string()
        .regex(/^[1-9][0-9]{0,3}$/)
        .optional()
        .meta({
          description: `Entries per page, at most ${CHRONOLOGY_API_MAX_PAGE}; ${CHRONOLOGY_API_PAGE} unless given`,
        }),
    }),
    ok: { 200: { description: 'The chronology', schema: chronologySchema[200] } },
    errors: { 404: true },
    compiledSerialiser: true,
  })

  app.get<{ Params: { id: string } }>('/api/v1/children/:id/chronology', chronologyRoute, async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined)
    const pageNumber = wholeFromQuery(q.page)
    const pageSize = wholeFromQuery(q.pageSize)
    if ((q.page !== undefined && pageNumber === undefined) || (q.pageSize !== undefined && pageSize === undefined))
      return reply.code(400).send({ error: 'bad_request', message: 'page and pageSize must be whole numbers from 1' })
    if (pageSize !== undefined && pageSize > CHRONOLOGY_API_MAX_PAGE)
      return reply
        .code(400)
        .send({ error: 'bad_request', message: `pageSize must be at most ${CHRONOLOGY_API_MAX_PAGE}` })
    const result = await childChronology(
      deps,
      request.actor as Actor,
      request.params.id,
      {
        organisation: str(q.organisation),
        category: str(q.category),
        type: str(q.type),
        // Page 1 (the oldest) unless asked: a client reading the whole story walks the pages forwards.
        page: { number: pageNumber ?? 1, size: pageSize ?? CHRONOLOGY_API_PAGE },
      },
      request.meta,
    )
    if (!result.ok) return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
    return result.value
  })
}
