import { isUuid } from '../../../platform/shared/ids.js'
import { domainError } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import { describeQuery, type ProtectionCheckResult } from '../steps/checkProtectionPlan.js'
import { readOutcome } from './protectionCheckViews.js'

/**
 * The answer to a check, shown again to the person who made it (after the form's redirect, or later), exactly as
 * it was given. Nobody else sees another person's check here; a wrong id is "not found", and audited.
 */
export const viewProtectionCheck = oneRecordView({
  subjectType: 'protection_check',
  viewed: 'protection.check_viewed',
  denied: 'protection.check_view_denied',
  missing: 'no such check',
  notFound: domainError('PROTECTION_CHECK.NOT_FOUND', 'There is no such check'),
  load: async (tx, checkId) =>
    isUuid(checkId)
      ? tx
          .selectFrom('protection_check')
          .select(['id', 'checked_by', 'checked_at', 'reason', 'query', 'outcome'])
          .where('id', '=', checkId)
          .executeTakeFirst()
      : undefined,
  access: (actor, row) =>
    row.checked_by === actor.userId
      ? { allowed: true, reason: 'you made this check' }
      : { allowed: false, reason: 'only the person who made a check sees its answer here' },
  seen: (row) => ({ id: row.id }),
  show: async (row): Promise<ProtectionCheckResult> => ({
    id: row.id,
    checkedAt: row.checked_at,
    reason: row.reason,
    searched: describeQuery(row.query),
    ...readOutcome(row.outcome),
  }),
})
