import type { Actor } from './actor.js'
import type { OrganisationKind } from './organisations.js'

/**
 * Whoever uses a public page without signing in: a member of the public, or a professional without an account,
 * reporting a concern about a child. Not someone the service knows: no account, no organisation (so no kind) and
 * no role, so every rule that asks for one of them finds none. A public step (`public: true`) states its own
 * policy for them, and the audit trail records no one (`actorAudit`), as it always has for a public report.
 */
export const anonymousActor: Actor = Object.freeze({
  userId: '',
  displayName: 'A member of the public',
  email: '',
  organisationId: '',
  organisationName: '',
  organisationKind: '' as OrganisationKind,
  localAreaId: '',
  roles: [],
  isDemo: false,
})

export const isAnonymous = (actor: Pick<Actor, 'userId'>): boolean => actor.userId === ''

/** The user an audit row or a claimed submission key names: none for the anonymous actor. */
export const userIdOf = (actor: Pick<Actor, 'userId'>): string | null => (isAnonymous(actor) ? null : actor.userId)
