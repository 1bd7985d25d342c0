import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { acceptInvitation, findInvitation } from '../../steps/acceptInvitation.js'
import { changeUserRoles } from '../../steps/changeUserRoles.js'
import { deactivateUser } from '../../steps/deactivateUser.js'
import { inviteUser } from '../../steps/inviteUser.js'
import { resetUserSignIn } from '../../steps/resetUserSignIn.js'
import { mountSteps } from '../../../../platform/steps/mountSteps.js'
import { listOrganisationUsers, type UserSummary } from '../../queries/listOrganisationUsers.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import { isRole, roleLabels } from '../../../../platform/identity/roles.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { formErrors, zodFieldErrors } from '../../../../platform/web/forms.js'
import { deniedPage } from '../../../../platform/web/deniedPage.js'

const passwordSchema = z
  .object({
    password: z
      .string({ error: 'Enter a password' })
      .min(1, 'Enter a password')
      .max(256, 'Password must be 256 characters or fewer'),
    confirm: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
  })
  .refine((v) => v.password === v.confirm, { message: 'The passwords do not match', path: ['confirm'] })

interface InvitationRoute {
  Params: { token: string }
}
type InvitationRequest = FastifyRequest<InvitationRoute>
type Invitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>

const expired = (reply: FastifyReply) =>
  reply.page('people/pages/admin/invitation-invalid.njk', { pageTitle: 'This link has expired' }, 404)

/** The invitation's password form: blank, or again with what was wrong (a 400). */
const choosePassword = (
  reply: FastifyReply,
  invitation: { readonly email: string; readonly displayName: string },
  token: string,
  errors?: Record<string, string>,
) =>
  reply.page(
    'people/pages/admin/accept.njk',
    {
      pageTitle: 'Choose your password',
      invitation,
      token,
      ...(errors === undefined ? {} : { errors: formErrors(errors, ['password', 'confirm']) }),
    },
    errors === undefined ? undefined : 400,
  )

const statusOf = (u: UserSummary): string =>
  !u.active ? 'Deactivated' : u.invitationPending ? 'Invited' : u.locked ? 'Locked' : 'Active'

export function adminRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  // Inviting a user, changing their roles, deactivating them and resetting their sign-in: one declaration each.
  mountSteps(app, deps, [inviteUser, changeUserRoles, deactivateUser, resetUserSignIn])

  app.get('/admin/users', async (request, reply) => {
    const actor = request.actor as Actor
    const users = await listOrganisationUsers(deps, actor)
    if (!users.ok) return deniedPage(reply, 'Only your organisation’s administrators can manage users.')
    return reply.page('people/pages/admin/users.njk', {
      pageTitle: 'Manage users',
      users: users.value.map((u) => ({
        ...u,
        status: statusOf(u),
        roleNames: u.roles.filter(isRole).map((r) => roleLabels[r]),
      })),
    })
  })

  /** Both invitation pages are open to anyone with the link, and start from the invitation it names, if still open. */
  const invitationPage =
    (handle: (invitation: Invitation, request: InvitationRequest, reply: FastifyReply) => Promise<unknown>) =>
    async (request: InvitationRequest, reply: FastifyReply) => {
      const invitation = await findInvitation(deps, request.params.token)
      return invitation === undefined ? expired(reply) : handle(invitation, request, reply)
    }
  const publicPage = { config: { access: 'public' } } as const

  app.get<InvitationRoute>(
    '/invitations/:token',
    publicPage,
    invitationPage(async (invitation, request, reply) => choosePassword(reply, invitation, request.params.token)),
  )

  app.post<InvitationRoute>(
    '/invitations/:token',
    publicPage,
    invitationPage(async (invitation, request, reply) => {
      const parsed = passwordSchema.safeParse(request.body ?? {})
      const render = (errors: Record<string, string>) => choosePassword(reply, invitation, request.params.token, errors)
      if (!parsed.success) return render(zodFieldErrors(parsed.error))
      const result = await acceptInvitation(
        deps,
        { token: request.params.token, password: parsed.data.password },
        request.meta,
      )
      if (!result.ok) {
        if (result.error.code === 'INVITATION.INVALID') return expired(reply)
        return render(result.error.fields ?? { password: result.error.message })
      }
      return reply.redirect('/sign-in', 303)
    }),
  )
}
