import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { idsOf, isIdOf, isOneOf, labelOf, optionsOf, wordList, yesNo } from './wordList.js'

const consent = { given: 'Given', refused: 'Refused', not_sought: 'Not asked for' } as const

describe('word lists written once as id: label', () => {
  it('reads the ids in the order written', () => {
    assert.deepEqual(idsOf(consent), ['given', 'refused', 'not_sought'])
    assert.deepEqual(wordList(consent).ids, ['given', 'refused', 'not_sought'])
  })

  const cases: [value: string, isId: boolean, label: string][] = [
    ['given', true, 'Given'],
    ['not_sought', true, 'Not asked for'],
    ['Given', false, 'Given'],
    ['withdrawn', false, 'withdrawn'],
    ['toString', false, 'toString'],
    ['', false, ''],
  ]
  for (const [value, isId, label] of cases)
    it(`${JSON.stringify(value)} ${isId ? 'is' : 'is not'} an id, shown as ${JSON.stringify(label)}`, () => {
      assert.equal(isIdOf(consent)(value), isId)
      assert.equal(wordList(consent).is(value), isId)
      assert.equal(labelOf(consent, value), label)
      assert.equal(wordList(consent).labelOf(value), label)
    })

  it('offers the labels as options, revealing fields only where asked', () => {
    assert.deepEqual(optionsOf(consent, { not_sought: ['why'] }), [
      { value: 'given', text: 'Given' },
      { value: 'refused', text: 'Refused' },
      { value: 'not_sought', text: 'Not asked for', reveals: ['why'] },
    ])
    assert.deepEqual(wordList(consent).options, optionsOf(consent))
    assert.deepEqual(optionsOf(yesNo), [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
    ])
  })

  it('knows the words of a list written as an array', () => {
    const isState = isOneOf(['open', 'closed'] as const)
    assert.deepEqual(['open', 'closed', 'Open', 'toString'].map(isState), [true, true, false, false])
  })
})
