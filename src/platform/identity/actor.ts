import type { OrganisationKind } from './organisations.js'
import type { Role } from './roles.js'

/** The signed-in person on whose behalf a use case runs. Every access decision starts here. */
export interface Actor {
  readonly userId: string
  readonly displayName: string
  readonly email: string
  readonly organisationId: string
  readonly organisationName: string
  readonly organisationKind: OrganisationKind
  readonly localAreaId: string
  readonly roles: readonly Role[]
  readonly isDemo: boolean
}

export const hasRole = (actor: Pick<Actor, 'roles'>, ...wanted: Role[]): boolean =>
  wanted.some((r) => actor.roles.includes(r))
