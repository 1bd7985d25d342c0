import { sql, type Expression, type RawBuilder, type Transaction } from 'kysely'
import type { Role } from '../../../platform/identity/roles.js'
import type { DB } from '../../../platform/db/schema.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'

/**
 * The transactional outbox. A use case that should tell someone by email writes the message in its own
 * transaction, next to the change it reports: the message exists if and only if the change committed, and the
 * outbox worker sends it afterwards (or an administrator reads it on the Email outbox page when the service has
 * no mail server). Nothing here talks to a mail server.
 */

export interface NewNotification {
  /** Dotted kind, e.g. `concern.raised`; lets later code and the outbox page group messages. */
  readonly kind: string
  /** The organisation whose administrators see the message on the Email outbox page; null for none. */
  readonly organisationId: string | null
  readonly recipient: string
  readonly subject: string
  readonly body: string
  readonly relatedType?: string | undefined
  readonly relatedId?: string | undefined
}

/** A subject is one header line: line breaks and runs of spaces become one space. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()

export async function enqueueNotification(tx: Transaction<DB>, n: NewNotification, now: Date): Promise<string> {
  const recipient = n.recipient.trim()
  if (recipient === '') throw new Error('A notification needs a recipient')
  return insertWithNewId(tx, 'notification_outbox', {
    kind: n.kind,
    organisation_id: n.organisationId,
    recipient,
    subject: oneLine(n.subject),
    body: n.body,
    related_type: n.relatedType ?? null,
    related_id: n.relatedId ?? null,
    created_at: now,
    next_attempt_at: now,
  })
}

export interface OrganisationRolesNotification {
  readonly organisationId: string
  /** Everyone active in the organisation holding any of these roles gets one message (once, however many they hold). */
  readonly roles: readonly Role[]
  readonly kind: string
  readonly subject: string
  readonly body: string
  readonly relatedType?: string | undefined
  readonly relatedId?: string | undefined
}

/**
 * The INSERT that enqueues one message per active user of the organisation holding any of the roles (once each,
 * however many they hold), returning each recipient. Subject and body are SQL expressions so that a use case
 * can run it as one CTE of a larger statement and fill in values that statement makes (a reference number).
 */
export function organisationRolesOutboxInsert(
  n: Omit<OrganisationRolesNotification, 'subject' | 'body'>,
  subject: Expression<string>,
  body: Expression<string>,
  now: Date,
): RawBuilder<{ recipient: string }> {
  return sql<{ recipient: string }>`
    INSERT INTO notification_outbox (id, kind, organisation_id, recipient, subject, body, related_type, related_id, created_at, next_attempt_at)
    SELECT gen_random_uuid(), ${n.kind}, u.organisation_id, trim(u.email), ${subject}, ${body}, ${n.relatedType ?? null}, ${n.relatedId ?? null}, ${now}, ${now}
    FROM app_user u
    WHERE u.organisation_id = ${n.organisationId} AND u.active AND u.roles && ${sql.val([...n.roles])}::text[]
    RETURNING recipient`
}

/** Enqueues one message per active user of the organisation holding any of the roles; returns how many. */
export async function notifyOrganisationRoles(
  tx: Transaction<DB>,
  n: OrganisationRolesNotification,
  now: Date,
): Promise<number> {
  if (n.roles.length === 0) return 0
  const result = await organisationRolesOutboxInsert(n, sql.val(oneLine(n.subject)), sql.val(n.body), now).execute(tx)
  return result.rows.length
}
