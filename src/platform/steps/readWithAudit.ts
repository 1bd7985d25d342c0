import type { Transaction } from 'kysely'
import { actorAudit, appendAudit } from '../audit/auditLog.js'
import type { Deps, RequestMeta } from '../context.js'
import type { DB } from '../db/schema.js'
import type { Actor } from '../identity/actor.js'
import { err, ok, type Result } from '../shared/result.js'
import type { AccessDecision, Subject } from './defineStep.js'

/**
 * The shell for reads of child data that are not a step's form (lists, queues, a record's page): the access
 * check and the audit row cannot be forgotten, and the row is written in the same transaction as the read.
 */
export interface AuditedRead<T> {
  /** Dotted verb for the audit row, e.g. `concern.own_list_viewed`. */
  readonly action: string
  readonly access: (actor: Actor) => AccessDecision
  readonly read: (tx: Transaction<DB>, actor: Actor) => Promise<T>
  /** The records shown, named in the audit row (ids only, never names). */
  readonly shown: (result: T) => readonly Subject[]
}

export async function readWithAudit<T>(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
  query: AuditedRead<T>,
): Promise<Result<T, { readonly visible: boolean; readonly reason: string }>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const decision = query.access(actor)
    const base = {
      ...actorAudit(actor),
      reason: decision.reason,
      correlationId: meta.correlationId,
    }
    if (!decision.allowed) {
      await appendAudit(tx, { ...base, action: `${query.action}.denied` }, now)
      return err({ visible: decision.visible, reason: decision.reason })
    }
    const result = await query.read(tx, actor)
    const shown = query.shown(result)
    await appendAudit(
      tx,
      { ...base, action: query.action, details: { shown: shown.map((s) => `${s.type}:${s.id}`).slice(0, 500) } },
      now,
    )
    return ok(result)
  })
}
