import { requiresSecondFactor } from '../../../platform/identity/roles.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newTotpSecret } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { checkPassword, type PasswordError } from './checkPassword.js'
import { actorAudit } from '../queries/loadActor.js'
import { createSession } from './sessions.js'

export type SignInOutcome =
  | { readonly next: 'signed_in'; readonly sessionToken: string }
  /** Password accepted; a TOTP code is needed (`enrol` when the user has yet to set one up). */
  | { readonly next: 'second_factor'; readonly sessionToken: string; readonly enrol: boolean }

/** Signs in with email and password on the website. Roles that need a second factor continue to TOTP. */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<Result<SignInOutcome, PasswordError>> {
  return checkPassword<SignInOutcome, never>(deps, { ...input, channel: 'web' }, meta, async (tx, user, now) => {
    const audit = {
      ...actorAudit(user.actor),
      subjectType: 'user',
      subjectId: user.actor.userId,
      correlationId: meta.correlationId,
    }
    const demoBypass = deps.settings.demoMode && user.actor.isDemo
    if (!requiresSecondFactor(user.actor.roles) || demoBypass) {
      const sessionToken = await createSession(tx, deps.settings, user.actor.userId, 'active', now)
      const reason =
        demoBypass && requiresSecondFactor(user.actor.roles)
          ? 'password; second factor skipped for a demo account in demo mode'
          : 'password'
      await appendAudit(
        tx,
        { ...audit, action: 'auth.signed_in', reason, details: { channel: 'web', ip: meta.ip } },
        now,
      )
      return ok({ next: 'signed_in', sessionToken })
    }
    const enrol = user.totpSecret === null
    const sessionToken = await createSession(
      tx,
      deps.settings,
      user.actor.userId,
      'second_factor',
      now,
      enrol ? newTotpSecret() : null,
    )
    await appendAudit(
      tx,
      {
        ...audit,
        action: 'auth.password_accepted',
        reason: 'second factor required for this role',
        details: { channel: 'web', enrol, ip: meta.ip },
      },
      now,
    )
    return ok({ next: 'second_factor', sessionToken, enrol })
  })
}
