/**
 * Need to know for allegations and low-level concerns about adults: the narrowest circle in the service. An
 * allegation is seen by its case manager, the LADO of the local area and the people named on it — never by the
 * subject's colleagues, DSLs included, and never by the subject. A low-level concern is seen by the person who
 * raised it and its reviewers (the head, or the chair of governors when it is about the head), never by the
 * person it is about.
 */
import type { Decision } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { reviewerRolesFor } from './lowLevelConcern.js'

const allow = (reason: string): Decision => ({ allowed: true, reason })
const deny = (reason: string): Decision => ({ allowed: false, reason })

/** Who may record an allegation and so become its case manager. */
export const CASE_MANAGER_ROLES: readonly Role[] = ['head', 'chair_of_governors', 'dsl', 'deputy_dsl']

export interface AllegationFacts {
  readonly organisationId: string
  readonly localAreaId: string
  readonly caseManagerUserId: string
  readonly namedUserIds: readonly string[]
  readonly subjectUserId: string | null
}

/** What may be done with one allegation. */
export type AllegationRecordAction = 'allegation.view' | 'allegation.refer' | 'allegation.record_outcome'

export type AllegationAction =
  | { readonly kind: 'allegation.record' }
  | { readonly kind: 'allegation.list' }
  | { readonly kind: AllegationRecordAction; readonly allegation: AllegationFacts }

const isLadoFor = (actor: Actor, a: AllegationFacts): boolean =>
  hasRole(actor, 'lado') && actor.localAreaId === a.localAreaId

export function decideAllegation(actor: Actor, action: AllegationAction): Decision {
  switch (action.kind) {
    case 'allegation.record':
      return hasRole(actor, ...CASE_MANAGER_ROLES)
        ? allow('heads, managers, chairs of governors and DSLs manage allegations about adults')
        : deny('only the head, manager, chair of governors or DSL records an allegation about an adult')
    case 'allegation.list':
      return hasRole(actor, ...CASE_MANAGER_ROLES, 'lado')
        ? allow('you manage allegations or are the LADO')
        : deny('only case managers and the LADO see allegations')
    case 'allegation.view': {
      const a = action.allegation
      if (a.subjectUserId === actor.userId) return deny('the person an allegation is about does not see it here')
      if (a.caseManagerUserId === actor.userId) return allow('you are the case manager for this allegation')
      if (isLadoFor(actor, a)) return allow('you are the LADO for the area')
      if (a.namedUserIds.includes(actor.userId)) return allow('you are named on this allegation')
      return deny('only the case manager, the LADO and people named on an allegation see it')
    }
    case 'allegation.refer': {
      const a = action.allegation
      if (a.caseManagerUserId === actor.userId && a.subjectUserId !== actor.userId)
        return allow('you are the case manager for this allegation')
      return deny('only the case manager refers an allegation to the LADO')
    }
    case 'allegation.record_outcome':
      return isLadoFor(actor, action.allegation)
        ? allow('you are the LADO for the area')
        : deny('only the LADO records the outcome of an allegation')
  }
}

export interface LowLevelConcernFacts {
  readonly organisationId: string
  readonly raisedByUserId: string
  readonly subjectUserId: string | null
  readonly aboutHead: boolean
}

export type LowLevelConcernAction =
  | { readonly kind: 'low_level_concern.record' }
  | { readonly kind: 'low_level_concern.view' | 'low_level_concern.review'; readonly concern: LowLevelConcernFacts }

export const isReviewerOf = (actor: Actor, c: LowLevelConcernFacts): boolean =>
  actor.organisationId === c.organisationId &&
  c.subjectUserId !== actor.userId &&
  hasRole(actor, ...reviewerRolesFor(c.aboutHead))

export function decideLowLevelConcern(actor: Actor, action: LowLevelConcernAction): Decision {
  switch (action.kind) {
    case 'low_level_concern.record':
      return allow('anyone who works with children may raise a concern about an adult')
    case 'low_level_concern.view':
      if (isReviewerOf(actor, action.concern)) return allow('you review low-level concerns for your organisation')
      if (action.concern.subjectUserId === actor.userId) return deny('a concern is not shown to the person it is about')
      if (action.concern.raisedByUserId === actor.userId) return allow('you raised this concern')
      return deny('only the person who raised it and the reviewer see a low-level concern')
    case 'low_level_concern.review':
      return isReviewerOf(actor, action.concern)
        ? allow('you review low-level concerns for your organisation')
        : deny(
            action.concern.aboutHead
              ? 'only the chair of governors or trustees reviews a concern about the head'
              : 'only the head or manager reviews low-level concerns',
          )
  }
}
