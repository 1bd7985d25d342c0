import { hasRole, type Actor } from '../../../platform/identity/actor.js'

export type Decision =
  { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string }

/**
 * Statutory returns hold child-level data for the whole local authority, so only the local authority's children's
 * social care makes them: its team managers (who answer for the data) and its administrators.
 */
export function mayMakeReturns(actor: Actor): Decision {
  if (actor.organisationKind !== 'la_childrens_social_care')
    return { allowed: false, reason: 'statutory returns are made by the local authority' }
  if (!hasRole(actor, 'team_manager', 'org_admin'))
    return { allowed: false, reason: 'only team managers and administrators make statutory returns' }
  return { allowed: true, reason: 'statutory return for the local authority (Children Act 1989 s.83; ILACS Annex A)' }
}
