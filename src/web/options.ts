import type { Deps } from '../application/context.js'

export interface WebOptions {
  readonly deps: Deps
  readonly cookieSecret: string
  readonly secureCookies: boolean
  readonly logLevel?: string
  readonly publicUrl?: string | undefined
  /** Told after every response, so that the audit rows the request committed are sealed soon (see auditSealer.ts). */
  readonly auditSealer?: { nudge(): void } | undefined
}
