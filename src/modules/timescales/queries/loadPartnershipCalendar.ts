import type { PartnershipTimescales } from '../domain/partnership.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { loadConfig } from '../../../config.js'
import { createLogger } from '../../../platform/logging/logger.js'
import { migrateToLatest, openDatabase } from '../../../platform/db/database.js'
import { loadPartnershipTimescalesFrom } from '../steps/partnershipClock.js'
import { isUuid } from '../../../platform/shared/ids.js'

/**
 * For `together timescale due --partnership <id>`: a one-shot read of a partnership's local timescales and
 * extra non-working days. The id is the local area's id or its name (e.g. "Northshire").
 */
export async function loadPartnershipTimescales(
  partnershipId: string,
): Promise<Result<PartnershipTimescales, DomainError>> {
  const config = loadConfig()
  // Only warnings and errors: `timescale due` is for scripts, which want its one line and nothing else.
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, format: config.logFormat })
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    log,
    mode: 'attach',
    poolSize: 1,
  })
  try {
    await migrateToLatest(database.db)
    const area = await database.db
      .selectFrom('local_area')
      .select('id')
      .where((eb) =>
        isUuid(partnershipId)
          ? eb('id', '=', partnershipId)
          : eb(eb.fn('lower', ['name']), '=', partnershipId.toLowerCase()),
      )
      .executeTakeFirst()
    if (area === undefined)
      return err(domainError('PARTNERSHIP.NOT_FOUND', `There is no safeguarding partnership "${partnershipId}"`))
    return ok(await loadPartnershipTimescalesFrom(database.db, area.id))
  } finally {
    await database.close()
  }
}
