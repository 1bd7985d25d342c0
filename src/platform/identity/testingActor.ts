/**
 * For tests only: a signed-in person at a school, named by their user id, with the roles a test gives and, where
 * it matters to the test, the organisation and local area they act in.
 */
import type { Actor } from './actor.js'
import type { Role } from './roles.js'

export const testActor = (
  userId: string,
  roles: readonly Role[],
  at: Partial<Pick<Actor, 'organisationId' | 'organisationName' | 'localAreaId'>> = {},
): Actor => ({
  userId,
  displayName: userId,
  email: `${userId}@example.org`,
  organisationId: 'org-1',
  organisationName: 'Org',
  organisationKind: 'school',
  localAreaId: 'area-1',
  roles,
  isDemo: false,
  ...at,
})
