import type { Actor } from '../people/actor.js'
import { hasRole } from '../people/actor.js'

/**
 * Need to know, decided in one place. Every use case asks `decide` before it reads or changes anything, and
 * records the returned reason in the audit trail. Later capabilities add their actions here, and the access
 * matrix tests enumerate role × organisation × action against this function.
 */
export type Action =
  | { readonly kind: 'users.administer'; readonly organisationId: string }
  | { readonly kind: 'deadlines.view_own' }
  | { readonly kind: 'deadlines.view_team'; readonly organisationId: string }
  | { readonly kind: 'deadlines.view_partnership'; readonly localAreaId: string }
  | { readonly kind: 'timescales.manage_local'; readonly localAreaId: string }
  | { readonly kind: 'notifications.read_outbox'; readonly organisationId: string }

export type Decision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string }

const allow = (reason: string): Decision => ({ allowed: true, reason })
const deny = (reason: string): Decision => ({ allowed: false, reason })

export function decide(actor: Actor, action: Action): Decision {
  switch (action.kind) {
    case 'notifications.read_outbox':
      if (!hasRole(actor, 'org_admin')) return deny('only organisation administrators read the email outbox')
      if (actor.organisationId !== action.organisationId) return deny('administrators read their own organisation’s email outbox only')
      return allow('organisation administrator for this organisation')
    case 'users.administer':
      if (!hasRole(actor, 'org_admin')) return deny('only organisation administrators manage users')
      if (actor.organisationId !== action.organisationId) return deny('administrators manage their own organisation only')
      return allow('organisation administrator for this organisation')
    case 'deadlines.view_own':
      return allow('own work')
    case 'deadlines.view_team':
      if (actor.organisationId !== action.organisationId) return deny('teams are seen from within their organisation')
      if (hasRole(actor, 'team_manager', 'dsl', 'deputy_dsl', 'health_lead', 'partnership_lead')) {
        return allow('manager or safeguarding lead for this organisation')
      }
      return deny('only managers and safeguarding leads see their team’s deadlines')
    case 'deadlines.view_partnership':
      if (actor.localAreaId !== action.localAreaId) return deny('partnership leads see their own local area only')
      if (hasRole(actor, 'partnership_lead')) return allow('safeguarding partnership lead for this local area')
      return deny('only partnership leads see the whole partnership')
    case 'timescales.manage_local':
      if (actor.localAreaId !== action.localAreaId) return deny('partnership leads manage their own local area only')
      if (hasRole(actor, 'partnership_lead')) return allow('safeguarding partnership lead for this local area')
      return deny('only partnership leads change local timescales and the local calendar')
  }
}
