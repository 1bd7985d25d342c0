import assert from 'node:assert/strict'
import { test } from 'node:test'
import { heapBudget } from './heapBudget.js'

test('collects only once the heap has grown by the budget, and counts what it collected', () => {
  const budget = heapBudget(8 * 1024 * 1024)
  try {
    assert.equal(budget.check(), false, 'nothing has grown yet')
    // Memory held outside the heap by a live buffer counts, as the file's pieces do during an export.
    const held = Buffer.alloc(16 * 1024 * 1024, 1)
    assert.equal(budget.check(), true)
    assert.equal(budget.collections, 1)
    // The budget starts again from what is alive after the collection: the buffer, still held, is not counted twice.
    assert.equal(budget.check(), false)
    assert.equal(held.length, 16 * 1024 * 1024)
  } finally {
    budget.end()
  }
})

test('after end() it asks for nothing', () => {
  const budget = heapBudget(0)
  budget.end()
  const held = Buffer.alloc(1024 * 1024, 1)
  assert.equal(budget.check(), false)
  assert.equal(budget.collections, 0)
  assert.equal(held.length, 1024 * 1024)
})
