import type { FastifyReply } from 'fastify'
import type { z } from 'zod'

/** A 400 with a list of field errors, the API's counterpart of the GOV.UK error summary. */
export function badRequest(reply: FastifyReply, errors: { field: string; message: string }[]) {
  return reply.code(400).send({ error: 'bad_request', errors })
}

export function zodErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }))
}
