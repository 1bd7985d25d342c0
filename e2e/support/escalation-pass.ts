/**
 * One pass of the DSL's chain (src/modules/concerns/steps/escalateUnacknowledged.ts), as `together serve` runs it
 * every minute, but as if it ran `minutes` from now: the journey cannot wait a working day for a concern to go
 * unacknowledged. It is the service's own pass — the same function, its advisory lock, its queries over every
 * concern in the database — attached to the running server's database like `together users create`; only the
 * clock handed to it is later, as the route tests move theirs (test/routes/workforce.test.ts). What it writes is
 * dated then: the escalation, its audit rows and the emails, which the outbox sends once that time comes (so not
 * during the run), which is why the journey follows the pages rather than the emails.
 *
 * Usage: node --import tsx e2e/support/escalation-pass.ts <minutes from now>
 * Prints the number of concerns it escalated.
 */
import { withDatabase } from '../../src/cli/bootstrap.js'
import { escalateUnacknowledgedConcerns } from '../../src/modules/concerns/steps/escalateUnacknowledged.js'

const minutes = Number(process.argv[2])
if (!Number.isInteger(minutes) || minutes < 0) {
  console.error('usage: escalation-pass.ts <minutes from now>')
  process.exit(2)
}

process.exitCode = await withDatabase('attach', async ({ deps }) => {
  const later = { now: () => new Date(Date.now() + minutes * 60_000) }
  const escalated = await escalateUnacknowledgedConcerns({ ...deps, clock: later })
  process.stdout.write(String(escalated))
  return 0
})
