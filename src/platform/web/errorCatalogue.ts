/**
 * The one table from a domain error code to what the person sees: the HTTP status, and whether a page shows the
 * message beside the fields it names (`fields`) or as one plain sentence above the form (`problem`). Codes are
 * `AREA.REASON`; a code not listed takes the rule for its reason (the part after the dot), so a new module's
 * `FAMILY_HELP.NOT_FOUND` needs no entry.
 */
export type ErrorDisplay = 'fields' | 'problem' | 'not_found'

export interface ErrorTreatment {
  readonly status: 400 | 403 | 404 | 409 | 429
  readonly display: ErrorDisplay
}

const byReason: Readonly<Record<string, ErrorTreatment>> = {
  NOT_FOUND: { status: 404, display: 'not_found' },
  NOT_ALLOWED: { status: 403, display: 'problem' },
  DENIED: { status: 403, display: 'problem' },
  ALREADY_SUBMITTED: { status: 409, display: 'problem' },
  ALREADY_DECIDED: { status: 409, display: 'problem' },
  ALREADY_LINKED: { status: 409, display: 'problem' },
  STEP_NOT_ALLOWED: { status: 409, display: 'problem' },
  TRANSITION_NOT_ALLOWED: { status: 409, display: 'problem' },
  CONFLICT: { status: 409, display: 'problem' },
  CLOCK_FAILED: { status: 409, display: 'problem' },
  HELD: { status: 409, display: 'problem' },
  LAST_ADMIN: { status: 409, display: 'problem' },
  RATE_LIMITED: { status: 429, display: 'problem' },
  /** A record not yet complete enough to send on (an assessment without the date the child was seen). */
  INCOMPLETE: { status: 400, display: 'problem' },
}

/** Codes whose reason alone would mislead. */
const exact: Readonly<Record<string, ErrorTreatment>> = {
  'REFERRAL.CHILD_ALREADY_LINKED': { status: 409, display: 'problem' },
  'REFERRAL.CHILD_NOT_LINKED': { status: 409, display: 'problem' },
  // A child the front door cannot see is answered as one that does not exist.
  'REFERRAL.CHILD_NOT_FOUND': { status: 404, display: 'not_found' },
  'EPISODE.DATE_IN_FUTURE': { status: 400, display: 'fields' },
  'EPISODE.DATE_OUT_OF_ORDER': { status: 400, display: 'fields' },
  'TIMESCALE.NOT_OVERRIDABLE': { status: 409, display: 'problem' },
  // Opening a record with a reason: no single child matches exactly. Said plainly (never whether a similar child
  // exists), with the form to try again.
  'RECORD_OPENING.NO_EXACT_MATCH': { status: 404, display: 'problem' },
  'USER.EMAIL_TAKEN': { status: 400, display: 'fields' },
  'PARTNERSHIP.NOT_A_LEAD': { status: 403, display: 'problem' },
  'PARTNERSHIP.ALREADY_SIGNED': { status: 409, display: 'problem' },
  'LEARNING.SUMMARIES_OUTSTANDING': { status: 409, display: 'problem' },
  // The census cannot be made yet: the area has no DfE number, or the return's errors were not listed.
  'CENSUS.NO_LA_CODE': { status: 409, display: 'problem' },
  'CENSUS.ERRORS_NOT_LISTED': { status: 409, display: 'problem' },
}

const invalid: ErrorTreatment = { status: 400, display: 'fields' }

export function treatmentOf(code: string): ErrorTreatment {
  const listed = exact[code]
  if (listed !== undefined) return listed
  const reason = code.slice(code.indexOf('.') + 1)
  return byReason[reason] ?? invalid
}
