/**
 * Opens a case for a browser journey, the way test/support/protectionFixtures.ts does for the route tests (a
 * school DSL's referral through the DSL-decision path, then the real front-door engine), on the running
 * server's database: it attaches as every `together` command does. Prints the case as JSON on stdout.
 *
 *   node --import tsx e2e/support/protection-case.ts <outcome> <given name> <family name>
 */
import { withDatabase } from '../../src/cli/bootstrap.js'
import { caseAfterFrontDoor } from '../../test/support/protectionFixtures.js'

const [outcome = 'strategy_discussion', givenName = 'Amira', familyName = 'Okafor'] = process.argv.slice(2)
const code = await withDatabase('attach', async ({ deps }) => {
  const kase = await caseAfterFrontDoor(deps, { outcome, givenName, familyName, sibling: true })
  process.stdout.write(`${JSON.stringify(kase)}\n`)
  return 0
})
process.exit(code)
