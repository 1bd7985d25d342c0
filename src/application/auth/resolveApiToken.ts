import type { Actor } from '../../domain/people/actor.js'
import { tokenHash } from '../../infrastructure/security/secrets.js'
import type { Deps } from '../context.js'
import { findUserById } from './loadActor.js'

/** The actor behind a bearer token, or undefined if it is unknown, expired, revoked or its user deactivated. */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | undefined> {
  if (token.length < 20 || token.length > 200) return undefined
  const row = await deps.db
    .selectFrom('api_token')
    .select(['user_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst()
  if (row === undefined || row.revoked_at !== null || row.expires_at <= deps.clock.now()) return undefined
  const user = await findUserById(deps.db, row.user_id)
  return user?.active === true ? user.actor : undefined
}
