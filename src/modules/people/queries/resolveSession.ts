import type { Actor } from '../../../platform/identity/actor.js'
import { tokenHash } from '../../../platform/security/secrets.js'
import type { Deps } from '../../../platform/context.js'
import { findSessionUser } from './loadActor.js'

export type SessionState =
  | { readonly status: 'none' }
  | { readonly status: 'expired'; readonly why: 'idle' | 'absolute' }
  | { readonly status: 'second_factor'; readonly actor: Actor; readonly pendingTotpSecret: string | null }
  | { readonly status: 'active'; readonly actor: Actor }

/** Only refresh last_seen_at this often, so that reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000

/** Looks up the session behind a cookie, enforcing idle and absolute time-outs and deactivation. */
export async function resolveSession(deps: Deps, token: string | undefined): Promise<SessionState> {
  if (token === undefined || token.length < 20 || token.length > 200) return { status: 'none' }
  const idHash = tokenHash(token)
  const session = await findSessionUser(deps.db, idHash)
  if (session === undefined || session.endedAt !== null) return { status: 'none' }
  const now = deps.clock.now()
  const idleLimit = session.lastSeenAt.getTime() + deps.settings.sessionIdleMinutes * 60_000
  const why = now >= session.expiresAt ? 'absolute' : now.getTime() >= idleLimit ? 'idle' : undefined
  if (why !== undefined) {
    await deps.db
      .updateTable('user_session')
      .set({ ended_at: now, ended_reason: why === 'idle' ? 'idle timeout' : 'absolute timeout' })
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .execute()
    return { status: 'expired', why }
  }
  const user = session.user
  if (!user.active) return { status: 'none' }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.db.updateTable('user_session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute()
  }
  return session.stage === 'active'
    ? { status: 'active', actor: user.actor }
    : { status: 'second_factor', actor: user.actor, pendingTotpSecret: session.pendingTotpSecret }
}
