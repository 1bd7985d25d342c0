import type { Kysely, Transaction } from 'kysely'
import type { ConcernFacts } from '../../access/domain/policy.js'
import type { DB } from '../../../platform/db/schema.js'
import { isUuid } from '../../../platform/shared/ids.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ConcernRow {
  readonly id: string
  readonly reference: string
  readonly organisationId: string
  readonly localAreaId: string
  readonly authorUserId: string
  readonly state: string
  readonly facts: ConcernFacts
}

/** Loads what access decisions need about a concern; `forUpdate` serialises workflow changes to it. */
export async function loadConcern(db: Q, id: string, forUpdate = false): Promise<ConcernRow | undefined> {
  if (!isUuid(id)) return undefined
  let q = db
    .selectFrom('concern')
    .select(['id', 'reference', 'organisation_id', 'local_area_id', 'author_user_id', 'state'])
    .select(({ exists, selectFrom }) =>
      exists(
        selectFrom('concern_escalation as b')
          .select('b.concern_id')
          .whereRef('b.concern_id', '=', 'concern.id')
          .where('b.stage', '=', 'backup')
          .where('b.recipients', '>', 0),
      ).as('reached_backup'),
    )
    .where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  if (r === undefined) return undefined
  return {
    id: r.id,
    reference: r.reference,
    organisationId: r.organisation_id,
    localAreaId: r.local_area_id,
    authorUserId: r.author_user_id,
    state: r.state,
    facts: {
      organisationId: r.organisation_id,
      authorUserId: r.author_user_id,
      reachedBackup: r.reached_backup === true,
    },
  }
}
