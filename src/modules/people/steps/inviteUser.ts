import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../../platform/db/schema.js'
import type { Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { addUser } from './newUser.js'
import { newId, newToken, tokenHash } from '../../../platform/security/secrets.js'
import type { Deps } from '../../../platform/context.js'
import { text } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import {
  administers,
  organisationOf,
  rolesField,
  rolesAllowed,
  rolesOffered,
  type AdministeredOrganisation,
} from './userWork.js'
import { emailAddress } from './emailAddress.js'

export const INVITATION_DAYS = 7

/**
 * A new invitation for a person to choose their password (or a new one): the link's secret, of which only the hash
 * is stored, and when the link stops working.
 */
export async function issueInvitation(
  tx: Transaction<DB>,
  userId: string,
  invitedBy: string,
  now: Date,
): Promise<{ invitationToken: string; expiresAt: Date }> {
  const invitationToken = newToken()
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  await tx
    .insertInto('invitation')
    .values({
      id: newId(),
      token_hash: tokenHash(invitationToken),
      user_id: userId,
      invited_by: invitedBy,
      created_at: now,
      expires_at: expiresAt,
      accepted_at: null,
    })
    .execute()
  return { invitationToken, expiresAt }
}

interface MadeLink {
  readonly invitationToken: string
  readonly expiresAt: Date
  /** Where the link points, and whether it was emailed, as the step was taken. */
  readonly serviceUrl: string
  readonly sendsEmail: boolean
}

/**
 * The link a step made, by the step's answer: kept out of the answer, which the engine stores for a repeated
 * submission key, since only the link's hash is ever stored. A repeated form goes back to the list instead.
 */
const madeLinks = new WeakMap<object, MadeLink>()

/** The invitation link a step's answer was made with, while that answer is at hand (a fixture reads it). */
export const invitationOf = (output: object): MadeLink | undefined => madeLinks.get(output)

/** The answer, remembering the link made with it. */
export function madeWith<O extends object>(
  output: O,
  made: { readonly invitationToken: string; readonly expiresAt: Date },
  settings: Deps['settings'],
): O {
  madeLinks.set(output, { ...made, serviceUrl: settings.serviceUrl, sendsEmail: settings.sendsEmail })
  return output
}

/** The page showing a link made just now, once: undefined for a repeated form (the list instead). */
export function linkShown(output: object, pageTitle: string, heading: string) {
  const made = madeLinks.get(output)
  return made === undefined
    ? undefined
    : {
        template: 'people/pages/admin/link.njk',
        data: {
          pageTitle,
          heading,
          link: `${made.serviceUrl}/invitations/${made.invitationToken}`,
          expiresAt: made.expiresAt,
          sendsEmail: made.sendsEmail,
        },
      }
}

/**
 * An administrator invites someone into their organisation; the invitee sets their own password from the link,
 * emailed through the outbox and shown to the administrator once. The email address is one account's only.
 */
export const inviteUser = defineStep<
  AdministeredOrganisation,
  { readonly userId: string; readonly displayName: string }
>({
  module: 'people',
  mount: 'page',
  operationId: 'inviteUser',
  path: '/admin/users/invite',
  title: 'Invite a user',
  submitText: 'Create invitation',
  fields: {
    displayName: text({
      label: 'Full name',
      required: 'Enter their full name',
      max: 200,
      tooLong: 'Name must be 200 characters or fewer',
    }),
    email: {
      kind: 'text',
      label: 'Email address',
      optional: false,
      max: 320,
      schema: emailAddress('Enter their email address'),
    },
    roles: rolesField,
  },
  load: async ({ actor }) => organisationOf(actor),
  access: (actor) => administers(actor),
  choices: rolesOffered,
  check: rolesAllowed,
  run: async ({ tx, actor, now, deps }, input) => {
    const email = (input.email as string).toLowerCase()
    const displayName = input.displayName as string
    const userId = await addUser(
      tx,
      {
        organisationId: actor.organisationId,
        email,
        displayName,
        roles: input.roles as Role[],
        passwordHash: null,
      },
      now,
    )
    if (userId === undefined)
      return err(
        domainError('USER.EMAIL_TAKEN', 'Someone already has an account with this email address', {
          email: 'Someone already has an account with this email address',
        }),
      )
    const made = await issueInvitation(tx, userId, actor.userId, now)
    const serviceUrl = deps.settings.serviceUrl
    await enqueueNotification(
      tx,
      {
        kind: 'user.invited',
        organisationId: actor.organisationId,
        recipient: email,
        subject: `You have been invited to Together by ${actor.organisationName}`,
        body: `${actor.displayName} has invited you to use Together, the safeguarding service for ${actor.organisationName}.\n\nChoose your password here (the link works once, for ${INVITATION_DAYS} days):\n${serviceUrl}/invitations/${made.invitationToken}`,
        relatedType: 'user',
        relatedId: userId,
      },
      now,
    )
    return ok(madeWith({ userId, displayName }, made, deps.settings))
  },
  subject: (l, o) =>
    o === undefined ? { type: 'organisation', id: l.organisationId } : { type: 'user', id: o.userId },
  action: 'admin.user_invited',
  auditDetails: (_o, input) => ({ email: (input.email as string).toLowerCase(), roles: input.roles }),
  output: z.object({ userId: z.uuid(), displayName: z.string() }),
  shows: (o) => linkShown(o, 'Invitation created', `Invitation created for ${o.displayName}`),
  done: () => '/admin/users',
  back: () => ({ href: '/admin/users', text: 'Back to manage users' }),
})
