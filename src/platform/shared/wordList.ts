/**
 * A closed list of words written once, as an `id: label` table, rather than as a list of ids and a table of labels
 * that must be kept alike. The ids are words (never numbers), so the table keeps the order they are written in.
 */
export interface WordList<Id extends string> {
  /** In the order written: a form's options, a zod enum, a loop over every kind. */
  readonly ids: readonly [Id, ...Id[]]
  readonly labels: Readonly<Record<Id, string>>
  /** Whether a stored or submitted string is one of the ids. */
  readonly is: (value: string) => value is Id
  /** The label of a stored string, or the string itself when it is not (or no longer) in the list. */
  readonly labelOf: (value: string) => string
  /** A form's options (radios, a select), in the order written. */
  readonly options: readonly { readonly value: Id; readonly text: string }[]
}

export function wordList<Id extends string>(labels: Readonly<Record<Id, string>>): WordList<Id> {
  const ids = Object.keys(labels) as [Id, ...Id[]]
  const is = (value: string): value is Id => Object.hasOwn(labels, value)
  return {
    ids,
    labels,
    is,
    labelOf: (value) => (is(value) ? labels[value] : value),
    options: ids.map((id) => ({ value: id, text: labels[id] })),
  }
}
