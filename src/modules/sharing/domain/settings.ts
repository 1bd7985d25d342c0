/**
 * The partnership's settings for working together on one child. Local choices, not statutory timescales: the
 * issue (11, items 5 and 4) sets the defaults and leaves them to each partnership.
 */
export interface SharingSettings {
  /** How long a record opened with a reason stays open to the person who opened it. */
  readonly openRecordHours: number
  /**
   * Whether CA 2004 s16LA (the duty to share, inserted by the Children's Wellbeing and Schools Act 2026 s4) has
   * commenced. Enacted, awaiting commencement regulations as far as we know (shared/domain-2026.md §2): off
   * until the partnership records that it is in force.
   */
  readonly section16LaInForce: boolean
}

export const DEFAULT_SHARING_SETTINGS: SharingSettings = { openRecordHours: 24, section16LaInForce: false }

/** How long, in milliseconds, a record opened with a reason stays open. */
export const openRecordDurationMs = (settings: SharingSettings): number => settings.openRecordHours * 3_600_000

export const OPEN_REASON_MAX = 2000

export const openRecordMessages = {
  reason: 'Give the reason you need to open this child’s record',
  reasonTooLong: `The reason must be ${OPEN_REASON_MAX} characters or fewer`,
} as const

/** The reason for opening a record: required, trimmed, of a sensible length. Field errors keyed "reason". */
export function validateOpenReason(
  reason: string | undefined,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly fields: Record<string, string> } {
  const r = (reason ?? '').trim()
  if (r === '') return { ok: false, fields: { reason: openRecordMessages.reason } }
  if (r.length > OPEN_REASON_MAX) return { ok: false, fields: { reason: openRecordMessages.reasonTooLong } }
  return { ok: true, value: r }
}
