/**
 * A word list written once, as `id: label`, instead of a list of ids and a table of labels that repeat every id.
 * The ids are words (never numbers), so an object keeps them in the order written, and that order is the one
 * pages offer them in.
 */
export type Labels = Readonly<Record<string, string>>

/** The ids of a word list, in the order written: `idsOf(labels)[number]` is the type of one. */
export const idsOf = <L extends Labels>(labels: L): readonly Extract<keyof L, string>[] =>
  Object.keys(labels) as Extract<keyof L, string>[]

/** Whether a value read from a form, a query or the database is one of a word list's ids. */
export const isIdOf =
  <L extends Labels>(labels: L) =>
  (value: string): value is Extract<keyof L, string> =>
    Object.hasOwn(labels, value)

/**
 * A word list as a form's options, in the order written; `reveals` names, for the ids that have them, the fields
 * that choosing that id opens (the GOV.UK conditional reveal).
 */
export const optionsOf = <L extends Labels>(
  labels: L,
  reveals: Partial<Readonly<Record<Extract<keyof L, string>, readonly string[]>>> = {},
) =>
  idsOf(labels).map((value) => {
    const opens = reveals[value]
    return { value, text: labels[value] as string, ...(opens === undefined ? {} : { reveals: [...opens] }) }
  })

/** The answers to a yes-or-no question. */
export const yesNo = { yes: 'Yes', no: 'No' } as const
