/**
 * Runs the route and integration tests against one real PostgreSQL for the whole run: the embedded one by
 * default, or the server in DATABASE_URL. A template database is migrated once; each test file clones it
 * (CREATE DATABASE ... TEMPLATE), so files run in parallel without seeing each other's rows.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { connect, migrateToLatest } from '../src/platform/db/database.js'
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/platform/db/embeddedPostgres.js'
import { createLogger } from '../src/platform/logging/logger.js'

const root = path.resolve(import.meta.dirname, '..')
const quiet = createLogger({ level: 'warn' })

function serverUrl(base: string, database: string): string {
  const u = new URL(base)
  u.pathname = `/${database}`
  return u.toString()
}

async function main(): Promise<number> {
  let embedded: EmbeddedServer | undefined
  let base: string
  const tmpDir = path.join(root, '.tmp', `route-tests-${process.pid}`)
  if (process.env.DATABASE_URL) {
    base = process.env.DATABASE_URL
    console.log(`route tests: external PostgreSQL (${new URL(base).host})`)
  } else {
    fs.mkdirSync(path.dirname(tmpDir), { recursive: true, mode: 0o711 })
    embedded = await startEmbeddedPostgres({ dataDir: tmpDir, port: 0, log: quiet })
    base = embedded.url('postgres')
    console.log(`route tests: embedded PostgreSQL on port ${embedded.port}`)
  }
  const template = `together_tmpl_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl(base, 'postgres') })
  await admin.connect()
  let code = 1
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`)
    await admin.query(`CREATE DATABASE ${template}`)
    const db = connect(serverUrl(base, template), 2)
    await migrateToLatest(db)
    await db.destroy()
    const files =
      process.argv.slice(2).length > 0
        ? process.argv.slice(2)
        : fs
            .readdirSync(path.join(root, 'test', 'routes'))
            .filter((f) => f.endsWith('.test.ts'))
            // The developer loop (`npm run test:fast`) leaves out the access matrix and hostile-input runs, which
            // take most of the time; `npm test` keeps everything.
            .filter((f) => process.env.TOGETHER_SKIP_MATRIX !== '1' || !/^access-matrix|hostile/.test(f))
            .sort()
            .map((f) => path.join('test', 'routes', f))
    code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
        {
          cwd: root,
          stdio: 'inherit',
          env: {
            ...process.env,
            TOGETHER_TEST_SERVER_URL: base,
            TOGETHER_TEST_TEMPLATE: template,
            TOGETHER_TEST_RUN_ID: String(process.pid),
            DATABASE_URL: '',
          },
        },
      )
      child.on('exit', (c) => resolve(c ?? 1))
    })
  } finally {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'together_t_${process.pid}_%' OR datname = $1`,
      [template],
    )
    for (const { datname } of leftovers.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`)
    await admin.end()
    if (embedded !== undefined) {
      await embedded.stop()
      fs.rmSync(tmpDir, { recursive: true, force: true })
    }
  }
  return code
}

process.exit(await main())
