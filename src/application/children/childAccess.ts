import type { Kysely, Transaction } from 'kysely'
import type { ChildFacts } from '../../domain/access/policy.js'
import type { DB } from '../../infrastructure/db/schema.js'

type Q = Kysely<DB> | Transaction<DB>

/** The facts the access policy needs about one child, from the actor's point of view. */
export async function childFacts(db: Q, childId: string, actorUserId: string): Promise<ChildFacts | undefined> {
  const exists = await db.selectFrom('child').select('id').where('id', '=', childId).executeTakeFirst()
  if (exists === undefined) return undefined
  const involved = await db.selectFrom('involvement').select('organisation_id').distinct().where('child_id', '=', childId).execute()
  const authored = await db
    .selectFrom('concern_child as cc')
    .innerJoin('concern as c', 'c.id', 'cc.concern_id')
    .select('c.id')
    .where('cc.child_id', '=', childId)
    .where('c.author_user_id', '=', actorUserId)
    .limit(1)
    .executeTakeFirst()
  return { involvedOrganisationIds: involved.map((r) => r.organisation_id), actorAuthoredConcern: authored !== undefined }
}

