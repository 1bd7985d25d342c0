import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Deps } from '../context.js'

/**
 * Counts submissions from one client in a fixed window, in PostgreSQL so that every instance of the service
 * counts the same submissions (no in-process state shared between requests). The client's address is kept only
 * as a hash. Expired windows are cleared a few at a time as new submissions arrive.
 */
export async function countSubmission(deps: Deps, bucket: string, client: string, windowMs: number): Promise<{ hits: number; msLeft: number }> {
  const now = deps.clock.now()
  const expiredBefore = new Date(now.getTime() - windowMs)
  const clientHash = createHash('sha256').update(`together-rate-limit:${bucket}:${client}`).digest('hex')
  const result = await sql<{ hits: number; window_started_at: Date }>`
    INSERT INTO rate_limit_counter AS c (bucket, client_hash, window_started_at, hits)
    VALUES (${bucket}, ${clientHash}, ${now}, 1)
    ON CONFLICT (bucket, client_hash) DO UPDATE SET
      hits = CASE WHEN c.window_started_at <= ${expiredBefore} THEN 1 ELSE c.hits + 1 END,
      window_started_at = CASE WHEN c.window_started_at <= ${expiredBefore} THEN ${now} ELSE c.window_started_at END
    RETURNING hits, window_started_at`.execute(deps.db)
  const row = result.rows[0]
  if (row === undefined) throw new Error('rate limit counter returned nothing')
  await sql`DELETE FROM rate_limit_counter WHERE (bucket, client_hash) IN (
      SELECT bucket, client_hash FROM rate_limit_counter WHERE bucket = ${bucket} AND window_started_at <= ${expiredBefore} LIMIT 20)`.execute(deps.db)
  return { hits: Number(row.hits), msLeft: Math.max(0, new Date(row.window_started_at).getTime() + windowMs - now.getTime()) }
}
