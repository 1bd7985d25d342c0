/**
 * Training's rows for the partnership's agreed data set (issue 13): for each date asked (the end of each month),
 * one row per person who must hold safeguarding training then, saying whether all of it was current on that date.
 * Currency is derived exactly as the administrator's view derives it (domain/currency.ts), from the records
 * completed by that date, so the figure for a past month does not change when a later course is recorded.
 *
 * Who counts: people active today whose account existed on the date (Together keeps no history of when an account
 * was switched off, so someone who has left drops out of past months too).
 */
import { sql } from 'kysely'
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import type { Db } from '../../../platform/db/database.js'
import { isOrganisationKind } from '../../../platform/identity/organisations.js'
import { isRole } from '../../../platform/identity/roles.js'
import { groupBy } from '../../../platform/shared/groupBy.js'
import { currencyOf, isMet, type TrainingRecordFacts } from '../domain/currency.js'
import { isCourseKind, requirementsFor } from '../domain/requirements.js'

export interface TrainingCurrencyRow {
  /** YYYY-MM-DD: the date currency was taken on. */
  readonly on: string
  readonly organisationKind: string
  readonly allCurrent: boolean
}

export async function trainingCurrencyRows(
  db: Db,
  localAreaId: string,
  dates: readonly LocalDate[],
): Promise<TrainingCurrencyRow[]> {
  if (dates.length === 0) return []
  const people = await sql<{ id: string; roles: string[]; kind: string; joined_on: string }>`
    SELECT u.id, u.roles, o.kind, to_char((u.created_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS joined_on
    FROM app_user u JOIN organisation o ON o.id = u.organisation_id
    WHERE o.local_area_id = ${localAreaId} AND u.active`.execute(db)
  const records = await sql<{ user_id: string; course: string; completed_on: string; hours: string }>`
    SELECT r.user_id, r.course, to_char(r.completed_on, 'YYYY-MM-DD') AS completed_on, r.hours
    FROM training_record r JOIN app_user u ON u.id = r.user_id JOIN organisation o ON o.id = u.organisation_id
    WHERE o.local_area_id = ${localAreaId} AND u.active`.execute(db)
  // Only the courses Together knows (narrowed so each record's course is a CourseKind).
  const known = records.rows.flatMap((r) => (isCourseKind(r.course) ? [{ ...r, course: r.course }] : []))
  const byUser = groupBy(
    known,
    (r) => r.user_id,
    (r): TrainingRecordFacts => ({ course: r.course, completedOn: storedDate(r.completed_on), hours: Number(r.hours) }),
  )
  const rows: TrainingCurrencyRow[] = []
  for (const p of people.rows) {
    if (!isOrganisationKind(p.kind)) continue
    const requirements = requirementsFor(p.kind, p.roles.filter(isRole))
    if (requirements.length === 0) continue
    const joined = storedDate(p.joined_on)
    const mine = byUser.get(p.id) ?? []
    for (const on of dates) {
      if (compareLocalDate(joined, on) > 0) continue
      const done = mine.filter((r) => compareLocalDate(r.completedOn, on) <= 0)
      const allCurrent = requirements.every((req) => isMet(currencyOf(req, done, on)))
      rows.push({ on: formatLocalDate(on), organisationKind: p.kind, allCurrent })
    }
  }
  return rows
}
