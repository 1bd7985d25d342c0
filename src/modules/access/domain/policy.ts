import { CONCERN_LEAD_ROLES } from '../../concerns/domain/workflow.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'

/**
 * Need to know, decided in one place. Every use case asks `decide` before it reads or changes anything, and
 * records the returned reason in the audit trail. Later capabilities add their actions here, and the access
 * matrix tests enumerate role × organisation × action against this function. Actions that need the same facts
 * share one line.
 */
export type Action =
  | {
      readonly kind: 'users.administer' | 'deadlines.view_team' | 'notifications.read_outbox'
      readonly organisationId: string
    }
  | { readonly kind: 'deadlines.view_own' }
  | { readonly kind: 'deadlines.view_partnership' | 'timescales.manage_local'; readonly localAreaId: string }
  | ChildAction
  | ProtectionAction

/** What the access policy needs to know about a concern; the use case loads it, the policy decides. */
export interface ConcernFacts {
  readonly organisationId: string
  readonly authorUserId: string
  /**
   * Nobody acknowledged it in time and the DSL's chain has told the organisation's backup (the head or manager):
   * the backup may then read it, to make sure someone acts on it (issue 14).
   */
  readonly reachedBackup?: boolean | undefined
}

/** The organisations involved with a child, and whether the actor authored a concern about them. */
export interface ChildFacts {
  readonly involvedOrganisationIds: readonly string[]
  readonly actorAuthoredConcern: boolean
  /** The actor opened this child's record with a reason, and it is still open (sharing module). */
  readonly actorOpenedRecord?: boolean | undefined
}

export type ChildAction =
  | { readonly kind: 'child.search' | 'child.create' | 'concern.record' }
  | {
      readonly kind: 'child.view' | 'child.correct' | 'child.record_census' | 'subject_access.handle'
      readonly child: ChildFacts
    }
  | {
      readonly kind: 'concern.view' | 'concern.add_addendum' | 'concern.manage' | 'concern.provide_information'
      readonly concern: ConcernFacts
    }
  | { readonly kind: 'inbox.view'; readonly organisationId: string }

/** What the policy needs to know about a referral. */
export interface ReferralFacts {
  readonly toOrganisationId: string
  readonly fromOrganisationId: string | null
  readonly referredBy: string | null
}

/** What the policy needs to know about an episode (one referral's journey for one child). */
export interface EpisodeFacts {
  readonly localAuthorityId: string
  /** Organisations invited to one of its conferences or members of its plan's core group. */
  readonly contributingOrganisationIds: readonly string[]
}

/**
 * The pathway from referral to protection (src/domain/protection/episode.ts). Social care staff of the local
 * authority that received the referral work the episode; other agencies contribute where invited.
 */
export type ProtectionAction =
  | { readonly kind: 'referral.make' }
  | { readonly kind: 'referral.view' | 'referral.decide'; readonly referral: ReferralFacts }
  | {
      readonly kind: 'front_door.view' | 'protection.view_checks' | 'caseload.view_team'
      readonly organisationId: string
    }
  | { readonly kind: 'information_request.answer'; readonly toOrganisationId: string }
  | { readonly kind: 'episode.view' | 'episode.contribute'; readonly episode: EpisodeFacts }
  | { readonly kind: 'episode.act'; readonly episode: EpisodeFacts; readonly stepRoles: readonly Role[] }
  | { readonly kind: 'protection.check'; readonly localAreaId: string }
  | { readonly kind: 'caseload.view_own' }

export type Decision =
  { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string }

const allow = (reason: string): Decision => ({ allowed: true, reason })
const deny = (reason: string): Decision => ({ allowed: false, reason })

/** Allowed to these roles in the named organisation, denied to everyone else. */
const rolesIn = (
  actor: Actor,
  organisationId: string | null,
  roles: readonly Role[],
  allowed: string,
  denied: string,
): Decision => (actor.organisationId === organisationId && hasRole(actor, ...roles) ? allow(allowed) : deny(denied))

/** Allowed to these roles within their own local area: one reason for another area, another for another role. */
const rolesInArea = (
  actor: Actor,
  localAreaId: string,
  roles: readonly Role[],
  reasons: { readonly otherArea: string; readonly allowed: string; readonly otherRole: string },
): Decision => {
  if (actor.localAreaId !== localAreaId) return deny(reasons.otherArea)
  return hasRole(actor, ...roles) ? allow(reasons.allowed) : deny(reasons.otherRole)
}

/** An organisation's own administrators: one reason for another role, another for another organisation. */
const orgAdminOf = (
  actor: Actor,
  organisationId: string,
  reasons: { readonly otherRole: string; readonly otherOrganisation: string },
): Decision => {
  if (!hasRole(actor, 'org_admin')) return deny(reasons.otherRole)
  if (actor.organisationId !== organisationId) return deny(reasons.otherOrganisation)
  return allow('organisation administrator for this organisation')
}

/** Roles that lead safeguarding for their organisation and so see its involvement with children. */
const socialCareRoles = ['front_door', 'social_worker', 'team_manager', 'conference_chair'] as const

/** Who works a local authority's referrals queue and sees the checks made about its children. */
const frontDoorRoles: readonly Role[] = ['front_door', 'team_manager', 'social_worker']

/** Who answers for an organisation when another agency asks or invites it: its safeguarding leads. */
export const agencyLeadRoles: readonly Role[] = [...CONCERN_LEAD_ROLES, 'police_officer']

/** Correct a child's identity: the safeguarding leads and social care of an organisation involved with the child. */
export const CHILD_CORRECTION_ROLES: readonly Role[] = [...CONCERN_LEAD_ROLES, ...socialCareRoles]
/**
 * Handle a subject access request for a child's record (UK GDPR Art 15): the organisation's designated safeguarding
 * lead, a social care team manager or a health safeguarding lead — those who answer for what their organisation
 * holds and decide what must be withheld. Deputies, social workers and police see the record but do not release it.
 */
export const SUBJECT_ACCESS_ROLES: readonly Role[] = ['dsl', 'team_manager', 'health_lead']

/**
 * What only certain roles in an organisation involved with the child may do to the child's record, and what each
 * person is told: `notInvolved` when their organisation is not involved, `allowed`, or `otherRole`.
 */
const involvedChildRules: Readonly<
  Record<
    'child.correct' | 'child.record_census' | 'subject_access.handle',
    {
      readonly roles: readonly Role[]
      readonly notInvolved: string
      readonly allowed: string
      readonly otherRole: string
    }
  >
> = {
  'child.correct': {
    roles: CHILD_CORRECTION_ROLES,
    notInvolved: 'only an organisation involved with this child corrects their record',
    allowed: 'your organisation is involved with this child and you lead its safeguarding work',
    otherRole: 'only safeguarding leads and social care correct a child’s identity',
  },
  // The census details are the local authority's return: recorded by its social care staff working with the
  // child (social care roles exist only in children's social care).
  'child.record_census': {
    roles: socialCareRoles,
    notInvolved: 'only social care working with this child records their census details',
    allowed: 'you work in children’s social care, which is involved with this child',
    otherRole: 'only children’s social care records a child’s ethnicity and disability for the census',
  },
  'subject_access.handle': {
    roles: SUBJECT_ACCESS_ROLES,
    notInvolved: 'only an organisation involved with this child answers a subject access request about them',
    allowed: 'you answer subject access requests for your organisation, which is involved with this child',
    otherRole: 'only the designated safeguarding lead, a team manager or a health lead answers subject access requests',
  },
}

export function decide(actor: Actor, action: Action): Decision {
  switch (action.kind) {
    case 'child.search':
    case 'child.create':
    case 'concern.record':
      // Anyone who works with children may record a concern; search only ever returns children their
      // organisation is already involved with (the use case filters), so it reveals nothing else.
      return allow('everyone who works with children records concerns')
    case 'child.view': {
      const involved = action.child.involvedOrganisationIds.includes(actor.organisationId)
      if (!involved && action.child.actorOpenedRecord === true)
        return allow('you opened this child’s record with a reason, and it is still open')
      if (!involved) return deny('your organisation is not involved with this child')
      if (hasRole(actor, ...CONCERN_LEAD_ROLES, ...socialCareRoles, 'police_officer'))
        return allow('your organisation is involved with this child and you lead its safeguarding work')
      if (action.child.actorAuthoredConcern) return allow('you recorded a concern about this child')
      return deny('only safeguarding leads see a child’s record; you see the concerns you recorded')
    }
    case 'child.correct':
    case 'child.record_census':
    case 'subject_access.handle': {
      const rule = involvedChildRules[action.kind]
      if (!action.child.involvedOrganisationIds.includes(actor.organisationId)) return deny(rule.notInvolved)
      return hasRole(actor, ...rule.roles) ? allow(rule.allowed) : deny(rule.otherRole)
    }
    case 'concern.view':
    case 'concern.add_addendum':
      if (action.concern.authorUserId === actor.userId) return allow('you recorded this concern')
      if (action.concern.organisationId === actor.organisationId && hasRole(actor, ...CONCERN_LEAD_ROLES)) {
        return allow('safeguarding lead for the organisation that recorded this concern')
      }
      if (
        action.kind === 'concern.view' &&
        action.concern.reachedBackup === true &&
        action.concern.organisationId === actor.organisationId &&
        hasRole(actor, 'head')
      )
        return allow('the organisation’s backup: nobody acknowledged this concern in time')
      return deny('only the author and their organisation’s safeguarding leads see this concern')
    case 'concern.manage':
      return rolesIn(
        actor,
        action.concern.organisationId,
        CONCERN_LEAD_ROLES,
        'safeguarding lead for the organisation that recorded this concern',
        'only the organisation’s designated safeguarding leads act on its concerns',
      )
    case 'concern.provide_information':
      if (action.concern.authorUserId === actor.userId) return allow('you recorded this concern')
      return deny('only the person who recorded the concern answers requests for more information')
    case 'inbox.view':
      return rolesIn(
        actor,
        action.organisationId,
        CONCERN_LEAD_ROLES,
        'safeguarding lead for this organisation',
        'only designated safeguarding leads and deputies have an inbox',
      )
    case 'notifications.read_outbox':
      return orgAdminOf(actor, action.organisationId, {
        otherRole: 'only organisation administrators read the email outbox',
        otherOrganisation: 'administrators read their own organisation’s email outbox only',
      })
    case 'users.administer':
      return orgAdminOf(actor, action.organisationId, {
        otherRole: 'only organisation administrators manage users',
        otherOrganisation: 'administrators manage their own organisation only',
      })
    case 'deadlines.view_own':
      return allow('own work')
    case 'deadlines.view_team':
      if (actor.organisationId !== action.organisationId) return deny('teams are seen from within their organisation')
      if (hasRole(actor, 'team_manager', ...CONCERN_LEAD_ROLES, 'partnership_lead')) {
        return allow('manager or safeguarding lead for this organisation')
      }
      return deny('only managers and safeguarding leads see their team’s deadlines')
    case 'deadlines.view_partnership':
      return rolesInArea(actor, action.localAreaId, ['partnership_lead'], {
        otherArea: 'partnership leads see their own local area only',
        allowed: 'safeguarding partnership lead for this local area',
        otherRole: 'only partnership leads see the whole partnership',
      })
    case 'referral.make':
      // Anyone who works with children may refer to children's social care (WT2023: anyone can refer).
      return allow('anyone who works with children may make a referral')
    case 'referral.view':
      if (actor.organisationId === action.referral.toOrganisationId && hasRole(actor, ...socialCareRoles)) {
        return allow('children’s social care for the local authority that received this referral')
      }
      if (action.referral.referredBy === actor.userId) return allow('you made this referral')
      if (action.referral.fromOrganisationId === actor.organisationId && hasRole(actor, ...CONCERN_LEAD_ROLES)) {
        return allow('safeguarding lead for the organisation that made this referral')
      }
      return deny('only the referrer and the receiving local authority see a referral')
    case 'front_door.view':
      return rolesIn(
        actor,
        action.organisationId,
        frontDoorRoles,
        'front door for this local authority',
        'only the local authority’s front door sees its referrals queue',
      )
    case 'referral.decide':
      return rolesIn(
        actor,
        action.referral.toOrganisationId,
        ['front_door', 'team_manager'],
        'front door for the local authority that received this referral',
        'only the receiving local authority’s front door decides on a referral',
      )
    case 'information_request.answer':
      return rolesIn(
        actor,
        action.toOrganisationId,
        agencyLeadRoles,
        'safeguarding lead for the organisation that was asked',
        'only the safeguarding leads of the organisation that was asked answer a request for information',
      )
    case 'episode.view':
      return rolesIn(
        actor,
        action.episode.localAuthorityId,
        socialCareRoles,
        'children’s social care for the local authority that holds this case',
        'only the local authority that holds this case sees it in full',
      )
    case 'episode.act':
      if (actor.organisationId !== action.episode.localAuthorityId)
        return deny('only the local authority that holds this case acts on it')
      if (action.stepRoles.some((r) => actor.roles.includes(r)))
        return allow('your role leads this step for the local authority that holds this case')
      return deny('your role does not lead this step')
    case 'episode.contribute':
      if (
        action.episode.contributingOrganisationIds.includes(actor.organisationId) &&
        hasRole(actor, ...agencyLeadRoles)
      ) {
        return allow('safeguarding lead for an agency invited to contribute to this case')
      }
      return deny('your organisation has not been invited to contribute to this case')
    case 'protection.check':
      return rolesInArea(actor, action.localAreaId, ['police_officer', 'health_lead'], {
        otherArea: 'checks are for children in your own local area',
        allowed: 'police or health professional checking for a child protection plan',
        otherRole: 'only police and health safeguarding professionals check for child protection plans',
      })
    case 'protection.view_checks':
      return rolesIn(
        actor,
        action.organisationId,
        frontDoorRoles,
        'children’s social care for the local authority told about these checks',
        'only the local authority’s children’s social care sees the checks made about its children',
      )
    case 'caseload.view_own':
      if (hasRole(actor, 'social_worker', 'team_manager', 'front_door', 'conference_chair'))
        return allow('own caseload')
      return deny('only social care staff hold a caseload')
    case 'caseload.view_team':
      return rolesIn(
        actor,
        action.organisationId,
        ['team_manager'],
        'team manager for this local authority',
        'only team managers see their team’s caseload',
      )
    case 'timescales.manage_local':
      return rolesInArea(actor, action.localAreaId, ['partnership_lead'], {
        otherArea: 'partnership leads manage their own local area only',
        allowed: 'safeguarding partnership lead for this local area',
        otherRole: 'only partnership leads change local timescales and the local calendar',
      })
  }
}
