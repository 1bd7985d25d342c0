/**
 * A closed set of words (statuses, kinds, outcomes) written once, as a table of `id: label` in the order they are
 * offered. The ids are words, never numbers, so the object keeps the order written; writing the ids a second time
 * as a separate list would let the list and the labels drift apart.
 */

type Ids<L> = readonly [Extract<keyof L, string>, ...Extract<keyof L, string>[]]

/** The ids of a label table, in the order written (a non-empty tuple, so `z.enum` takes it as it is). */
export const idsOf = <const L extends Readonly<Record<string, string>>>(labels: L): Ids<L> =>
  Object.keys(labels) as unknown as Ids<L>

/** One option of a form's radios, select or checkboxes. */
export interface LabelOption<K extends string> {
  readonly value: K
  readonly text: string
  /** Other fields shown only when this option is chosen. */
  readonly reveals?: readonly string[]
}

/**
 * A label table as a form's options, in the order written. `reveals` names, for some options, the other fields
 * shown only when that option is chosen.
 */
export function optionsOfLabels<K extends string>(
  labels: Readonly<Record<K, string>>,
  reveals?: Readonly<Partial<Record<K, readonly string[]>>>,
): readonly LabelOption<K>[] {
  return (Object.keys(labels) as K[]).map((value) => {
    const revealed = reveals?.[value]
    return { value, text: labels[value], ...(revealed === undefined ? {} : { reveals: revealed }) }
  })
}

/** The label of a stored word; a word the table does not know (an older value) is shown as it is. */
export const labelOrWord = (labels: Readonly<Record<string, string>>, word: string): string => labels[word] ?? word

/** A yes or no question asked as two radios whose values are the words themselves ('yes' and 'no'). */
export const yesNoLabels = { yes: 'Yes', no: 'No' } as const
