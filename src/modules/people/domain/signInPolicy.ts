import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

/**
 * Lock-out: after MAX_FAILED_SIGN_INS wrong passwords in a row the account is locked for LOCK_MINUTES.
 * NCSC password guidance favours throttling and lock-out over complexity rules; a short lock stops guessing
 * without handing an attacker a cheap way to keep a DSL locked out all day.
 */
export const MAX_FAILED_SIGN_INS = 5
export const LOCK_MINUTES = 15

export interface LockState {
  readonly failedSignIns: number
  readonly lockedUntilMs: number | null
}

export const isLocked = (state: LockState, nowMs: number): boolean =>
  state.lockedUntilMs !== null && state.lockedUntilMs > nowMs

/** What a wrong password does to the lock state. */
export function afterFailedSignIn(state: LockState, nowMs: number): LockState & { readonly justLocked: boolean } {
  const failedSignIns = state.failedSignIns + 1
  if (failedSignIns >= MAX_FAILED_SIGN_INS) {
    return { failedSignIns: 0, lockedUntilMs: nowMs + LOCK_MINUTES * 60_000, justLocked: true }
  }
  return { failedSignIns, lockedUntilMs: state.lockedUntilMs, justLocked: false }
}

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

/** NCSC-style: long rather than complicated, not the email address, not a well-known weak phrase. */
export function checkNewPassword(password: string, email: string): Result<string, DomainError<'PASSWORD.WEAK'>> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return err(domainError('PASSWORD.WEAK', `Password must be ${MIN_PASSWORD_LENGTH} characters or more`))
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return err(domainError('PASSWORD.WEAK', `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`))
  }
  const lowered = password.toLowerCase()
  if (lowered.includes(email.toLowerCase().split('@')[0] ?? '\u0000') || /^(.)\1+$/.test(password)) {
    return err(domainError('PASSWORD.WEAK', 'Password must not contain your email address or repeat one character'))
  }
  if (['password1234', 'passwordpassword', '123456789012', 'qwertyuiopas'].some((w) => lowered.startsWith(w))) {
    return err(domainError('PASSWORD.WEAK', 'Password is too easy to guess. Try three random words'))
  }
  return ok(password)
}
