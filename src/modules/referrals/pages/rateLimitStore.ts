import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { countSubmission } from '../queries/rateLimitCounter.js'
import type { Deps } from '../../../platform/context.js'

/**
 * A @fastify/rate-limit store whose counters live in PostgreSQL (see countSubmission), so that every instance
 * of the service counts the same client's submissions. Each rate-limited route counts in its own bucket.
 */
export function postgresRateLimitStore(deps: Deps): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    private readonly bucket: string

    constructor(options: FastifyRateLimitOptions | { bucket: string }) {
      this.bucket = 'bucket' in options ? options.bucket : 'default'
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      countSubmission(deps, this.bucket, key, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.msLeft }),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      )
    }

    child(routeOptions: { path?: string; url?: string; routeInfo?: { url?: string } }): FastifyRateLimitStore {
      return new PostgresRateLimitStore({
        bucket: routeOptions.routeInfo?.url ?? routeOptions.url ?? routeOptions.path ?? 'route',
      })
    }
  }
  return PostgresRateLimitStore
}
