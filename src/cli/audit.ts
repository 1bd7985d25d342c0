import { sealAll, verifyAuditChain } from '../platform/audit/auditLog.js'
import { withDatabase } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'

const USAGE = 'Usage: together audit verify | together audit seal'

/**
 * `audit verify` checks the hash chain and says how many entries are not sealed yet (the running service seals
 * them within about a second of commit; a stopped one seals them when it next starts). `audit seal` seals them
 * now, for when the service is not running.
 */
export async function audit(args: string[], io: CliIo): Promise<number> {
  if ((args[0] !== 'verify' && args[0] !== 'seal') || args.length !== 1) {
    io.err(USAGE)
    return USAGE_ERROR
  }
  return withDatabase('attach', async ({ database }) => {
    if (args[0] === 'seal') {
      const sealed = await sealAll(database.db)
      io.out(`Sealed ${sealed} audit ${sealed === 1 ? 'entry' : 'entries'}.`)
      return 0
    }
    const result = await verifyAuditChain(database.db)
    const unsealed =
      result.unsealed === 0
        ? 'Every entry is sealed.'
        : `${result.unsealed} newer ${result.unsealed === 1 ? 'entry is' : 'entries are'} not sealed yet (the running service seals them shortly after they commit; \`together audit seal\` does it now).`
    if (result.ok) {
      io.out(
        `OK: the audit trail's ${result.rows} sealed entries form an unbroken chain (last hash ${result.lastHash.slice(0, 16)}…). ${unsealed}`,
      )
      return 0
    }
    io.out(
      `BROKEN at entry ${result.brokenAtSeq}: ${result.problem}. ${result.rows} entries before it verified. ${unsealed}`,
    )
    return 1
  })
}
