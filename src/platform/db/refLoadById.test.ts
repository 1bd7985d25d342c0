import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadById } from './refLoadById.js'

const known = '0f8fad5b-d9cb-469f-a165-70867728950e'

describe('loading one record by its id', () => {
  const cases: [id: string | undefined, forUpdate: boolean | undefined, answer: string | undefined, asked: string][] = [
    [known, undefined, `row ${known}`, `${known} unlocked`],
    [known, true, `row ${known}`, `${known} locked`],
    ['0f8fad5b-d9cb-469f-a165-000000000000', false, undefined, '0f8fad5b-d9cb-469f-a165-000000000000 unlocked'],
    ['not-an-id', true, undefined, ''],
    [undefined, undefined, undefined, ''],
  ]
  for (const [id, forUpdate, answer, asked] of cases)
    it(`${String(id)}${forUpdate === true ? ', locked' : ''}: ${answer ?? 'no record'}`, async () => {
      let question = ''
      const found = await loadById(
        id,
        forUpdate === undefined ? {} : { forUpdate },
        (id, lock) => {
          question = `${id} ${lock ? 'locked' : 'unlocked'}`
          return { executeTakeFirst: async () => (id === known ? { id } : undefined) }
        },
        (row) => `row ${row.id}`,
      )
      assert.equal(found, answer)
      // A made-up id never reaches the database.
      assert.equal(question, asked)
    })
})
