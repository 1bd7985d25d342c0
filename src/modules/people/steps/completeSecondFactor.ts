import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { matchTotp, tokenHash } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { actorAudit, findUserById } from '../queries/loadActor.js'
import { createSession } from './sessions.js'

export type SecondFactorError = DomainError<'AUTH.SESSION_EXPIRED' | 'AUTH.INVALID_CODE' | 'AUTH.CODE_REUSED'>

/**
 * Checks the TOTP code for a session that passed the password step. On success the half-signed-in session is
 * ended and a new one issued (a fresh id after a change of privilege defeats session fixation). During set-up
 * the pending secret becomes the user's secret in the same transaction.
 */
export async function completeSecondFactor(
  deps: Deps,
  input: { sessionToken: string; code: string },
  meta: RequestMeta,
): Promise<Result<{ sessionToken: string }, SecondFactorError>> {
  const code = input.code.replace(/\s+/g, '')
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const session = await tx
      .selectFrom('user_session')
      .selectAll()
      .where('id_hash', '=', tokenHash(input.sessionToken))
      .where('ended_at', 'is', null)
      .where('stage', '=', 'second_factor')
      .where('expires_at', '>', now)
      .forUpdate()
      .executeTakeFirst()
    if (session === undefined)
      return err(domainError('AUTH.SESSION_EXPIRED', 'Your sign-in has timed out. Sign in again'))
    const user = await findUserById(tx, session.user_id, true)
    if (user === undefined || !user.active)
      return err(domainError('AUTH.SESSION_EXPIRED', 'Your sign-in has timed out. Sign in again'))
    const enrolling = user.totpSecret === null
    const secret = user.totpSecret ?? session.pending_totp_secret
    const audit = {
      ...actorAudit(user.actor),
      subjectType: 'user',
      subjectId: user.actor.userId,
      correlationId: meta.correlationId,
    }
    // A refused code is audited with why, and answered on the code field.
    const refuse = async (why: 'AUTH.INVALID_CODE' | 'AUTH.CODE_REUSED', reason: string, message: string) => {
      await appendAudit(tx, { ...audit, action: 'auth.second_factor_failed', reason, details: { ip: meta.ip } }, now)
      return err(domainError(why, message, { code: message }))
    }
    const step = secret === null ? null : matchTotp(secret, code, now.getTime())
    if (step === null)
      return refuse('AUTH.INVALID_CODE', 'wrong code', 'Enter the 6-digit code shown in your authenticator app')
    if (user.totpLastStep !== null && step <= user.totpLastStep)
      return refuse(
        'AUTH.CODE_REUSED',
        'code already used',
        'That code has already been used. Wait for a new code and enter it',
      )
    await tx
      .updateTable('app_user')
      .set({ totp_secret: secret, totp_last_step: step })
      .where('id', '=', user.actor.userId)
      .execute()
    await tx
      .updateTable('user_session')
      .set({ ended_at: now, ended_reason: 'second factor completed' })
      .where('id_hash', '=', session.id_hash)
      .execute()
    const sessionToken = await createSession(tx, deps.settings, user.actor.userId, 'active', now)
    // A sign-in that came through the organisation's provider stays one, so signing out ends it there too.
    const carried = await tx
      .insertInto('sso_session')
      .columns(['session_id_hash', 'provider_id', 'id_token'])
      .expression((eb) =>
        eb
          .selectFrom('sso_session')
          .select([eb.val(tokenHash(sessionToken)).as('session_id_hash'), 'provider_id', 'id_token'])
          .where('session_id_hash', '=', session.id_hash),
      )
      .executeTakeFirst()
    const throughProvider = (carried.numInsertedOrUpdatedRows ?? 0n) > 0n
    if (enrolling)
      await appendAudit(
        tx,
        { ...audit, action: 'auth.second_factor_enrolled', reason: 'authenticator app set up at sign-in' },
        now,
      )
    await appendAudit(
      tx,
      {
        ...audit,
        action: 'auth.signed_in',
        reason: throughProvider ? 'organisation sign-in and authenticator code' : 'password and authenticator code',
        details: { channel: 'web', ip: meta.ip },
      },
      now,
    )
    return ok({ sessionToken })
  })
}
