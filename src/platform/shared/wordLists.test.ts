import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { idsOf, isIdOf, optionsOf, yesNo } from './wordLists.js'

const consent = { given: 'Given', refused: 'Refused', not_sought: 'Not asked for' } as const

describe('word lists written once as id: label', () => {
  it('reads the ids in the order written', () => {
    assert.deepEqual(idsOf(consent), ['given', 'refused', 'not_sought'])
  })
  const cases: [value: string, isId: boolean][] = [
    ['given', true],
    ['not_sought', true],
    ['Given', false],
    ['toString', false],
    ['', false],
  ]
  for (const [value, isId] of cases)
    it(`${JSON.stringify(value)} ${isId ? 'is' : 'is not'} an id`, () => assert.equal(isIdOf(consent)(value), isId))
  it('offers the labels as options, with what each reveals', () => {
    assert.deepEqual(optionsOf(consent, { not_sought: ['why'] }), [
      { value: 'given', text: 'Given' },
      { value: 'refused', text: 'Refused' },
      { value: 'not_sought', text: 'Not asked for', reveals: ['why'] },
    ])
    assert.deepEqual(optionsOf(yesNo), [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
    ])
  })
})
