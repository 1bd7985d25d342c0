/**
 * A gentle check that a concern records facts, not opinions. Words such as "probably" or "I think" are
 * flagged so the page can show a hint ("You can keep them if you are quoting someone"). Never blocking: a
 * record with an opinion in it is far better than no record.
 */

/** The phrases looked for, as shown to the user. Matching is case-insensitive and on whole words only. */
export const OPINION_PHRASES = [
  'I think',
  'I feel',
  'I believe',
  'probably',
  'obviously',
  'clearly',
  'seems',
  'seemed',
  'appears to be',
  'I’m sure',
  'must have',
  'definitely',
  'likely',
] as const

export type OpinionPhrase = (typeof OPINION_PHRASES)[number]

export interface OpinionWord {
  /** The phrase from OPINION_PHRASES that matched. */
  readonly phrase: OpinionPhrase
  /** Where the match starts in the text (a UTF-16 index, as String.prototype.slice uses). */
  readonly index: number
  /** The text exactly as written ("PROBABLY", "I'm  sure"), for highlighting. */
  readonly text: string
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Any run of spaces between words; any apostrophe in "I’m"; "I am sure" counts as "I’m sure". */
function patternFor(phrase: OpinionPhrase): RegExp {
  const body =
    phrase === 'I’m sure'
      ? String.raw`I(?:['’ʼ]m|\s+am)\s+sure`
      : phrase
          .split(' ')
          .map(escape)
          .join(String.raw`\s+`)
  return new RegExp(String.raw`(?<![\p{L}\p{N}_])${body}(?![\p{L}\p{N}_])`, 'giu')
}

const patterns: readonly (readonly [OpinionPhrase, RegExp])[] = OPINION_PHRASES.map((p) => [p, patternFor(p)] as const)

/** Every occurrence of every phrase, in the order they appear in the text. */
export function findOpinionWords(text: string): OpinionWord[] {
  const found: OpinionWord[] = []
  for (const [phrase, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) found.push({ phrase, index: match.index, text: match[0] })
  }
  return found.sort((a, b) => a.index - b.index)
}

/**
 * The hint to show beside the facts, or undefined when there is nothing to say. Names each phrase once,
 * in the order first used.
 */
export function opinionHint(found: readonly OpinionWord[]): string | undefined {
  if (found.length === 0) return undefined
  const phrases = [...new Set(found.map((f) => f.text.toLowerCase().replace(/\s+/g, ' ')))]
  const quoted = phrases.map((p) => `‘${p}’`).join(', ')
  return `You used ${phrases.length === 1 ? 'a word that may be an opinion' : 'words that may be opinions'}: ${quoted}. Record what you saw and heard. You can keep ${phrases.length === 1 ? 'it' : 'them'} if you are quoting someone.`
}
