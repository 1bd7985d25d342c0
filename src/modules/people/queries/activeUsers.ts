import type { Kysely } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

/**
 * An organisation's active accounts by name, with their roles: whom a list may offer or name (a deactivated
 * account is left out). Takes a transaction too, so a caller can read them alongside what it locks.
 */
export function activeUsersOf(
  db: Kysely<DB>,
  organisationId: string,
): Promise<{ id: string; display_name: string; roles: string[] }[]> {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'roles'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('display_name')
    .execute()
}
