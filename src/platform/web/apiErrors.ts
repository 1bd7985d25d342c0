import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import type { DomainError } from '../shared/result.js'

/** A 400 with a list of field errors, the API's counterpart of the GOV.UK error summary. */
export function badRequest(reply: FastifyReply, errors: { field: string; message: string }[]) {
  return reply.code(400).send({ error: 'bad_request', errors })
}

/** A use case's field problems as a 400; one that names no field stands against `form`. */
export function fieldProblems(reply: FastifyReply, error: Pick<DomainError, 'fields' | 'message'>) {
  return badRequest(
    reply,
    Object.entries(error.fields ?? { form: error.message }).map(([field, message]) => ({ field, message })),
  )
}

export function zodErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }))
}
