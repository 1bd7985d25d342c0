import { appendAudit } from '../../../platform/audit/auditLog.js'
import { tokenHash } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export async function signOut(deps: Deps, sessionToken: string | undefined, meta: RequestMeta): Promise<void> {
  if (sessionToken === undefined) return
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const ended = await tx
      .updateTable('user_session')
      .set({ ended_at: now, ended_reason: 'signed out' })
      .where('id_hash', '=', tokenHash(sessionToken))
      .where('ended_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst()
    if (ended === undefined) return
    const user = await tx
      .selectFrom('app_user')
      .select(['organisation_id', 'roles'])
      .where('id', '=', ended.user_id)
      .executeTakeFirst()
    await appendAudit(
      tx,
      {
        actorUserId: ended.user_id,
        actorOrganisationId: user?.organisation_id ?? null,
        actorRoles: user?.roles ?? [],
        action: 'auth.signed_out',
        subjectType: 'user',
        subjectId: ended.user_id,
        correlationId: meta.correlationId,
      },
      now,
    )
  })
}
