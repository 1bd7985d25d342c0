/**
 * Need to know, for family help. Early help is multi-agency: the lead practitioner may be a teacher or a health
 * visitor, and the agencies in the team around the family see the plan because they deliver it. An agency not
 * in the team sees nothing. Once the family withdraws consent to receive support, the team's access to NEW
 * records ends (what they already saw stays part of their own involvement); the lead practitioner and the area's
 * early help coordinator keep theirs, because the episode still has to be closed or stepped up.
 *
 * Consent to receive support is not the lawful basis for sharing (domain-2026.md §1); sharing beyond the team
 * is decided and recorded through the information-sharing records, not here.
 */
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { SHARING_ROLES } from '../../sharing/domain/policy.js'
import type { FamilyHelpStep } from './episode.js'

/** What the policy needs to know about an episode; the query loads it, the policy decides. */
export interface FamilyHelpFacts {
  readonly localAreaId: string
  /** The local authority of the episode's area, whose early help coordinators oversee it. */
  readonly coordinatingOrganisationId: string
  readonly leadPractitionerUserId: string | null
  readonly leadOrganisationId: string | null
  /** Current members of the team around the family (left members are not here). */
  readonly team: readonly { readonly organisationId: string; readonly userId: string | null }[]
  readonly consentWithdrawn: boolean
  /** The family was stepped up to the coordinating local authority's children's social care. */
  readonly steppedUp: boolean
}

export type FamilyHelpAction =
  | { readonly kind: 'family_help.open' }
  | { readonly kind: 'family_help.view'; readonly episode: FamilyHelpFacts }
  | { readonly kind: 'family_help.act'; readonly episode: FamilyHelpFacts; readonly step: FamilyHelpStep }
  | { readonly kind: 'family_help.view_mine' }
  | { readonly kind: 'family_help.coordinate'; readonly organisationId: string }

/**
 * How much of an episode someone sees: everything, or only what was recorded before consent was withdrawn.
 */
export type FamilyHelpScope = 'all' | 'before_consent_withdrawn'

export type FamilyHelpDecision =
  | { readonly allowed: true; readonly reason: string; readonly scope: FamilyHelpScope }
  | { readonly allowed: false; readonly reason: string }

/**
 * Roles that lead safeguarding for an organisation and so act for it in a team around the family: the same people
 * who decide for it whether to share what it knows, and the area's early help coordinator.
 */
export const FAMILY_HELP_LEAD_ROLES: readonly Role[] = [...SHARING_ROLES, 'early_help_coordinator']

/** Children's social care of the local authority, who receive a step-up and see the history it carries. */
const SOCIAL_CARE_ROLES: readonly Role[] = ['front_door', 'social_worker', 'team_manager']

/** Roles that oversee early help across the area for the local authority. */
export const COORDINATOR_ROLES: readonly Role[] = ['early_help_coordinator', 'team_manager']

const allow = (reason: string, scope: FamilyHelpScope = 'all'): FamilyHelpDecision => ({
  allowed: true,
  reason,
  scope,
})
const deny = (reason: string): FamilyHelpDecision => ({ allowed: false, reason })
const has = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((r) => roles.includes(r))

const isCoordinator = (actor: Actor, e: FamilyHelpFacts): boolean =>
  actor.organisationId === e.coordinatingOrganisationId && has(actor, COORDINATOR_ROLES)

/** How the actor is connected to the episode's team, if at all. */
function teamLink(actor: Actor, e: FamilyHelpFacts): 'named' | 'agency_lead' | undefined {
  if (e.team.some((m) => m.userId === actor.userId)) return 'named'
  if (e.team.some((m) => m.organisationId === actor.organisationId) && has(actor, FAMILY_HELP_LEAD_ROLES))
    return 'agency_lead'
  return undefined
}

/** Steps any team member may take (their own agency's part); the rest are the lead practitioner's. */
const memberSteps: readonly FamilyHelpStep[] = ['submit_contribution']
/** Safeguarding never waits: any team member may step a family up. */
const anyoneInTeamSteps: readonly FamilyHelpStep[] = ['step_up']

export function decideFamilyHelp(actor: Actor, action: FamilyHelpAction): FamilyHelpDecision {
  switch (action.kind) {
    case 'family_help.open':
      if (has(actor, FAMILY_HELP_LEAD_ROLES)) return allow('safeguarding leads and social care open family help')
      return deny('only safeguarding leads, social care and early help coordinators open family help')
    case 'family_help.view_mine':
      return allow('own families as lead practitioner')
    case 'family_help.coordinate':
      if (actor.organisationId === action.organisationId && has(actor, COORDINATOR_ROLES))
        return allow('early help coordinator for this local authority')
      return deny('only the local authority’s early help coordinators see the whole area')
    case 'family_help.view': {
      const e = action.episode
      if (isCoordinator(actor, e)) return allow('early help coordinator for this family’s area')
      if (e.leadPractitionerUserId === actor.userId) return allow('lead practitioner for this family')
      const link = teamLink(actor, e)
      if (
        link === undefined &&
        e.steppedUp &&
        actor.organisationId === e.coordinatingOrganisationId &&
        has(actor, SOCIAL_CARE_ROLES)
      )
        return allow('children’s social care received a step-up referral from this family help')
      if (link === undefined) return deny('your organisation is not in the team around this family')
      const reason =
        link === 'named' ? 'member of the team around this family' : 'safeguarding lead for an agency in the team'
      return e.consentWithdrawn
        ? allow(`${reason} (records from before consent was withdrawn)`, 'before_consent_withdrawn')
        : allow(reason)
    }
    case 'family_help.act': {
      const e = action.episode
      if (isCoordinator(actor, e)) return allow('early help coordinator for this family’s area')
      if (e.leadPractitionerUserId === actor.userId) return allow('lead practitioner for this family')
      const link = teamLink(actor, e)
      if (link === undefined) return deny('your organisation is not in the team around this family')
      if (anyoneInTeamSteps.includes(action.step)) return allow('member of the team around this family')
      if (e.consentWithdrawn) return deny('the family withdrew consent: only the lead practitioner acts now')
      if (memberSteps.includes(action.step)) return allow('member of the team around this family')
      if (link === 'agency_lead' && (e.leadOrganisationId === null || e.leadOrganisationId === actor.organisationId))
        return allow(
          e.leadOrganisationId === null
            ? 'safeguarding lead for an agency in the team, before a lead practitioner is named'
            : 'safeguarding lead for the lead practitioner’s agency',
        )
      return deny('the lead practitioner leads this step')
    }
  }
}
