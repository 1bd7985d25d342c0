import { decide, type Action } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { AccessDecision, StepContext } from '../../../platform/steps/defineStep.js'
import { loadReferral, type ReferralRow } from '../queries/referralAccess.js'

/** The referral in the address, locked for the step (FOR UPDATE); undefined answers 404, as for an unknown id. */
export async function loadReferralForStep({ tx, params }: StepContext): Promise<{ referral: ReferralRow } | undefined> {
  const referral = await loadReferral(tx, params.id!, { forUpdate: true })
  return referral === undefined ? undefined : { referral }
}

/**
 * What every front-door step declaration on a referral shares: the referral loaded and locked, and who may take
 * the step. Someone who may not see the referral is told it does not exist (404); someone who may see it but not
 * take this step (the referrer, a social worker where only the front door decides) is refused (403). `act` is the
 * step's own rule; `load` may be extended with what the step needs besides the referral.
 */
export function frontDoorWork<L extends { readonly referral: ReferralRow }>(act: (r: ReferralRow) => Action) {
  return {
    module: 'referrals',
    // The group the document has always published the referral routes under.
    tag: 'Referrals',
    access: (actor: Actor, { referral }: L): AccessDecision => {
      const view = decide(actor, { kind: 'referral.view', referral: referral.facts })
      if (!view.allowed) return { ...view, visible: false }
      const allowed = decide(actor, act(referral))
      return allowed.allowed ? allowed : { ...allowed, visible: true }
    },
    subject: ({ referral }: L) => ({ type: 'referral', id: referral.id }),
    caption: ({ referral }: L) => `Referral ${referral.reference}`,
    back: (params: Readonly<Record<string, string>>) => ({
      href: `/front-door/referrals/${params.id}`,
      text: 'Back to the referral',
    }),
  } as const
}
