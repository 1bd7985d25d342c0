import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkRolesAllowed, type Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export type ChangeRolesError = DomainError<
  'ACCESS.DENIED' | 'USER.NOT_FOUND' | 'USER.ROLE_NOT_ALLOWED' | 'USER.LAST_ADMIN'
>

export async function changeUserRoles(
  deps: Deps,
  actor: Actor,
  input: { userId: string; roles: readonly Role[] },
  meta: RequestMeta,
): Promise<Result<{ roles: readonly Role[] }, ChangeRolesError>> {
  const decision = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const allowed = checkRolesAllowed(actor.organisationKind, input.roles)
  if (!allowed.ok) return err(allowed.error)
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    // Another organisation's user is "not found": administrators learn nothing about other organisations.
    const target = await tx
      .selectFrom('app_user')
      .select(['id', 'roles'])
      .where('id', '=', input.userId)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst()
    if (target === undefined) return err(domainError('USER.NOT_FOUND', 'There is no such user in your organisation'))
    if (target.roles.includes('org_admin') && !input.roles.includes('org_admin')) {
      const admins = await tx
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organisation_id', '=', actor.organisationId)
        .where('active', '=', true)
        .where(({ eb, val }) => eb(val('org_admin'), '=', eb.fn.any('roles')))
        .executeTakeFirstOrThrow()
      if (Number(admins.n) <= 1) {
        return err(
          domainError('USER.LAST_ADMIN', 'An organisation must keep at least one administrator', {
            roles: 'An organisation must keep at least one administrator',
          }),
        )
      }
    }
    await tx
      .updateTable('app_user')
      .set({ roles: [...input.roles] })
      .where('id', '=', target.id)
      .execute()
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'admin.user_roles_changed',
        subjectType: 'user',
        subjectId: target.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { from: target.roles, to: input.roles },
      },
      now,
    )
    return ok({ roles: input.roles })
  })
}
