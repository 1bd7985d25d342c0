/**
 * Family help's rows for the partnership's agreed data set (issue 13): one row per child in the family for each
 * episode opened, closed, stepped up to children's social care, or opened by a step-down from it. The partnership
 * module aggregates them with the same breakdowns and suppression as its other measures; only counts leave there.
 *
 * Columns, as every data-set basis yields them: event_on (date), child_id, category (text), org_kind (the kind of
 * organisation that acted), num (whether the row counts in the numerator; always true for a count).
 */
import { labelOf } from '../../../platform/shared/wordList.js'
import { sql, type RawBuilder } from 'kysely'
import { closureReasonLabels, episodeOriginLabels } from '../domain/codes.js'

export type FamilyHelpDataSetEvent = 'opened' | 'closed' | 'stepped_up' | 'stepped_down'

/** The children of an episode: family members recorded as children with a child record. */
const children = sql`JOIN family_help_member m ON m.episode_id = e.id AND m.child_id IS NOT NULL`

export function familyHelpDataSetRows(event: FamilyHelpDataSetEvent, localAreaId: string): RawBuilder<unknown> {
  switch (event) {
    case 'opened':
      return sql`
        SELECT e.opened_on AS event_on, m.child_id, e.origin AS category, o.kind AS org_kind, true AS num
        FROM family_help_episode e ${children} JOIN organisation o ON o.id = e.opened_by_organisation_id
        WHERE e.local_area_id = ${localAreaId}`
    case 'stepped_down':
      return sql`
        SELECT e.opened_on AS event_on, m.child_id, NULL::text AS category, o.kind AS org_kind, true AS num
        FROM family_help_episode e ${children} JOIN organisation o ON o.id = e.opened_by_organisation_id
        WHERE e.local_area_id = ${localAreaId} AND e.origin = 'step_down'`
    case 'closed':
      // The lead practitioner's organisation, or the coordinating one for an episode that never had a lead.
      return sql`
        SELECT e.closed_on AS event_on, m.child_id, e.closure_reason AS category, o.kind AS org_kind, true AS num
        FROM family_help_episode e ${children}
        JOIN organisation o ON o.id = coalesce(e.lead_organisation_id, e.coordinating_organisation_id)
        WHERE e.local_area_id = ${localAreaId} AND e.closed_on IS NOT NULL`
    case 'stepped_up':
      return sql`
        SELECT s.occurred_on AS event_on, m.child_id, NULL::text AS category, o.kind AS org_kind, true AS num
        FROM family_help_step s JOIN family_help_episode e ON e.id = s.episode_id ${children}
        JOIN organisation o ON o.id = s.actor_organisation_id
        WHERE e.local_area_id = ${localAreaId} AND s.step = 'step_up'`
  }
}

/** The words for a row's category: how the episode started, or why it ended. */
export function familyHelpDataSetCategory(event: FamilyHelpDataSetEvent, key: string): string {
  if (event === 'opened') return labelOf(episodeOriginLabels, key)
  if (event === 'closed') return labelOf(closureReasonLabels, key)
  return key
}
