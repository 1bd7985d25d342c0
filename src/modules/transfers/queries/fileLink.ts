import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import type { DB } from '../../../platform/db/schema.js'

/** Only the token's hash is kept: the database alone cannot open a file. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/**
 * The emailed link a token names, with its file's reference, as a query to run (or lock first, `forUpdate('l')`).
 * Undefined for anything not shaped like a token the service makes, which is answered without a query.
 */
export function linkByToken(db: Db | Transaction<DB>, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined
  return db
    .selectFrom('file_transfer_link as l')
    .innerJoin('file_transfer as t', 't.id', 'l.transfer_id')
    .select(['l.id', 'l.transfer_id as transferId', 'l.expires_at as expiresAt', 'l.used_at as usedAt', 't.reference'])
    .where('l.token_hash', '=', hashToken(token))
}
