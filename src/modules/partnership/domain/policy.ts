/**
 * Who may do what in the partnership's work. Pure: it sees only the actor and the facts of the record.
 *
 * - The partnership's business team (the business manager and the partnership leads) runs the work: rapid
 *   reviews, practice reviews, recommendations, documents and the yearly report.
 * - The local authority notifies a serious incident (a team manager, the partnership lead or business manager
 *   hosted by the local authority).
 * - An agency asked for its summary answers through its safeguarding leads, as agencies answer conference
 *   invitations.
 * - The independent scrutineer reads across the partnership's work and changes nothing.
 * - Only the three lead partners (or their delegates) sign off: that is checked against the register in the step.
 *
 * Everything is within the actor's own local area; another area's records are not found (404), not forbidden.
 */
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'

export type PartnershipDecision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string; readonly visible: boolean }

const allow = (reason: string): PartnershipDecision => ({ allowed: true, reason })
const deny = (reason: string, visible = true): PartnershipDecision => ({ allowed: false, reason, visible })

const STATUTORY_KINDS = new Set(['la_childrens_social_care', 'police_force', 'icb'])
const businessTeam: readonly Role[] = ['business_manager', 'partnership_lead']
const readers: readonly Role[] = [...businessTeam, 'independent_scrutineer']
/** The roles that answer for an agency, as they answer conference invitations and information requests. */
export const agencyLeadRoles: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'health_lead',
  'police_officer',
  'team_manager',
  'partnership_lead',
]

const inTeam = (actor: Actor, roles: readonly Role[]) =>
  STATUTORY_KINDS.has(actor.organisationKind) && hasRole(actor, ...roles)

export function mayReadPartnership(actor: Actor, localAreaId: string): PartnershipDecision {
  if (actor.localAreaId !== localAreaId) return deny('another local area', false)
  if (inTeam(actor, readers)) return allow('reads the safeguarding partnership’s work for this local area')
  return deny('only the partnership’s leads, business manager and independent scrutineer see its work')
}

export function mayRunPartnershipWork(actor: Actor, localAreaId: string): PartnershipDecision {
  if (actor.localAreaId !== localAreaId) return deny('another local area', false)
  if (inTeam(actor, businessTeam)) return allow('runs the safeguarding partnership’s work for this local area')
  if (hasRole(actor, 'independent_scrutineer')) return deny('the independent scrutineer reads but changes nothing')
  return deny('only the partnership’s business manager and leads do this')
}

export function mayNotifySeriousIncident(actor: Actor): PartnershipDecision {
  if (
    actor.organisationKind === 'la_childrens_social_care' &&
    hasRole(actor, 'team_manager', 'partnership_lead', 'business_manager')
  )
    return allow('the local authority notifies serious incidents in its area')
  return deny('only the local authority notifies a serious incident')
}

export function maySubmitAgencySummary(
  actor: Actor,
  localAreaId: string,
  askedOrganisationIds: readonly string[],
): PartnershipDecision {
  if (actor.localAreaId !== localAreaId) return deny('another local area', false)
  if (!askedOrganisationIds.includes(actor.organisationId))
    return deny('your organisation was not asked for a summary', false)
  if (hasRole(actor, ...agencyLeadRoles)) return allow('answers for an agency asked for its summary')
  return deny('your organisation’s safeguarding lead submits its summary')
}

export function maySignOff(actor: Actor, localAreaId: string): PartnershipDecision {
  if (actor.localAreaId !== localAreaId) return deny('another local area', false)
  if (inTeam(actor, ['partnership_lead'])) return allow('signs off for a statutory safeguarding partner')
  return deny('only the three lead safeguarding partners sign off')
}

/** An action's owner updates it; so does the business team. */
export function mayUpdateAction(actor: Actor, localAreaId: string, ownerOrganisationId: string): PartnershipDecision {
  if (actor.localAreaId !== localAreaId) return deny('another local area', false)
  if (inTeam(actor, businessTeam)) return allow('runs the safeguarding partnership’s work for this local area')
  if (actor.organisationId === ownerOrganisationId && hasRole(actor, ...agencyLeadRoles, 'org_admin'))
    return allow('the organisation that owns this action')
  return deny('only the action’s owner or the partnership’s business team updates it', false)
}
