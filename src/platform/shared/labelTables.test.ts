import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { idsOf, labelOrWord, optionsOfLabels } from './labelTables.js'

const stages = { commissioned: 'Commissioned', draft: 'Draft report received', published: 'Published' } as const

describe('label tables', () => {
  it('gives the ids in the order written', () => {
    assert.deepEqual(idsOf(stages), ['commissioned', 'draft', 'published'])
  })

  it('offers each word as an option, revealing fields only where the table says', () => {
    assert.deepEqual(optionsOfLabels(stages, { draft: ['reviewer'] }), [
      { value: 'commissioned', text: 'Commissioned' },
      { value: 'draft', text: 'Draft report received', reveals: ['reviewer'] },
      { value: 'published', text: 'Published' },
    ])
  })

  it('shows a stored word the table does not know as it is', () => {
    assert.equal(labelOrWord(stages, 'draft'), 'Draft report received')
    assert.equal(labelOrWord(stages, 'withdrawn'), 'withdrawn')
  })
})
