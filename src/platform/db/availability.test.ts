import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isDatabaseUnavailable } from './availability.js'

test('a lost, restarting or failing-over database is unavailable', () => {
  for (const error of [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
  ])
    assert.equal(isDatabaseUnavailable(error), true, error.message)
})

test('faults in the request or the code are not unavailability', () => {
  for (const error of [
    Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
    Object.assign(new Error('syntax error'), { code: '42601' }),
    Object.assign(new Error('deadlock detected'), { code: '40P01' }),
    new TypeError('x is undefined'),
    'a string',
    null,
  ])
    assert.equal(isDatabaseUnavailable(error), false, String(error))
})
