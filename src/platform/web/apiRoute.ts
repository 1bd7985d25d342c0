import type { FastifySchema, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'

/** A JSON Schema as it goes into the OpenAPI document (2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Readonly<Record<string, unknown>>

/**
 * zod → JSON Schema for the document. `io: 'input'` describes what a client sends (fields with defaults are
 * optional); refinements and transforms have no JSON Schema form, so they document as their base type and the
 * handler's zod parse stays the judge.
 */
export function jsonSchemaOf(schema: z.ZodType | JsonSchema, io: 'input' | 'output' = 'input'): JsonSchema {
  if (!(schema instanceof z.ZodType)) return schema
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
  return rest
}

/** The one error shape of the JSON API: a stable code, a sentence, and for bad input one entry per field. */
export const apiErrorSchema = z
  .object({
    error: z.string().meta({
      description:
        'A stable code: bad_request, unauthorised, not_found, server_error, or a domain code such as CONCERN.TRANSITION_NOT_ALLOWED',
    }),
    message: z.string().optional().meta({ description: 'What went wrong, in plain English' }),
    code: z.string().optional().meta({ description: 'The domain code behind a 400, when there is one' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'With 400: one entry per field, the message written for a person (as on the form)' }),
    correlationId: z.string().optional().meta({ description: 'With 500: quote it to support' }),
  })
  .meta({ description: 'An answer that is not a success' })

const errorDescriptions = {
  400: 'Bad input: one error per field; nothing was written',
  401: 'No valid bearer token (get one from issueToken)',
  403: 'Your role or organisation may not do this (audited)',
  404: 'No such record, or not one you may see (audited); both answer the same',
  409: 'Not allowed in the record’s current state, or already submitted; nothing was written',
  413: 'The body is larger than 1 MB',
  414: 'A part of the web address (an id) is too long',
  415: 'The body must be application/json',
  423: 'The account is locked after repeated failures',
} as const
export type ApiErrorStatus = keyof typeof errorDescriptions

export interface ApiSuccess {
  readonly description: string
  readonly schema: z.ZodType | JsonSchema
  /** A file rather than JSON (the census XML, an Annex A workbook): the media types it may be sent as. */
  readonly contentTypes?: readonly string[]
}

/** A refusal whose body says more than the common error shape (every bad row of an import, say). */
export interface ApiErrorAnswer {
  readonly description: string
  readonly schema: z.ZodType
}

/** Path parameters by name: ids (`id`, `conferenceId`…) are UUIDs. */
export type PathParam = string

export interface ApiOperation {
  /** verbNoun, unique across the API: the name a generated client gives the call. */
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tag: string
  readonly params?: readonly PathParam[]
  readonly query?: z.ZodType | JsonSchema
  readonly body?: z.ZodType | JsonSchema
  /** The success answers, by status. */
  readonly ok: Readonly<Partial<Record<200 | 201, ApiSuccess>>>
  /** The refusals this operation gives, with a description when the general one is not enough (401 is added for every signed-in call). */
  readonly errors?: Readonly<Partial<Record<ApiErrorStatus, string | true | ApiErrorAnswer>>>
  /**
   * Serialise the answer with Fastify's compiled serialiser from the 200 schema (hot paths only: it drops any
   * field the schema does not name).
   */
  readonly compiledSerialiser?: true
  /** Callable without a token (only issueToken). */
  readonly public?: true
}

const pathParamSchema = (names: readonly PathParam[]): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(
    names.map((n) => [
      n,
      n === 'id' || n.endsWith('Id')
        ? { type: 'string', format: 'uuid', description: n === 'id' ? 'The record’s id' : `The ${n.slice(0, -2)}’s id` }
        : { type: 'string' },
    ]),
  ),
  required: [...names],
})

// Request parts are documented, not validated by Fastify: the handler's zod schema is the one judge, so its
// GOV.UK-style field messages reach the client instead of Ajv's.
const documentedOnly = () => () => true
// Answers are written as the handler built them: a compiled serialiser would silently drop any field the
// document forgot, where the route tests' check against the document catches it.
const plainJson = () => (data: unknown) => JSON.stringify(data)

/**
 * Route options for one `/api/v1` operation: the Fastify route schema from which @fastify/swagger writes the
 * OpenAPI entry. Spread into the route's options: `app.post('/api/v1/x', { ...apiRoute({...}) }, handler)`.
 */
export function apiRoute(op: ApiOperation): RouteShorthandOptions {
  const response: Record<string, JsonSchema> = {}
  for (const [status, success] of Object.entries(op.ok)) {
    if (success === undefined) continue
    response[status] =
      success.contentTypes === undefined
        ? { description: success.description, ...jsonSchemaOf(success.schema, 'output') }
        : {
            description: success.description,
            content: Object.fromEntries(
              success.contentTypes.map((type) => [type, { schema: jsonSchemaOf(success.schema, 'output') }]),
            ),
          }
  }
  // Any request can be bad input (malformed JSON, NUL characters in text), and an id can be absurdly long.
  const errors: Partial<Record<ApiErrorStatus, string | true | ApiErrorAnswer>> = {
    400: true,
    ...(op.public ? {} : { 401: true }),
    ...(op.params === undefined ? {} : { 414: true }),
    ...(op.body === undefined ? {} : { 413: true, 415: true }),
    ...op.errors,
  }
  const errorSchema = jsonSchemaOf(apiErrorSchema, 'output')
  for (const [status, description] of Object.entries(errors)) {
    if (typeof description === 'object') {
      response[status] = { description: description.description, ...jsonSchemaOf(description.schema, 'output') }
      continue
    }
    const text = description === true ? errorDescriptions[Number(status) as ApiErrorStatus] : description
    response[status] = { description: text, ...errorSchema }
  }
  const schema: FastifySchema & Record<string, unknown> = {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    response,
    ...(op.description === undefined ? {} : { description: op.description }),
    ...(op.public ? { security: [] } : {}),
    ...(op.params === undefined ? {} : { params: pathParamSchema(op.params) }),
    ...(op.query === undefined ? {} : { querystring: jsonSchemaOf(op.query) }),
    ...(op.body === undefined ? {} : { body: jsonSchemaOf(op.body) }),
  }
  return {
    schema,
    validatorCompiler: documentedOnly,
    ...(op.compiledSerialiser ? {} : { serializerCompiler: plainJson }),
  }
}
