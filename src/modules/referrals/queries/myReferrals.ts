import { CONCERN_LEAD_ROLES } from '../../concerns/domain/workflow.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { frontDoorOutcomeLabel } from '../domain/referral.js'
import { listedReferrals, referralChild, referralListed } from './referralAccess.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export interface MyReferral {
  readonly id: string
  readonly reference: string
  readonly channel: string
  readonly childName: string
  readonly toOrganisation: string
  readonly referredBy: string | null
  readonly receivedAt: Date
  readonly acknowledgedAt: Date | null
  readonly decision: {
    readonly outcome: string
    readonly outcomeLabel: string
    readonly rationale: string
    readonly signposting: string | null
    readonly decidedAt: Date
  } | null
}

/**
 * "Your referrals": what became of the referrals you made (closing the loop, as WT2023 asks: the referrer is
 * told the decision and follows up if they hear nothing). A safeguarding lead also sees their organisation's
 * referrals, including those made by their DSL decisions. Newest first; the list names children, so it is
 * audited.
 */
export async function myReferrals(deps: Deps, actor: Actor, meta: RequestMeta): Promise<MyReferral[]> {
  const lead = hasRole(actor, ...CONCERN_LEAD_ROLES)
  const rows = await listedReferrals(deps.db)
    .innerJoin('organisation as la', 'la.id', 'r.to_organisation_id')
    .leftJoin('app_user as u', 'u.id', 'r.referred_by')
    .leftJoin('episode as e', 'e.referral_id', 'r.id')
    .leftJoin('episode_step as s', (j) => j.onRef('s.episode_id', '=', 'e.id').on('s.step', '=', 'decide_referral'))
    .select([
      'la.name as la_name',
      'u.display_name as referred_by',
      's.outcome',
      's.rationale',
      's.details as step_details',
      's.created_at as decided_at',
    ])
    .where((eb) =>
      lead
        ? eb.or([eb('r.referred_by', '=', actor.userId), eb('r.from_organisation_id', '=', actor.organisationId)])
        : eb('r.referred_by', '=', actor.userId),
    )
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id')
    .limit(200)
    .execute()
  const items = rows.map((r): MyReferral => {
    const signposting = (r.step_details as { signposting?: unknown } | null)?.signposting
    return {
      ...referralListed(r),
      childName: referralChild(r).name,
      toOrganisation: r.la_name,
      referredBy: r.referred_by,
      decision:
        r.outcome === null || r.decided_at === null
          ? null
          : {
              outcome: r.outcome,
              outcomeLabel: frontDoorOutcomeLabel(r.outcome),
              rationale: r.rationale ?? '',
              signposting: typeof signposting === 'string' ? signposting : null,
              decidedAt: r.decided_at,
            },
    }
  })
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'referrals.listed_own',
    subjectType: 'user',
    subjectId: actor.userId,
    reason: lead ? 'your referrals and your organisation’s' : 'your referrals',
    details: { referrals: items.map((i) => i.id) },
  })
  return items
}
