/**
 * Local overrides: a partnership may set its own value for an overridable rule, with a reason. The national
 * value is never lost: EffectiveRule carries both, so a screen can show "National: 45 working days. Ours: 35
 * working days (reason)" side by side, and an inspector can see where local practice differs.
 */
import { err, ok, domainError, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { Duration, TimescaleRule, TimescaleUnit } from './rules.js'

export interface TimescaleOverride {
  readonly amount: number
  /** Defaults to the rule's own unit. */
  readonly unit?: TimescaleUnit
  /** Why the partnership differs from the national value: required, because someone will ask. */
  readonly reason: string
}

export interface LocalTimescale extends Duration {
  readonly reason: string
}

export interface EffectiveRule {
  readonly rule: TimescaleRule
  /** The value in the national table. */
  readonly national: Duration
  /** The partnership's own value, if it has one. */
  readonly local?: LocalTimescale
  /** What deadlines are computed from: the local value if there is one, otherwise the national one. */
  readonly effective: Duration
}

export type OverrideErrorCode =
  | 'TIMESCALE.NOT_OVERRIDABLE'
  | 'TIMESCALE.INVALID_AMOUNT'
  | 'TIMESCALE.INVALID_UNIT'
  | 'TIMESCALE.REASON_REQUIRED'
  | 'TIMESCALE.LONGER_THAN_NATIONAL'

/**
 * The largest amount an override may set, in any unit. No real timescale comes near it; the cap stops a
 * typo (4500 for 45) from producing a deadline decades away that looks valid.
 */
export const MAX_OVERRIDE_AMOUNT = 1000

/**
 * The fewest and most calendar days a duration can span, whatever day it starts on. Working days: every 5 working
 * days cross at least one weekend; at most a weekend per 5 started, plus up to 4 bank holidays in one stretch
 * (Christmas to New Year, Easter). Months: 28 to 31 days each; years: 365 or 366.
 */
export function calendarSpan(duration: Duration): { readonly fewest: number; readonly most: number } {
  const n = duration.amount
  switch (duration.unit) {
    case 'calendar_days':
      return { fewest: n, most: n }
    case 'weeks':
      return { fewest: 7 * n, most: 7 * n }
    case 'months':
      return { fewest: 28 * n, most: 31 * n }
    case 'years':
      return { fewest: 365 * n, most: 366 * n }
    case 'working_days':
      return { fewest: n + 2 * Math.floor(n / 5), most: n + 2 * Math.ceil(n / 5) + 4 }
  }
}

/**
 * Whether `local` can never end later than `national`, from any start date: the same unit and no more of it, or
 * (across units) its longest span no longer than the national value's shortest. Unsure counts as longer.
 */
export function neverLonger(local: Duration, national: Duration): boolean {
  if (local.unit === national.unit) return local.amount <= national.amount
  return calendarSpan(local).most <= calendarSpan(national).fewest
}

const UNITS: ReadonlySet<string> = new Set<TimescaleUnit>(['working_days', 'calendar_days', 'weeks', 'months', 'years'])

export function effectiveRule(
  rule: TimescaleRule,
  override: TimescaleOverride | undefined,
): Result<EffectiveRule, DomainError<OverrideErrorCode>> {
  const national: Duration = { amount: rule.amount, unit: rule.unit }
  if (override === undefined) return ok({ rule, national, effective: national })

  if (!rule.overridable) {
    return err(
      domainError(
        'TIMESCALE.NOT_OVERRIDABLE',
        `"${rule.name}" is set by ${rule.source.document} and cannot be changed locally.`,
      ),
    )
  }
  const { amount } = override
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_OVERRIDE_AMOUNT) {
    return err(
      domainError(
        'TIMESCALE.INVALID_AMOUNT',
        `The local timescale must be a whole number from 1 to ${MAX_OVERRIDE_AMOUNT}.`,
        {
          amount: `Enter a whole number from 1 to ${MAX_OVERRIDE_AMOUNT}`,
        },
      ),
    )
  }
  const unit = override.unit ?? rule.unit
  // Overrides come from the database, so check the unit at run time too.
  if (!UNITS.has(unit)) {
    return err(
      domainError('TIMESCALE.INVALID_UNIT', `"${String(unit)}" is not a timescale unit.`, { unit: 'Choose a unit' }),
    )
  }
  const reason = override.reason.trim()
  if (reason === '') {
    return err(
      domainError('TIMESCALE.REASON_REQUIRED', 'Give the reason for the local timescale.', {
        reason: 'Enter why your partnership uses a different timescale',
      }),
    )
  }
  // A national maximum may be shortened locally, never lengthened; only local practice has no national limit.
  if (rule.basis !== 'local-practice' && !neverLonger({ amount, unit }, national)) {
    const nationalText = `${national.amount} ${national.unit.replace('_', ' ')}`
    return err(
      domainError(
        'TIMESCALE.LONGER_THAN_NATIONAL',
        `The national maximum is ${nationalText}. A local timescale may be shorter, but not longer.`,
        { amount: `Enter ${nationalText} or fewer: the national maximum is ${nationalText}` },
      ),
    )
  }
  const local: LocalTimescale = { amount, unit, reason }
  return ok({ rule, national, local, effective: { amount, unit } })
}
