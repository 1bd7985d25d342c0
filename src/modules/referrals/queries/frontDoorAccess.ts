import type { Action } from '../../access/domain/policy.js'
import type { ReferralRow } from './referralAccess.js'

/** The front door's own steps (acknowledge, ask, link the child) are open to the local authority's front door. */
export const frontDoorStep = (r: ReferralRow): Action => ({
  kind: 'front_door.view',
  organisationId: r.toOrganisationId,
})
