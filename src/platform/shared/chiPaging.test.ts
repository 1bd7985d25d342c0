import { it } from 'node:test'
import assert from 'node:assert/strict'
import { pageWithin } from './chiPaging.js'

const cases: readonly [total: number, size: number, requested: number, expected: [page: number, pages: number]][] = [
  [0, 25, 1, [1, 1]],
  [25, 25, 1, [1, 1]],
  [26, 25, 2, [2, 2]],
  [26, 25, 9, [2, 2]],
  [26, 25, 0, [1, 2]],
  [26, 25, -3, [1, 2]],
]
for (const [total, size, requested, [page, pages]] of cases) {
  it(`${total} rows, ${size} a page, page ${requested} asked: page ${page} of ${pages}`, () =>
    assert.deepEqual(pageWithin(total, size, requested), { page, pages, offset: (page - 1) * size }))
}
