import { textarea } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { formatCount, TEXT_LIMITS } from '../domain/text.js'
import { validateEventText, type ConcernState } from '../domain/workflow.js'
import { concernEventStep, type ConcernLoaded } from './concernWork.js'

/**
 * The author, or a safeguarding lead of the organisation that recorded it, adds an addendum to a concern: to
 * correct or add to it. The concern as recorded never changes; the addendum joins its history, in any state.
 */
export const addConcernAddendum = defineStep<ConcernLoaded, { state: ConcernState }>({
  ...concernEventStep(
    'add_addendum',
    (c) => ({ kind: 'concern.add_addendum', concern: c.facts }),
    (input) => input.text as string,
  ),
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
  action: 'concern.addendum_added',
})
