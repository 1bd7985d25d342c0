/**
 * Free text in a safeguarding record is evidence: it is stored exactly as written. It is never HTML-escaped,
 * trimmed or reworded here (escaping is the view's job, at output), so "<script>" typed into a form is
 * stored as those eight characters and shown as them. The only text refused is text that cannot be evidence:
 * control characters other than tab, line feed and carriage return (NUL, escape sequences, …) and unpaired
 * UTF-16 surrogates, which PostgreSQL cannot store and which no keyboard produces.
 */

/**
 * Limits, in characters (Unicode code points; a Windows line break CR LF counts as one, as browsers count it
 * for a textarea's maxlength). Generous: long enough for any honest account, short enough to stop a paste of
 * a whole document or an abusive request. The pages show them with the GOV.UK character count component.
 */
export const TEXT_LIMITS = {
  /** What you saw or heard: facts only. */
  facts: 10_000,
  /** The child's own words, verbatim. */
  childWords: 5_000,
  /** Where it was seen or heard. */
  place: 200,
  /** Who else was present. */
  othersPresent: 1_000,
  /** Action already taken by the person recording. */
  actionTaken: 5_000,
  /** An addendum to a concern (concerns are never edited). */
  addendum: 5_000,
  /** One body-map mark's description. */
  bodyMapMarkDescription: 500,
  /** The police reference for a 999 call or a report. */
  policeReference: 50,
  /** A description of an "other" type of concern. */
  otherCategory: 200,
  /** A DSL's reason for a decision. */
  rationale: 5_000,
  /** A DSL's request to the author for more information. */
  informationRequest: 2_000,
  /** The author's answer to a request for more information. */
  informationResponse: 10_000,
} as const

export type TextLimitName = keyof typeof TEXT_LIMITS

/** Counted as TEXT_LIMITS counts: code points, CR LF as one. */
export const characterCount = (text: string): number => [...text.replace(/\r\n/g, '\n')].length

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Control characters other than tab, LF and CR, or an unpaired surrogate. */
export const hasForbiddenCharacters = (text: string): boolean =>
  FORBIDDEN_CONTROL.test(text) || LONE_SURROGATE.test(text)

/** "10,000" */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

export interface TextRule {
  /** How the field is named in messages, sentence case: "What you saw or heard". */
  readonly label: string
  readonly max: number
  /** When set, the field is required and this is the message for a blank answer. */
  readonly missing?: string
}

/** The first problem with `text` under `rule`, as a GOV.UK error message, or undefined when it is fine. */
export function textProblem(text: string, rule: TextRule): string | undefined {
  if (rule.missing !== undefined && text.trim() === '') return rule.missing
  if (hasForbiddenCharacters(text)) {
    return `${rule.label} must not include hidden control characters, which can come from copying and pasting – type that part again`
  }
  if (characterCount(text) > rule.max) return `${rule.label} must be ${formatCount(rule.max)} characters or fewer`
  return undefined
}

/** For a check that reports every field's problem at once: `textProblem`'s message, if any, kept under `field`. */
export function collectTextProblem(fields: Record<string, string>, field: string, text: string, rule: TextRule): void {
  const problem = textProblem(text, rule)
  if (problem !== undefined) fields[field] = problem
}
