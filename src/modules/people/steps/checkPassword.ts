import type { Transaction } from 'kysely'
import { afterFailedSignIn, isLocked } from '../domain/signInPolicy.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { noActor } from '../../../platform/audit/noActor.js'
import type { DB } from '../../../platform/db/schema.js'
import { verifyPassword } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { actorAudit, findUserByEmail, type UserRecord } from '../queries/loadActor.js'

export type PasswordError = DomainError<'AUTH.INVALID_CREDENTIALS' | 'AUTH.LOCKED_OUT'>

export const invalidCredentials = (): PasswordError =>
  domainError('AUTH.INVALID_CREDENTIALS', 'The email address or password is not right')
export const lockedOut = (): PasswordError =>
  domainError(
    'AUTH.LOCKED_OUT',
    'Your account is locked for 15 minutes because the password was entered wrongly too many times. Try again later or ask your organisation administrator',
  )

/**
 * The password step shared by web sign-in and API tokens, so both count failures and lock accounts the same
 * way. The slow hash check runs before the transaction; the counters, the audit entry and whatever the caller
 * does on success (`then`) are written together.
 */
export async function checkPassword<T, E>(
  deps: Deps,
  input: { email: string; password: string; channel: 'web' | 'api' },
  meta: RequestMeta,
  then: (tx: Transaction<DB>, user: UserRecord, now: Date) => Promise<Result<T, E>>,
): Promise<Result<T, PasswordError | E>> {
  const email = input.email.trim().toLowerCase()
  const candidate = await findUserByEmail(deps.db, email)
  const passwordMatches = await verifyPassword(candidate?.passwordHash ?? null, input.password)
  return deps.db.transaction().execute(async (tx): Promise<Result<T, PasswordError | E>> => {
    const now = deps.clock.now()
    const user = candidate === undefined ? undefined : await findUserByEmail(tx, email, true)
    const attempt = { email, channel: input.channel, ip: meta.ip }
    if (user === undefined) {
      await appendAudit(
        tx,
        {
          ...noActor,
          action: 'auth.sign_in_failed',
          reason: 'no account with this email address',
          correlationId: meta.correlationId,
          details: attempt,
        },
        now,
      )
      return err(invalidCredentials())
    }
    const audit = {
      ...actorAudit(user.actor),
      subjectType: 'user',
      subjectId: user.actor.userId,
      correlationId: meta.correlationId,
    }
    const lockState = { failedSignIns: user.failedSignIns, lockedUntilMs: user.lockedUntil?.getTime() ?? null }
    if (isLocked(lockState, now.getTime())) {
      await appendAudit(
        tx,
        {
          ...audit,
          action: 'auth.sign_in_refused',
          reason: 'account locked after repeated failures',
          details: attempt,
        },
        now,
      )
      return err(lockedOut())
    }
    if (!user.active || !passwordMatches) {
      const next = afterFailedSignIn(lockState, now.getTime())
      await tx
        .updateTable('app_user')
        .set({
          failed_sign_ins: next.failedSignIns,
          locked_until: next.lockedUntilMs === null ? null : new Date(next.lockedUntilMs),
        })
        .where('id', '=', user.actor.userId)
        .execute()
      const reason = user.active ? 'wrong password' : 'account deactivated'
      await appendAudit(tx, { ...audit, action: 'auth.sign_in_failed', reason, details: attempt }, now)
      if (next.justLocked) {
        await appendAudit(
          tx,
          {
            ...audit,
            action: 'auth.locked_out',
            reason: 'too many wrong passwords in a row',
            details: { ...attempt, lockedUntil: new Date(next.lockedUntilMs ?? 0).toISOString() },
          },
          now,
        )
        return err(lockedOut())
      }
      return err(invalidCredentials())
    }
    if (user.failedSignIns !== 0 || user.lockedUntil !== null) {
      await tx
        .updateTable('app_user')
        .set({ failed_sign_ins: 0, locked_until: null })
        .where('id', '=', user.actor.userId)
        .execute()
    }
    const result = await then(tx, user, now)
    if (!result.ok) return result
    return ok(result.value)
  })
}
