import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { describeQuery, type ProtectionCheckResult } from '../steps/checkProtectionPlan.js'
import { readOutcome } from './protectionCheckViews.js'

/**
 * The answer to a check, shown again to the person who made it (after the form's redirect, or later), exactly as
 * it was given. Nobody else sees another person's check here; a wrong id is "not found", and audited.
 */
export async function viewProtectionCheck(
  deps: Deps,
  actor: Actor,
  checkId: string,
  meta: RequestMeta,
): Promise<Result<ProtectionCheckResult, DomainError<'PROTECTION_CHECK.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const row = isUuid(checkId)
    ? await deps.db
        .selectFrom('protection_check')
        .select(['id', 'checked_by', 'checked_at', 'reason', 'query', 'outcome'])
        .where('id', '=', checkId)
        .executeTakeFirst()
    : undefined
  if (row === undefined || row.checked_by !== actor.userId) {
    const reason = row === undefined ? 'no such check' : 'only the person who made a check sees its answer here'
    const refused = {
      action: 'protection.check_view_denied',
      subjectType: 'protection_check',
      subjectId: checkId,
      reason,
    }
    await auditRefusal(deps.db, actor, refused, meta, now)
    return err(domainError('PROTECTION_CHECK.NOT_FOUND', 'There is no such check'))
  }
  await auditSeen(deps.db, actor, meta, now, {
    action: 'protection.check_viewed',
    subjectType: 'protection_check',
    subjectId: row.id,
    reason: 'you made this check',
  })
  return ok({
    id: row.id,
    checkedAt: row.checked_at,
    reason: row.reason,
    searched: describeQuery(row.query),
    ...readOutcome(row.outcome),
  })
}
