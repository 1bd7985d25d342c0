import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import type { Deps } from '../context.js'
import { textarea } from '../forms/fields.js'
import { domainError, ok } from '../shared/result.js'
import { defineStep, runStep } from './defineStep.js'

/**
 * A step's own published codes: a `conflict` refuses with the step's code before who may take it is asked, and
 * a repeated submission key is refused with `repeatedError`'s code when the step has one. The refusals here are
 * taken before anything is written, so a stand-in transaction is enough (no database).
 */
const earlier = { operation_id: 'decideThing', actor_user_id: 'u1', output: { id: 'x' } }
const fakeTx = {
  // The engine's look-up of an earlier submission with the same key finds one.
  selectFrom: () => ({ select: () => ({ where: () => ({ executeTakeFirst: () => Promise.resolve(earlier) }) }) }),
}
const deps = {
  clock: { now: () => new Date('2026-11-23T10:00:00Z') },
  db: { transaction: () => ({ execute: (run: (tx: unknown) => unknown) => run(fakeTx) }) },
} as unknown as Deps
const actor = { userId: 'u1', organisationId: 'o1', roles: [], organisationKind: 'school' } as never
const meta = { correlationId: 'c1' } as never

const base = {
  module: 'test',
  operationId: 'decideThing',
  path: '/things/:id/decision',
  title: 'Decide',
  submitText: 'Decide',
  fields: { note: textarea({ label: 'Note', max: 100 }) },
  load: () => Promise.resolve({ decided: true }),
  access: () => ({ allowed: true as const, reason: 'test' }),
  run: () => Promise.resolve(ok({ id: 'x' })),
  subject: () => ({ type: 'thing', id: 'x' }),
  action: 'thing.decided',
  output: z.object({ id: z.string() }),
  done: () => '/',
  repeatedKey: 'refuse' as const,
}

describe('a step’s own codes', () => {
  test('a conflict answers the step’s code, before anything is written', async () => {
    const step = defineStep({
      ...base,
      conflict: (l: { decided: boolean }) => (l.decided ? domainError('THING.ALREADY_DECIDED', 'Decided') : undefined),
      access: () => ({ allowed: false as const, reason: 'not you', visible: true }),
      viewAccess: () => ({ allowed: true as const, reason: 'sees it' }),
    })
    const out = await runStep(deps, step, actor, { id: '0b0e0a0c-0000-4000-8000-000000000000' }, {}, undefined, meta)
    assert.ok(!out.ok)
    assert.deepEqual(out.error.kind === 'failed' ? out.error.error.code : out.error.kind, 'THING.ALREADY_DECIDED')
  })

  test('a repeated key: STEP.ALREADY_SUBMITTED by default, the step’s own code when it has one', async () => {
    const params = { id: '0b0e0a0c-0000-4000-8000-000000000000' }
    const plain = await runStep(deps, defineStep(base), actor, params, {}, 'key-0001', meta)
    assert.ok(!plain.ok && plain.error.kind === 'failed')
    assert.equal(plain.error.error.code, 'STEP.ALREADY_SUBMITTED')
    const own = defineStep({ ...base, repeatedError: { code: 'THING.ALREADY_SUBMITTED', message: 'Sent already' } })
    const repeated = await runStep(deps, own, actor, params, {}, 'key-0001', meta)
    assert.ok(!repeated.ok && repeated.error.kind === 'failed')
    assert.deepEqual(
      [repeated.error.error.code, repeated.error.error.message],
      ['THING.ALREADY_SUBMITTED', 'Sent already'],
    )
  })
})
