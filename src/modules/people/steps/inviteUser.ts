import type { Transaction } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkRolesAllowed, type Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId, newToken, tokenHash } from '../../../platform/security/secrets.js'
import { actorAudit } from '../queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'

export const INVITATION_DAYS = 7

/**
 * A new invitation for a person to choose their password (or a new one): the link's secret, of which only the hash
 * is stored, and when the link stops working.
 */
export async function issueInvitation(
  tx: Transaction<DB>,
  userId: string,
  invitedBy: string,
  now: Date,
): Promise<{ invitationToken: string; expiresAt: Date }> {
  const invitationToken = newToken()
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  await tx
    .insertInto('invitation')
    .values({
      id: newId(),
      token_hash: tokenHash(invitationToken),
      user_id: userId,
      invited_by: invitedBy,
      created_at: now,
      expires_at: expiresAt,
      accepted_at: null,
    })
    .execute()
  return { invitationToken, expiresAt }
}

export type InviteError = DomainError<'ACCESS.DENIED' | 'USER.EMAIL_TAKEN' | 'USER.ROLE_NOT_ALLOWED'>

/** An administrator invites someone into their organisation; the invitee sets their own password from the link. */
export async function inviteUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; displayName: string; roles: readonly Role[] },
  meta: RequestMeta,
  /** Where the invitee's link points, e.g. https://together.example; the link is emailed through the outbox. */
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ userId: string; invitationToken: string; expiresAt: Date }, InviteError>> {
  const decision = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const allowed = checkRolesAllowed(actor.organisationKind, input.roles)
  if (!allowed.ok) return err(allowed.error)
  const email = input.email.trim().toLowerCase()
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const taken = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst()
    if (taken !== undefined) {
      return err(
        domainError('USER.EMAIL_TAKEN', 'Someone already has an account with this email address', {
          email: 'Someone already has an account with this email address',
        }),
      )
    }
    const userId = newId()
    await tx
      .insertInto('app_user')
      .values({
        id: userId,
        organisation_id: actor.organisationId,
        email,
        display_name: input.displayName.trim(),
        roles: [...input.roles],
        password_hash: null,
        totp_secret: null,
        totp_last_step: null,
        locked_until: null,
        created_at: now,
      })
      .execute()
    const { invitationToken, expiresAt } = await issueInvitation(tx, userId, actor.userId, now)
    await enqueueNotification(
      tx,
      {
        kind: 'user.invited',
        organisationId: actor.organisationId,
        recipient: email,
        subject: `You have been invited to Together by ${actor.organisationName}`,
        body: `${actor.displayName} has invited you to use Together, the safeguarding service for ${actor.organisationName}.\n\nChoose your password here (the link works once, for ${INVITATION_DAYS} days):\n${serviceUrl}/invitations/${invitationToken}`,
        relatedType: 'user',
        relatedId: userId,
      },
      now,
    )
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'admin.user_invited',
        subjectType: 'user',
        subjectId: userId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { email, roles: input.roles },
      },
      now,
    )
    return ok({ userId, invitationToken, expiresAt })
  })
}
