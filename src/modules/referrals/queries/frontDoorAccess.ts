import type { Transaction } from 'kysely'
import { decide, type Action, type Decision } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { RequestMeta } from '../../../platform/context.js'
import { loadReferral, type ReferralRow } from './referralAccess.js'

export type FrontDoorAccessError = DomainError<'REFERRAL.NOT_FOUND' | 'REFERRAL.NOT_ALLOWED'>

/**
 * Loads and locks a referral for a front-door step, with the access checks every step makes: someone who may
 * not see the referral is told it does not exist; someone who may see it but not take this step (the referrer,
 * a social worker where only the front door decides) is told so. Both are audited in the step's transaction.
 */
export async function referralForStep(
  tx: Transaction<DB>,
  actor: Actor,
  referralId: string,
  step: string,
  action: (r: ReferralRow) => Action,
  now: Date,
  meta: RequestMeta,
): Promise<Result<{ referral: ReferralRow; decision: Decision }, FrontDoorAccessError>> {
  const referral = await loadReferral(tx, referralId, { forUpdate: true })
  const view = referral === undefined ? undefined : decide(actor, { kind: 'referral.view', referral: referral.facts })
  const act = referral === undefined ? undefined : decide(actor, action(referral))
  if (referral === undefined || view === undefined || act === undefined || !act.allowed) {
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'referral.action_denied',
        subjectType: 'referral',
        subjectId: referralId.slice(0, 100),
        reason: act?.reason ?? 'no such referral',
        correlationId: meta.correlationId,
        details: { step },
      },
      now,
    )
    if (referral === undefined || view === undefined || !view.allowed)
      return err(domainError('REFERRAL.NOT_FOUND', 'There is no such referral'))
    return err(domainError('REFERRAL.NOT_ALLOWED', `You cannot do this: ${act?.reason ?? ''}`))
  }
  return ok({ referral, decision: act })
}

/** The front door's own steps (acknowledge, ask, link the child) are open to the local authority's front door. */
export const frontDoorStep = (r: ReferralRow): Action => ({
  kind: 'front_door.view',
  organisationId: r.toOrganisationId,
})
