import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { findOpinionWords, OPINION_PHRASES, opinionHint } from './opinionCheck.js'

describe('findOpinionWords', () => {
  const cases: readonly [
    text: string,
    expected: readonly (readonly [phrase: string, index: number, text: string])[],
  ][] = [
    ['She had a bruise on her left cheek.', []],
    ['I think he was scared.', [['I think', 0, 'I think']]],
    ['i THINK so', [['I think', 0, 'i THINK']]],
    ['I  think', [['I think', 0, 'I  think']]],
    ['I\nthink', [['I think', 0, 'I\nthink']]],
    [
      'I feel and I believe',
      [
        ['I feel', 0, 'I feel'],
        ['I believe', 11, 'I believe'],
      ],
    ],
    [
      'It was probably nothing, obviously.',
      [
        ['probably', 7, 'probably'],
        ['obviously', 25, 'obviously'],
      ],
    ],
    ['Clearly upset', [['clearly', 0, 'Clearly']]],
    [
      'He seems fine; she seemed sad.',
      [
        ['seems', 3, 'seems'],
        ['seemed', 19, 'seemed'],
      ],
    ],
    ['It appears to be a burn', [['appears to be', 3, 'appears to be']]],
    ['It appears red', []],
    ["I'm sure", [['I’m sure', 0, "I'm sure"]]],
    ['I’m sure', [['I’m sure', 0, 'I’m sure']]],
    ['I am sure it hurt', [['I’m sure', 0, 'I am sure']]],
    ['He must have fallen', [['must have', 3, 'must have']]],
    [
      'Definitely, likely.',
      [
        ['definitely', 0, 'Definitely'],
        ['likely', 12, 'likely'],
      ],
    ],
    // Whole words only.
    ['unlikely', []],
    ['likelyhood', []],
    ['seemsly', []],
    ['Ithink', []],
    ['HI think', []],
    ['élikely', []],
    ['probably_x', []],
    ['3probably', []],
    // Every occurrence.
    [
      'probably, probably, PROBABLY',
      [
        ['probably', 0, 'probably'],
        ['probably', 10, 'probably'],
        ['probably', 20, 'PROBABLY'],
      ],
    ],
    ['(probably)', [['probably', 1, 'probably']]],
    ['"I think"', [['I think', 1, 'I think']]],
  ]
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected.map((e) => e[0]).join(', ') || 'nothing'}`, () => {
      assert.deepEqual(
        findOpinionWords(text).map((f) => [f.phrase, f.index, f.text]),
        expected.map((e) => [...e]),
      )
    })
  }

  it('property: each match is found where it says, and phrases embedded between spaces are always found', () => {
    const word = fc.stringMatching(/^[a-z]{0,8}$/)
    fc.assert(
      fc.property(word, fc.constantFrom(...OPINION_PHRASES), word, (before, phrase, after) => {
        const text = `${before} ${phrase} ${after}`
        const found = findOpinionWords(text)
        for (const f of found) assert.equal(text.slice(f.index, f.index + f.text.length), f.text)
        assert.ok(
          found.some((f) => f.phrase === phrase && f.index === before.length + 1),
          `${phrase} in ${text}`,
        )
      }),
    )
  })

  it('property: results are in text order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPINION_PHRASES, 'the', 'child', 'said'), { maxLength: 12 }), (words) => {
        const found = findOpinionWords(words.join(' '))
        for (let i = 1; i < found.length; i++) assert.ok((found[i - 1]?.index ?? 0) <= (found[i]?.index ?? 0))
      }),
    )
  })
})

describe('opinionHint', () => {
  it('says nothing when there is nothing', () => assert.equal(opinionHint([]), undefined))
  it('names each phrase once, in order, singular or plural', () => {
    assert.equal(
      opinionHint(findOpinionWords('Probably fine.')),
      'You used a word that may be an opinion: ‘probably’. Record what you saw and heard. You can keep it if you are quoting someone.',
    )
    assert.match(
      opinionHint(findOpinionWords('I think it seems bad, I  think.')) ?? '',
      /words that may be opinions: ‘i think’, ‘seems’\./,
    )
  })
})
