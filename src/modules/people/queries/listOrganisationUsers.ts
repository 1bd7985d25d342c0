import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { Deps } from '../../../platform/context.js'

export interface UserSummary {
  readonly id: string
  readonly email: string
  readonly displayName: string
  readonly roles: readonly string[]
  readonly active: boolean
  readonly invitationPending: boolean
  readonly secondFactorSetUp: boolean
  readonly locked: boolean
}

export async function listOrganisationUsers(
  deps: Deps,
  actor: Actor,
): Promise<Result<UserSummary[], DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const rows = await deps.db
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'roles', 'active', 'password_hash', 'totp_secret', 'locked_until'])
    .where('organisation_id', '=', actor.organisationId)
    .orderBy('display_name')
    .execute()
  return ok(
    rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      roles: r.roles,
      active: r.active,
      invitationPending: r.password_hash === null,
      secondFactorSetUp: r.totp_secret !== null,
      locked: r.locked_until !== null && r.locked_until > now,
    })),
  )
}
