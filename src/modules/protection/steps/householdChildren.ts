import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * The other children a conference must consider (Working Together: all children in the household): the
 * child's recorded relationships to other children, in either direction.
 */
export async function householdChildren(
  db: Q,
  childId: string,
): Promise<{ id: string; name: string; dateOfBirth: string | null; relationship: string; sameHousehold: boolean }[]> {
  const rows = await db
    .selectFrom('child_relationship as r')
    // The other child as known now, looked up by id (see childCurrentOf for why not a plain join).
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('child_current')
          .selectAll('child_current')
          .where(
            'child_current.id',
            '=',
            sql<string>`CASE WHEN r.child_id = ${childId} THEN r.related_child_id ELSE r.child_id END`,
          )
          .limit(1)
          .as('c'),
      (j) => j.onTrue(),
    )
    .select(['c.id', 'c.given_name', 'c.family_name', 'c.date_of_birth', 'r.relationship', 'r.same_household'])
    .where((eb) => eb.or([eb('r.child_id', '=', childId), eb('r.related_child_id', '=', childId)]))
    .orderBy('c.date_of_birth')
    .execute()
  const seen = new Set<string>()
  return rows.flatMap((r) => {
    if (seen.has(r.id) || r.id === childId) return []
    seen.add(r.id)
    return [
      {
        id: r.id,
        name: `${r.given_name} ${r.family_name}`,
        dateOfBirth: r.date_of_birth,
        relationship: r.relationship,
        sameHousehold: r.same_household,
      },
    ]
  })
}
