import { sql } from 'kysely'
import type { Db } from './database.js'

/**
 * SQLSTATE classes and codes that mean "the database cannot be reached or cannot take this now", as opposed to a
 * fault in the request: connection exceptions (08), the server shutting down or starting (57P01–57P03), and a
 * connection that landed on a standby during a failover (25006, read-only transaction).
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '25006', '53300'])
/** Errors the pg driver and Node raise when the server is gone, refuses, or cuts the connection. */
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
])
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'terminating connection',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'the database system is',
  'Connection ended unexpectedly',
]

/**
 * True when an error means the database is unavailable (lost, restarting, failing over), so the service should
 * answer 503 "try again shortly" rather than 500 "something went wrong": nothing was saved, and the same request
 * will work once the database is back, which the connection pool notices by itself on the next request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (
      typeof code === 'string' &&
      (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))
    )
      return true
    const message = (e as { message?: unknown }).message
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

export interface DatabaseHealth {
  /** ok: writes are acknowledged; waiting-for-standby: synchronous replication is required and no standby has it. */
  readonly status: 'ok' | 'waiting-for-standby'
  readonly detail?: string
}

/**
 * The database as the service sees it. On a replicated primary that requires a synchronous standby
 * (synchronous_standby_names set) and has none connected, every commit waits until one is back: the service is up
 * for reading but writes hang, and that is said here rather than discovered by the person pressing Save. Seeing
 * the standbys needs the pg_monitor role (or a superuser); without it the state is not claimed either way.
 */
export async function databaseHealth(db: Db): Promise<DatabaseHealth> {
  const { rows } = await sql<{ wanted: string; sync: number; hidden: number; standby: boolean }>`
    SELECT current_setting('synchronous_standby_names') AS wanted,
           (SELECT count(*)::int FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')) AS sync,
           (SELECT count(*)::int FROM pg_stat_replication WHERE sync_state IS NULL) AS hidden,
           pg_is_in_recovery() AS standby`.execute(db)
  const row = rows[0]
  if (row === undefined || row.wanted === '' || row.sync > 0 || row.hidden > 0 || row.standby) return { status: 'ok' }
  return {
    status: 'waiting-for-standby',
    detail: 'The database requires a synchronous standby and none is connected: writes wait until one is back.',
  }
}
