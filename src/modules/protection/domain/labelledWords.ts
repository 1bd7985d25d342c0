/**
 * A closed list of words written once, as a table of each word and its label in the order they are listed: the
 * words themselves (for z.enum, loops and fast-check) and the check that a string is one of them.
 */
export function labelledWords<const W extends string>(
  labels: Readonly<Record<W, string>>,
): readonly [words: readonly [W, ...W[]], isWord: (value: string) => value is W] {
  // No word is an integer, so the object keeps the order the table lists them in.
  const words = Object.keys(labels) as [W, ...W[]]
  return [words, (value: string): value is W => (words as readonly string[]).includes(value)]
}
