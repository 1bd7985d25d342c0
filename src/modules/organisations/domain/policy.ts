import { hasRole, type Actor } from '../../../platform/identity/actor.js'

export type Decision =
  { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string }

/**
 * Who sets up a local area's organisations and people: the safeguarding partnership's leads (WT2023 ch.2: the
 * partners decide which organisations are relevant agencies) and the local authority's administrators, for their
 * own area only.
 */
export function mayAdministerArea(actor: Actor, localAreaId: string): Decision {
  if (actor.localAreaId !== localAreaId) return { allowed: false, reason: 'areas are administered from within them' }
  if (hasRole(actor, 'partnership_lead'))
    return { allowed: true, reason: 'safeguarding partnership lead for this area' }
  if (hasRole(actor, 'org_admin') && actor.organisationKind === 'la_childrens_social_care')
    return { allowed: true, reason: 'local authority administrator for this area' }
  return { allowed: false, reason: 'only partnership leads and local authority administrators set up the area' }
}

/**
 * `mayAdministerArea` as the step engine asks it: a refusal says why (403), as the area pages always have, for
 * the area is no secret from the people in it.
 */
export function areaStepAccess(
  actor: Actor,
  area: { readonly id: string },
):
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string; readonly visible: true } {
  const d = mayAdministerArea(actor, area.id)
  return d.allowed ? d : { ...d, visible: true }
}
