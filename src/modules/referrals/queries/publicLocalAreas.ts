import type { Deps } from '../../../platform/context.js'

/**
 * The areas a member of the public can report to: each local area with children's social care in Together, and
 * the number its children's services give the public (the local authority's contact number; NULL when not
 * recorded). Public information (the same list a council's website gives), so no access check and no audit.
 */
export async function publicLocalAreas(deps: Deps): Promise<{ id: string; name: string; phone: string | null }[]> {
  const rows = await deps.db
    .selectFrom('local_area as a')
    .innerJoin('organisation as o', (join) =>
      join.onRef('o.local_area_id', '=', 'a.id').on('o.kind', '=', 'la_childrens_social_care'),
    )
    .select(['a.id', 'a.name', 'o.contact_phone'])
    .orderBy('a.name')
    .orderBy('o.created_at')
    .execute()
  // One row per area: an area with two children's social care organisations shows the first one's number.
  const seen = new Map<string, { id: string; name: string; phone: string | null }>()
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, { id: r.id, name: r.name, phone: r.contact_phone })
  return [...seen.values()]
}
