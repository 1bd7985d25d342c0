/**
 * A closed list of words (statuses, kinds, outcomes) written once, as an `id: label` table, rather than as a list of
 * ids and a table of labels that must be kept alike. The ids are words (never numbers), so the table keeps the
 * order they are written in, and that is the order pages offer them in.
 */

type Labels = Readonly<Record<string, string>>
type IdOf<L> = Extract<keyof L, string>

/** The ids of a table, in the order written (a non-empty tuple, so `z.enum` takes it as it is). */
export const idsOf = <const L extends Labels>(labels: L): readonly [IdOf<L>, ...IdOf<L>[]] =>
  Object.keys(labels) as unknown as readonly [IdOf<L>, ...IdOf<L>[]]

/** Whether a string read from a form, a query or a row is one of a table's ids (never an inherited name). */
export const isIdOf =
  <L extends Labels>(labels: L) =>
  (value: string): value is IdOf<L> =>
    Object.hasOwn(labels, value)

/** The type guard for a fixed list of words written as an `as const` list rather than a table. */
export const isOneOf =
  <Word extends string>(words: readonly Word[]) =>
  (value: string): value is Word =>
    (words as readonly string[]).includes(value)

/** The label of a stored word; a word the table does not know (an older value) is shown as it is. */
export const labelOf = (labels: Labels, word: string): string => (Object.hasOwn(labels, word) ? labels[word]! : word)

/** One option of a form's radios, select or checkboxes. */
export interface WordOption<K extends string> {
  readonly value: K
  readonly text: string
  /** Other fields shown only when this option is chosen (the GOV.UK conditional reveal). */
  readonly reveals?: readonly string[]
}

/** A table as a form's options, in the order written; `reveals` names, for some ids, the fields choosing it opens. */
export function optionsOf<K extends string>(
  labels: Readonly<Record<K, string>>,
  reveals?: Readonly<Partial<Record<K, readonly string[]>>>,
): readonly WordOption<K>[] {
  return (Object.keys(labels) as K[]).map((value) => {
    const opens = reveals?.[value]
    return { value, text: labels[value], ...(opens === undefined ? {} : { reveals: opens }) }
  })
}

/** The answers to a yes-or-no question whose values are the words themselves ('yes' and 'no'). */
export const yesNo = { yes: 'Yes', no: 'No' } as const

/** A table with what is read from it, for a list used in many ways at once. */
export interface WordList<Id extends string> {
  readonly ids: readonly [Id, ...Id[]]
  readonly labels: Readonly<Record<Id, string>>
  readonly is: (value: string) => value is Id
  readonly labelOf: (value: string) => string
  readonly options: readonly WordOption<Id>[]
}

export function wordList<Id extends string>(labels: Readonly<Record<Id, string>>): WordList<Id> {
  return {
    ids: idsOf(labels),
    labels,
    is: isIdOf(labels),
    labelOf: (value) => labelOf(labels, value),
    options: optionsOf(labels),
  }
}
