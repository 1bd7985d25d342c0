import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Actor } from '../identity/actor.js'
import { actorAudit, appendAudit, type AuditEntry } from './auditLog.js'

/** An audit entry without its who and its request: those come from the signed-in person and the request. */
export type ActorAuditEntry = Omit<AuditEntry, 'actorUserId' | 'actorOrganisationId' | 'actorRoles' | 'correlationId'>

/** One audit row for what a signed-in person did, in the caller's transaction, tied to their request. */
export async function auditActor(
  q: Transaction<DB> | Kysely<DB>,
  actor: Actor,
  meta: { readonly correlationId: string },
  now: Date,
  entry: ActorAuditEntry,
): Promise<void> {
  await appendAudit(q, { ...actorAudit(actor), ...entry, correlationId: meta.correlationId }, now)
}

/** What a read showed, and why the person could see it, as its audit row records it. */
export interface Seen extends ActorAuditEntry {
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
  meta: { readonly correlationId: string },
  now: Date,
  seen: Seen,
): Promise<void> {
  await db.transaction().execute((tx) => auditActor(tx, actor, meta, now, seen))
}
