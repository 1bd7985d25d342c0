import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * PostgreSQL's own client programs (pg_dump, pg_restore) for `together backup` and `together restore`. The embedded
 * PostgreSQL ships only its server, so they come from the machine: TOGETHER_PG_BIN if set, else every copy on PATH
 * and in /usr/lib/postgresql/<major>/bin (Debian and Ubuntu), the newest first. pg_dump refuses a server newer than
 * itself, so a tool older than the server is refused here first, with the package that fixes it.
 */

export type PgToolName = 'pg_dump' | 'pg_restore'

export interface PgTool {
  readonly path: string
  readonly major: number
  /** What `--version` printed, e.g. "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
  readonly version: string
}

export class PgToolError extends Error {}

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** Where to look, in order of preference before versions are compared. */
export function candidatePaths(name: PgToolName, env: NodeJS.ProcessEnv): string[] {
  const pinned = env.TOGETHER_PG_BIN
  if (pinned !== undefined && pinned !== '') return [path.join(pinned, name)]
  const debian = '/usr/lib/postgresql'
  const versioned = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(debian, v, 'bin', name))
    : []
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((d) => d !== '')
    .map((d) => path.join(d, name))
  // Debian's /usr/bin/pg_dump is a wrapper that picks a version itself; on a tie the versioned binary comes first.
  return [...new Set([...versioned, ...onPath])].filter(isExecutable)
}

const run = (file: string, args: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(file, args, { timeout: 10_000 }, (e, stdout) => (e === null ? resolve(stdout) : reject(e))),
  )

export async function describeTool(file: string): Promise<PgTool | undefined> {
  try {
    const version = (await run(file, ['--version'])).trim()
    const major = /\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1]
    return major === undefined ? undefined : { path: file, major: Number(major), version }
  } catch {
    return undefined
  }
}

const fix = (name: PgToolName, serverMajor: number): string =>
  `Install the PostgreSQL ${serverMajor} client programs (on Debian or Ubuntu: \`apt-get install postgresql-client-${serverMajor}\`; ` +
  `if your release does not carry that version, it is on apt.postgresql.org), or set TOGETHER_PG_BIN to the directory holding a ${name} of version ${serverMajor} or later.`

/** The newest copy of the tool, which must be at least the server's major version. */
export async function findPgTool(
  name: PgToolName,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PgTool> {
  const paths = candidatePaths(name, env)
  const where = env.TOGETHER_PG_BIN
    ? `in TOGETHER_PG_BIN (${env.TOGETHER_PG_BIN})`
    : 'on PATH or in /usr/lib/postgresql/*/bin'
  const tools = (await Promise.all(paths.map(describeTool)))
    .filter((t): t is PgTool => t !== undefined)
    .sort((a, b) => b.major - a.major)
  const best = tools[0]
  if (best === undefined) throw new PgToolError(`No ${name} found ${where}. ${fix(name, serverMajor)}`)
  if (best.major < serverMajor) {
    throw new PgToolError(
      `The newest ${name} found (${best.path}: ${best.version}) is older than the database server (PostgreSQL ${serverMajor}), ` +
        `and ${name} cannot work with a newer server. ${fix(name, serverMajor)}`,
    )
  }
  return best
}

/**
 * The tools take the connection from the environment (PG* variables) so that the password never appears on a
 * command line, where other users of the machine could read it.
 */
export function connectionEnv(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  u.password = ''
  return { dbname: u.toString(), env: password === '' ? {} : { PGPASSWORD: password } }
}
