import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { loadConfig, type Config } from '../config.js'
import { verifyAuditChain, type VerifyResult } from '../platform/audit/auditLog.js'
import { APP_DATABASE, connect, openDatabase, type Database } from '../platform/db/database.js'
import { DataDirectoryInUseError, EmbeddedPostgresError, runningOwner } from '../platform/db/embeddedPostgres.js'
import { migrations } from '../platform/db/migrations/index.js'
import { parseOptions } from './args.js'
import { logFor } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'
import { connectionEnv, findPgTool, PgToolError, type PgTool } from './pgTools.js'

/**
 * `together backup <file>` and `together restore [--replace] <file>`: the whole database (embedded or external) as
 * one pg_dump archive in custom format, and back. Neither runs migrations: a backup is taken of the database as it
 * is, and a restored database is brought up to date by the next `serve`.
 */

class ToolFailed extends Error {}

function runTool(tool: PgTool, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('error', (e) => reject(new ToolFailed(`${path.basename(tool.path)} could not run: ${e.message}`)))
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new ToolFailed(`${path.basename(tool.path)} failed (exit ${String(code)}): ${stderr.trim()}`)),
    )
  })
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}

const serverMajor = (url: string): Promise<number> =>
  withClient(url, async (c) =>
    Math.floor(
      Number((await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]?.v) / 10_000,
    ),
  )

/** Tables, sequences, views and the like outside PostgreSQL's own schemas: 0 for an empty database. */
const userObjects = (url: string): Promise<number> =>
  withClient(url, async (c) =>
    Number(
      (
        await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_class k JOIN pg_namespace s ON s.oid = k.relnamespace
            WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%' AND s.nspname NOT LIKE 'pg\\_temp%'`,
        )
      ).rows[0]?.n,
    ),
  )

/** Other sessions on the database: on an external PostgreSQL, the way to tell that the service is running. */
const otherSessions = (url: string): Promise<number> =>
  withClient(url, async (c) =>
    Number(
      (
        await c.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        )
      ).rows[0]?.n,
    ),
  )

function describeDatabase(config: Config): string {
  if (config.databaseUrl === undefined) return `the embedded PostgreSQL in ${config.dataDir}`
  const u = new URL(config.databaseUrl)
  return `${u.pathname.slice(1)} on ${u.host}`
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`

async function open(config: Config, mode: 'own' | 'attach', io: CliIo): Promise<Database | undefined> {
  try {
    return await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      embeddedPgPort: config.embeddedPgPort,
      log: logFor(config),
      mode,
      poolSize: 2,
    })
  } catch (e) {
    if (e instanceof DataDirectoryInUseError || e instanceof EmbeddedPostgresError) {
      io.err(e.message)
      return undefined
    }
    throw e
  }
}

function failure(e: unknown, io: CliIo): number {
  if (e instanceof PgToolError || e instanceof ToolFailed) {
    io.err(e.message)
    return 1
  }
  throw e
}

const tableCount = (listing: string) => listing.split('\n').filter((l) => / TABLE DATA /.test(l)).length

export async function backup(args: string[], io: CliIo): Promise<number> {
  const { options, positional, problems } = parseOptions(args)
  if (problems.length > 0 || options.size > 0 || positional.length !== 1) {
    io.err('Usage: together backup <file>')
    return USAGE_ERROR
  }
  const file = path.resolve(positional[0] as string)
  if (fs.existsSync(file)) {
    io.err(
      `${file} already exists. A backup never overwrites a file: choose another name, or move the old one away first.`,
    )
    return 1
  }
  if (!fs.existsSync(path.dirname(file))) {
    io.err(`The directory ${path.dirname(file)} does not exist.`)
    return 1
  }
  const config = loadConfig()
  if (config.databaseUrl === undefined && !fs.existsSync(path.join(config.dataDir, 'pg-password'))) {
    io.err(
      `There is no database in ${config.dataDir} to back up. Set TOGETHER_DATA_DIR to the service's data directory, or DATABASE_URL for an external PostgreSQL.`,
    )
    return 1
  }
  // A running service keeps running: pg_dump reads one consistent snapshot while it works.
  const database = await open(config, 'attach', io)
  if (database === undefined) return 1
  const partial = `${file}.partial`
  try {
    const major = await serverMajor(database.url)
    const pgDump = await findPgTool('pg_dump', major)
    const pgRestore = await findPgTool('pg_restore', major)
    const { dbname, env } = connectionEnv(database.url)
    const started = performance.now()
    await runTool(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`], env)
    // Read the archive back before calling it a backup.
    const tables = tableCount(await runTool(pgRestore, ['--list', partial]))
    fs.renameSync(partial, file)
    io.out(
      `Backed up ${describeDatabase(config)} (PostgreSQL ${major}) to ${file}: ${tables} tables, ${megabytes(fs.statSync(file).size)}, in ${seconds(started)} (${pgDump.version}).`,
    )
    return 0
  } catch (e) {
    fs.rmSync(partial, { force: true })
    return failure(e, io)
  } finally {
    await database.close()
  }
}

function reportChain(result: VerifyResult, io: CliIo): number {
  if (result.ok) {
    io.out(
      `Audit trail: OK, ${result.rows} entries form an unbroken chain (last hash ${result.lastHash.slice(0, 16)}…).`,
    )
    return 0
  }
  io.err(`Audit trail: BROKEN at entry ${result.brokenAtSeq}: ${result.problem}.`)
  return 1
}

async function verifyAt(url: string): Promise<VerifyResult> {
  const db = connect(url, 2)
  try {
    return await verifyAuditChain(db)
  } finally {
    await db.destroy()
  }
}

/** Says whether the restored schema is older than this version (the next start migrates it) or newer (it cannot). */
async function reportSchema(url: string, io: CliIo): Promise<void> {
  const applied = await withClient(url, async (c) => {
    const exists = (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'schema_migration'`)).rowCount !== 0
    return exists ? (await c.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name) : []
  })
  const unknown = applied.filter((name) => !(name in migrations))
  const pending = Object.keys(migrations).filter((name) => !applied.includes(name))
  if (unknown.length > 0)
    io.err(
      `Warning: the backup comes from a newer version of Together (migrations ${unknown.join(', ')} are unknown here). Run that version against it.`,
    )
  else if (pending.length > 0)
    io.out(
      `The backup predates ${pending.length} migration(s); the next \`together serve\` or \`together migrate\` applies them.`,
    )
}

function serverUrl(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export async function restore(args: string[], io: CliIo): Promise<number> {
  const { options, positional, problems } = parseOptions(args, ['replace'])
  const replace = options.has('replace')
  if (problems.length > 0 || positional.length !== 1 || [...options.keys()].some((k) => k !== 'replace')) {
    io.err('Usage: together restore [--replace] <file>')
    return USAGE_ERROR
  }
  const file = path.resolve(positional[0] as string)
  if (!fs.existsSync(file)) {
    io.err(`There is no file ${file}.`)
    return 1
  }
  const config = loadConfig()
  const embedded = config.databaseUrl === undefined
  if (embedded) {
    const owner = runningOwner(config.dataDir)
    if (owner !== undefined) {
      io.err(
        `Together (pid ${owner.pid}) is running on ${config.dataDir}. Stop it first: a restore must never change the database under a running service.`,
      )
      return 1
    }
  }
  // 'own' takes the data directory's lock, so the service cannot start while the restore runs.
  const database = await open(config, 'own', io)
  if (database === undefined) return 1
  try {
    const major = await serverMajor(database.url)
    const pgRestore = await findPgTool('pg_restore', major)
    try {
      await runTool(pgRestore, ['--list', file])
    } catch (e) {
      io.err(
        `${file} is not a backup that pg_restore can read (make one with \`together backup\`). ${e instanceof Error ? e.message : String(e)}`,
      )
      return 1
    }
    if (!embedded) {
      const others = await otherSessions(database.url)
      if (others > 0) {
        io.err(
          `${others} other session(s) are connected to ${describeDatabase(config)}; is the service running? Stop it first: a restore must never change the database under a running service.`,
        )
        return 1
      }
    }
    const objects = await userObjects(database.url)
    if (objects > 0 && !replace) {
      io.err(
        `The database (${describeDatabase(config)}) is not empty (${objects} tables, sequences and other objects). Restore into an empty database, or add --replace to replace everything in it with the backup.`,
      )
      return 1
    }
    const started = performance.now()
    const restoreArgs = ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges']
    let target = database.url
    if (embedded) {
      // Restore beside the current database and swap only once the copy is complete and its audit chain verifies:
      // a failed restore leaves the current database as it was.
      const staging = `${APP_DATABASE}_restoring`
      const admin = serverUrl(database.url, 'postgres')
      await withClient(admin, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
        await c.query(`CREATE DATABASE ${staging}`)
      })
      const stagingUrl = serverUrl(database.url, staging)
      const { dbname, env } = connectionEnv(stagingUrl)
      try {
        await runTool(pgRestore, [...restoreArgs, `--dbname=${dbname}`, file], env)
        const chain = await verifyAt(stagingUrl)
        if (!chain.ok) {
          reportChain(chain, io)
          io.err(`Nothing was changed: the backup's audit trail does not verify.`)
          return 1
        }
      } catch (e) {
        await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`))
        throw e
      }
      await database.db.destroy()
      await withClient(admin, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${APP_DATABASE} WITH (FORCE)`)
        await c.query(`ALTER DATABASE ${staging} RENAME TO ${APP_DATABASE}`)
      })
      target = serverUrl(database.url, APP_DATABASE)
    } else {
      // One transaction: if anything fails, the database is left as it was. --clean drops the backup's objects
      // before re-creating them; objects the backup does not have (from a newer schema) make it fail instead.
      const { dbname, env } = connectionEnv(database.url)
      await runTool(
        pgRestore,
        [...restoreArgs, ...(objects > 0 ? ['--clean', '--if-exists'] : []), `--dbname=${dbname}`, file],
        env,
      )
    }
    io.out(
      `Restored ${file} into ${describeDatabase(config)}${objects > 0 ? ', replacing what was there' : ''}, in ${seconds(started)} (${pgRestore.version}).`,
    )
    await reportSchema(target, io)
    return reportChain(await verifyAt(target), io)
  } catch (e) {
    return failure(e, io)
  } finally {
    await database.close()
  }
}
