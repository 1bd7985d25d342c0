import type { Option } from './fields.js'

/** A word list (`value: label`) as a choice field's options, in the list's order. */
export const optionsFrom = <V extends string>(
  labels: Readonly<Record<V, string>>,
): (Option & { readonly value: V })[] => (Object.keys(labels) as V[]).map((value) => ({ value, text: labels[value] }))
