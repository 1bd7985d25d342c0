/**
 * What a local safeguarding partnership may change about timescales: its own values for overridable rules,
 * and extra non-working days (local closures, or next year's bank holidays before a release ships them).
 * The application layer loads this from the database; build the partnership's calendar once with
 * `createCalendar(extraNonWorkingDays)` and reuse it.
 */
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import type { TimescaleOverride } from './override.js'

export interface PartnershipTimescales {
  /** Local values, keyed by timescale rule id. Rules without an entry use the national value. */
  readonly overrides: ReadonlyMap<string, TimescaleOverride>
  readonly extraNonWorkingDays: readonly LocalDate[]
}
