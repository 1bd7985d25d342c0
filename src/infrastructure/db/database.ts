import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely'
import pg from 'pg'
import { migrations } from './migrations/index.js'
import type { DB } from './schema.js'
import {
  readEmbeddedPassword,
  runningOwner,
  startEmbeddedPostgres,
  type EmbeddedServer,
  type Logger,
} from './embeddedPostgres.js'

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

export function connect(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 })
  // A dropped idle connection (the server restarting) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  // pg-pool listens for errors only on idle clients. A checked-out client that PostgreSQL drops between two
  // statements (its postmaster killed, say) would otherwise raise an unhandled 'error' and end the process; with
  // this listener the next statement fails, the request gets a 500, and the pool discards the broken client.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
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
  readonly log: Logger
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
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.embeddedPgPort, log: options.log })
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
