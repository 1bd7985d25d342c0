import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import { ok } from '../shared/result.js'
import { defineStep, takenRecord, withAudit } from './defineStep.js'

/**
 * The audit row of a step taken: the step's name, what `auditDetails` makes of the output, the input and the record,
 * and what only the run knows (`withAudit`), which the answer does not carry. Pure: nothing here touches a database.
 */
const step = defineStep({
  module: 'test',
  operationId: 'tellThing',
  path: '/things/:id/told',
  title: 'Tell a thing',
  submitText: 'Tell',
  fields: {},
  load: () => Promise.resolve({ owner: 'ann' }),
  access: () => ({ allowed: true as const, reason: 'test' }),
  run: () => Promise.resolve(ok(withAudit({ id: 'x' }, { ownerTold: true }))),
  subject: () => ({ type: 'thing', id: 'x' }),
  action: 'thing.told',
  auditDetails: (out, input, loaded) => ({ id: out.id, owner: loaded.owner, note: input.note }),
  output: z.object({ id: z.string() }),
  done: () => '/',
})

describe('a step’s audit details', () => {
  test('the run’s own details join the row; the output answered and kept for a repeat is the output alone', () => {
    const taken = takenRecord(step, withAudit({ id: 'x' }, { ownerTold: true }), { note: 'hi' }, { owner: 'ann' })
    assert.deepEqual(taken.output, { id: 'x' })
    assert.deepEqual(taken.details, { step: 'tellThing', id: 'x', owner: 'ann', note: 'hi', ownerTold: true })
    assert.equal(JSON.stringify(taken.output), '{"id":"x"}')
  })

  test('a run that answers its output alone: the row has the step’s name and auditDetails, as before', () => {
    const taken = takenRecord(step, { id: 'y' }, { note: 'hi' }, { owner: 'ann' })
    assert.deepEqual(taken.output, { id: 'y' })
    assert.deepEqual(taken.details, { step: 'tellThing', id: 'y', owner: 'ann', note: 'hi' })
  })

  test('without auditDetails, the run’s details alone beside the step’s name; an output of null stays null', () => {
    const bare = { operationId: 'tellThing' }
    assert.deepEqual(takenRecord(bare, withAudit(null, { ownerTold: false }), {}, {}), {
      output: null,
      details: { step: 'tellThing', ownerTold: false },
    })
    assert.deepEqual(takenRecord(bare, null, {}, {}), { output: null, details: { step: 'tellThing' } })
  })
})
