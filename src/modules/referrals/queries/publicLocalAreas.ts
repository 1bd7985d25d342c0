import type { Deps } from '../../../platform/context.js'

/**
 * The areas a member of the public can report to: each local area with children's social care in Together.
 * Public information (the same list a council's website gives), so no access check and no audit.
 */
export async function publicLocalAreas(deps: Deps): Promise<{ id: string; name: string }[]> {
  return deps.db
    .selectFrom('local_area as a')
    .select(['a.id', 'a.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('organisation as o')
          .select('o.id')
          .whereRef('o.local_area_id', '=', 'a.id')
          .where('o.kind', '=', 'la_childrens_social_care'),
      ),
    )
    .orderBy('a.name')
    .execute()
}
