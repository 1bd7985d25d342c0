import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hasProblems, invalidFields, okUnlessProblems } from './problems.js'

describe('a check that gathers its problems by field', () => {
  it('passes only when no field has a problem', () => {
    assert.equal(hasProblems({}), false)
    assert.equal(hasProblems({ date: 'Enter the date' }), true)
    assert.deepEqual(okUnlessProblems('X.INVALID', {}, 42), { ok: true, value: 42 })
  })

  it('answers with every problem, led by the first one found', () => {
    const fields = { date: 'Enter the date', summary: 'Enter what was shared' }
    assert.deepEqual(okUnlessProblems('X.INVALID', fields, 42), {
      ok: false,
      error: { code: 'X.INVALID', message: 'Enter the date', fields },
    })
  })

  it('leads with the fallback when there is no problem to lead with', () => {
    assert.deepEqual(invalidFields('X.INVALID', {}, 'Check your answers'), {
      ok: false,
      error: { code: 'X.INVALID', message: 'Check your answers', fields: {} },
    })
  })
})
