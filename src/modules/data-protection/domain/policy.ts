/**
 * Who may do what with data protection duties. The record of processing and the retention schedule are the
 * organisation's and the partnership's policy, read by administrators and partnership leads. The complaints log
 * is the organisation's own: its administrators and designated safeguarding leads keep it; anyone else in the
 * organisation is told why not (403); someone from another organisation is told the complaint does not exist.
 */
import type { Actor } from '../../../platform/identity/actor.js'

export type Decision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string; readonly visible: boolean }

export function mayReadDataProtectionPolicy(actor: Pick<Actor, 'roles'>): Decision {
  if (actor.roles.includes('org_admin'))
    return { allowed: true, reason: 'an administrator reads the organisation’s data protection records' }
  if (actor.roles.includes('partnership_lead'))
    return { allowed: true, reason: 'a partnership lead reads the partnership’s data protection records' }
  return {
    allowed: false,
    visible: true,
    reason: 'Only administrators and partnership leads see the record of processing and the retention schedule.',
  }
}

const COMPLAINT_ROLES = ['org_admin', 'dsl'] as const

/** Keeping the complaints log of `organisationId` (undefined: the actor's own, for recording a new complaint). */
export function mayHandleComplaints(
  actor: Pick<Actor, 'roles' | 'organisationId'>,
  organisationId: string = actor.organisationId,
): Decision {
  if (organisationId !== actor.organisationId)
    return { allowed: false, visible: false, reason: 'the complaint was made to another organisation' }
  if (COMPLAINT_ROLES.some((r) => actor.roles.includes(r)))
    return { allowed: true, reason: 'an administrator or DSL keeps the organisation’s data protection complaints log' }
  return {
    allowed: false,
    visible: true,
    reason: 'Only your organisation’s administrators and designated safeguarding leads keep the complaints log.',
  }
}
