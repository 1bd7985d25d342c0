import type { Role } from '../../../platform/identity/roles.js'

/**
 * Who has "Find a child": the roles that may open a child's record once found (the access policy's `child.view`:
 * safeguarding leads, social care and police, for children their organisation is involved with). Staff search
 * only inside "Record a concern", to choose the child; a record they could not open is not offered to them.
 * The service navigation lists the same roles; test/routes/find-a-child.test.ts holds the two together.
 */
export const childFinderRoles: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'health_lead',
  'front_door',
  'social_worker',
  'team_manager',
  'conference_chair',
  'police_officer',
]

export const mayFindChildren = (roles: readonly Role[]): boolean => roles.some((r) => childFinderRoles.includes(r))
