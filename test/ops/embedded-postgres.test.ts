/**
 * The embedded PostgreSQL's start-up after something went wrong: a cluster of another major version, a lock left
 * by a process whose pid now belongs to someone else, and a postmaster killed under a running service.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import {
  DataDirectoryInUseError,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from '../../src/platform/db/embeddedPostgres.js'
import { isAlive, root, sleep } from '../support/serverProcess.js'
import { captureLog } from '../support/captureLog.js'

const work = path.join(root, '.tmp', `embedded-test-${process.pid}`)
const { log, messages } = captureLog('info')

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
}

function startTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
}

function postgresIds(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  const [, , uid, gid] = (line ?? '').split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

before(() => fs.mkdirSync(work, { recursive: true }))
after(() => fs.rmSync(work, { recursive: true, force: true }))

describe('the embedded PostgreSQL', () => {
  test('refuses a cluster made by another major version, names the way out and leaves it untouched', async () => {
    const dataDir = path.join(work, 'old-major')
    fs.mkdirSync(path.join(dataDir, 'pg', 'base'), { recursive: true })
    fs.writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '18\n')
    fs.writeFileSync(path.join(dataDir, 'pg', 'base', 'precious'), 'rows')
    const before = listing(dataDir)
    await assert.rejects(
      startEmbeddedPostgres({ dataDir, port: 0, log }),
      (e: unknown) =>
        e instanceof EmbeddedPostgresError &&
        /made by PostgreSQL 18, but this version of Together runs PostgreSQL \d+/.test(e.message) &&
        /pg_dump/.test(e.message) &&
        /remove .*old-major\/pg/.test(e.message),
    )
    assert.deepEqual(
      listing(dataDir).filter((f) => f !== 'pg-password'),
      before.filter((f) => f !== 'pg-password'),
      'nothing in the cluster changed',
    )
    assert.equal(fs.readFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8'), '18\n')
    assert.ok(!fs.existsSync(path.join(dataDir, 'together.lock')), 'the lock is released')
  })

  test('a lock whose pid now belongs to another process is stale; a lock held by a live owner is not', async () => {
    const dataDir = path.join(work, 'recycled-pid')
    fs.mkdirSync(dataDir, { recursive: true })
    const other = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      const pid = other.pid as number
      // The owner that wrote this lock started at another moment: the pid was handed on after it died.
      fs.writeFileSync(
        path.join(dataDir, 'together.lock'),
        JSON.stringify({ pid, pidStartTicks: startTicks(pid) - 1, startedAt: new Date().toISOString() }),
      )
      const server = await startEmbeddedPostgres({ dataDir, port: 0, log })
      await server.stop()
      fs.writeFileSync(
        path.join(dataDir, 'together.lock'),
        JSON.stringify({ pid, pidStartTicks: startTicks(pid), startedAt: new Date().toISOString() }),
      )
      await assert.rejects(
        startEmbeddedPostgres({ dataDir, port: 0, log }),
        (e: unknown) => e instanceof DataDirectoryInUseError && e.message.includes(`pid ${pid}`),
      )
    } finally {
      other.kill()
    }
  })

  test('a postmaster.pid naming a pid that now belongs to another process does not stop the start', async () => {
    const dataDir = path.join(work, 'recycled-postmaster-pid')
    const first = await startEmbeddedPostgres({ dataDir, port: 0, log })
    await first.stop()
    // PostgreSQL runs as "postgres" when we are root; only a process of its own user fools its kill(pid, 0) check.
    const asPostgres = process.getuid?.() === 0 ? postgresIds() : {}
    const other = spawn('sleep', ['60'], { stdio: 'ignore', ...asPostgres })
    try {
      fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), `${other.pid ?? 0}\n${path.join(dataDir, 'pg')}\n`)
      const again = await startEmbeddedPostgres({ dataDir, port: 0, log })
      assert.notEqual(again.postmasterPid(), other.pid)
      await again.stop()
      assert.ok(isAlive(other.pid as number), 'the other process was left alone')
    } finally {
      other.kill()
    }
  })

  test('a postmaster killed under a running service is started again on the same port, with every committed row', async () => {
    const dataDir = path.join(work, 'killed-postmaster')
    const server = await startEmbeddedPostgres({ dataDir, port: 0, log })
    try {
      const url = server.url('postgres')
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query('CREATE TABLE kept (n int)')
      await client.query('INSERT INTO kept SELECT generate_series(1, 1000)')
      await client.end().catch(() => undefined)
      const killed = server.postmasterPid() as number
      process.kill(killed, 'SIGKILL')
      const started = performance.now()
      while (
        (server.postmasterPid() === killed ||
          server.postmasterPid() === undefined ||
          !isAlive(server.postmasterPid() ?? -1)) &&
        performance.now() - started < 20_000
      )
        await sleep(50)
      assert.notEqual(server.postmasterPid(), killed, 'a new postmaster')
      let rows: number | undefined
      while (rows === undefined && performance.now() - started < 20_000) {
        const again = new pg.Client({ connectionString: url })
        again.on('error', () => undefined)
        try {
          await again.connect()
          rows = Number((await again.query<{ n: string }>('SELECT count(*) AS n FROM kept')).rows[0]?.n)
        } catch {
          await sleep(100) // still recovering
        } finally {
          await again.end().catch(() => undefined)
        }
      }
      assert.equal(rows, 1000)
      assert.ok(
        messages().some((m) => /ended unexpectedly \(SIGKILL\); restarting it/.test(m)),
        'the log says what happened',
      )
    } finally {
      await server.stop()
    }
    assert.ok(!fs.existsSync(path.join(dataDir, 'together.lock')))
  })
})
