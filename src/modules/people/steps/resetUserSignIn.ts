import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { INVITATION_DAYS, issueInvitation } from './inviteUser.js'
import { endAllSignIns } from './sessions.js'

export type ResetError = DomainError<'ACCESS.DENIED' | 'USER.NOT_FOUND' | 'USER.SELF'>

/**
 * For a forgotten password or a lost authenticator: the old password, authenticator, sessions and tokens stop
 * working at once, the lock is lifted, and the person gets a new link to choose a password.
 */
export async function resetUserSignIn(
  deps: Deps,
  actor: Actor,
  input: { userId: string },
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ email: string; invitationToken: string; expiresAt: Date }, ResetError>> {
  const decision = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  if (input.userId === actor.userId)
    return err(domainError('USER.SELF', 'Ask another administrator to reset your own sign-in'))
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const target = await tx
      .selectFrom('app_user')
      .select(['id', 'email'])
      .where('id', '=', input.userId)
      .where('organisation_id', '=', actor.organisationId)
      .where('active', '=', true)
      .forUpdate()
      .executeTakeFirst()
    if (target === undefined) return err(domainError('USER.NOT_FOUND', 'There is no such user in your organisation'))
    await tx
      .updateTable('app_user')
      .set({ password_hash: null, totp_secret: null, totp_last_step: null, failed_sign_ins: 0, locked_until: null })
      .where('id', '=', target.id)
      .execute()
    await endAllSignIns(tx, target.id, 'sign-in reset by administrator', now)
    await tx
      .updateTable('invitation')
      .set({ expires_at: now })
      .where('user_id', '=', target.id)
      .where('accepted_at', 'is', null)
      .execute()
    const { invitationToken, expiresAt } = await issueInvitation(tx, target.id, actor.userId, now)
    await enqueueNotification(
      tx,
      {
        kind: 'user.sign_in_reset',
        organisationId: actor.organisationId,
        recipient: target.email,
        subject: 'Your Together sign-in has been reset',
        body: `${actor.displayName} has reset your sign-in to Together. Your old password and authenticator no longer work.\n\nChoose a new password here (the link works once, for ${INVITATION_DAYS} days):\n${serviceUrl}/invitations/${invitationToken}`,
        relatedType: 'user',
        relatedId: target.id,
      },
      now,
    )
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'admin.user_sign_in_reset',
        subjectType: 'user',
        subjectId: target.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { email: target.email },
      },
      now,
    )
    return ok({ email: target.email, invitationToken, expiresAt })
  })
}
