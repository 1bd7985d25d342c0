import { totpCodeAt } from '../../src/platform/security/secrets.js'

const STEP_MS = 30_000

/**
 * Stands in for the authenticator app. Together refuses a code from a time step it has already accepted, so a
 * second sign-in within the same 30 seconds uses the next step's code, which the server's one-step drift
 * allowance accepts. No journey has to wait for the clock.
 */
export class Authenticator {
  private lastStep = -1

  constructor(readonly secret: string) {}

  /** A code the server has not seen yet. */
  freshCode(nowMs: number = Date.now()): string {
    const current = Math.floor(nowMs / STEP_MS)
    const step = Math.max(current, this.lastStep + 1)
    if (step > current + 1) throw new Error('Only one sign-in per 30 seconds fits within the allowed clock drift')
    this.lastStep = step
    return totpCodeAt(this.secret, step * STEP_MS)
  }

  /** Six digits that match no step the server would accept now. */
  wrongCode(nowMs: number = Date.now()): string {
    const current = Math.floor(nowMs / STEP_MS)
    const valid = new Set([-1, 0, 1, 2].map((d) => totpCodeAt(this.secret, (current + d) * STEP_MS)))
    for (let n = 123_456; ; n = (n + 111_111) % 1_000_000) {
      const code = String(n).padStart(6, '0')
      if (!valid.has(code)) return code
    }
  }
}
