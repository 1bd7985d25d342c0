/**
 * Repeated concerns about one child (issue 11, item 7): several small worries, each recorded by a different agency
 * and none enough on its own, are how harm is missed ("different agencies often held important pieces of
 * information but did not share them or escalate concerns in time", Working Together 2023). When concerns about
 * one child reach the partnership's threshold — by default 3 within 90 days, from any agencies — the recording
 * organisations' safeguarding leads, and the local authority if it holds open work, are told.
 *
 * Once per crossing: the concerns that made one crossing are counted; a later crossing needs that many concerns
 * again, none of them counted before. So a 4th concern the week after does not tell anyone again, but three more
 * within the window do. A concern counts from when it was recorded (when agencies learned of it), so an old
 * incident written up late is still something new reaching the system.
 */

export interface RepeatedConcernsThreshold {
  /** How many concerns… */
  readonly count: number
  /** …within how many days (24-hour days back from the newest). */
  readonly withinDays: number
  /** Where the threshold comes from, in words: the partnership's decision, or Together's default. */
  readonly source: string
}

export const DEFAULT_REPEATED_CONCERNS: RepeatedConcernsThreshold = {
  count: 3,
  withinDays: 90,
  source:
    'Together’s default (3 concerns within 90 days, issue 11): a local choice, not a statutory rule; the partnership may set its own',
}

/** The bounds a partnership's own threshold must keep (the database checks them too). */
export const REPEATED_CONCERNS_LIMITS = { count: { min: 2, max: 20 }, withinDays: { min: 7, max: 730 } } as const

export interface ConcernOnRecord {
  readonly id: string
  /** When it was recorded, milliseconds since the epoch. */
  readonly recordedAtMs: number
  readonly organisationId: string
  /** Counted already in an earlier crossing (it told people then). */
  readonly counted: boolean
}

export type RepeatedConcernsAnswer =
  | { readonly crossed: false }
  | {
      readonly crossed: true
      /** The concerns that make this crossing, oldest first. */
      readonly concernIds: readonly string[]
      /** The organisations that recorded them, in the order they first appear. */
      readonly organisationIds: readonly string[]
    }

const DAY_MS = 86_400_000

/**
 * Whether the concerns about one child, as of `nowMs`, make a new crossing of the threshold: at least `count`
 * concerns recorded within the last `withinDays` days that no earlier crossing counted.
 */
export function repeatedConcernsCrossed(
  concerns: readonly ConcernOnRecord[],
  nowMs: number,
  threshold: Pick<RepeatedConcernsThreshold, 'count' | 'withinDays'>,
): RepeatedConcernsAnswer {
  const from = nowMs - threshold.withinDays * DAY_MS
  const fresh = concerns
    .filter((c) => !c.counted && c.recordedAtMs >= from && c.recordedAtMs <= nowMs)
    .slice()
    .sort((a, b) => a.recordedAtMs - b.recordedAtMs || a.id.localeCompare(b.id))
  if (fresh.length < threshold.count) return { crossed: false }
  return {
    crossed: true,
    concernIds: fresh.map((c) => c.id),
    organisationIds: [...new Set(fresh.map((c) => c.organisationId))],
  }
}

/** A partnership's threshold, checked: whole numbers within the limits; otherwise the default is used. */
export function thresholdFrom(
  stored:
    { readonly count: number | null; readonly withinDays: number | null; readonly source: string | null } | undefined,
): RepeatedConcernsThreshold {
  if (stored === undefined || stored.count === null || stored.withinDays === null) return DEFAULT_REPEATED_CONCERNS
  const { count, withinDays } = stored
  const within = (n: number, l: { min: number; max: number }) => Number.isInteger(n) && n >= l.min && n <= l.max
  if (!within(count, REPEATED_CONCERNS_LIMITS.count) || !within(withinDays, REPEATED_CONCERNS_LIMITS.withinDays))
    return DEFAULT_REPEATED_CONCERNS
  return { count, withinDays, source: stored.source ?? 'The safeguarding partnership’s own setting' }
}

/** The threshold in words, for emails and pages ("3 concerns within 90 days"). */
export const thresholdInWords = (t: Pick<RepeatedConcernsThreshold, 'count' | 'withinDays'>): string =>
  `${t.count} concerns within ${t.withinDays} days`
