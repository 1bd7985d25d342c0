import { z } from 'zod'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { INVITATION_DAYS, issueInvitation, linkShown, madeWith } from './inviteUser.js'
import { endAllSignIns } from './sessions.js'
import { targetOf, userWork } from './userWork.js'

/**
 * For a forgotten password or a lost authenticator: the old password, authenticator, sessions and tokens stop
 * working at once, the lock is lifted, and the person gets a new link to choose a password, shown to the
 * administrator once. A deactivated person is not found.
 */
export const resetUserSignIn = defineStep({
  ...userWork(true),
  operationId: 'resetUserSignIn',
  path: '/admin/users/:id/reset',
  title: 'Reset sign-in',
  submitText: 'Reset sign-in',
  fields: {},
  intro: (l) => [
    `${targetOf(l).displayName}’s password and authenticator app will stop working at once. You will get a new link to give them so they can choose a new password and set up their authenticator app again.`,
  ],
  check: (_input, l, { actor }) =>
    targetOf(l).id === actor.userId ? { confirm: 'Ask another administrator to reset your own sign-in' } : {},
  run: async ({ tx, actor, now, deps }, _input, l) => {
    const target = targetOf(l)
    await tx
      .updateTable('app_user')
      .set({ password_hash: null, totp_secret: null, totp_last_step: null, failed_sign_ins: 0, locked_until: null })
      .where('id', '=', target.id)
      .execute()
    await endAllSignIns(tx, target.id, 'sign-in reset by administrator', now)
    await tx
      .updateTable('invitation')
      .set({ expires_at: now })
      .where('user_id', '=', target.id)
      .where('accepted_at', 'is', null)
      .execute()
    const made = await issueInvitation(tx, target.id, actor.userId, now)
    await enqueueNotification(
      tx,
      {
        kind: 'user.sign_in_reset',
        organisationId: actor.organisationId,
        recipient: target.email,
        subject: 'Your Together sign-in has been reset',
        body: `${actor.displayName} has reset your sign-in to Together. Your old password and authenticator no longer work.\n\nChoose a new password here (the link works once, for ${INVITATION_DAYS} days):\n${deps.settings.serviceUrl}/invitations/${made.invitationToken}`,
        relatedType: 'user',
        relatedId: target.id,
      },
      now,
    )
    return ok(madeWith({ email: target.email, displayName: target.displayName }, made, deps.settings))
  },
  action: 'admin.user_sign_in_reset',
  auditDetails: (o) => ({ email: o.email }),
  output: z.object({ email: z.string(), displayName: z.string() }),
  shows: (o) => linkShown(o, 'Sign-in reset', `Sign-in reset for ${o.displayName}`),
})
