import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { endAllSignIns } from './sessions.js'

export type DeactivateError = DomainError<'ACCESS.DENIED' | 'USER.NOT_FOUND' | 'USER.SELF'>

/** Deactivation ends the person's sessions and API tokens at once; their records and audit history remain. */
export async function deactivateUser(
  deps: Deps,
  actor: Actor,
  input: { userId: string },
  meta: RequestMeta,
): Promise<Result<{ email: string }, DeactivateError>> {
  const decision = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  if (input.userId === actor.userId) return err(domainError('USER.SELF', 'You cannot deactivate your own account'))
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const target = await tx
      .selectFrom('app_user')
      .select(['id', 'email', 'active'])
      .where('id', '=', input.userId)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst()
    if (target === undefined) return err(domainError('USER.NOT_FOUND', 'There is no such user in your organisation'))
    if (!target.active) return ok({ email: target.email })
    await tx.updateTable('app_user').set({ active: false }).where('id', '=', target.id).execute()
    await endAllSignIns(tx, target.id, 'account deactivated', now)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'admin.user_deactivated',
        subjectType: 'user',
        subjectId: target.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { email: target.email },
      },
      now,
    )
    return ok({ email: target.email })
  })
}
