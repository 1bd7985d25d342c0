/**
 * Creates several accounts in one process, attached to the running server's database, with the same step
 * (people/steps/createUser) that `together users create` runs. One `together users create` per account cost a
 * whole process start (tsx, the module graph, a connection pool, the migration check) each: tens of seconds per
 * spec on a loaded machine. journeys.ts `createAccounts` runs this.
 *
 * Usage: node --import tsx e2e/support/create-accounts.ts '<json: E2eUser[]>'
 */
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { operatorName, withDatabase } from '../../src/cli/bootstrap.js'
import { isRole } from '../../src/platform/identity/roles.js'
import type { E2eUser } from './settings.js'

const users = JSON.parse(process.argv[2] ?? '[]') as E2eUser[]
process.exitCode = await withDatabase('attach', async ({ deps }) => {
  for (const u of users) {
    const unknown = u.roles.filter((r) => !isRole(r))
    if (unknown.length > 0) throw new Error(`${u.email}: unknown role ${unknown.join(', ')}`)
    const made = await createUser(deps, {
      organisation: u.organisation,
      email: u.email,
      displayName: u.name,
      roles: u.roles.filter(isRole),
      password: u.password,
      operator: operatorName(),
    })
    if (!made.ok) throw new Error(`${u.email}: ${made.error.message}`)
  }
  return 0
})
