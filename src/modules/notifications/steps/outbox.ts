import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { MAX_ATTEMPTS } from './outboxWorker.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { pageWithin } from '../../../platform/shared/paging.js'
import { countRows } from '../../../platform/db/countRows.js'

/**
 * The Email outbox page's use cases: an organisation's administrators read what Together has sent, or is
 * waiting to send, to their people. Message bodies may mention children, so every view is audited.
 */

export const OUTBOX_PAGE_SIZE = 50

export type OutboxStatus = 'sent' | 'waiting' | 'failed'

export interface OutboxMessageSummary {
  readonly id: string
  readonly kind: string
  readonly recipient: string
  readonly subject: string
  readonly createdAt: Date
  readonly status: OutboxStatus
  /** Failed attempts so far. */
  readonly attempts: number
  readonly sentAt: Date | null
  readonly nextAttemptAt: Date | null
  readonly lastError: string | null
}

export interface OutboxMessage extends OutboxMessageSummary {
  readonly body: string
  readonly relatedType: string | null
  readonly relatedId: string | null
}

export interface OutboxPage {
  readonly items: readonly OutboxMessageSummary[]
  readonly total: number
  readonly page: number
  readonly pages: number
  readonly pageSize: number
}

export type OutboxError = DomainError<'ACCESS.DENIED' | 'NOTIFICATION.NOT_FOUND'>

interface OutboxRow {
  id: string
  kind: string
  recipient: string
  subject: string
  created_at: Date
  attempts: number
  sent_at: Date | null
  next_attempt_at: Date
  last_error: string | null
}

const statusOf = (r: Pick<OutboxRow, 'sent_at' | 'attempts'>): OutboxStatus =>
  r.sent_at !== null ? 'sent' : r.attempts >= MAX_ATTEMPTS ? 'failed' : 'waiting'

function summary(r: OutboxRow): OutboxMessageSummary {
  const status = statusOf(r)
  return {
    id: r.id,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    createdAt: r.created_at,
    status,
    attempts: r.attempts,
    sentAt: r.sent_at,
    nextAttemptAt: status === 'waiting' ? r.next_attempt_at : null,
    lastError: r.last_error,
  }
}

const summaryColumns = [
  'id',
  'kind',
  'recipient',
  'subject',
  'created_at',
  'attempts',
  'sent_at',
  'next_attempt_at',
  'last_error',
] as const

export async function listOutbox(
  deps: Deps,
  actor: Actor,
  query: { page: number },
  meta: RequestMeta,
): Promise<Result<OutboxPage, OutboxError>> {
  const decision = decide(actor, { kind: 'notifications.read_outbox', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const total = await countRows(
      tx.selectFrom('notification_outbox').where('organisation_id', '=', actor.organisationId),
    )
    const { page, pages, offset } = pageWithin(total, OUTBOX_PAGE_SIZE, Math.trunc(query.page) || 1)
    const rows = await tx
      .selectFrom('notification_outbox')
      .select(summaryColumns)
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(OUTBOX_PAGE_SIZE)
      .offset(offset)
      .execute()
    await auditActor(tx, actor, meta, now, {
      action: 'notifications.outbox_viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: decision.reason,
      details: { page, shown: rows.length },
    })
    return ok({ items: rows.map(summary), total, page, pages, pageSize: OUTBOX_PAGE_SIZE })
  })
}

/** One message in full. Another organisation's message, or an id that is not a message at all, is not found. */
export async function readOutboxMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<Result<OutboxMessage, OutboxError>> {
  const decision = decide(actor, { kind: 'notifications.read_outbox', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const notFound = err(domainError('NOTIFICATION.NOT_FOUND', 'There is no such message in your organisation’s outbox'))
  if (!isUuid(id)) return notFound
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const row = await tx
      .selectFrom('notification_outbox')
      .select([...summaryColumns, 'body', 'related_type', 'related_id'])
      .where('id', '=', id)
      .where('organisation_id', '=', actor.organisationId)
      .executeTakeFirst()
    if (row === undefined) return notFound
    await auditActor(tx, actor, meta, now, {
      action: 'notifications.message_viewed',
      subjectType: 'notification',
      subjectId: row.id,
      reason: decision.reason,
      details: { kind: row.kind, relatedType: row.related_type, relatedId: row.related_id },
    })
    return ok({ ...summary(row), body: row.body, relatedType: row.related_type, relatedId: row.related_id })
  })
}
