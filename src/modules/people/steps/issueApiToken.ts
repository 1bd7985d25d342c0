import { requiresSecondFactor } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { matchTotp, newToken, tokenHash } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { checkPassword, type PasswordError } from './checkPassword.js'
import { actorAudit } from '../queries/loadActor.js'

export type ApiTokenError =
  | PasswordError
  | DomainError<'AUTH.CODE_REQUIRED' | 'AUTH.INVALID_CODE' | 'AUTH.CODE_REUSED' | 'AUTH.SECOND_FACTOR_NOT_SET_UP'>

/**
 * Exchanges email, password and (for roles that need it) a TOTP code for a bearer token with an expiry. The
 * same password checks, lock-out and audit as signing in on the website.
 */
export async function issueApiToken(
  deps: Deps,
  input: { email: string; password: string; totp?: string | undefined },
  meta: RequestMeta,
): Promise<Result<{ token: string; expiresAt: Date }, ApiTokenError>> {
  return checkPassword<{ token: string; expiresAt: Date }, Exclude<ApiTokenError, PasswordError>>(
    deps,
    { email: input.email, password: input.password, channel: 'api' },
    meta,
    async (tx, user, now) => {
      const audit = {
        ...actorAudit(user.actor),
        subjectType: 'user',
        subjectId: user.actor.userId,
        correlationId: meta.correlationId,
      }
      const needsCode = requiresSecondFactor(user.actor.roles) && !(deps.settings.demoMode && user.actor.isDemo)
      if (needsCode) {
        if (user.totpSecret === null) {
          await appendAudit(
            tx,
            {
              ...audit,
              action: 'auth.sign_in_refused',
              reason: 'second factor not set up',
              details: { channel: 'api' },
            },
            now,
          )
          return err(
            domainError(
              'AUTH.SECOND_FACTOR_NOT_SET_UP',
              'Sign in on the website once to set up your authenticator app',
            ),
          )
        }
        if (input.totp === undefined || input.totp === '') {
          return err(
            domainError('AUTH.CODE_REQUIRED', 'This account needs a code from its authenticator app', {
              totp: 'Enter the 6-digit code from your authenticator app',
            }),
          )
        }
        const step = matchTotp(user.totpSecret, input.totp.replace(/\s+/g, ''), now.getTime())
        if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) {
          await appendAudit(
            tx,
            {
              ...audit,
              action: 'auth.second_factor_failed',
              reason: step === null ? 'wrong code' : 'code already used',
              details: { channel: 'api' },
            },
            now,
          )
          return step === null
            ? err(
                domainError('AUTH.INVALID_CODE', 'The code is not right', {
                  totp: 'Enter the 6-digit code shown in your authenticator app',
                }),
              )
            : err(
                domainError('AUTH.CODE_REUSED', 'That code has already been used', {
                  totp: 'Wait for a new code and enter it',
                }),
              )
        }
        await tx.updateTable('app_user').set({ totp_last_step: step }).where('id', '=', user.actor.userId).execute()
      }
      const token = newToken()
      const expiresAt = new Date(now.getTime() + deps.settings.apiTokenMinutes * 60_000)
      await tx
        .insertInto('api_token')
        .values({
          token_hash: tokenHash(token),
          user_id: user.actor.userId,
          created_at: now,
          expires_at: expiresAt,
          revoked_at: null,
        })
        .execute()
      await appendAudit(
        tx,
        {
          ...audit,
          action: 'auth.signed_in',
          reason: needsCode ? 'password and authenticator code' : 'password',
          details: { channel: 'api', ip: meta.ip, expiresAt: expiresAt.toISOString() },
        },
        now,
      )
      return ok({ token, expiresAt })
    },
  )
}
