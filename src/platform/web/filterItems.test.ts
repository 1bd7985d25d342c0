import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { filterItems } from './filterItems.js'

describe('a filter select’s items', () => {
  const options = [
    { value: 'viewed', text: 'Views' },
    { value: 'refused', text: 'Refused attempts' },
  ]
  const cases: [chosen: string | undefined, selected: string[]][] = [
    [undefined, []],
    ['refused', ['refused']],
    ['something else', []],
  ]
  for (const [chosen, selected] of cases)
    it(`chosen ${String(chosen)}: “Everything” first, then the options, ${selected.join() || 'none'} selected`, () => {
      const items = filterItems('Everything', options, chosen)
      assert.deepEqual(items[0], { value: '', text: 'Everything' })
      assert.deepEqual(
        items.slice(1).map((i) => i.value),
        ['viewed', 'refused'],
      )
      assert.deepEqual(
        items.filter((i) => i.selected === true).map((i) => i.value),
        selected,
      )
    })
})
