/**
 * The words of family help, defined once. Sources: ../shared/domain-2026.md §1 (Working Together 2023 ch.3 §1,
 * Working Together 2026 ch.3, the Families First Partnership programme guide, Supporting Families 2022–25).
 */

export interface Choice<Id extends string = string> {
  readonly id: Id
  readonly label: string
}

/**
 * A set of choices written as `id: label`, offered in the order written. The ids are words (never numbers), so the
 * object keeps that order.
 */
const choices = <const R extends Readonly<Record<string, string>>>(
  labels: R,
): readonly Choice<Extract<keyof R, string>>[] =>
  Object.entries(labels).map(([id, label]) => ({ id: id as Extract<keyof R, string>, label }))

const isChoice =
  <T extends readonly Choice[]>(set: T) =>
  (value: string): value is T[number]['id'] =>
    set.some((c) => c.id === value)

export const labelOf = (set: readonly Choice[], id: string): string => set.find((c) => c.id === id)?.label ?? id

/** A set of choices as labels by id, for a page to show a stored id in words. */
export const labelsOf = (set: readonly Choice[]): Readonly<Record<string, string>> =>
  Object.fromEntries(set.map((c) => [c.id, c.label]))

/** A set of choices as a form's options. */
export const optionsOf = (set: readonly Choice[]) => set.map((c) => ({ value: c.id, text: c.label }))

/**
 * Level of support. WT2026 merges targeted early help and section 17 support into "family help"; partnerships
 * choose the names they use, so both stay as levels of one episode rather than two kinds of record.
 */
export const familyHelpLevels = choices({
  early_help: 'Early help (targeted)',
  family_help: 'Family help (section 17 support)',
})
export type FamilyHelpLevel = (typeof familyHelpLevels)[number]['id']

/** How the episode came about: the thread it continues, so the chronology stays unbroken. */
export const episodeOrigins = choices({
  dsl_early_help_decision: 'A designated safeguarding lead decided on early help',
  front_door_decision: 'The front door decided on early help',
  step_down: 'Stepped down from children’s social care',
  direct: 'A practitioner started it with the family',
})
export type EpisodeOrigin = (typeof episodeOrigins)[number]['id']

/** Supporting Families' ten headline outcomes (programme guidance 2022–25, chapters 3–5). */
export const outcomeAreas = choices({
  education: 'Getting a good education',
  early_years: 'Good early years development',
  health: 'Improved mental and physical health',
  substance_use: 'Better managed substance use',
  family_relationships: 'Improved family relationships',
  abuse_and_exploitation: 'Children safe from abuse and exploitation',
  crime: 'Crime prevention and tackling crime',
  domestic_abuse: 'Safe from domestic abuse',
  housing: 'Secure housing',
  financial_stability: 'Financial stability',
})
export type OutcomeArea = (typeof outcomeAreas)[number]['id']
export const isOutcomeArea = isChoice(outcomeAreas)

/** Roles in a team around the family; a lead practitioner can come from any agency (WT2023 ch.3 §1). */
export const practitionerRoles = choices({
  teacher: 'Teacher or pastoral lead',
  school_nurse: 'School nurse',
  health_visitor: 'Health visitor',
  family_support_worker: 'Family support worker',
  social_worker: 'Social worker',
  youth_worker: 'Youth worker',
  police_officer: 'Police officer',
  gp: 'GP',
  other: 'Other',
})
export type PractitionerRole = (typeof practitionerRoles)[number]['id']

/** Where an action in the family plan has got to, as the plan and its reviews show it. */
export const actionStatuses = choices({
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  not_done: 'Not done',
})
export type ActionStatus = (typeof actionStatuses)[number]['id']

/** The scale a family and practitioner use for an outcome goal: 1 (far from it) to 10 (achieved). */
export const PROGRESS_SCALE = { min: 1, max: 10 } as const

/** Progress on each action and goal at a review (EH "positive / no change / worse"). */
export const reviewProgress = choices({
  better: 'Better',
  same: 'The same',
  worse: 'Worse',
})
export type ReviewProgress = (typeof reviewProgress)[number]['id']

/** The decision a team-around-the-family review reaches. */
export const reviewDecisions = choices({
  continue: 'Continue with the plan',
  step_up: 'Step up to children’s social care',
  step_down: 'Step down to universal services',
  close: 'Close: the plan’s outcomes are met',
})
export type ReviewDecision = (typeof reviewDecisions)[number]['id']

/** Why an episode ended (Standard Safeguarding Dataset early-help end reasons, domain-2026.md §1). */
export const closureReasons = choices({
  outcomes_met: 'The plan’s outcomes were met',
  stepped_up: 'Stepped up to children’s social care',
  stepped_down_universal: 'Stepped down to universal or single-agency services',
  consent_withdrawn: 'The family withdrew their consent or stopped taking part',
  moved_away: 'The family moved away',
  other: 'Other',
})
export type ClosureReason = (typeof closureReasons)[number]['id']

/** Kinds of team-around-the-family meeting. A handover meeting names the new lead practitioner at step-down. */
export const meetingKinds = choices({
  team_around_the_family: 'Team around the family meeting',
  handover: 'Handover meeting',
})
export type MeetingKind = (typeof meetingKinds)[number]['id']

/** Who consented to receive support. */
export const consentGivers = choices({
  parent_or_carer: 'A parent or carer',
  young_person: 'The young person themselves',
  both: 'A parent or carer and the young person',
})
export type ConsentGiver = (typeof consentGivers)[number]['id']
