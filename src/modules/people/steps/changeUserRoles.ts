import { z } from 'zod'
import { countRows } from '../../../platform/db/countRows.js'
import type { Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { rolesAllowed, rolesField, rolesOffered, targetOf, userWork } from './userWork.js'

/** An administrator changes what a person of their organisation may do; an organisation keeps one administrator. */
export const changeUserRoles = defineStep({
  ...userWork(),
  operationId: 'changeUserRoles',
  path: '/admin/users/:id/roles',
  title: 'Change roles',
  submitText: 'Save roles',
  fields: { roles: rolesField },
  choices: rolesOffered,
  prefill: (l) => ({ roles: targetOf(l).roles }),
  check: rolesAllowed,
  run: async ({ tx, actor }, input, l) => {
    const target = targetOf(l)
    const wanted = input.roles as Role[]
    if (target.roles.includes('org_admin') && !wanted.includes('org_admin')) {
      const admins = await countRows(
        tx
          .selectFrom('app_user')
          .where('organisation_id', '=', actor.organisationId)
          .where('active', '=', true)
          .where(({ eb, val }) => eb(val('org_admin'), '=', eb.fn.any('roles'))),
      )
      if (admins <= 1)
        return err(
          domainError('USER.LAST_ADMIN', 'An organisation must keep at least one administrator', {
            roles: 'An organisation must keep at least one administrator',
          }),
        )
    }
    await tx
      .updateTable('app_user')
      .set({ roles: [...wanted] })
      .where('id', '=', target.id)
      .execute()
    return ok({ roles: wanted })
  },
  action: 'admin.user_roles_changed',
  auditDetails: (o, _input, l) => ({ from: targetOf(l).roles, to: o.roles }),
  output: z.object({ roles: z.array(z.string()) }),
})
