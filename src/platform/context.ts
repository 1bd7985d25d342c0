import type { Db } from './db/database.js'
import type { Log } from './logging/logger.js'

/** Time is passed in so that use cases are testable at any moment (bank holidays, lock-outs, expiry). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export interface AppSettings {
  /** Demo accounts may skip the second factor only while this is true, and every page then says so. */
  readonly demoMode: boolean
  readonly sessionIdleMinutes: number
  readonly sessionAbsoluteHours: number
  readonly apiTokenMinutes: number
  /**
   * Where links in emails point: the configured public address (PUBLIC_URL), else the service's own listen address.
   * An email is read in a mail client, so every link in it is absolute (see notifications' `serviceLink`).
   */
  readonly serviceUrl: string
  /**
   * True when a mail server is configured (SMTP_URL) and the outbox worker sends messages. False in the demo: the
   * messages wait on the Email outbox page for an administrator to pass on, and no page may say "we have emailed".
   */
  readonly sendsEmail: boolean
}

export interface Deps {
  readonly db: Db
  readonly clock: Clock
  readonly settings: AppSettings
  /** The process's one logger (logging/logger.ts); parts take a child with a `component` binding. */
  readonly log: Log
}

/** Facts about the request that the audit trail records alongside the actor. */
export interface RequestMeta {
  readonly correlationId: string
  readonly ip?: string | undefined
}
