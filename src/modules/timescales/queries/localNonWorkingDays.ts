import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

/**
 * The local area's own non-working days in force, for the caller to choose what it reads (a removed day keeps its
 * row, with `removed_at`, so the calendar's history stays).
 */
export const localNonWorkingDays = (db: Kysely<DB> | Transaction<DB>, localAreaId: string) =>
  db.selectFrom('local_non_working_day').where('local_area_id', '=', localAreaId).where('removed_at', 'is', null)
