/**
 * Runs once the server is up (Playwright starts webServer before globalSetup). Creates this run's own accounts
 * with `together users create`, which attaches to the running server's database (the embedded one through the
 * lock file in the data directory, or DATABASE_URL). The accounts reach the tests through an environment
 * variable, which Playwright's workers inherit.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { RUN_USERS_ENV, togetherBin, togetherEnv, type E2eUser, type RunUsers } from './support/settings.js'

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
  // One at a time: each command briefly opens its own connection pool and checks migrations.
  const users: RunUsers = {
    runId,
    wrongPassword: await createUser(runId, 'wrong-password', 'Wendy Wrong', 'staff'),
    lockOut: await createUser(runId, 'lock-out', 'Lola Locked', 'staff'),
    dsl: await createUser(runId, 'dsl', 'Dana Lead', 'dsl'),
    orgAdmin: await createUser(runId, 'admin', 'Adam Admin', 'org_admin'),
    concernDsl: await createUser(runId, 'concern-dsl', 'Priya Lead', 'dsl'),
  }
  process.env[RUN_USERS_ENV] = JSON.stringify(users)
}
