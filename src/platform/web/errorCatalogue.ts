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

/** The treatments most codes share. */
const conflict: ErrorTreatment = { status: 409, display: 'problem' }
const notFound: ErrorTreatment = { status: 404, display: 'not_found' }
const forbidden: ErrorTreatment = { status: 403, display: 'problem' }
/** A problem with what was sent, shown beside the fields it names: the rule for any code not listed. */
const invalid: ErrorTreatment = { status: 400, display: 'fields' }

const byReason: Readonly<Record<string, ErrorTreatment>> = {
  NOT_FOUND: notFound,
  NOT_ALLOWED: forbidden,
  DENIED: forbidden,
  ALREADY_SUBMITTED: conflict,
  ALREADY_DECIDED: conflict,
  ALREADY_LINKED: conflict,
  STEP_NOT_ALLOWED: conflict,
  TRANSITION_NOT_ALLOWED: conflict,
  CONFLICT: conflict,
  CLOCK_FAILED: conflict,
  HELD: conflict,
  LAST_ADMIN: conflict,
  RATE_LIMITED: { status: 429, display: 'problem' },
  /** A record not yet complete enough to send on (an assessment without the date the child was seen). */
  INCOMPLETE: { status: 400, display: 'problem' },
}

/** Codes whose reason alone would mislead. */
const exact: Readonly<Record<string, ErrorTreatment>> = {
  'REFERRAL.CHILD_ALREADY_LINKED': conflict,
  'REFERRAL.CHILD_NOT_LINKED': conflict,
  // A child the front door cannot see is answered as one that does not exist.
  'REFERRAL.CHILD_NOT_FOUND': notFound,
  'EPISODE.DATE_IN_FUTURE': invalid,
  'EPISODE.DATE_OUT_OF_ORDER': invalid,
  'TIMESCALE.NOT_OVERRIDABLE': conflict,
  // Opening a record with a reason: no single child matches exactly. Said plainly (never whether a similar child
  // exists), with the form to try again.
  'RECORD_OPENING.NO_EXACT_MATCH': { status: 404, display: 'problem' },
  'USER.EMAIL_TAKEN': invalid,
  'PARTNERSHIP.NOT_A_LEAD': forbidden,
  'PARTNERSHIP.ALREADY_SIGNED': conflict,
  'LEARNING.SUMMARIES_OUTSTANDING': conflict,
  // The census cannot be made yet: the area has no DfE number, or the return's errors were not listed.
  'CENSUS.NO_LA_CODE': conflict,
  'CENSUS.ERRORS_NOT_LISTED': conflict,
}

export function treatmentOf(code: string): ErrorTreatment {
  const listed = exact[code]
  if (listed !== undefined) return listed
  const reason = code.slice(code.indexOf('.') + 1)
  return byReason[reason] ?? invalid
}
