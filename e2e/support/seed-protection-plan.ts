/**
 * Data for protection-check.spec.ts, made by the same code as the route tests' fixture (the concern use cases,
 * then openEpisode and takeEpisodeStep for every step) in the running server's database: this run's police
 * officer and front door worker, and a child with a current child protection plan. Run as its own process, like
 * `together users create`, attached to the server's database.
 *
 * Usage: node --import tsx e2e/support/seed-protection-plan.ts '<json: { users, child }>'
 * Prints { childId, phone } (the local authority's front door phone, or null when it has none recorded).
 */
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { operatorName, withDatabase } from '../../src/cli/bootstrap.js'
import { isRole } from '../../src/platform/identity/roles.js'
import { caseWithPlan, NORTHSHIRE, type ChildDetails } from '../../test/support/caseloadFixtures.js'
import type { E2eUser } from './settings.js'

const input = JSON.parse(process.argv[2] ?? '{}') as { users?: E2eUser[]; child?: ChildDetails }
if (input.child === undefined || input.users === undefined) {
  console.error('usage: seed-protection-plan.ts \'{"users":[...],"child":{...}}\'')
  process.exit(2)
}
const { child, users } = input

process.exitCode = await withDatabase('attach', async ({ deps }) => {
  for (const u of users) {
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
  // Real time passes between the steps; the fixture's clock needs no moving.
  const made = await caseWithPlan({ deps, clock: { now: () => deps.clock.now(), advance: () => undefined } }, child)
  const la = await deps.db
    .selectFrom('organisation')
    .select('contact_phone')
    .where('name', '=', NORTHSHIRE.la)
    .executeTakeFirstOrThrow()
  process.stdout.write(JSON.stringify({ childId: made.childId, phone: la.contact_phone }))
  return 0
})
