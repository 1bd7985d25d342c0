import { z } from 'zod'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'
import { tellReferrer } from './tellReferrer.js'

/**
 * The front door acknowledges a referral (T1: acknowledge and decide within one working day) and the referrer
 * is told: in Together ("Your referrals" shows it) and by email. Acknowledging twice changes nothing and sends
 * nothing the second time: it answers when the referral was first acknowledged.
 */
export const acknowledgeReferral = defineStep({
  ...frontDoorWork(frontDoorStep),
  operationId: 'acknowledgeReferral',
  path: '/front-door/referrals/:id/acknowledge',
  apiPath: '/referrals/:id/acknowledge',
  title: 'Acknowledge the referral',
  description: 'The front door acknowledges the referral; the referrer is told in Together and by email',
  submitText: 'Acknowledge the referral',
  okStatus: 200,
  fields: {},
  intro: () => [
    'The referrer is told that children’s social care has received the referral and will decide what happens next within one working day.',
  ],
  load: loadReferralForStep,
  run: async ({ tx, now, deps }, _input, { referral }) => {
    if (referral.acknowledgedAt !== null)
      return ok({ acknowledgedAt: referral.acknowledgedAt.toISOString(), referrerTold: false })
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
      deps.settings.serviceUrl,
    )
    return ok({ acknowledgedAt: now.toISOString(), referrerTold })
  },
  action: 'referral.acknowledged',
  // A second acknowledgement changes nothing; its row says so.
  auditDetails: (out, _input, { referral }) => ({
    referrerTold: out.referrerTold,
    ...(referral.acknowledgedAt === null ? {} : { alreadyAcknowledged: true }),
  }),
  output: z.object({ acknowledgedAt: z.iso.datetime(), referrerTold: z.boolean() }),
  done: (_out, params) => `/front-door/referrals/${params.id}?done=acknowledged`,
})
