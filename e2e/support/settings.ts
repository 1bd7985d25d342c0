/**
 * Where the browser journeys find Together: one server on its own port and data directory, so a developer's
 * `npm start` (port 3000, ./data) is never touched.
 */
import fs from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..', '..')
export const port = Number(process.env.TOGETHER_E2E_PORT ?? 3210)
export const baseURL = `http://127.0.0.1:${port}`
/** Deleted before each run on the embedded database; with DATABASE_URL it only holds demo-users.json. */
export const dataDir = path.join(root, '.tmp', 'e2e-data')
/** Where the run's SMTP server (smtp.ts) delivers the mail Together sends: one file per message and recipient. */
export const mailDir = path.join(root, '.tmp', 'e2e-mail')
/** Where the journeys keep each account's signed-in session for the run (see sessions.ts); emptied at each run. */
export const sessionDir = path.join(root, '.tmp', 'e2e-sessions')
export const externalDatabase = (process.env.DATABASE_URL ?? '') !== ''
export const togetherBin = path.join(root, 'bin', 'together')

/** The environment for every `together` command the journeys run (server and CLI alike). */
export function togetherEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Links in emails are absolute, on this address, so a journey can follow them as a person would.
    PUBLIC_URL: baseURL,
    TOGETHER_DATA_DIR: dataDir,
    // Off, so that demo accounts whose role needs one really set up and use an authenticator app.
    TOGETHER_DEMO_MODE: 'off',
    TOGETHER_LOG_LEVEL: 'warn',
  }
}

export interface E2eUser {
  readonly email: string
  readonly password: string
  readonly name: string
  readonly organisation: string
  readonly roles: readonly string[]
}

/** Accounts made afresh for each run (see global-setup.ts), for journeys that change an account's state. */
export interface RunUsers {
  readonly runId: string
  readonly wrongPassword: E2eUser
  readonly lockOut: E2eUser
  readonly dsl: E2eUser
  readonly orgAdmin: E2eUser
  /** Receives, acknowledges and decides the concern in concern.spec.ts. */
  readonly concernDsl: E2eUser
}

export const RUN_USERS_ENV = 'TOGETHER_E2E_RUN_USERS'

export function runUsers(): RunUsers {
  const json = process.env[RUN_USERS_ENV]
  if (json === undefined)
    throw new Error(
      `${RUN_USERS_ENV} is not set: run the journeys with \`npx playwright test\` so that global-setup.ts runs`,
    )
  return JSON.parse(json) as RunUsers
}

/** A seeded Northshire account, read from the demo-users.json the seed writes (as the README tells people to). */
export function demoUser(email: string): E2eUser {
  const users = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-users.json'), 'utf8')) as E2eUser[]
  const user = users.find((u) => u.email === email)
  if (user === undefined) throw new Error(`${email} is not in ${path.join(dataDir, 'demo-users.json')}`)
  return user
}
