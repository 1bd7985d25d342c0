import { checkNewPassword } from '../domain/signInPolicy.js'
import { isOrganisationKind } from '../../../platform/identity/organisations.js'
import { invalidRolesFor, roleLabels, type Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { noActor } from '../../../platform/audit/noActor.js'
import { hashPassword } from '../../../platform/security/secrets.js'
import { addUser } from './newUser.js'
import type { Deps } from '../../../platform/context.js'

export type CreateUserError = DomainError<
  'ORGANISATION.NOT_FOUND' | 'USER.EMAIL_TAKEN' | 'USER.ROLE_NOT_ALLOWED' | 'PASSWORD.WEAK'
>

/**
 * Creates a user directly, for operators at the command line (`together users create`) and for the demo seed.
 * The audit entry names the operating-system account that ran it, because there is no signed-in actor.
 */
export async function createUser(
  deps: Deps,
  input: {
    organisation: string
    email: string
    displayName: string
    roles: readonly Role[]
    password: string
    isDemo?: boolean
    operator: string
  },
): Promise<Result<{ userId: string }, CreateUserError>> {
  const email = input.email.trim().toLowerCase()
  const strong = checkNewPassword(input.password, email)
  if (!strong.ok) return err(strong.error)
  const passwordHash = await hashPassword(input.password)
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const org = await tx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name'])
      .where((eb) => eb.or([eb('name', '=', input.organisation), eb(eb.cast('id', 'text'), '=', input.organisation)]))
      .executeTakeFirst()
    if (org === undefined || !isOrganisationKind(org.kind))
      return err(domainError('ORGANISATION.NOT_FOUND', `There is no organisation called "${input.organisation}"`))
    const wrong = invalidRolesFor(org.kind, input.roles)
    if (wrong.length > 0)
      return err(domainError('USER.ROLE_NOT_ALLOWED', `${roleLabels[wrong[0] as Role]} is not a role in ${org.name}`))
    const userId = await addUser(
      tx,
      {
        organisationId: org.id,
        email,
        displayName: input.displayName.trim(),
        roles: input.roles,
        passwordHash,
        isDemo: input.isDemo ?? false,
      },
      now,
    )
    if (userId === undefined)
      return err(domainError('USER.EMAIL_TAKEN', `Someone already has an account with ${email}`))
    await appendAudit(
      tx,
      {
        ...noActor,
        action: 'admin.user_created',
        subjectType: 'user',
        subjectId: userId,
        reason: `created by operator ${input.operator}`,
        details: { email, roles: input.roles, organisation: org.name, demo: input.isDemo ?? false },
      },
      now,
    )
    return ok({ userId })
  })
}
