import type { Kysely, Transaction } from 'kysely'
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
    .innerJoin('child as c', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('r.child_id', '=', childId), eb('c.id', '=', eb.ref('r.related_child_id'))]),
          eb.and([eb('r.related_child_id', '=', childId), eb('c.id', '=', eb.ref('r.child_id'))]),
        ]),
      ),
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
