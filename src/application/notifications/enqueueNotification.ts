import { sql, type Transaction } from 'kysely'
import type { Role } from '../../domain/people/roles.js'
import type { DB } from '../../infrastructure/db/schema.js'
import { newId } from '../../infrastructure/security/secrets.js'

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
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()

export async function enqueueNotification(tx: Transaction<DB>, n: NewNotification, now: Date): Promise<string> {
  const recipient = n.recipient.trim()
  if (recipient === '') throw new Error('A notification needs a recipient')
  const id = newId()
  await tx
    .insertInto('notification_outbox')
    .values({
      id,
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
    .execute()
  return id
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

/** Enqueues one message per active user of the organisation holding any of the roles; returns how many. */
export async function notifyOrganisationRoles(tx: Transaction<DB>, n: OrganisationRolesNotification, now: Date): Promise<number> {
  if (n.roles.length === 0) return 0
  const recipients = await tx
    .selectFrom('app_user')
    .select(['id', 'email'])
    .where('organisation_id', '=', n.organisationId)
    .where('active', '=', true)
    .where(sql<boolean>`roles && ${sql.val([...n.roles])}::text[]`)
    .orderBy('email')
    .execute()
  for (const r of recipients) {
    await enqueueNotification(
      tx,
      { kind: n.kind, organisationId: n.organisationId, recipient: r.email, subject: n.subject, body: n.body, relatedType: n.relatedType, relatedId: n.relatedId },
      now,
    )
  }
  return recipients.length
}
