import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { groupBy } from './refGroupBy.js'

describe('grouping items under a key', () => {
  it('keeps each group, and the groups, in the order met', () => {
    const rows = [
      { request: 'b', answer: 'first' },
      { request: 'a', answer: 'second' },
      { request: 'b', answer: 'third' },
    ]
    const grouped = groupBy(
      rows,
      (r) => r.request,
      (r) => r.answer,
    )
    assert.deepEqual(
      [...grouped],
      [
        ['b', ['first', 'third']],
        ['a', ['second']],
      ],
    )
  })

  it('has no groups for no items', () => {
    assert.equal(groupBy([], String, String).size, 0)
  })
})
