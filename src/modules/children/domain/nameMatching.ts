/**
 * Pure helpers for "find before create": before anyone adds a child, they search, so that one child has one
 * record. People type names differently (accents, apostrophes, the order of given and family names, "Bill"
 * for William), so searches compare normalised names and their variants. The database does the trigram
 * search over `searchName`; these helpers decide what to search for and explain a match.
 */

/** Letters that Unicode decomposition (NFKD) does not reduce to a base letter. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
}

/**
 * Lower case; accents removed (NFKD, then combining marks dropped: "Zoë" → "zoe", "Siân" → "sian");
 * typographic apostrophes and dashes made plain; punctuation other than hyphens and apostrophes turned into
 * spaces; spaces collapsed; hyphens and apostrophes at the ends of words dropped. "  O’Brien-SMITH, Zoë " →
 * "o'brien-smith zoe".
 */
export function normaliseName(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/[’‘ʼʹ`´′]/g, "'")
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .replace(/\s*-\s*/g, '-')
  return folded
    .split(/\s+/)
    .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
    .filter((word) => word !== '')
    .join(' ')
}

/** The normalised "given family" that is stored beside a child (and each alias) for trigram search. */
export const searchName = (givenName: string, familyName: string): string => normaliseName(`${givenName} ${familyName}`)

/**
 * Nicknames and spelling variants, both ways: `names` are formal names or spellings of the same name (all
 * equivalent); `nicknames` are short or familiar forms of any of them. All in normalised form. Deliberately
 * small and conservative: a wrong link only widens a search, but a crowded list hides the right child.
 * Harry is listed under Henry and Harold (its usual sources), not Harriet (whose short forms are Hattie);
 * Alex and Sam belong to both the male and female names they shorten.
 */
export interface NicknameGroup {
  readonly names: readonly string[]
  readonly nicknames: readonly string[]
}

export const commonNicknames: readonly NicknameGroup[] = [
  { names: ['william'], nicknames: ['bill', 'billy', 'will', 'willie', 'liam'] },
  { names: ['elizabeth', 'elisabeth'], nicknames: ['liz', 'lizzie', 'lizzy', 'beth', 'betty', 'eliza', 'libby'] },
  { names: ['robert'], nicknames: ['rob', 'robbie', 'bob', 'bobby'] },
  { names: ['margaret'], nicknames: ['maggie', 'meg', 'peggy', 'marge'] },
  { names: ['james'], nicknames: ['jim', 'jimmy', 'jamie'] },
  { names: ['jonathan'], nicknames: ['jon', 'jonny', 'jonnie'] },
  { names: ['john'], nicknames: ['johnny', 'jack'] },
  {
    names: ['katherine', 'catherine', 'kathryn', 'katharine', 'catharine'],
    nicknames: ['kate', 'katie', 'cathy', 'kathy', 'kat', 'kitty'],
  },
  { names: ['alexander'], nicknames: ['alex', 'alec', 'sandy', 'xander'] },
  { names: ['alexandra'], nicknames: ['alex', 'lexi', 'sandy'] },
  { names: ['thomas'], nicknames: ['tom', 'tommy'] },
  { names: ['michael'], nicknames: ['mike', 'mikey', 'mick', 'micky'] },
  {
    names: ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad', 'muhamad', 'mohammod', 'mohammud'],
    nicknames: ['mohd', 'mo'],
  },
  { names: ['ahmed', 'ahmad'], nicknames: [] },
  { names: ['yusuf', 'yousef', 'youssef', 'yusef'], nicknames: [] },
  { names: ['aisha', 'ayesha', 'aysha', 'aishah'], nicknames: [] },
  { names: ['olivia'], nicknames: ['liv', 'livvy', 'livvie'] },
  { names: ['charlotte'], nicknames: ['charlie', 'lottie'] },
  { names: ['charles'], nicknames: ['charlie', 'chas', 'chaz'] },
  { names: ['samuel'], nicknames: ['sam', 'sammy'] },
  { names: ['samantha'], nicknames: ['sam', 'sammie', 'sammy'] },
  { names: ['daniel'], nicknames: ['dan', 'danny'] },
  { names: ['christopher'], nicknames: ['chris'] },
  { names: ['christine', 'christina'], nicknames: ['chris', 'chrissie', 'chrissy', 'tina'] },
  { names: ['matthew'], nicknames: ['matt', 'matty'] },
  { names: ['joseph'], nicknames: ['joe', 'joey'] },
  { names: ['josephine'], nicknames: ['jo', 'josie'] },
  { names: ['benjamin'], nicknames: ['ben', 'benji', 'benny'] },
  { names: ['jessica'], nicknames: ['jess', 'jessie'] },
  { names: ['rebecca'], nicknames: ['becky', 'becca', 'bex'] },
  { names: ['victoria'], nicknames: ['vicky', 'vicki', 'tori'] },
  { names: ['abigail'], nicknames: ['abbie', 'abby', 'abi'] },
  { names: ['amelia'], nicknames: ['millie'] },
  { names: ['isabella', 'isabel', 'isabelle'], nicknames: ['bella', 'izzy', 'issy'] },
  { names: ['henry'], nicknames: ['harry', 'hal'] },
  { names: ['harold'], nicknames: ['harry', 'hal'] },
  { names: ['harriet'], nicknames: ['hattie', 'hatty'] },
  { names: ['edward'], nicknames: ['ed', 'eddie', 'ted', 'teddy', 'ned'] },
  { names: ['richard'], nicknames: ['rich', 'richie', 'rick', 'ricky'] },
  { names: ['anthony', 'antony'], nicknames: ['tony'] },
  { names: ['nicholas', 'nicolas'], nicknames: ['nick', 'nicky'] },
  { names: ['nicola'], nicknames: ['nicky', 'nikki'] },
  { names: ['frederick'], nicknames: ['fred', 'freddie', 'freddy'] },
  { names: ['alfred'], nicknames: ['alf', 'alfie'] },
  { names: ['andrew'], nicknames: ['andy', 'drew'] },
  { names: ['stephen', 'steven'], nicknames: ['steve', 'stevie'] },
  { names: ['patrick'], nicknames: ['pat', 'paddy'] },
  { names: ['jennifer'], nicknames: ['jen', 'jenny'] },
  { names: ['eleanor', 'elinor'], nicknames: ['ellie', 'nell', 'nellie'] },
  { names: ['zachary'], nicknames: ['zach', 'zac', 'zack'] },
  { names: ['theodore'], nicknames: ['theo', 'teddy'] },
  { names: ['oliver'], nicknames: ['ollie'] },
]

const firstWord = (name: string): string => name.split(/[\s-]/)[0] ?? ''

/**
 * Other forms of a given name, both ways: a formal name gives its spellings and nicknames ("william" →
 * bill, billy, will, willie, liam); a nickname gives the formal names and their other nicknames ("bill" →
 * william, billy, will, willie, liam). Normalised, without the name itself, in table order. When the whole
 * name is not in the table its first word is tried ("Mary Jane" → "mary"). Unknown names give [].
 */
export function expandNickname(given: string): string[] {
  const key = normaliseName(given)
  const lookup = (name: string): string[] =>
    commonNicknames
      .filter((g) => g.names.includes(name) || g.nicknames.includes(name))
      .flatMap((g) => [...g.names, ...g.nicknames])
  let found = lookup(key)
  let self = key
  if (found.length === 0 && firstWord(key) !== key) {
    self = firstWord(key)
    found = lookup(self)
  }
  return [...new Set(found)].filter((n) => n !== self && n !== key)
}

/**
 * The normalised full names to search for, best first: as entered ("given family"), swapped ("family
 * given", for names recorded surname first), double-barrelled family names with a space instead of the
 * hyphen, then the given name's nickname forms with the family name. With no given name (an unborn baby),
 * just the family name.
 */
export function nameVariants(givenName: string, familyName: string): string[] {
  const given = normaliseName(givenName)
  const family = normaliseName(familyName)
  const join = (a: string, b: string): string => [a, b].filter((s) => s !== '').join(' ')
  const forms = [join(given, family)]
  if (given !== '' && family !== '') forms.push(join(family, given))
  if (family.includes('-')) forms.push(join(given, family.replace(/-/g, ' ')))
  if (family !== '') for (const alternative of expandNickname(given)) forms.push(join(alternative, family))
  return [...new Set(forms)].filter((f) => f !== '')
}

/** The set of trigrams of a normalised name, as PostgreSQL's pg_trgm makes them (each word padded "  w "). */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>()
  for (const word of normaliseName(text).split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue
    const padded = `  ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3))
  }
  return out
}

/** Shared trigrams over all trigrams, 0–1, like pg_trgm's `similarity()`: for ranking in memory and for tests. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a)
  const tb = trigrams(b)
  if (ta.size === 0 && tb.size === 0) return 0
  let shared = 0
  for (const t of ta) if (tb.has(t)) shared++
  return shared / (ta.size + tb.size - shared)
}
