import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { concernCategoriesInWords } from './categoryWords.js'

describe('concernCategoriesInWords', () => {
  const cases: [readonly string[], string | null, string[]][] = [
    [['physical_abuse', 'neglect'], null, ['Physical abuse', 'Neglect']],
    [['other'], 'Left alone at the bus stop', ['Other: Left alone at the bus stop']],
    [['other'], '', ['Other']],
    [['other'], null, ['Other']],
    [['no_longer_a_category', 'neglect'], null, ['Neglect']],
  ]
  for (const [ids, other, expected] of cases)
    it(`${ids.join(', ')} with other ${JSON.stringify(other)}`, () => {
      assert.deepEqual(concernCategoriesInWords(ids, other), expected)
    })
})
