import { checkNewPassword } from '../domain/signInPolicy.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { hashPassword, tokenHash } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export type AcceptError = DomainError<'INVITATION.INVALID' | 'PASSWORD.WEAK'>

export async function findInvitation(
  deps: Deps,
  token: string,
): Promise<{ email: string; displayName: string } | undefined> {
  const row = await deps.db
    .selectFrom('invitation as i')
    .innerJoin('app_user as u', 'u.id', 'i.user_id')
    .select(['u.email', 'u.display_name', 'i.expires_at', 'i.accepted_at', 'u.active'])
    .where('i.token_hash', '=', tokenHash(token))
    .executeTakeFirst()
  if (row === undefined || row.accepted_at !== null || row.expires_at <= deps.clock.now() || !row.active)
    return undefined
  return { email: row.email, displayName: row.display_name }
}

/** The invitee chooses a password. Roles needing a second factor set it up at their first sign-in. */
export async function acceptInvitation(
  deps: Deps,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<Result<{ email: string }, AcceptError>> {
  const invalid = domainError(
    'INVITATION.INVALID',
    'This invitation link has expired or has already been used. Ask your organisation administrator for a new one',
  )
  const passwordHash = await hashPassword(input.password)
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const row = await tx
      .selectFrom('invitation as i')
      .innerJoin('app_user as u', 'u.id', 'i.user_id')
      .select([
        'i.id',
        'i.expires_at',
        'i.accepted_at',
        'u.id as user_id',
        'u.email',
        'u.organisation_id',
        'u.roles',
        'u.active',
      ])
      .where('i.token_hash', '=', tokenHash(input.token))
      .forUpdate('i')
      .executeTakeFirst()
    if (row === undefined || row.accepted_at !== null || row.expires_at <= now || !row.active) return err(invalid)
    const strong = checkNewPassword(input.password, row.email)
    if (!strong.ok) return err({ ...strong.error, fields: { password: strong.error.message } })
    await tx.updateTable('invitation').set({ accepted_at: now }).where('id', '=', row.id).execute()
    await tx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute()
    await appendAudit(
      tx,
      {
        actorUserId: row.user_id,
        actorOrganisationId: row.organisation_id,
        actorRoles: row.roles,
        action: 'auth.invitation_accepted',
        subjectType: 'user',
        subjectId: row.user_id,
        reason: 'invited by an administrator',
        correlationId: meta.correlationId,
      },
      now,
    )
    return ok({ email: row.email })
  })
}
