import type { Transaction } from 'kysely'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { findRule } from '../domain/rules.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { computeDueDates, loadPartnershipClock } from './partnershipClock.js'

export interface DeadlineRegistration {
  readonly localAreaId: string
  readonly organisationId: string
  readonly assignedUserId?: string | null
  readonly ruleId: string
  /** What the clock belongs to, e.g. { type: 'referral', id }. */
  readonly subjectType: string
  readonly subjectId: string
  readonly childId?: string | null
  /** Plain words for lists, e.g. "Decide on the referral about J. Smith". */
  readonly title: string
  readonly startedOn: LocalDate
  /**
   * A due date worked out in a calendar the partnership clock does not have — a school's term dates, or a review
   * date a DSL chose — instead of from the rule. Such a deadline keeps its date when the partnership's timescales
   * change (deadline.fixed_due).
   */
  readonly fixedDueOn?: LocalDate
}

/**
 * Every workflow starts its statutory clocks through here, inside its own transaction, rather than computing
 * dates itself: one calendar, one rule table, the partnership's local values, and one place to list them.
 */
export async function registerDeadline(
  tx: Transaction<DB>,
  registration: DeadlineRegistration,
  now: Date,
): Promise<
  Result<
    { id: string; dueOn: string; nationalDueOn: string },
    DomainError<'TIMESCALE.UNKNOWN_RULE' | 'CALENDAR.OUT_OF_RANGE'>
  >
> {
  const rule = findRule(registration.ruleId)
  if (!rule.ok) return err(domainError('TIMESCALE.UNKNOWN_RULE', rule.error.message))
  const fixed = registration.fixedDueOn
  const dates =
    fixed === undefined
      ? computeDueDates(
          await loadPartnershipClock(tx, registration.localAreaId),
          registration.ruleId,
          registration.startedOn,
        )
      : { due: fixed, nationalDue: fixed }
  if (dates === undefined)
    return err(
      domainError(
        'CALENDAR.OUT_OF_RANGE',
        `Cannot work out a deadline from ${formatLocalDate(registration.startedOn)}`,
      ),
    )
  const id = newId()
  const dueOn = formatLocalDate(dates.due)
  const nationalDueOn = formatLocalDate(dates.nationalDue)
  await tx
    .insertInto('deadline')
    .values({
      id,
      local_area_id: registration.localAreaId,
      organisation_id: registration.organisationId,
      assigned_user_id: registration.assignedUserId ?? null,
      rule_id: registration.ruleId,
      subject_type: registration.subjectType,
      subject_id: registration.subjectId,
      child_id: registration.childId ?? null,
      title: registration.title,
      started_on: formatLocalDate(registration.startedOn),
      due_on: dueOn,
      national_due_on: nationalDueOn,
      created_at: now,
      completed_at: null,
      fixed_due: fixed !== undefined,
    })
    .execute()
  return ok({ id, dueOn, nationalDueOn })
}

/** Stops a clock when the work it measures is done. */
export async function completeDeadline(
  tx: Transaction<DB>,
  subject: { type: string; id: string },
  ruleId: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('deadline')
    .set({ completed_at: now })
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('rule_id', '=', ruleId)
    .where('completed_at', 'is', null)
    .execute()
}
