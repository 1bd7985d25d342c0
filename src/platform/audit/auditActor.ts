import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Actor } from '../identity/actor.js'
import { actorAudit, appendAudit, type AuditEntry } from './auditLog.js'

/** What the entry says beyond who did it and which request it was. */
export type ActorAuditEntry = Omit<AuditEntry, keyof ReturnType<typeof actorAudit> | 'correlationId'>

/**
 * One audit row for what a signed-in person did or saw, in the caller's transaction: who (their organisation and
 * roles then) and the request's correlation id come from the actor and the request, the rest from `entry`.
 */
export async function auditActor(
  tx: Transaction<DB> | Kysely<DB>,
  actor: Actor,
  entry: ActorAuditEntry,
  meta: { readonly correlationId: string },
  now: Date,
): Promise<void> {
  await appendAudit(tx, { ...actorAudit(actor), ...entry, correlationId: meta.correlationId }, now)
}
