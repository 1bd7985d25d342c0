/**
 * `together backup` and `together restore` as an operator runs them (the real command, in a child process), on the
 * embedded PostgreSQL or — with DATABASE_URL — on scratch databases of that server: the round trip loses nothing
 * (every table's rows and every sequence compared), the audit chain still verifies, and the refusals hold.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { seedDemoArea } from '../../src/modules/people/steps/seedDemoArea.js'
import { systemClock, type Deps } from '../../src/platform/context.js'
import { appendAudit } from '../../src/platform/audit/auditLog.js'
import { migrateToLatest, openDatabase, type Database } from '../../src/platform/db/database.js'
import { buildApp } from '../../src/app/app.js'
import { createLogger } from '../../src/platform/logging/logger.js'
import { root, runTogether } from '../support/serverProcess.js'

const external = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''
const work = path.join(root, '.tmp', `backup-test-${process.pid}`)
const quiet = createLogger({ level: 'error' })
const PASSWORD = 'Northshire-demo-2026'

/** One database the commands work on: a data directory of its own, or a scratch database on DATABASE_URL. */
interface Place {
  readonly env: NodeJS.ProcessEnv
  open(): Promise<Database>
}

const scratch: string[] = []
function serverUrl(database: string): string {
  const u = new URL(process.env.DATABASE_URL as string)
  u.pathname = `/${database}`
  return u.toString()
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

async function place(name: string): Promise<Place> {
  const dataDir = path.join(work, name)
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 })
  if (!external) {
    return {
      env: { TOGETHER_DATA_DIR: dataDir, DATABASE_URL: undefined },
      open: () => openDatabase({ databaseUrl: undefined, dataDir, embeddedPgPort: 0, log: quiet, mode: 'own' }),
    }
  }
  const database = `together_backup_${name}_${process.pid}`
  await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await adminQuery(`CREATE DATABASE ${database}`)
  scratch.push(database)
  const url = serverUrl(database)
  return {
    env: { TOGETHER_DATA_DIR: dataDir, DATABASE_URL: url },
    open: () => openDatabase({ databaseUrl: url, dataDir, embeddedPgPort: 0, log: quiet, mode: 'own' }),
  }
}

/** Content through the real API, so that every kind of row the service writes is there to be compared. */
async function populate(database: Database): Promise<void> {
  await migrateToLatest(database.db)
  const deps: Deps = {
    db: database.db,
    clock: systemClock,
    settings: {
      demoMode: true,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 10,
      apiTokenMinutes: 60,
      serviceUrl: 'http://localhost:3000',
      sendsEmail: false,
    },
    log: quiet,
  }
  await seedDemoArea(deps, 'backup test')
  const app: FastifyInstance = await buildApp({
    deps,
    cookieSecret: 'backup-test-cookie-secret-which-is-long',
    secureCookies: false,
  })
  await app.ready()
  try {
    const tokens = new Map<string, string>()
    const call = async (email: string, method: 'GET' | 'POST', url: string, payload?: object) => {
      if (!tokens.has(email)) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/token',
          payload: { email, password: PASSWORD },
        })
        tokens.set(email, (res.json() as { token: string }).token)
      }
      const res = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens.get(email) ?? ''}` },
        ...(payload === undefined ? {} : { payload }),
      })
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.json() as Record<string, unknown>
    }
    const teacher = 'teacher@oakfield-primary.example'
    const dsl = 'dsl@oakfield-primary.example'
    const children: string[] = []
    for (const [givenName, familyName, dateOfBirth] of [
      ['Zoë', "O'Brien", '2016-04-01'],
      ['Kacper', 'Wiśniewski', '2014-12-24'],
      ['Aaliyah', 'Patel-Jones', '2019-02-28'],
    ]) {
      children.push(
        (await call(teacher, 'POST', '/api/v1/children', { givenName, familyName, dateOfBirth, sex: 'female' }))
          .id as string,
      )
    }
    const observedAt = new Date(Date.now() - 3_600_000).toISOString()
    const concern = (childIds: string[], extra: object = {}) => ({
      childIds,
      observedAt,
      place: 'Playground — by the gate',
      facts: 'Bruise on the left forearm, about 3cm. She said “Dad grabbed me”. 🙂 <b>not html</b>\nSecond line.',
      childWords: 'He grabbed me',
      categories: ['physical_abuse'],
      immediateDanger: false,
      bodyMap: [{ side: 'front', region: 'left_forearm', description: 'Purple bruise' }],
      ...extra,
    })
    const ids: string[] = []
    for (const c of children) ids.push((await call(teacher, 'POST', '/api/v1/concerns', concern([c]))).id as string)
    ids.push(
      (
        await call(
          teacher,
          'POST',
          '/api/v1/concerns',
          concern(children.slice(0, 2), { categories: ['fgm'], fgmKnown: true }),
        )
      ).id as string,
    )
    const [first, second, third] = ids as [string, string, string]
    await call(dsl, 'GET', '/api/v1/dsl/inbox')
    for (const id of [first, second, third]) await call(dsl, 'POST', `/api/v1/concerns/${id}/acknowledge`)
    await call(dsl, 'POST', `/api/v1/concerns/${first}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Injury with a disclosure naming a parent.',
      parentsAware: 'yes',
      parentalConsent: 'given',
    })
    await call(dsl, 'POST', `/api/v1/concerns/${second}/information-requests`, { text: 'Who else was there?' })
    await call(teacher, 'POST', `/api/v1/concerns/${second}/information`, { text: 'The lunchtime supervisor.' })
    await call(dsl, 'POST', `/api/v1/concerns/${third}/addenda`, { text: 'Spoke to mother on the phone.' })
    await call(dsl, 'GET', `/api/v1/children/${children[0] ?? ''}/chronology`)
    await call('social.worker@northshire-council.example', 'GET', '/api/v1/deadlines')
  } finally {
    await app.close()
  }
}

interface Snapshot {
  readonly tables: Record<string, { rows: number; digest: string }>
  readonly sequences: Record<string, string>
  readonly extensions: string[]
}

/** Every table's row count and a digest of all its rows (in a fixed order), every sequence's position, the extensions. */
async function snapshot(database: Database): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    const tables: Snapshot['tables'] = {}
    const names = (
      await client.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      )
    ).rows.map((r) => r.tablename)
    for (const name of names) {
      const t = client.escapeIdentifier(name)
      const r = (
        await client.query<{ n: string; digest: string }>(
          `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS digest FROM public.${t} x`,
        )
      ).rows[0]
      tables[name] = { rows: Number(r?.n), digest: r?.digest ?? '' }
    }
    const sequences = Object.fromEntries(
      (
        await client.query<{ sequencename: string; last_value: string | null }>(
          `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
        )
      ).rows.map((r) => [r.sequencename, String(r.last_value)]),
    )
    const extensions = (
      await client.query<{ e: string }>(`SELECT extname || ' ' || extversion AS e FROM pg_extension ORDER BY 1`)
    ).rows.map((r) => r.e)
    return { tables, sequences, extensions }
  } finally {
    await client.end()
  }
}

async function snapshotOf(p: Place): Promise<Snapshot> {
  const database = await p.open()
  try {
    return await snapshot(database)
  } finally {
    await database.close()
  }
}

let source: Place
let original: Snapshot
const backupFile = path.join(work, 'together.backup')

before(async () => {
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  source = await place('source')
})

after(async () => {
  if (external) for (const database of scratch) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  fs.rmSync(work, { recursive: true, force: true })
})

describe('backup and restore', () => {
  test('a backup taken while the service runs restores into an empty database with every row, sequence and extension, and its audit chain verifies', async (t) => {
    const running = await source.open()
    try {
      await populate(running)
      original = await snapshot(running)
      // The service holds the database open: the command attaches to it (embedded) or connects beside it.
      const made = await runTogether(['backup', backupFile], source.env)
      assert.equal(made.code, 0, made.stderr)
      assert.match(made.stdout, /Backed up .* \(PostgreSQL \d+\) to .*together\.backup: \d+ tables/)
      t.diagnostic(`backup: ${made.ms.toFixed(0)} ms for the whole command (${made.stdout.trim()})`)
      assert.deepEqual(await snapshot(running), original, 'taking a backup changes nothing')
    } finally {
      await running.close()
    }
    for (const table of [
      'concern',
      'concern_event',
      'referral',
      'deadline',
      'audit_event',
      'notification_outbox',
      'child',
      'app_user',
    ]) {
      assert.ok((original.tables[table]?.rows ?? 0) > 0, `the test has rows in ${table} to compare`)
    }
    const target = await place('target')
    const restored = await runTogether(['restore', backupFile], target.env)
    assert.equal(restored.code, 0, restored.stderr)
    assert.match(restored.stdout, /Audit trail: OK, \d+ entries form an unbroken chain/)
    t.diagnostic(
      `restore: ${restored.ms.toFixed(0)} ms for the whole command (${restored.stdout.trim().split('\n')[0] ?? ''})`,
    )
    const copy = await snapshotOf(target)
    assert.deepEqual(Object.keys(copy.tables), Object.keys(original.tables), 'the same tables')
    for (const [table, figures] of Object.entries(original.tables))
      assert.deepEqual(copy.tables[table], figures, `table ${table}: row count and content`)
    assert.deepEqual(
      copy.sequences,
      original.sequences,
      'sequences carry on where they were (concern and referral references)',
    )
    assert.deepEqual(copy.extensions, original.extensions)
    const verified = await runTogether(['audit', 'verify'], target.env)
    assert.equal(verified.code, 0, verified.stdout + verified.stderr)
    assert.match(verified.stdout, /^OK: /)
  })

  test('a database that is not empty is refused without --replace, and --replace makes it the backup again', async () => {
    const target = await place('replace')
    assert.equal((await runTogether(['restore', backupFile], target.env)).code, 0)
    const changed = await target.open()
    try {
      await changed.db
        .transaction()
        .execute((tx) =>
          appendAudit(
            tx,
            { actorUserId: null, actorOrganisationId: null, actorRoles: [], action: 'test.after_backup' },
            new Date(),
          ),
        )
    } finally {
      await changed.close()
    }
    const refused = await runTogether(['restore', backupFile], target.env)
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /is not empty .* add --replace/)
    assert.notDeepEqual(
      (await snapshotOf(target)).tables.audit_event,
      original.tables.audit_event,
      'the refused restore changed nothing',
    )
    const replaced = await runTogether(['restore', '--replace', backupFile], target.env)
    assert.equal(replaced.code, 0, replaced.stderr)
    assert.match(replaced.stdout, /replacing what was there/)
    assert.deepEqual((await snapshotOf(target)).tables, original.tables)
  })

  test('a restore never runs under a running service', async () => {
    const target = await place('busy')
    const running = await target.open()
    try {
      // Embedded: the service's lock on the data directory; external: its sessions on the database.
      const blocker = new pg.Client({ connectionString: running.url })
      await blocker.connect()
      try {
        const refused = await runTogether(['restore', '--replace', backupFile], target.env)
        assert.equal(refused.code, 1)
        assert.match(
          refused.stderr,
          external
            ? /other session\(s\) are connected .* Stop it first/
            : /Together \(pid \d+\) is running on .* Stop it first/,
        )
      } finally {
        await blocker.end()
      }
      assert.deepEqual(Object.keys((await snapshot(running)).tables), [], 'nothing was restored')
    } finally {
      await running.close()
    }
  })

  test('a file that is not a backup is refused and changes nothing', async () => {
    const target = await place('garbage')
    const junk = path.join(work, 'not-a-backup')
    fs.writeFileSync(junk, 'PGDMP? no: a shopping list\n')
    const refused = await runTogether(['restore', junk], target.env)
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /is not a backup that pg_restore can read/)
    assert.deepEqual(Object.keys((await snapshotOf(target)).tables), [])
  })

  test('backup refuses a pg_dump older than the server and names the package that fixes it; it never overwrites a file', async () => {
    const fake = path.join(work, 'old-client')
    fs.mkdirSync(fake, { recursive: true })
    fs.writeFileSync(path.join(fake, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 14.9"\n', { mode: 0o755 })
    const target = path.join(work, 'old.backup')
    const refused = await runTogether(['backup', target], { ...source.env, TOGETHER_PG_BIN: fake })
    assert.equal(refused.code, 1)
    assert.match(
      refused.stderr,
      /pg_dump \(PostgreSQL\) 14\.9\) is older than the database server \(PostgreSQL (\d+)\).*apt-get install postgresql-client-\1/s,
    )
    assert.ok(!fs.existsSync(target) && !fs.existsSync(`${target}.partial`), 'no file left behind')
    const again = await runTogether(['backup', backupFile], source.env)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /already exists/)
  })
})
