import { z } from 'zod'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { endAllSignIns } from './sessions.js'
import { targetOf, userWork } from './userWork.js'

/** Deactivation ends the person's sessions and API tokens at once; their records and audit history remain. */
export const deactivateUser = defineStep({
  ...userWork(),
  operationId: 'deactivateUser',
  path: '/admin/users/:id/deactivate',
  title: 'Deactivate account',
  submitText: 'Deactivate account',
  fields: {},
  intro: (l) => {
    const t = targetOf(l)
    return [
      `${t.displayName} (${t.email}) will be signed out at once and will not be able to sign in. Everything they recorded stays on children’s records.`,
    ]
  },
  check: (_input, l, { actor }) =>
    targetOf(l).id === actor.userId ? { confirm: 'You cannot deactivate your own account' } : {},
  run: async ({ tx, now }, _input, l) => {
    const target = targetOf(l)
    if (target.active) {
      await tx.updateTable('app_user').set({ active: false }).where('id', '=', target.id).execute()
      await endAllSignIns(tx, target.id, 'account deactivated', now)
    }
    return ok({ email: target.email })
  },
  action: 'admin.user_deactivated',
  auditDetails: (o) => ({ email: o.email }),
  output: z.object({ email: z.string() }),
})
