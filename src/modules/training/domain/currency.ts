/**
 * Whether a person's training is current, derived from their records and today's date: never stored, so it is
 * always right on the day it is read. A record counts from the day it is recorded (people record their own);
 * whether an administrator has verified it is shown beside it, and the administrator's view lists what still
 * needs verifying. Counting only verified records would make a DSL with a certificate in hand "lapsed" until an
 * administrator got round to it.
 */
import { addMonths, compareLocalDate, daysBetween, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { CourseKind, TrainingRequirement } from './requirements.js'

export interface TrainingRecordFacts {
  readonly course: CourseKind
  readonly completedOn: LocalDate
  readonly hours: number
}

/** Due-soon windows, in days, as the administrator's view groups them. */
export const DUE_SOON_WINDOWS = [30, 60, 90] as const
export type DueSoonWindow = (typeof DUE_SOON_WINDOWS)[number]

export type Currency =
  | { readonly status: 'missing' }
  | { readonly status: 'current'; readonly expiresOn: LocalDate | null }
  | { readonly status: 'due_soon'; readonly expiresOn: LocalDate; readonly within: DueSoonWindow }
  | { readonly status: 'lapsed'; readonly expiredOn: LocalDate }

export type CurrencyStatus = Currency['status']

export const currencyLabels: Readonly<Record<CurrencyStatus, string>> = {
  missing: 'Not done',
  current: 'Current',
  due_soon: 'Due soon',
  lapsed: 'Lapsed',
}

/** Whether a requirement is met on the day: current, or due soon but not yet lapsed. */
export const isMet = (c: Currency): boolean => c.status === 'current' || c.status === 'due_soon'

/** The date beside a currency, as the pages and the API show it: when it lapses, or when it lapsed. */
export const currencyDate = (c: Currency): LocalDate | null =>
  c.status === 'lapsed' ? c.expiredOn : c.status === 'missing' ? null : c.expiresOn

/** The records of courses that count towards a requirement, newest first. */
const countingTowards = (
  requirement: Pick<TrainingRequirement, 'satisfiedBy'>,
  records: readonly TrainingRecordFacts[],
): TrainingRecordFacts[] =>
  records
    .filter((r) => requirement.satisfiedBy.includes(r.course))
    .sort((a, b) => compareLocalDate(b.completedOn, a.completedOn))

/**
 * The day a requirement stops being met by these records, or null if it never does ('once'), or undefined if
 * the records have never met it. Records completed after `today` are ignored (they cannot exist: recording
 * refuses them, but a partnership's clock may be behind a user's).
 *
 * 'every N months': the newest satisfying course + N months. 'hours H per M months': counting back from the
 * newest course, the course at which the total first reaches H; its date + M months is when it leaves the
 * window and the total falls below H.
 */
export function expiryOf(
  requirement: Pick<TrainingRequirement, 'satisfiedBy' | 'renewal'>,
  records: readonly TrainingRecordFacts[],
  today: LocalDate,
): LocalDate | null | undefined {
  const counted = countingTowards(requirement, records).filter((r) => compareLocalDate(r.completedOn, today) <= 0)
  const newest = counted[0]
  if (newest === undefined) return undefined
  const renewal = requirement.renewal
  switch (renewal.kind) {
    case 'once':
      return null
    case 'every':
      return addMonths(newest.completedOn, renewal.months)
    case 'hours': {
      let total = 0
      for (const r of counted) {
        total += r.hours
        if (total >= renewal.hours) return addMonths(r.completedOn, renewal.months)
      }
      return undefined
    }
  }
}

/**
 * Current, due within 30/60/90 days, lapsed, or never done. The requirement is met up to and including the day
 * before its expiry date: training done on 1 March 2025 that lasts 12 months has lapsed on 1 March 2026.
 */
export function currencyOf(
  requirement: Pick<TrainingRequirement, 'satisfiedBy' | 'renewal'>,
  records: readonly TrainingRecordFacts[],
  today: LocalDate,
): Currency {
  const expiry = expiryOf(requirement, records, today)
  if (expiry === undefined) {
    // Hours that never added up: lapsed if anything was ever counted, otherwise never done.
    const newest = countingTowards(requirement, records)[0]
    if (newest === undefined || requirement.renewal.kind !== 'hours') return { status: 'missing' }
    return { status: 'lapsed', expiredOn: addMonths(newest.completedOn, requirement.renewal.months) }
  }
  if (expiry === null) return { status: 'current', expiresOn: null }
  const left = daysBetween(today, expiry)
  if (left <= 0) return { status: 'lapsed', expiredOn: expiry }
  const within = DUE_SOON_WINDOWS.find((w) => left <= w)
  return within === undefined
    ? { status: 'current', expiresOn: expiry }
    : { status: 'due_soon', expiresOn: expiry, within }
}

export type GateEnforcement = 'warn' | 'block'

export type GateOutcome =
  | { readonly kind: 'clear' }
  | { readonly kind: 'warn'; readonly lapsed: readonly string[] }
  | { readonly kind: 'block'; readonly lapsed: readonly string[] }

/**
 * The competency gate for a DSL action: which of the actor's DSL requirements are lapsed or never done, and
 * whether the partnership warns (the default: a lapsed certificate must never stop a DSL protecting a child)
 * or blocks. The caller records a warning with the action.
 */
export function competencyGate(
  requirements: readonly Pick<TrainingRequirement, 'name' | 'satisfiedBy' | 'renewal' | 'dslCompetency'>[],
  records: readonly TrainingRecordFacts[],
  today: LocalDate,
  enforcement: GateEnforcement,
): GateOutcome {
  const lapsed = requirements
    .filter((r) => r.dslCompetency)
    .filter((r) => !isMet(currencyOf(r, records, today)))
    .map((r) => r.name)
  if (lapsed.length === 0) return { kind: 'clear' }
  return enforcement === 'block' ? { kind: 'block', lapsed } : { kind: 'warn', lapsed }
}
