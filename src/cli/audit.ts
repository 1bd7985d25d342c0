import { verifyAuditChain } from '../infrastructure/audit/auditLog.js'
import { withDatabase } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'

export async function audit(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'verify' || args.length !== 1) {
    io.err('Usage: together audit verify')
    return USAGE_ERROR
  }
  return withDatabase('attach', async ({ database }) => {
    const result = await verifyAuditChain(database.db)
    if (result.ok) {
      io.out(`OK: the audit trail's ${result.rows} entries form an unbroken chain (last hash ${result.lastHash.slice(0, 16)}…).`)
      return 0
    }
    io.out(`BROKEN at entry ${result.brokenAtSeq}: ${result.problem}. ${result.rows} entries before it verified.`)
    return 1
  })
}
