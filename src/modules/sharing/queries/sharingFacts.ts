import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { DEFAULT_SHARING_SETTINGS, type SharingSettings } from '../domain/settings.js'

type Q = Kysely<DB> | Transaction<DB>

/** Whether an organisation is involved with a child (any reason: it recorded a concern, was shared with, …). */
export async function involvedWithChild(db: Q, childId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('involvement')
    .select('child_id')
    .where('child_id', '=', childId)
    .where('organisation_id', '=', organisationId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The partnership's settings for this module in a local area, or the defaults when it has set none. */
export async function sharingSettings(db: Q, localAreaId: string): Promise<SharingSettings> {
  const row = await db
    .selectFrom('sharing_setting')
    .select(['open_record_hours', 'section_16la_in_force'])
    .where('local_area_id', '=', localAreaId)
    .executeTakeFirst()
  return row === undefined
    ? DEFAULT_SHARING_SETTINGS
    : { openRecordHours: row.open_record_hours, section16LaInForce: row.section_16la_in_force }
}
