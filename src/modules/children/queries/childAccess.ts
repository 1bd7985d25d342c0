import { sql, type Kysely, type Transaction } from 'kysely'
import { decide, type ChildFacts } from '../../access/domain/policy.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ChildRecord {
  readonly id: string
  readonly given_name: string
  readonly family_name: string
  readonly date_of_birth: string | null
  readonly expected_date_of_delivery: string | null
  readonly nhs_number: string | null
  readonly upn: string | null
}

/**
 * One child as known now (child_current: the first record with its corrections applied) and the facts the access policy needs about it from the actor's point of view (which
 * organisations are involved; whether the actor wrote a concern about the child; whether the actor opened the
 * record with a reason and it is still open at `now`), in one query. Without `now`, no opened record counts.
 */
export async function childWithFacts(
  db: Q,
  childId: string,
  actorUserId: string,
  now?: Date,
): Promise<{ child: ChildRecord; facts: ChildFacts } | undefined> {
  const row = (
    await sql<ChildRecord & { involved: string[]; authored: boolean; opened: boolean }>`
      SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.expected_date_of_delivery, c.nhs_number, c.upn,
        ARRAY(SELECT DISTINCT i.organisation_id FROM involvement i WHERE i.child_id = c.id) AS involved,
        EXISTS (SELECT 1 FROM concern_child cc JOIN concern x ON x.id = cc.concern_id WHERE cc.child_id = c.id AND x.author_user_id = ${actorUserId}) AS authored,
        (${now ?? null}::timestamptz IS NOT NULL AND EXISTS (SELECT 1 FROM record_opening r WHERE r.user_id = ${actorUserId} AND r.child_id = c.id
           AND r.opened_at <= ${now ?? null}::timestamptz AND r.expires_at > ${now ?? null}::timestamptz)) AS opened
      FROM child_current c WHERE c.id = ${childId}`.execute(db)
  ).rows[0]
  if (row === undefined) return undefined
  const { involved, authored, opened, ...child } = row
  return {
    child,
    facts: { involvedOrganisationIds: involved, actorAuthoredConcern: authored, actorOpenedRecord: opened },
  }
}

/**
 * As childWithFacts, with the child's row locked to the end of the transaction: changes to one child's record
 * (identity corrections, census details) are made one at a time, each against what the one before it left.
 */
export async function lockedChildWithFacts(
  tx: Transaction<DB>,
  childId: string,
  actorUserId: string,
  now: Date,
): Promise<{ child: ChildRecord; facts: ChildFacts } | undefined> {
  const locked = await tx.selectFrom('child').select('id').where('id', '=', childId).forUpdate().executeTakeFirst()
  return locked === undefined ? undefined : childWithFacts(tx, childId, actorUserId, now)
}

/** The facts the access policy needs about one child, from the actor's point of view. */
export async function childFacts(db: Q, childId: string, actorUserId: string): Promise<ChildFacts | undefined> {
  return (await childWithFacts(db, childId, actorUserId))?.facts
}

/**
 * The one gate in front of a child's record: the child and the reason this person may see it, or "no such child"
 * with the refusal in the audit trail. A hidden child and a missing one answer the same, so an id reveals nothing.
 */
export async function viewChildOrDeny(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<Result<{ child: ChildRecord; reason: string }, DomainError<'CHILD.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const found = isUuid(childId) ? await childWithFacts(deps.db, childId, actor.userId, now) : undefined
  const decision = found === undefined ? undefined : decide(actor, { kind: 'child.view', child: found.facts })
  if (found === undefined || decision === undefined || !decision.allowed) {
    const reason = decision?.reason ?? 'no such child'
    await auditRefusal(
      deps.db,
      actor,
      { action: 'child.view_denied', subjectType: 'child', subjectId: childId, reason },
      meta,
      now,
    )
    return err(domainError('CHILD.NOT_FOUND', 'There is no such child'))
  }
  return ok({ child: found.child, reason: decision.reason })
}
