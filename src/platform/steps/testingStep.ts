/**
 * For tests only: the parts of a step declaration that tests of the engine's pages and forms do not look at (who
 * may take it, what it runs and answers, where it goes next), and ids for the records such a step loads or refuses.
 * A test spreads the parts into `defineStep` beside the fields, load and choices it is about.
 */
import { z } from 'zod'
import { ok } from '../shared/result.js'

export const untestedStepParts = {
  module: 'test',
  access: () => ({ allowed: true as const, reason: 'test' }),
  run: () => Promise.resolve(ok({})),
  subject: () => ({ type: 'thing', id: 'x' }),
  output: z.object({}),
  done: () => '/',
}

/** Two ids a test step loads and offers, and one it never does. */
export const testIds = {
  first: '11111111-1111-4111-8111-111111111111',
  second: '22222222-2222-4222-8222-222222222222',
  stranger: '33333333-3333-4333-8333-333333333333',
} as const
