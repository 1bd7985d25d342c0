import { test } from 'node:test'
import assert from 'node:assert/strict'
import { afterFailedSignIn, checkNewPassword, isLocked, LOCK_MINUTES, MAX_FAILED_SIGN_INS } from './signInPolicy.js'

test('the fifth wrong password in a row locks the account for the lock period', () => {
  let state: { failedSignIns: number; lockedUntilMs: number | null } = { failedSignIns: 0, lockedUntilMs: null }
  const now = 1_000_000
  for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
    const next = afterFailedSignIn(state, now)
    assert.equal(next.justLocked, false)
    state = next
  }
  const locked = afterFailedSignIn(state, now)
  assert.equal(locked.justLocked, true)
  assert.equal(isLocked(locked, now + LOCK_MINUTES * 60_000 - 1), true)
  assert.equal(isLocked(locked, now + LOCK_MINUTES * 60_000), false)
})

test('new passwords must be long and must not contain the email name', () => {
  assert.equal(checkNewPassword('short', 'a@b.example').ok, false)
  assert.equal(checkNewPassword('jane.smith-is-great', 'jane.smith@school.example').ok, false)
  assert.equal(checkNewPassword('aaaaaaaaaaaaaaa', 'x@y.example').ok, false)
  assert.equal(checkNewPassword('correct horse battery', 'x@y.example').ok, true)
})
