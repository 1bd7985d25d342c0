import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { effectiveRule } from '../domain/override.js'
import { findRule, type TimescaleUnit } from '../domain/rules.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { recomputeOpenDeadlines } from './partnershipClock.js'

export type OverrideError = DomainError<
  | 'ACCESS.DENIED'
  | 'TIMESCALE.UNKNOWN_RULE'
  | 'TIMESCALE.NOT_OVERRIDABLE'
  | 'TIMESCALE.INVALID_AMOUNT'
  | 'TIMESCALE.INVALID_UNIT'
  | 'TIMESCALE.REASON_REQUIRED'
>

/**
 * A partnership lead sets a local value for an overridable timescale (or, with `amount: null`, returns to the
 * national value). Never silent: the change is audited with its reason, the national value stays beside the
 * local one on every screen, and open deadlines are re-derived in the same transaction.
 */
export async function setTimescaleOverride(
  deps: Deps,
  actor: Actor,
  input: { ruleId: string; amount: number | null; unit?: TimescaleUnit | undefined; reason: string },
  meta: RequestMeta,
): Promise<Result<{ recomputed: number }, OverrideError>> {
  const decision = decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const rule = findRule(input.ruleId)
  if (!rule.ok) return err(domainError('TIMESCALE.UNKNOWN_RULE', rule.error.message))
  const reason = input.reason.trim()
  if (input.amount !== null) {
    const checked = effectiveRule(
      rule.value,
      input.unit === undefined ? { amount: input.amount, reason } : { amount: input.amount, unit: input.unit, reason },
    )
    if (!checked.ok) return err(checked.error)
  } else if (!rule.value.overridable) {
    return err(domainError('TIMESCALE.NOT_OVERRIDABLE', `"${rule.value.name}" cannot be changed locally`))
  } else if (reason === '') {
    return err(domainError('TIMESCALE.REASON_REQUIRED', 'Give a reason for the change'))
  }
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    await tx
      .insertInto('timescale_override')
      .values({
        id: newId(),
        local_area_id: actor.localAreaId,
        rule_id: rule.value.id,
        amount: input.amount,
        unit: input.amount === null ? null : (input.unit ?? rule.value.unit),
        reason,
        created_by: actor.userId,
        created_at: now,
      })
      .execute()
    const recomputed = await recomputeOpenDeadlines(tx, actor.localAreaId, [rule.value.id])
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: input.amount === null ? 'timescales.override_removed' : 'timescales.override_set',
        subjectType: 'local_area',
        subjectId: actor.localAreaId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: {
          ruleId: rule.value.id,
          national: { amount: rule.value.amount, unit: rule.value.unit },
          local: input.amount === null ? null : { amount: input.amount, unit: input.unit ?? rule.value.unit },
          why: reason,
          deadlinesRecomputed: recomputed,
        },
      },
      now,
    )
    return ok({ recomputed })
  })
}
