import type { Actor } from '../../../platform/identity/actor.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { frontDoorStep, referralForStep, type FrontDoorAccessError } from '../queries/frontDoorAccess.js'
import { tellReferrer } from './tellReferrer.js'

/**
 * The front door acknowledges a referral (T1: acknowledge and decide within one working day) and the referrer
 * is told: in Together ("Your referrals" shows it) and by email. Acknowledging twice changes nothing and sends
 * nothing the second time.
 */
export async function acknowledgeReferral(
  deps: Deps,
  actor: Actor,
  referralId: string,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ acknowledgedAt: Date; referrerTold: boolean }, FrontDoorAccessError>> {
  const now = deps.clock.now()
  return deps.db
    .transaction()
    .execute(async (tx): Promise<Result<{ acknowledgedAt: Date; referrerTold: boolean }, FrontDoorAccessError>> => {
      const loaded = await referralForStep(tx, actor, referralId, 'acknowledge', frontDoorStep, now, meta)
      if (!loaded.ok) return loaded
      const { referral, decision } = loaded.value
      if (referral.acknowledgedAt !== null) return ok({ acknowledgedAt: referral.acknowledgedAt, referrerTold: false })
      await tx.updateTable('referral').set({ acknowledged_at: now }).where('id', '=', referral.id).execute()
      const referrerTold = await tellReferrer(
        tx,
        referral,
        {
          kind: 'referral.acknowledged',
          subject: `Your referral ${referral.reference} has been received`,
          professional: `Children’s social care has received your referral ${referral.reference} and will decide what happens next within one working day.`,
          publicText:
            `Thank you for telling us. We have received your report.\n\nYour reference is ${referral.reference}. Please quote it if you contact children’s social care about this report.\n\n` +
            'If you think a child is in immediate danger, call 999.',
        },
        now,
        serviceUrl,
      )
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'referral.acknowledged',
          subjectType: 'referral',
          subjectId: referral.id,
          reason: decision.reason,
          correlationId: meta.correlationId,
          details: { referrerTold },
        },
        now,
      )
      return ok({ acknowledgedAt: now, referrerTold })
    })
}
