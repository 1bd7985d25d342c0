import { z } from 'zod'
import { ok } from '../../../platform/shared/result.js'
import { textarea } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { formatCount, TEXT_LIMITS } from '../domain/text.js'
import { concernStates, transition, validateEventText } from '../domain/workflow.js'
import { appendConcernEvent, concernWork, type ConcernLoaded } from './concernWork.js'

/**
 * The author, or a safeguarding lead of the organisation that recorded it, adds an addendum to a concern: to
 * correct or add to it. The concern as recorded never changes; the addendum joins its history, in any state.
 */
export const addConcernAddendum = defineStep<ConcernLoaded, { state: (typeof concernStates)[number] }>({
  ...concernWork('add_addendum', (c) => ({ kind: 'concern.add_addendum', concern: c.facts })),
  operationId: 'addConcernAddendum',
  path: '/concerns/:id/addenda',
  title: 'Add an addendum',
  description: 'Add an addendum (the concern itself never changes)',
  submitText: 'Add addendum',
  fields: {
    text: textarea({
      label: 'Add an addendum',
      hint: 'To correct or add to the concern. The original is never changed.',
      required: 'Enter the addendum',
      max: TEXT_LIMITS.addendum,
      tooLong: `The addendum must be ${formatCount(TEXT_LIMITS.addendum)} characters or fewer`,
      rows: 3,
    }),
  },
  // The domain's rule for the words (no hidden control characters pasted in; its own count of characters).
  check: (input) => {
    const valid = validateEventText('add_addendum', input.text as string)
    return valid.ok ? {} : { text: valid.error.message }
  },
  run: async ({ tx, now, actor }, input, { concern, state }) => {
    const next = transition(state, 'add_addendum')
    if (!next.ok) return next
    await appendConcernEvent(tx, actor, concern, 'add_addendum', next.value, input.text as string, now)
    return ok({ state: next.value })
  },
  action: 'concern.addendum_added',
  auditDetails: (out, _input, { state }) => ({ from: state, to: out.state }),
  output: z.object({ state: z.enum(concernStates) }),
})
