import { createHash } from 'node:crypto'
import {
  Kysely,
  Migrator,
  PostgresDialect,
  type MigrationResultSet,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely'
import pg from 'pg'
import { migrations } from './migrations/index.js'
import type { DB } from './schema.js'
import type { Log } from '../logging/logger.js'
import { readEmbeddedPassword, runningOwner, startEmbeddedPostgres, type EmbeddedServer } from './embeddedPostgres.js'

export type Db = Kysely<DB>

export interface Database {
  readonly db: Db
  /** Connection string of the application database (for tools such as the test harness). */
  readonly url: string
  readonly embedded: EmbeddedServer | undefined
  close(): Promise<void>
}

export const APP_DATABASE = 'together'

// BIGINT (int8) and NUMERIC come back as strings by default; counts and sequence numbers fit in a JS number.
pg.types.setTypeParser(20, (v) => v)
// DATE (1082) stays a 'YYYY-MM-DD' string: a calendar date has no time zone, and Date would invent one.
pg.types.setTypeParser(1082, (v) => v)

export function connect(url: string, poolSize = 10, options: { prepare?: boolean } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 })
  // A dropped idle connection (the server restarting) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  // pg-pool listens for errors only on idle clients. A checked-out client that PostgreSQL drops between two
  // statements (its postmaster killed, say) would otherwise raise an unhandled 'error' and end the process; with
  // this listener the next statement fails, the request gets a 500, and the pool discards the broken client.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: options.prepare === false ? pool : new PreparingPool(pool) }),
  })
}

/** Statements kept prepared on one connection at most; past that, new ones run unnamed (parsed every time). */
const MAX_PREPARED_PER_CONNECTION = 400
const statementNames = new Map<string, string>()

function statementName(text: string): string {
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `k${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`
    if (statementNames.size < 5_000) statementNames.set(text, name)
  }
  return name
}

/**
 * Runs every parameterised statement as a named prepared statement, per connection. The service sends the same
 * few hundred statements over and over; unprepared, PostgreSQL parses, analyses and plans each one every time
 * (measured: a chronology's 14 statements spent 2.5 ms planning to 2.3 ms executing, and recording a concern
 * cost PostgreSQL 1.8 ms of CPU unprepared against 0.6 ms prepared). Prepared, a statement is parsed once per
 * connection, and after five runs PostgreSQL keeps a generic plan when that costs no more than planning each
 * time. Statements without parameters (BEGIN, COMMIT, migrations) go as they are.
 */
class PreparingPool implements PostgresPool {
  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect()
    // query() passes cursors and parameterless statements straight through, so it serves both overloads.
    return new PreparingClient(client) as unknown as PostgresPoolClient
  }

  end(): Promise<void> {
    return this.pool.end()
  }
}

interface Prepared {
  readonly names: Set<string>
  /** Statements whose prepared form went stale on this connection (see below): they run unnamed from then on. */
  readonly stale: Set<string>
}
const preparedOn = new WeakMap<pg.PoolClient, Prepared>()

class PreparingClient {
  constructor(private readonly client: pg.PoolClient) {}

  query(textOrCursor: unknown, parameters?: readonly unknown[]): Promise<unknown> {
    if (typeof textOrCursor !== 'string' || parameters === undefined || parameters.length === 0) {
      return (this.client.query as (...args: unknown[]) => Promise<unknown>)(textOrCursor, parameters)
    }
    const text = textOrCursor
    const values = [...parameters]
    let prepared = preparedOn.get(this.client)
    if (prepared === undefined) preparedOn.set(this.client, (prepared = { names: new Set(), stale: new Set() }))
    const name = statementName(text)
    if (prepared.stale.has(name) || (!prepared.names.has(name) && prepared.names.size >= MAX_PREPARED_PER_CONNECTION))
      return this.client.query(text, values)
    prepared.names.add(name)
    const { stale } = prepared
    return this.client.query({ name, text, values }).catch(async (e: unknown) => {
      // A table changed shape under a prepared SELECT * (a migration while this process runs). Outside a
      // transaction the statement simply runs again unnamed; inside one the transaction has failed, and the
      // original error is the one to report.
      if (!(
        e instanceof Error &&
        (e as { code?: string }).code === '0A000' &&
        /cached plan must not change result type/.test(e.message)
      ))
        throw e
      stale.add(name)
      try {
        return await this.client.query(text, values)
      } catch {
        throw e
      }
    })
  }

  release(): void {
    this.client.release()
  }
}

async function ensureDatabaseExists(serverUrl: (db: string) => string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
}

export interface OpenOptions {
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly embeddedPgPort: number
  readonly log: Log
  /**
   * 'own': this process runs the embedded PostgreSQL and fails if another Together process already does.
   * 'attach': use the running service's PostgreSQL when there is one (for one-off commands), else start one.
   */
  readonly mode: 'own' | 'attach'
  readonly poolSize?: number
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    const db = connect(options.databaseUrl, options.poolSize)
    return { db, url: options.databaseUrl, embedded: undefined, close: () => db.destroy() }
  }
  if (options.mode === 'attach') {
    const owner = runningOwner(options.dataDir)
    if (owner?.pgPort !== undefined) {
      const password = readEmbeddedPassword(options.dataDir)
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${owner.pgPort}/${APP_DATABASE}`
      const db = connect(url, options.poolSize)
      return { db, url, embedded: undefined, close: () => db.destroy() }
    }
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    port: options.embeddedPgPort,
    log: options.log,
  })
  try {
    await ensureDatabaseExists(embedded.url, APP_DATABASE)
  } catch (e) {
    await embedded.stop()
    throw e
  }
  const url = embedded.url(APP_DATABASE)
  const db = connect(url, options.poolSize)
  return {
    db,
    url,
    embedded,
    async close() {
      await db.destroy()
      await embedded.stop()
    },
  }
}

export class MigrationError extends Error {}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  })
  const result = await migrator.migrateToLatest()
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new MigrationError(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${result.error instanceof Error ? result.error.message : String(result.error)}`,
    )
  }
  return result
}
