import type { Kysely, Transaction } from 'kysely'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { decideSharing, type SharingAction } from '../domain/policy.js'
import { DEFAULT_SHARING_SETTINGS, type SharingSettings } from '../domain/settings.js'

type Q = Kysely<DB> | Transaction<DB>

/** Whether an organisation is involved with a child (any reason: it recorded a concern, was shared with, …). */
export async function involvedWithChild(db: Q, childId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('involvement')
    .select('child_id')
    .where('child_id', '=', childId)
    .where('organisation_id', '=', organisationId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The child as sharing shows it, and whether this person's organisation is involved with it (most rules turn on it). */
export async function sharingChild(db: Q, actor: Actor, childId: string) {
  const child = isUuid(childId)
    ? await db
        .selectFrom('child_current')
        .select(['id', 'local_area_id', 'given_name', 'family_name'])
        .where('id', '=', childId)
        .executeTakeFirst()
    : undefined
  return child === undefined
    ? undefined
    : { child, involved: await involvedWithChild(db, child.id, actor.organisationId) }
}

/**
 * The child, and why this person may do `action` with it (most sharing turns on whether their organisation is
 * involved). Otherwise the refusal is audited as `denied.action` and the answer is the one for a child that does
 * not exist: a refusal must not confirm that the child exists.
 */
export async function sharingChildOrDeny(
  db: Q,
  actor: Actor,
  childId: string,
  action: (organisationInvolved: boolean) => SharingAction,
  denied: { readonly action: string; readonly correlationId: string; readonly now: Date },
): Promise<
  Result<
    { child: { id: string; local_area_id: string; given_name: string; family_name: string }; reason: string },
    DomainError<'CHILD.NOT_FOUND'>
  >
> {
  const found = await sharingChild(db, actor, childId)
  const child = found?.child
  const decision = decideSharing(actor, action(found?.involved ?? false))
  if (child === undefined || !decision.allowed) {
    await auditRefusal(
      db,
      actor,
      {
        action: denied.action,
        subjectType: 'child',
        subjectId: childId,
        reason: child === undefined ? 'no such child' : decision.reason,
      },
      denied,
      denied.now,
    )
    return err(domainError('CHILD.NOT_FOUND', 'There is no such child'))
  }
  return ok({ child, reason: decision.reason })
}

/** The partnership's settings for this module in a local area, or the defaults when it has set none. */
export async function sharingSettings(db: Q, localAreaId: string): Promise<SharingSettings> {
  const row = await db
    .selectFrom('sharing_setting')
    .select(['open_record_hours', 'section_16la_in_force'])
    .where('local_area_id', '=', localAreaId)
    .executeTakeFirst()
  return row === undefined
    ? DEFAULT_SHARING_SETTINGS
    : { openRecordHours: row.open_record_hours, section16LaInForce: row.section_16la_in_force }
}
