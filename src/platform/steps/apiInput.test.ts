import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import type { Deps } from '../context.js'
import type { Actor } from '../identity/actor.js'
import { text } from '../forms/fields.js'
import { ok } from '../shared/result.js'
import { jsonSchemaOf } from '../web/apiRoute.js'
import { defineStep, runStep, type StepDefinition } from './defineStep.js'

/**
 * An API-only step's own body schema (`apiInput`, as recordConcern's): published as written, checked as any input,
 * its errors keyed by their path in the body. A body refused by its schema never reaches the database.
 */
const body = z.object({
  at: z.string().meta({ format: 'date-time' }),
  marks: z.array(z.object({ x: z.number(), side: z.string().meta({ enum: ['front', 'back'] }) })).meta({ maxItems: 3 }),
})
const definition: StepDefinition<object, { id: string }> = {
  module: 'test',
  operationId: 'markThing',
  path: '/things',
  mount: 'api',
  title: 'Mark a thing',
  submitText: 'Mark',
  fields: {},
  apiInput: body,
  load: () => Promise.resolve({}),
  access: () => ({ allowed: true, reason: 'test' }),
  run: () => Promise.resolve(ok({ id: 'x' })),
  subject: () => ({ type: 'thing', id: 'x' }),
  action: 'thing.marked',
  output: z.object({ id: z.string() }),
  done: () => '/',
}
const step = defineStep(definition)
const actor = { userId: 'u' } as Actor
const meta = { correlationId: 'c' }

describe('a step’s own API body (apiInput)', () => {
  test('is the step’s input, published with its formats, enums and limits', () => {
    assert.equal(step.input, body)
    const json = JSON.stringify(jsonSchemaOf(step.input))
    for (const published of ['"format":"date-time"', '"enum":["front","back"]', '"maxItems":3'])
      assert.ok(json.includes(published), published)
  })

  test('its errors are keyed by where they are in the body, every one at once', async () => {
    const outcome = await runStep(
      {} as Deps,
      step,
      actor,
      {},
      { marks: [{ x: 'left', side: 'front' }] },
      undefined,
      meta,
    )
    assert.ok(!outcome.ok)
    assert.equal(outcome.error.kind, 'invalid')
    assert.deepEqual(Object.keys(outcome.error.kind === 'invalid' ? outcome.error.fields : {}).sort(), [
      'at',
      'marks.0.x',
    ])
  })

  test('is for a step with no page: with a page, or with fields, the declaration is refused', () => {
    assert.throws(() => defineStep({ ...definition, mount: 'page' }), /apiInput/)
    assert.throws(() => defineStep({ ...definition, fields: { note: text({ label: 'Note' }) } }), /apiInput/)
  })
})
