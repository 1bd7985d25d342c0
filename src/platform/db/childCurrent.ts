import { sql, type AliasedRawBuilder, type Selectable } from 'kysely'
import type { ChildCurrentView } from './schema.js'

/**
 * The child as known now (child_current, migration 0014), for a lateral join on a child id from the outer query:
 * `.innerJoinLateral(childCurrentOf('e.child_id', 'ch'), (j) => j.onTrue())`.
 * Why not a plain join on child_current.id: the view is a UNION ALL whose parts PostgreSQL cannot look up by a join
 * condition, so it reads (and hashes) every child in the database for a page of fifty. The lateral subquery's own
 * condition (kept apart by LIMIT 1) goes down into both parts, so each row is two primary-key lookups.
 */
export function childCurrentOf<A extends string>(
  childId: `${string}.${string}`,
  alias: A,
): AliasedRawBuilder<Selectable<ChildCurrentView>, A> {
  return sql<
    Selectable<ChildCurrentView>
  >`(SELECT * FROM child_current WHERE child_current.id = ${sql.ref(childId)} LIMIT 1)`.as(alias)
}
