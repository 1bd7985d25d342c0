import type { Deps } from '../context.js'

export type SecureCookies = boolean | 'auto'

export interface WebOptions {
  /** Carries the logger too: Fastify logs through `deps.log` (see app.ts). */
  readonly deps: Deps
  readonly cookieSecret: string
  /**
   * When cookies are marked Secure and HSTS is sent. true: always (the service is only reached over TLS);
   * 'auto': when the request came over TLS, directly or through a proxy that says so with X-Forwarded-Proto;
   * false: never (plain HTTP on a developer's machine, or a test).
   */
  readonly secureCookies: SecureCookies
  readonly publicUrl?: string | undefined
  /** Told after every response, so that the audit rows the request committed are sealed soon (see auditSealer.ts). */
  readonly auditSealer?: { nudge(): void } | undefined
}
