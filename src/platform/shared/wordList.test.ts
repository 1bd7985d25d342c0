import assert from 'node:assert/strict'
import { test } from 'node:test'
import { wordList } from './wordList.js'

const colours = wordList({ red: 'Red', light_blue: 'Light blue' })

test('a word list keeps the order its table is written in', () => {
  assert.deepEqual(colours.ids, ['red', 'light_blue'])
  assert.equal(colours.labels.light_blue, 'Light blue')
  assert.deepEqual(colours.options, [
    { value: 'red', text: 'Red' },
    { value: 'light_blue', text: 'Light blue' },
  ])
})

test('a word list knows its own ids and labels a stored string it does not know as itself', () => {
  for (const [value, known, label] of [
    ['red', true, 'Red'],
    ['light_blue', true, 'Light blue'],
    ['green', false, 'green'],
    ['toString', false, 'toString'],
  ] as const) {
    assert.equal(colours.is(value), known, value)
    assert.equal(colours.labelOf(value), label, value)
  }
})
