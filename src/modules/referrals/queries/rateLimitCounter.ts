import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Deps } from '../../../platform/context.js'

/** How many slots the counters have (see migration 0006): a client's hash picks one. */
export const RATE_LIMIT_SLOTS = 65_536

/**
 * Counts a submission from one client in a fixed window, in PostgreSQL so that every instance of the service
 * counts the same submissions (no in-process state shared between requests). The client is hashed, with the
 * bucket, to one of a fixed set of slots: one UPDATE, no row added, nothing kept that names the client.
 */
export async function countSubmission(
  deps: Deps,
  bucket: string,
  client: string,
  windowMs: number,
): Promise<{ hits: number; msLeft: number }> {
  const now = deps.clock.now()
  const expiredBefore = new Date(now.getTime() - windowMs)
  const slot =
    createHash('sha256').update(`together-rate-limit:${bucket}:${client}`).digest().readUInt32BE(0) % RATE_LIMIT_SLOTS
  const result = await sql<{ hits: number; window_started_at: Date }>`
    UPDATE rate_limit_slot SET
      hits = CASE WHEN window_started_at <= ${expiredBefore} THEN 1 ELSE hits + 1 END,
      window_started_at = CASE WHEN window_started_at <= ${expiredBefore} THEN ${now} ELSE window_started_at END
    WHERE slot = ${slot}
    RETURNING hits, window_started_at`.execute(deps.db)
  const row = result.rows[0]
  if (row === undefined) throw new Error(`rate limit slot ${slot} is missing (migration 0006 creates them all)`)
  return {
    hits: Number(row.hits),
    msLeft: Math.max(0, new Date(row.window_started_at).getTime() + windowMs - now.getTime()),
  }
}
