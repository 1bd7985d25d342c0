import type { Transaction } from 'kysely'
import { auditActor } from '../audit/auditActor.js'
import { auditRefusal } from '../audit/auditLog.js'
import type { Deps, RequestMeta } from '../context.js'
import type { DB } from '../db/schema.js'
import type { Actor } from '../identity/actor.js'
import { err, ok, type DomainError, type Result } from '../shared/result.js'

/** What an access policy said of one record; anything else it says (a family help scope) reaches `show`. */
export interface RecordDecision {
  readonly allowed: boolean
  readonly reason: string
}

/** What the seen row says of the record shown (ids only, never names). */
export interface SeenRecord {
  /** The record's id as the seen row names it. */
  readonly id: string
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * The shell for a page or answer about one record asked for by its id (readWithAudit's companion for lists): the
 * access check, the refusal row and the seen row cannot be forgotten, and the reads and both rows are one
 * transaction. A refusal and an id that is no record answer the same "not found", so an id reveals nothing.
 */
export interface OneRecordRead<R, D extends RecordDecision, V, C extends string> {
  /** The record's type in the audit trail, e.g. `information_request`. */
  readonly subjectType: string
  /** The audit action of a view, e.g. `information_request.viewed`. */
  readonly viewed: string
  /** The audit action of a refusal, e.g. `information_request.view_denied`. */
  readonly denied: string
  /** What the refusal row adds, where one refusal action covers several things tried (`view_invitation`). */
  readonly deniedDetails?: Readonly<Record<string, unknown>>
  /** The refusal row's reason when there is no such record (or the id is no id). */
  readonly missing: string
  /** The answer to a refusal and to no such record alike. */
  readonly notFound: DomainError<C>
  /** The record, or undefined when there is none (a loader checks the id is one before asking the database). */
  readonly load: (tx: Transaction<DB>, id: string, actor: Actor) => Promise<R | undefined>
  readonly access: (actor: Actor, record: R) => D
  /** What the seen row names, from the record and the decision to show it. */
  readonly seen: (record: R, decision: Allowed<D>) => SeenRecord
  /**
   * The view of a record this person may see, read in the same transaction after the seen row is written (a list
   * of who looked at a record includes this look).
   */
  readonly show: (record: R, context: ShowContext<D>) => Promise<V>
}

type Allowed<D extends RecordDecision> = D & { readonly allowed: true }

export interface ShowContext<D extends RecordDecision> {
  readonly tx: Transaction<DB>
  readonly actor: Actor
  readonly decision: Allowed<D>
  readonly now: Date
}

export async function readOneWithAudit<R, D extends RecordDecision, V, C extends string>(
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
  read: OneRecordRead<R, D, V, C>,
): Promise<Result<V, DomainError<C>>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const record = await read.load(tx, id, actor)
    const decision = record === undefined ? undefined : read.access(actor, record)
    if (record === undefined || decision === undefined || !isAllowed(decision)) {
      const refused = {
        action: read.denied,
        subjectType: read.subjectType,
        subjectId: id,
        reason: decision?.reason ?? read.missing,
        ...(read.deniedDetails === undefined ? {} : { details: read.deniedDetails }),
      }
      await auditRefusal(tx, actor, refused, meta, now)
      return err(read.notFound)
    }
    const seen = read.seen(record, decision)
    await auditActor(tx, actor, meta, now, {
      action: read.viewed,
      subjectType: read.subjectType,
      subjectId: seen.id,
      reason: decision.reason,
      ...(seen.details === undefined ? {} : { details: seen.details }),
    })
    return ok(await read.show(record, { tx, actor, decision, now }))
  })
}

/** A view of one record as the function its routes call: `(deps, actor, id, meta)`. */
export type OneRecordView<V, C extends string> = (
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
) => Promise<Result<V, DomainError<C>>>

export const oneRecordView =
  <R, D extends RecordDecision, V, C extends string>(read: OneRecordRead<R, D, V, C>): OneRecordView<V, C> =>
  (deps, actor, id, meta) =>
    readOneWithAudit(deps, actor, id, meta, read)

const isAllowed = <D extends RecordDecision>(d: D): d is Allowed<D> => d.allowed
