/**
 * Runs once the server is up (Playwright starts webServer before globalSetup). Creates this run's own accounts
 * with `together users create` and create-accounts.ts, which attach to the running server's database (the
 * embedded one through the lock file in the data directory, or DATABASE_URL). The accounts reach the tests
 * through an environment variable, which Playwright's workers inherit. Also empties the session cache
 * (support/sessions.ts) of any earlier run.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { promisify } from 'node:util'
import { RUN_USERS_ENV, sessionDir, togetherBin, togetherEnv, type E2eUser, type RunUsers } from './support/settings.js'
import { createAccounts } from './support/journeys.js'

const run = promisify(execFile)
const organisation = 'Oakfield Primary School'

async function createUser(runId: string, key: string, name: string, role: string): Promise<E2eUser> {
  const user: E2eUser = {
    email: `e2e-${key}-${runId}@oakfield-primary.example`,
    password: `${runId} correct horse battery staple`,
    name: `${name} ${runId}`,
    organisation,
    roles: [role],
  }
  const args = [
    togetherBin,
    'users',
    'create',
    '--organisation',
    organisation,
    '--email',
    user.email,
    '--name',
    user.name,
    '--role',
    role,
    '--password',
    user.password,
  ]
  try {
    await run(process.execPath, args, { env: togetherEnv() })
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string }
    throw new Error(`together users create ${user.email} failed:\n${stderr ?? ''}${stdout ?? ''}`)
  }
  return user
}

export default async function globalSetup(): Promise<void> {
  const runId = randomBytes(4).toString('hex')
  // Sessions kept by an earlier run belong to its server (and, on the embedded database, to a deleted one).
  fs.rmSync(sessionDir, { recursive: true, force: true })
  // The DSL is made as an administrator would, with `together users create` attached to the running server; the
  // others together in one process (createAccounts: a process per account cost tens of seconds on a loaded machine).
  const staff = { organisation, domain: 'oakfield-primary.example', role: 'staff' }
  const [dsl, [wrongPassword, lockOut, orgAdmin, concernDsl]] = await Promise.all([
    createUser(runId, 'dsl', 'Dana Lead', 'dsl'),
    createAccounts(runId, [
      { key: 'wrong-password', name: 'Wendy Wrong', ...staff },
      { key: 'lock-out', name: 'Lola Locked', ...staff },
      { key: 'admin', name: 'Adam Admin', ...staff, role: 'org_admin' },
      { key: 'concern-dsl', name: 'Priya Lead', ...staff, role: 'dsl' },
    ]),
  ])
  const users: RunUsers = { runId, wrongPassword, lockOut, dsl, orgAdmin, concernDsl }
  process.env[RUN_USERS_ENV] = JSON.stringify(users)
}
