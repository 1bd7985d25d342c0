/**
 * The words of family help, defined once. Sources: ../shared/domain-2026.md §1 (Working Together 2023 ch.3 §1,
 * Working Together 2026 ch.3, the Families First Partnership programme guide, Supporting Families 2022–25).
 */

export interface Choice<Id extends string = string> {
  readonly id: Id
  readonly label: string
}

const choices = <const T extends readonly Choice[]>(items: T) => items

const isChoice =
  <T extends readonly Choice[]>(set: T) =>
  (value: string): value is T[number]['id'] =>
    set.some((c) => c.id === value)

export const labelOf = (set: readonly Choice[], id: string): string => set.find((c) => c.id === id)?.label ?? id

/**
 * Level of support. WT2026 merges targeted early help and section 17 support into "family help"; partnerships
 * choose the names they use, so both stay as levels of one episode rather than two kinds of record.
 */
export const familyHelpLevels = choices([
  { id: 'early_help', label: 'Early help (targeted)' },
  { id: 'family_help', label: 'Family help (section 17 support)' },
])
export type FamilyHelpLevel = (typeof familyHelpLevels)[number]['id']
export const isFamilyHelpLevel = isChoice(familyHelpLevels)

/** How the episode came about: the thread it continues, so the chronology stays unbroken. */
export const episodeOrigins = choices([
  { id: 'dsl_early_help_decision', label: 'A designated safeguarding lead decided on early help' },
  { id: 'front_door_decision', label: 'The front door decided on early help' },
  { id: 'step_down', label: 'Stepped down from children’s social care' },
  { id: 'direct', label: 'A practitioner started it with the family' },
])
export type EpisodeOrigin = (typeof episodeOrigins)[number]['id']
export const isEpisodeOrigin = isChoice(episodeOrigins)

/** Supporting Families' ten headline outcomes (programme guidance 2022–25, chapters 3–5). */
export const outcomeAreas = choices([
  { id: 'education', label: 'Getting a good education' },
  { id: 'early_years', label: 'Good early years development' },
  { id: 'health', label: 'Improved mental and physical health' },
  { id: 'substance_use', label: 'Better managed substance use' },
  { id: 'family_relationships', label: 'Improved family relationships' },
  { id: 'abuse_and_exploitation', label: 'Children safe from abuse and exploitation' },
  { id: 'crime', label: 'Crime prevention and tackling crime' },
  { id: 'domestic_abuse', label: 'Safe from domestic abuse' },
  { id: 'housing', label: 'Secure housing' },
  { id: 'financial_stability', label: 'Financial stability' },
])
export type OutcomeArea = (typeof outcomeAreas)[number]['id']
export const isOutcomeArea = isChoice(outcomeAreas)

/** Roles in a team around the family; a lead practitioner can come from any agency (WT2023 ch.3 §1). */
export const practitionerRoles = choices([
  { id: 'teacher', label: 'Teacher or pastoral lead' },
  { id: 'school_nurse', label: 'School nurse' },
  { id: 'health_visitor', label: 'Health visitor' },
  { id: 'family_support_worker', label: 'Family support worker' },
  { id: 'social_worker', label: 'Social worker' },
  { id: 'youth_worker', label: 'Youth worker' },
  { id: 'police_officer', label: 'Police officer' },
  { id: 'gp', label: 'GP' },
  { id: 'other', label: 'Other' },
])
export type PractitionerRole = (typeof practitionerRoles)[number]['id']
export const isPractitionerRole = isChoice(practitionerRoles)

/** Who an action in the family plan belongs to: a member agency, or the family itself. */
export const actionStatuses = choices([
  { id: 'not_started', label: 'Not started' },
  { id: 'in_progress', label: 'In progress' },
  { id: 'done', label: 'Done' },
  { id: 'not_done', label: 'Not done' },
])
export type ActionStatus = (typeof actionStatuses)[number]['id']
export const isActionStatus = isChoice(actionStatuses)

/** The scale a family and practitioner use for an outcome goal: 1 (far from it) to 10 (achieved). */
export const PROGRESS_SCALE = { min: 1, max: 10 } as const

/** Progress on each action and goal at a review (EH "positive / no change / worse"). */
export const reviewProgress = choices([
  { id: 'better', label: 'Better' },
  { id: 'same', label: 'The same' },
  { id: 'worse', label: 'Worse' },
])
export type ReviewProgress = (typeof reviewProgress)[number]['id']
export const isReviewProgress = isChoice(reviewProgress)

/** The decision a team-around-the-family review reaches. */
export const reviewDecisions = choices([
  { id: 'continue', label: 'Continue with the plan' },
  { id: 'step_up', label: 'Step up to children’s social care' },
  { id: 'step_down', label: 'Step down to universal services' },
  { id: 'close', label: 'Close: the plan’s outcomes are met' },
])
export type ReviewDecision = (typeof reviewDecisions)[number]['id']
export const isReviewDecision = isChoice(reviewDecisions)

/** Why an episode ended (Standard Safeguarding Dataset early-help end reasons, domain-2026.md §1). */
export const closureReasons = choices([
  { id: 'outcomes_met', label: 'The plan’s outcomes were met' },
  { id: 'stepped_up', label: 'Stepped up to children’s social care' },
  { id: 'stepped_down_universal', label: 'Stepped down to universal or single-agency services' },
  { id: 'consent_withdrawn', label: 'The family withdrew their consent or stopped taking part' },
  { id: 'moved_away', label: 'The family moved away' },
  { id: 'other', label: 'Other' },
])
export type ClosureReason = (typeof closureReasons)[number]['id']
export const isClosureReason = isChoice(closureReasons)

/** Kinds of team-around-the-family meeting. A handover meeting names the new lead practitioner at step-down. */
export const meetingKinds = choices([
  { id: 'team_around_the_family', label: 'Team around the family meeting' },
  { id: 'handover', label: 'Handover meeting' },
])
export type MeetingKind = (typeof meetingKinds)[number]['id']
export const isMeetingKind = isChoice(meetingKinds)

/** Who consented to receive support. */
export const consentGivers = choices([
  { id: 'parent_or_carer', label: 'A parent or carer' },
  { id: 'young_person', label: 'The young person themselves' },
  { id: 'both', label: 'A parent or carer and the young person' },
])
export type ConsentGiver = (typeof consentGivers)[number]['id']
export const isConsentGiver = isChoice(consentGivers)
