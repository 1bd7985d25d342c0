import { checkNewPassword } from '../domain/signInPolicy.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { hashPassword, tokenHash } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'

export type AcceptError = DomainError<'INVITATION.INVALID' | 'PASSWORD.WEAK'>

/**
 * The invitation a link's token names, with its invitee, while the link still works: not yet accepted, not expired,
 * and for an account that is still active.
 */
async function openInvitation(
  db: Kysely<DB> | Transaction<DB>,
  token: string,
  now: Date,
  { forUpdate = false }: LoadOptions = {},
) {
  const row = await db
    .selectFrom('invitation as i')
    .innerJoin('app_user as u', 'u.id', 'i.user_id')
    .select([
      'i.id',
      'i.expires_at',
      'i.accepted_at',
      'u.id as user_id',
      'u.email',
      'u.display_name',
      'u.organisation_id',
      'u.roles',
      'u.active',
    ])
    .where('i.token_hash', '=', tokenHash(token))
    .$if(forUpdate, (q) => q.forUpdate('i'))
    .executeTakeFirst()
  return row === undefined || row.accepted_at !== null || row.expires_at <= now || !row.active ? undefined : row
}

export async function findInvitation(
  deps: Deps,
  token: string,
): Promise<{ email: string; displayName: string } | undefined> {
  const row = await openInvitation(deps.db, token, deps.clock.now())
  return row === undefined ? undefined : { email: row.email, displayName: row.display_name }
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
    const row = await openInvitation(tx, input.token, now, { forUpdate: true })
    if (row === undefined) return err(invalid)
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
