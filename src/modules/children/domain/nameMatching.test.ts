import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  commonNicknames,
  expandNickname,
  nameVariants,
  normaliseName,
  searchName,
  trigramSimilarity,
  trigrams,
} from './nameMatching.js'

describe('normaliseName', () => {
  const cases: readonly [input: string, expected: string][] = [
    ['Ada Lovelace', 'ada lovelace'],
    ['  ADA    LOVELACE  ', 'ada lovelace'],
    ['Zoë', 'zoe'],
    ['Siân Llŷr', 'sian llyr'],
    ['José Álvarez-Núñez', 'jose alvarez-nunez'],
    ['François', 'francois'],
    ['Łukasz Wąsowski', 'lukasz wasowski'],
    ['Strauß', 'strauss'],
    ['Søren Kierkegaard', 'soren kierkegaard'],
    ['Dvořák', 'dvorak'],
    ['İlkay', 'ilkay'],
    ['O’Brien', "o'brien"],
    ['O‘Brien', "o'brien"],
    ["D'Arcy", "d'arcy"],
    ['Smith – Jones', 'smith-jones'],
    ['Smith - Jones', 'smith-jones'],
    ['Smith, John', 'smith john'],
    ['J.R.R. Tolkien', 'j r r tolkien'],
    ['"Bobby"', 'bobby'],
    ["'Quoted'", 'quoted'],
    ['-Hyphen-', 'hyphen'],
    ['<b>Ann</b>', 'b ann b'],
    ['ＡＤＡ', 'ada'], // full-width letters (NFKD)
    ['محمد', 'محمد'],
    ['李小龍', '李小龍'],
    ['', ''],
    ['   ', ''],
  ]
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(normaliseName(input), expected))
  }

  it('property: idempotent, lower case, trimmed, single-spaced', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = normaliseName(s)
        assert.equal(normaliseName(once), once)
        assert.equal(once, once.trim())
        assert.doesNotMatch(once, /\s{2}/)
        assert.equal(once, once.toLowerCase())
      }),
    )
  })

  it('searchName joins given and family', () => assert.equal(searchName(' Zoë ', "O'Brien"), "zoe o'brien"))
})

describe('expandNickname', () => {
  const cases: readonly [input: string, includes: readonly string[], excludes: readonly string[]][] = [
    ['William', ['bill', 'billy', 'will', 'liam'], ['william']],
    ['Bill', ['william', 'will', 'billy'], ['bill']],
    ['Liam', ['william'], []],
    ['Elizabeth', ['liz', 'beth', 'lizzie', 'betty', 'eliza', 'elisabeth'], []],
    ['Beth', ['elizabeth', 'elisabeth'], []],
    ['Robert', ['rob', 'bob', 'bobby'], []],
    ['Margaret', ['maggie', 'meg', 'peggy'], []],
    ['James', ['jim', 'jamie'], []],
    ['Jonathan', ['jon', 'jonny'], ['john']],
    ['Katherine', ['kate', 'katie', 'cathy', 'catherine'], []],
    ['Catherine', ['katherine', 'kate'], []],
    ['Alexander', ['alex', 'sandy', 'xander'], []],
    ['Alex', ['alexander', 'alexandra'], []],
    ['Thomas', ['tom', 'tommy'], []],
    ['Michael', ['mike', 'mikey'], []],
    ['Muhammad', ['mohammed', 'mohammad', 'mohamed'], []],
    ['MOHAMMED', ['muhammad'], ['mohammed']],
    ['Olivia', ['liv', 'livvy'], []],
    ['Charlotte', ['charlie', 'lottie'], []],
    ['Charlie', ['charlotte', 'charles'], []],
    ['Samuel', ['sam'], ['samantha']],
    ['Sam', ['samuel', 'samantha'], []],
    ['Daniel', ['dan', 'danny'], []],
    ['Christopher', ['chris'], []],
    ['Matthew', ['matt'], []],
    ['Joseph', ['joe', 'joey'], []],
    ['Benjamin', ['ben'], []],
    ['Jessica', ['jess'], []],
    ['Rebecca', ['becky', 'becca'], []],
    ['Victoria', ['vicky', 'tori'], []],
    ['Abigail', ['abbie'], []],
    ['Amelia', ['millie'], []],
    ['Isabella', ['bella', 'izzy'], []],
    ['Harry', ['henry', 'harold'], ['harriet']],
    ['Harriet', ['hattie'], ['harry']],
    ['Mary Jane', [], []],
    ['Kate-Lynn', ['katherine'], []],
    ['Xyzzy', [], []],
    ['', [], []],
  ]
  for (const [input, includes, excludes] of cases) {
    it(`${JSON.stringify(input)} includes ${includes.join(', ') || 'nothing required'}`, () => {
      const found = expandNickname(input)
      for (const name of includes) assert.ok(found.includes(name), `${name} missing from ${found.join(', ')}`)
      for (const name of excludes) assert.ok(!found.includes(name), `${name} should not be in ${found.join(', ')}`)
      assert.equal(new Set(found).size, found.length, 'no duplicates')
    })
  }

  it('the table is normalised, and no name is both formal and a nickname', () => {
    const formal = new Set(commonNicknames.flatMap((g) => g.names))
    for (const g of commonNicknames) {
      for (const n of [...g.names, ...g.nicknames]) assert.equal(normaliseName(n), n)
      for (const n of g.nicknames) assert.ok(!formal.has(n), `${n} is both`)
    }
  })

  const pairs = commonNicknames.flatMap((g) =>
    g.names.flatMap((name) =>
      [...g.names.filter((n) => n !== name), ...g.nicknames].map((other) => [name, other] as const),
    ),
  )
  it('property: every link in the table works both ways', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), ([name, other]) => {
        assert.ok(expandNickname(name).includes(other), `${name} → ${other}`)
        assert.ok(expandNickname(other).includes(name), `${other} → ${name}`)
      }),
      { numRuns: pairs.length * 2 },
    )
  })
})

describe('nameVariants', () => {
  it('as entered first, then swapped, then nicknames', () => {
    const forms = nameVariants('William', 'Smith')
    assert.equal(forms[0], 'william smith')
    assert.equal(forms[1], 'smith william')
    assert.ok(forms.includes('bill smith'))
    assert.ok(forms.includes('liam smith'))
    assert.equal(new Set(forms).size, forms.length)
  })

  it('adds a spaced form of a double-barrelled family name', () => {
    assert.deepEqual(nameVariants('Ann', 'Smith-Jones'), ['ann smith-jones', 'smith-jones ann', 'ann smith jones'])
  })

  it('uses the family name alone when there is no given name (an unborn baby)', () => {
    assert.deepEqual(nameVariants('', 'Smith'), ['smith'])
    assert.deepEqual(nameVariants(' ', ' '), [])
  })
})

describe('trigramSimilarity', () => {
  it('matches pg_trgm on known values', () => {
    // pg_trgm: similarity('word', 'two words') = 4 shared / 11 total.
    assert.equal(trigrams('word').size, 5)
    assert.ok(Math.abs(trigramSimilarity('word', 'two words') - 4 / 11) < 1e-9)
    assert.equal(trigramSimilarity('Ada Lovelace', 'ada  LOVELACE'), 1)
    assert.equal(trigramSimilarity('', ''), 0)
  })

  it('ranks a misspelling above a different name', () => {
    assert.ok(trigramSimilarity('mohammed khan', 'muhammad khan') > trigramSimilarity('mohammed khan', 'peter khan'))
    assert.ok(trigramSimilarity('catherine jones', 'katherine jones') > 0.5)
  })

  it('property: symmetric, between 0 and 1, and 1 on itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const s = trigramSimilarity(a, b)
        assert.equal(s, trigramSimilarity(b, a))
        assert.ok(s >= 0 && s <= 1)
        if (trigrams(a).size > 0) assert.equal(trigramSimilarity(a, a), 1)
      }),
    )
  })
})
