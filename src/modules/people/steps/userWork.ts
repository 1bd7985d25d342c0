import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkboxes } from '../../../platform/forms/fields.js'
import { checkRolesAllowed, roleOptions, rolesAllowedIn, type Role } from '../../../platform/identity/roles.js'
import type { AccessDecision, StepContext } from '../../../platform/steps/defineStep.js'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'

/** An administrator's organisation, for the roles its kind allows. */
export interface AdministeredOrganisation {
  readonly organisationId: string
  readonly organisationKind: OrganisationKind
}

export interface UserInOrganisation {
  readonly id: string
  readonly email: string
  readonly displayName: string
  readonly roles: readonly string[]
  readonly active: boolean
}

export interface UserLoaded extends AdministeredOrganisation {
  /** Undefined when there is no such user in the administrator's organisation (another's is "not found"). */
  readonly target: UserInOrganisation | undefined
}

/** Organisation administrators manage their own organisation's users; anyone else is refused (403). */
export function administers(actor: Actor): AccessDecision {
  const d = decide(actor, { kind: 'users.administer', organisationId: actor.organisationId })
  return d.allowed ? d : { ...d, visible: true }
}

export const organisationOf = (actor: Actor): AdministeredOrganisation => ({
  organisationId: actor.organisationId,
  organisationKind: actor.organisationKind,
})

/** The roles field of the invitation and of a change of roles; the kind of organisation narrows the list. */
export const rolesField = checkboxes({
  label: 'Roles',
  hint: 'Select all that apply. Roles that can see children’s records need an authenticator app.',
  required: 'Select at least one role',
  options: roleOptions,
})

export const rolesOffered = (l: AdministeredOrganisation) => ({ roles: rolesAllowedIn[l.organisationKind] })

/** The roles chosen, judged against the kind of organisation (the page offers only those; the rule stands anyway). */
export function rolesAllowed(input: Record<string, unknown>, l: AdministeredOrganisation): Record<string, string> {
  const allowed = checkRolesAllowed(l.organisationKind, input.roles as Role[])
  return allowed.ok ? {} : (allowed.error.fields ?? { roles: allowed.error.message })
}

/**
 * What every step on one user shares: the user locked in the administrator's own organisation, who may take it
 * (administrators; anyone else 403 whichever user the address names, as the user pages always answered), the
 * user as the audit row's subject (a refusal's too), and the way back to the list. `activeOnly`: a deactivated user is not found.
 */
export function userWork(activeOnly = false) {
  return {
    module: 'people',
    mount: 'page' as const,
    load: async ({ tx, params, actor }: StepContext): Promise<UserLoaded> => {
      let q = tx
        .selectFrom('app_user')
        .select(['id', 'email', 'display_name', 'roles', 'active'])
        .where('id', '=', params.id!)
        .where('organisation_id', '=', actor.organisationId)
      if (activeOnly) q = q.where('active', '=', true)
      const row = await q.forUpdate().executeTakeFirst()
      return {
        ...organisationOf(actor),
        target:
          row === undefined
            ? undefined
            : { id: row.id, email: row.email, displayName: row.display_name, roles: row.roles, active: row.active },
      }
    },
    access: (actor: Actor, l: UserLoaded): AccessDecision => {
      const d = administers(actor)
      if (!d.allowed || l.target !== undefined) return d
      return { allowed: false, reason: 'there is no such user in your organisation', visible: false }
    },
    // A refusal is audited too: on no such user here, against the administrator's own organisation.
    subject: (l: UserLoaded) =>
      l.target === undefined ? { type: 'organisation', id: l.organisationId } : { type: 'user', id: l.target.id },
    caption: (l: UserLoaded) => targetOf(l).displayName,
    back: () => ({ href: '/admin/users', text: 'Back to manage users' }),
    done: () => '/admin/users',
  }
}

/** The user the step is about: access has refused the step when there is none. */
export function targetOf(l: UserLoaded): UserInOrganisation {
  if (l.target === undefined) throw new Error('unreachable: access refuses a step on no user')
  return l.target
}
