import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { acceptInvitation, findInvitation } from '../../steps/acceptInvitation.js'
import { changeUserRoles } from '../../steps/changeUserRoles.js'
import { deactivateUser } from '../../steps/deactivateUser.js'
import { inviteUser } from '../../steps/inviteUser.js'
import { listOrganisationUsers, type UserSummary } from '../../queries/listOrganisationUsers.js'
import { resetUserSignIn } from '../../steps/resetUserSignIn.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import { isRole, roleLabels, rolesAllowedIn, type Role } from '../../../../platform/identity/roles.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { asArray, formErrors, zodFieldErrors } from '../../../../platform/web/forms.js'
import { isUuid } from '../../../../platform/shared/ids.js'

const rolesField = z
  .unknown()
  .transform(asArray)
  .pipe(z.array(z.string()).min(1, 'Select at least one role').max(20))
  .refine((rs) => rs.every(isRole), 'Select roles from the list')
  .transform((rs) => rs.filter(isRole))

const inviteSchema = z.object({
  displayName: z
    .string({ error: 'Enter their full name' })
    .trim()
    .min(1, 'Enter their full name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  roles: rolesField,
})

const passwordSchema = z
  .object({
    password: z
      .string({ error: 'Enter a password' })
      .min(1, 'Enter a password')
      .max(256, 'Password must be 256 characters or fewer'),
    confirm: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
  })
  .refine((v) => v.password === v.confirm, { message: 'The passwords do not match', path: ['confirm'] })

function roleItems(actor: Actor, selected: readonly string[]) {
  return rolesAllowedIn[actor.organisationKind].map((r) => ({
    value: r,
    text: roleLabels[r],
    checked: selected.includes(r),
  }))
}

const denied = (reply: FastifyReply) =>
  reply.page(
    'error.njk',
    {
      pageTitle: 'You do not have access',
      heading: 'You do not have access to this page',
      paragraphs: ['Only your organisation’s administrators can manage users.'],
      showHomeLink: true,
    },
    403,
  )

const notFound = (reply: FastifyReply) =>
  reply.page(
    'error.njk',
    {
      pageTitle: 'Page not found',
      heading: 'Page not found',
      paragraphs: ['There is no such user in your organisation.'],
      showHomeLink: true,
    },
    404,
  )

const invitationUrl = (serviceUrl: string, token: string): string => `${serviceUrl}/invitations/${token}`

const statusOf = (u: UserSummary): string =>
  !u.active ? 'Deactivated' : u.invitationPending ? 'Invited' : u.locked ? 'Locked' : 'Active'

export function adminRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  async function findUser(actor: Actor, id: string): Promise<UserSummary | undefined | 'denied'> {
    const users = await listOrganisationUsers(deps, actor)
    if (!users.ok) return 'denied'
    return isUuid(id) ? users.value.find((u) => u.id === id) : undefined
  }

  app.get('/admin/users', async (request, reply) => {
    const actor = request.actor as Actor
    const users = await listOrganisationUsers(deps, actor)
    if (!users.ok) return denied(reply)
    return reply.page('people/pages/admin/users.njk', {
      pageTitle: 'Manage users',
      users: users.value.map((u) => ({
        ...u,
        status: statusOf(u),
        roleNames: u.roles.filter(isRole).map((r) => roleLabels[r]),
      })),
    })
  })

  app.get('/admin/users/invite', async (request, reply) => {
    const actor = request.actor as Actor
    if (!actor.roles.includes('org_admin')) return denied(reply)
    return reply.page('people/pages/admin/invite.njk', {
      pageTitle: 'Invite a user',
      values: {},
      roleItems: roleItems(actor, []),
    })
  })

  app.post('/admin/users/invite', async (request, reply) => {
    const actor = request.actor as Actor
    if (!actor.roles.includes('org_admin')) return denied(reply)
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { displayName: body.displayName, email: body.email }
    const parsed = inviteSchema.safeParse(body)
    const selected = asArray(body.roles)
    if (!parsed.success) {
      return reply.page(
        'people/pages/admin/invite.njk',
        {
          pageTitle: 'Invite a user',
          values,
          roleItems: roleItems(actor, selected),
          errors: formErrors(zodFieldErrors(parsed.error), ['displayName', 'email', 'roles']),
        },
        400,
      )
    }
    const result = await inviteUser(deps, actor, parsed.data, request.meta, deps.settings.serviceUrl)
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED') return denied(reply)
      return reply.page(
        'people/pages/admin/invite.njk',
        {
          pageTitle: 'Invite a user',
          values,
          roleItems: roleItems(actor, selected),
          errors: formErrors(result.error.fields ?? { email: result.error.message }),
        },
        400,
      )
    }
    return reply.page('people/pages/admin/link.njk', {
      pageTitle: 'Invitation created',
      heading: `Invitation created for ${parsed.data.displayName}`,
      link: invitationUrl(deps.settings.serviceUrl, result.value.invitationToken),
      expiresAt: result.value.expiresAt,
      sendsEmail: deps.settings.sendsEmail,
    })
  })

  app.get<{ Params: { id: string } }>('/admin/users/:id/roles', async (request, reply) => {
    const actor = request.actor as Actor
    const user = await findUser(actor, request.params.id)
    if (user === 'denied') return denied(reply)
    if (user === undefined) return notFound(reply)
    return reply.page('people/pages/admin/roles.njk', {
      pageTitle: `Change roles for ${user.displayName}`,
      user,
      roleItems: roleItems(actor, user.roles),
    })
  })

  app.post<{ Params: { id: string } }>('/admin/users/:id/roles', async (request, reply) => {
    const actor = request.actor as Actor
    const user = await findUser(actor, request.params.id)
    if (user === 'denied') return denied(reply)
    if (user === undefined) return notFound(reply)
    const body = (request.body ?? {}) as Record<string, unknown>
    const parsed = z.object({ roles: rolesField }).safeParse(body)
    const selected = asArray(body.roles)
    if (!parsed.success) {
      return reply.page(
        'people/pages/admin/roles.njk',
        {
          pageTitle: `Change roles for ${user.displayName}`,
          user,
          roleItems: roleItems(actor, selected),
          errors: formErrors(zodFieldErrors(parsed.error)),
        },
        400,
      )
    }
    const result = await changeUserRoles(
      deps,
      actor,
      { userId: user.id, roles: parsed.data.roles as Role[] },
      request.meta,
    )
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED') return denied(reply)
      if (result.error.code === 'USER.NOT_FOUND') return notFound(reply)
      return reply.page(
        'people/pages/admin/roles.njk',
        {
          pageTitle: `Change roles for ${user.displayName}`,
          user,
          roleItems: roleItems(actor, selected),
          errors: formErrors(result.error.fields ?? { roles: result.error.message }),
        },
        400,
      )
    }
    return reply.redirect('/admin/users', 303)
  })

  for (const action of ['deactivate', 'reset'] as const) {
    const titles = { deactivate: 'Deactivate', reset: 'Reset sign-in for' }
    app.get<{ Params: { id: string } }>(`/admin/users/:id/${action}`, async (request, reply) => {
      const actor = request.actor as Actor
      const user = await findUser(actor, request.params.id)
      if (user === 'denied') return denied(reply)
      if (user === undefined) return notFound(reply)
      return reply.page('people/pages/admin/confirm.njk', {
        pageTitle: `${titles[action]} ${user.displayName}`,
        user,
        action,
      })
    })
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${action}`, async (request, reply) => {
      const actor = request.actor as Actor
      const user = await findUser(actor, request.params.id)
      if (user === 'denied') return denied(reply)
      if (user === undefined) return notFound(reply)
      if (action === 'deactivate') {
        const result = await deactivateUser(deps, actor, { userId: user.id }, request.meta)
        if (!result.ok) {
          if (result.error.code === 'ACCESS.DENIED') return denied(reply)
          return reply.page(
            'people/pages/admin/confirm.njk',
            {
              pageTitle: `${titles[action]} ${user.displayName}`,
              user,
              action,
              errors: formErrors({ confirm: result.error.message }),
            },
            400,
          )
        }
        return reply.redirect('/admin/users', 303)
      }
      const result = await resetUserSignIn(deps, actor, { userId: user.id }, request.meta, deps.settings.serviceUrl)
      if (!result.ok) {
        if (result.error.code === 'ACCESS.DENIED') return denied(reply)
        return reply.page(
          'people/pages/admin/confirm.njk',
          {
            pageTitle: `${titles[action]} ${user.displayName}`,
            user,
            action,
            errors: formErrors({ confirm: result.error.message }),
          },
          400,
        )
      }
      return reply.page('people/pages/admin/link.njk', {
        pageTitle: 'Sign-in reset',
        heading: `Sign-in reset for ${user.displayName}`,
        link: invitationUrl(deps.settings.serviceUrl, result.value.invitationToken),
        expiresAt: result.value.expiresAt,
        sendsEmail: deps.settings.sendsEmail,
      })
    })
  }

  app.get<{ Params: { token: string } }>(
    '/invitations/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      const invitation = await findInvitation(deps, request.params.token)
      if (invitation === undefined)
        return reply.page('people/pages/admin/invitation-invalid.njk', { pageTitle: 'This link has expired' }, 404)
      return reply.page('people/pages/admin/accept.njk', {
        pageTitle: 'Choose your password',
        invitation,
        token: request.params.token,
      })
    },
  )

  app.post<{ Params: { token: string } }>(
    '/invitations/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      const invitation = await findInvitation(deps, request.params.token)
      if (invitation === undefined)
        return reply.page('people/pages/admin/invitation-invalid.njk', { pageTitle: 'This link has expired' }, 404)
      const parsed = passwordSchema.safeParse(request.body ?? {})
      const render = (errors: Record<string, string>) =>
        reply.page(
          'people/pages/admin/accept.njk',
          {
            pageTitle: 'Choose your password',
            invitation,
            token: request.params.token,
            errors: formErrors(errors, ['password', 'confirm']),
          },
          400,
        )
      if (!parsed.success) return render(zodFieldErrors(parsed.error))
      const result = await acceptInvitation(
        deps,
        { token: request.params.token, password: parsed.data.password },
        request.meta,
      )
      if (!result.ok) {
        if (result.error.code === 'INVITATION.INVALID')
          return reply.page('people/pages/admin/invitation-invalid.njk', { pageTitle: 'This link has expired' }, 404)
        return render(result.error.fields ?? { password: result.error.message })
      }
      return reply.redirect('/sign-in', 303)
    },
  )
}
