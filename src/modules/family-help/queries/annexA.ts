/**
 * Early help assessments for Ofsted's Annex A list 2 ("all early help assessments in the six months before the
 * date of inspection; also current early help interventions", domain-2026.md §8): one row per child in the family
 * for each assessment recorded on a family help episode of the area, with its start and completion dates and the
 * organisation that completed it. Current interventions: an assessment completed before the window still counts
 * while its episode was open in the window.
 */
import { sql } from 'kysely'
import type { Db } from '../../../platform/db/database.js'

export interface EarlyHelpAssessmentRow {
  readonly childId: string
  readonly startedOn: string
  readonly completedOn: string | null
  readonly organisation: string
}

export async function earlyHelpAssessments(
  db: Db,
  localAreaId: string,
  from: string,
  to: string,
): Promise<EarlyHelpAssessmentRow[]> {
  const rows = await sql<{ child_id: string; started_on: string; completed_on: string | null; organisation: string }>`
    SELECT m.child_id, s.details->>'startedOn' AS started_on, s.details->>'completedOn' AS completed_on,
           o.name AS organisation
    FROM family_help_step s
    JOIN family_help_episode e ON e.id = s.episode_id
    JOIN family_help_member m ON m.episode_id = e.id AND m.child_id IS NOT NULL
    JOIN organisation o ON o.id = s.actor_organisation_id
    WHERE e.local_area_id = ${localAreaId} AND s.step = 'record_assessment'
      AND (s.details->>'startedOn')::date <= ${to}::date
      AND ((s.details->>'completedOn')::date >= ${from}::date OR e.closed_on IS NULL OR e.closed_on >= ${from}::date)
    ORDER BY started_on, s.seq, m.child_id`.execute(db)
  return rows.rows.map((r) => ({
    childId: r.child_id,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    organisation: r.organisation,
  }))
}
