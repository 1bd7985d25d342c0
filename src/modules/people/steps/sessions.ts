import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { newToken, tokenHash } from '../../../platform/security/secrets.js'
import type { AppSettings } from '../../../platform/context.js'

/** Creates a session row and returns the secret for the cookie. Only its hash is stored. */
export async function createSession(
  tx: Transaction<DB>,
  settings: AppSettings,
  userId: string,
  stage: 'second_factor' | 'active',
  now: Date,
  pendingTotpSecret: string | null = null,
): Promise<string> {
  const token = newToken()
  await tx
    .insertInto('user_session')
    .values({
      id_hash: tokenHash(token),
      user_id: userId,
      stage,
      pending_totp_secret: pendingTotpSecret,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.sessionAbsoluteHours * 3_600_000),
      ended_at: null,
      ended_reason: null,
    })
    .execute()
  return token
}

/** Every way a person is signed in stops working now: their sessions end and their API tokens are revoked. */
export async function endAllSignIns(tx: Transaction<DB>, userId: string, reason: string, now: Date): Promise<void> {
  await tx
    .updateTable('user_session')
    .set({ ended_at: now, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute()
  await tx
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function endSession(tx: Transaction<DB>, token: string, reason: string, now: Date): Promise<void> {
  await tx
    .updateTable('user_session')
    .set({ ended_at: now, ended_reason: reason })
    .where('id_hash', '=', tokenHash(token))
    .where('ended_at', 'is', null)
    .execute()
}
