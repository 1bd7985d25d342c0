import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Actor } from '../identity/actor.js'
import { actorAudit, appendAudit } from './auditLog.js'

/** What a read showed, and why the person could see it, as its audit row records it. */
export interface Seen {
  /** Dotted verb, e.g. `referral.viewed`, `inbox.viewed`. */
  readonly action: string
  readonly subjectType: string
  readonly subjectId: string
  readonly reason: string
  /** The records shown, by id (never names). */
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * A page or list of child data that a signed-in person has just been shown, in the audit trail: one row, in a
 * transaction of its own, for reads that change nothing else (a write audits in its own transaction instead).
 */
export async function auditSeen(
  db: Kysely<DB>,
  actor: Actor,
  seen: Seen,
  meta: { readonly correlationId: string },
  now: Date,
): Promise<void> {
  await db
    .transaction()
    .execute((tx) => appendAudit(tx, { ...actorAudit(actor), ...seen, correlationId: meta.correlationId }, now))
}
