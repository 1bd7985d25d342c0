import type { Option } from './fields.js'

/**
 * Yes and No as the options of a `radios` field, for a question whose answer is the word `yes` or `no` (in the API
 * too; the `yesNo` field answers a boolean instead).
 */
export const yesNoOptions = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
] as const satisfies readonly Option[]
