import type { Actor } from '../../../platform/identity/actor.js'
import { tokenHash } from '../../../platform/security/secrets.js'
import type { Deps } from '../../../platform/context.js'
import { findApiTokenUser } from './loadActor.js'

/** The actor behind a bearer token, or undefined if it is unknown, expired, revoked or its user deactivated. */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | undefined> {
  if (token.length < 20 || token.length > 200) return undefined
  const found = await findApiTokenUser(deps.db, tokenHash(token))
  if (found === undefined || found.revokedAt !== null || found.expiresAt <= deps.clock.now()) return undefined
  return found.user.active ? found.user.actor : undefined
}
