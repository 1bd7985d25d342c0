/**
 * The type guard for a fixed list of words (an `as const` list of states, kinds or outcomes): whether a string read
 * from a form, a query or a row is one of them. One guard for every list, instead of the same cast beside each.
 */
export const isOneOf =
  <Word extends string>(words: readonly Word[]) =>
  (value: string): value is Word =>
    (words as readonly string[]).includes(value)
