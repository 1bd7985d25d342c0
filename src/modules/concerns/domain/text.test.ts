import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { characterCount, formatCount, hasForbiddenCharacters, TEXT_LIMITS, textProblem } from './text.js'

describe('characterCount', () => {
  const cases: readonly [text: string, count: number][] = [
    ['', 0],
    ['abc', 3],
    ['a\r\nb', 3], // CR LF counts once, as a browser counts a textarea
    ['a\nb', 3],
    ['a\rb', 3],
    ['😀', 1], // one code point, two UTF-16 units
    ['e\u0301', 2], // a combining accent is its own code point
  ]
  for (const [text, count] of cases)
    it(`${JSON.stringify(text)} has ${count}`, () => assert.equal(characterCount(text), count))

  it('property: never more than the UTF-16 length, so anything a browser maxlength allows passes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => assert.ok(characterCount(s) <= s.length)))
  })
})

describe('hasForbiddenCharacters', () => {
  const cases: readonly [text: string, forbidden: boolean, why: string][] = [
    ['Plain text.', false, 'plain'],
    ['Line one\nline two\r\n\tindented', false, 'tab, LF and CR are allowed'],
    ['<script>alert("x")</script>', false, 'markup is just text'],
    ['Zoë said “no” 😀', false, 'any printable Unicode'],
    ['nul\u0000', true, 'NUL'],
    ['bell\u0007', true, 'BEL'],
    ['esc\u001b[31m', true, 'an ANSI escape'],
    ['del\u007f', true, 'DEL'],
    ['c1\u0085', true, 'a C1 control (NEL)'],
    ['vt\u000b', true, 'vertical tab'],
    ['ff\u000c', true, 'form feed'],
    ['\ud800', true, 'a lone high surrogate'],
    ['x\udc00', true, 'a lone low surrogate'],
  ]
  for (const [text, forbidden, why] of cases)
    it(`${why}: ${forbidden ? 'refused' : 'allowed'}`, () => assert.equal(hasForbiddenCharacters(text), forbidden))
})

describe('textProblem', () => {
  const rule = { label: 'What you saw or heard', max: 10, missing: 'Enter what you saw or heard' }
  it('requires non-blank text when a missing message is given', () => {
    assert.equal(textProblem('', rule), 'Enter what you saw or heard')
    assert.equal(textProblem(' \n\t', rule), 'Enter what you saw or heard')
    assert.equal(textProblem('', { label: 'Optional', max: 10 }), undefined)
  })
  it('counts the limit inclusively', () => {
    assert.equal(textProblem('x'.repeat(10), rule), undefined)
    assert.equal(textProblem('x'.repeat(11), rule), 'What you saw or heard must be 10 characters or fewer')
  })
  it('refuses control characters with a clear message', () => {
    assert.match(textProblem('a\u0000b', rule) ?? '', /must not include hidden control characters/)
  })
  it('formats limits with thousands separators', () => {
    assert.equal(formatCount(10_000), '10,000')
    assert.equal(formatCount(500), '500')
    assert.equal(formatCount(1_234_567), '1,234,567')
    assert.equal(
      textProblem('x'.repeat(10_001), { label: 'Facts', max: TEXT_LIMITS.facts }),
      'Facts must be 10,000 characters or fewer',
    )
  })
})

describe('TEXT_LIMITS', () => {
  // The values themselves are declared once, in text.ts; what is checked here is what they promise.
  it('are whole numbers of characters, none above 10,000 (enough for any honest account, not a whole document)', () => {
    for (const [name, limit] of Object.entries(TEXT_LIMITS)) {
      assert.ok(Number.isInteger(limit) && limit > 0, name)
      assert.ok(limit <= 10_000, name)
    }
    assert.equal(TEXT_LIMITS.facts, 10_000)
  })
})
