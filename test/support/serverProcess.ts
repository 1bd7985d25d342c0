/**
 * The real service as a child process (`bin/together serve`), for the crash test and the load benchmark: start it,
 * wait until it serves, find its embedded PostgreSQL, reach that PostgreSQL directly, and run `together` commands
 * against the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..', '..')
const together = path.join(root, 'bin', 'together')

/** Our environment with these changes; a variable set to undefined is removed. */
function environment(changes: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...changes }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return env
}

export interface ServerProcess {
  readonly pid: number
  readonly child: ChildProcess
  /** Resolves when the process has ended (by itself or killed). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** The last lines it wrote (stdout and stderr), for a failure report. */
  output(): string
}

/** Starts `together serve` with these changes to our environment; `nodeArgs` go before the script. */
export function spawnServer(env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = [], ipc = false): ServerProcess {
  const child = spawn(process.execPath, [...nodeArgs, together, 'serve'], {
    cwd: root,
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  })
  const lines: string[] = []
  const spawned = performance.now()
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue
      // When each line came, counted from the spawn: where a slow start spent its time.
      const at = `+${((performance.now() - spawned) / 1000).toFixed(2)}s`
      lines.push(`${at} ${line.length > 400 ? `${line.slice(0, 400)}…` : line}`)
      if (lines.length > 60) lines.shift()
    }
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  if (child.pid === undefined) throw new Error('could not start bin/together serve')
  return { pid: child.pid, child, exited, output: () => lines.join('\n') }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls GET /health until it answers 200; the time it took in ms, or undefined after `timeoutMs`. */
export async function waitServing(
  baseUrl: string,
  timeoutMs: number,
  ready: () => boolean = () => true,
): Promise<number | undefined> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (ready()) {
      try {
        const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_000) })
        await res.arrayBuffer()
        if (res.status === 200) return performance.now() - started
      } catch {
        /* not listening yet */
      }
    }
    await sleep(50)
  }
  return undefined
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Where the embedded cluster of a data directory lives (see chooseClusterDir in embeddedPostgres.ts). */
export function clusterDir(dataDir: string): string {
  const pointer = path.join(dataDir, 'pg-location')
  return fs.existsSync(pointer) ? fs.readFileSync(pointer, 'utf8').trim() : path.join(dataDir, 'pg')
}

/** The pid in the cluster's postmaster.pid, if there is one. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Children of a process (PostgreSQL's backends and auxiliary processes, for the postmaster). */
export function childPids(pid: number): number[] {
  const found: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry))
    } catch {
      /* exited meanwhile */
    }
  }
  return found
}

/** Running, and not a zombie (a killed server's orphans are reaped by whoever adopted them, maybe late). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
  } catch {
    return false
  }
}

/** Connection string of the application database on the embedded PostgreSQL that the running service owns. */
export function embeddedUrl(dataDir: string, database = 'together'): string {
  const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'together.lock'), 'utf8')) as { pgPort?: number }
  if (lock.pgPort === undefined) throw new Error(`the service in ${dataDir} has not started its PostgreSQL yet`)
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim()
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${lock.pgPort}/${database}`
}

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs `together <args>` to completion. */
export async function runTogether(args: readonly string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  const started = performance.now()
  const child = spawn(process.execPath, [together, ...args], {
    cwd: root,
    env: environment(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  child.stdin.end(stdin ?? '')
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)))
  return { code, stdout, stderr, ms: performance.now() - started }
}

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with the same kill moments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
