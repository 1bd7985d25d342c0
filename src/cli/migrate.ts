import type { CliIo } from './io.js'
import { withDatabase } from './bootstrap.js'
import { migrateToLatest } from '../platform/db/database.js'

export async function migrate(_args: string[], io: CliIo): Promise<number> {
  return withDatabase('attach', async ({ database }) => {
    // openMigrated already ran them; run again to report what is applied.
    const result = await migrateToLatest(database.db)
    io.out(
      result.results?.length
        ? result.results.map((r) => `${r.migrationName}: ${r.status}`).join('\n')
        : 'The database is up to date.',
    )
    return 0
  })
}
