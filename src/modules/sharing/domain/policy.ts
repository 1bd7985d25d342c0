/**
 * Who may do what with information sharing, involvement and opening a record with a reason. Need to know: every
 * answer has a reason the audit trail records.
 */
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'

/** Those who decide, for their organisation, whether to share what it knows about a child. */
export const SHARING_ROLES: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'health_lead',
  'police_officer',
  'front_door',
  'social_worker',
  'team_manager',
]

/** Those who may open the record of a child their organisation is not involved with, by giving a reason. */
export const OPEN_WITH_REASON_ROLES: readonly Role[] = [
  'front_door',
  'police_officer',
  'health_lead',
  'dsl',
  'deputy_dsl',
]

/** Those who see who has seen a child's record: safeguarding leads, team managers and the local authority. */
export const RECORD_ACCESS_ROLES: readonly Role[] = ['dsl', 'deputy_dsl', 'team_manager', 'front_door', 'social_worker']

export type SharingAction =
  | { readonly kind: 'sharing.record'; readonly organisationInvolved: boolean }
  | { readonly kind: 'sharing.list'; readonly organisationInvolved: boolean }
  | { readonly kind: 'record.open_with_reason'; readonly organisationInvolved: boolean }
  | {
      readonly kind: 'record.view_access'
      readonly organisationInvolved: boolean
      readonly organisationIsLocalAuthority: boolean
    }

export type SharingDecisionOutcome =
  { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string }

const allow = (reason: string): SharingDecisionOutcome => ({ allowed: true, reason })
const deny = (reason: string): SharingDecisionOutcome => ({ allowed: false, reason })
const has = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((r) => roles.includes(r))

export function decideSharing(actor: Actor, action: SharingAction): SharingDecisionOutcome {
  switch (action.kind) {
    case 'sharing.record':
      if (!action.organisationInvolved) return deny('your organisation is not involved with this child')
      if (has(actor, SHARING_ROLES))
        return allow('safeguarding lead deciding whether to share what your organisation knows about this child')
      return deny('only safeguarding leads decide whether to share information')
    case 'sharing.list':
      if (!action.organisationInvolved) return deny('your organisation is not involved with this child')
      if (has(actor, SHARING_ROLES)) return allow('safeguarding lead for an organisation involved with this child')
      return deny('only safeguarding leads see information-sharing decisions')
    case 'record.open_with_reason':
      if (action.organisationInvolved) return deny('your organisation is already involved with this child')
      if (has(actor, OPEN_WITH_REASON_ROLES))
        return allow('front door, police, health or designated safeguarding lead opening a record with a reason')
      return deny(
        'only the front door, police child protection officers, health safeguarding leads and designated safeguarding leads open a record with a reason',
      )
    case 'record.view_access':
      if (!action.organisationInvolved) return deny('your organisation is not involved with this child')
      if (has(actor, ['dsl', 'deputy_dsl', 'team_manager']))
        return allow('safeguarding lead or team manager for an organisation involved with this child')
      if (action.organisationIsLocalAuthority && has(actor, RECORD_ACCESS_ROLES))
        return allow('the local authority involved with this child')
      return deny(
        'only designated safeguarding leads, team managers and the local authority see who has seen a child’s record',
      )
  }
}
