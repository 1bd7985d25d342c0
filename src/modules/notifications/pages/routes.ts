import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { listOutbox, readOutboxMessage, type OutboxMessageSummary } from '../steps/outbox.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { deniedPage } from '../../../platform/web/deniedPage.js'

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

const denied = (reply: FastifyReply) =>
  deniedPage(reply, 'Only your organisation’s administrators can read its email outbox.')

/** The words and tag colour the page shows for a message's state. */
function statusTag(m: OutboxMessageSummary): { text: string; classes: string } {
  if (m.status === 'sent') return { text: 'Sent', classes: 'govuk-tag--green' }
  if (m.status === 'failed')
    return { text: `Failed after ${m.attempts} attempt${m.attempts === 1 ? '' : 's'}`, classes: 'govuk-tag--red' }
  return { text: 'Waiting', classes: m.attempts > 0 ? 'govuk-tag--yellow' : 'govuk-tag--blue' }
}

/** Paragraphs split on blank lines, each a list of lines, so the template keeps the message's line breaks. */
const paragraphs = (body: string): string[][] =>
  body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n'))
    .filter((lines) => lines.some((l) => l.trim() !== ''))

export function outboxRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/admin/outbox', async (request, reply) => {
    const actor = request.actor as Actor
    const query = querySchema.parse(typeof request.query === 'object' && request.query !== null ? request.query : {})
    const result = await listOutbox(deps, actor, { page: query.page ?? 1 }, request.meta)
    if (!result.ok) return denied(reply)
    const view = result.value
    return reply.page('notifications/pages/outbox.njk', {
      pageTitle: view.pages > 1 ? `Email outbox (page ${view.page} of ${view.pages})` : 'Email outbox',
      view,
      items: view.items.map((m) => ({ ...m, tag: statusTag(m) })),
      pageLink: (page: number) => (page <= 1 ? '/admin/outbox' : `/admin/outbox?page=${page}`),
    })
  })

  app.get<{ Params: { id: string } }>('/admin/outbox/:id', async (request, reply) => {
    const actor = request.actor as Actor
    const result = await readOutboxMessage(deps, actor, request.params.id, request.meta)
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED') return denied(reply)
      return reply.callNotFound()
    }
    const message = result.value
    return reply.page('notifications/pages/message.njk', {
      pageTitle: message.subject,
      message,
      tag: statusTag(message),
      paragraphs: paragraphs(message.body),
    })
  })
}
