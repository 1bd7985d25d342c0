/**
 * The words of family help, defined once. Sources: ../shared/domain-2026.md §1 (Working Together 2023 ch.3 §1,
 * Working Together 2026 ch.3, the Families First Partnership programme guide, Supporting Families 2022–25).
 * Each list is an `id: label` table read through the platform's word lists (platform/shared/wordList.ts): pages offer
 * it in the order written, and a list takes from its bundle only what the module reads of it.
 */
import { wordList } from '../../../platform/shared/wordList.js'

/**
 * Level of support. WT2026 merges targeted early help and section 17 support into "family help"; partnerships
 * choose the names they use, so both stay as levels of one episode rather than two kinds of record.
 */
export const { labels: familyHelpLevelLabels } = wordList({
  early_help: 'Early help (targeted)',
  family_help: 'Family help (section 17 support)',
})
export type FamilyHelpLevel = keyof typeof familyHelpLevelLabels

/** How the episode came about: the thread it continues, so the chronology stays unbroken. */
export const { labels: episodeOriginLabels } = wordList({
  dsl_early_help_decision: 'A designated safeguarding lead decided on early help',
  front_door_decision: 'The front door decided on early help',
  step_down: 'Stepped down from children’s social care',
  direct: 'A practitioner started it with the family',
})
export type EpisodeOrigin = keyof typeof episodeOriginLabels

/** Supporting Families' ten headline outcomes (programme guidance 2022–25, chapters 3–5). */
export const { is: isOutcomeArea, labels: outcomeAreaLabels } = wordList({
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
export type OutcomeArea = keyof typeof outcomeAreaLabels

/** Roles in a team around the family; a lead practitioner can come from any agency (WT2023 ch.3 §1). */
export const { labels: practitionerRoleLabels } = wordList({
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
export type PractitionerRole = keyof typeof practitionerRoleLabels

/** Where an action in the family plan has got to, as the plan and its reviews show it. */
export const { labels: actionStatusLabels } = wordList({
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  not_done: 'Not done',
})
export type ActionStatus = keyof typeof actionStatusLabels

/** The scale a family and practitioner use for an outcome goal: 1 (far from it) to 10 (achieved). */
export const PROGRESS_SCALE = { min: 1, max: 10 } as const

/** Progress on each action and goal at a review (EH "positive / no change / worse"). */
export const { labels: reviewProgressLabels } = wordList({
  better: 'Better',
  same: 'The same',
  worse: 'Worse',
})
export type ReviewProgress = keyof typeof reviewProgressLabels

/** The decision a team-around-the-family review reaches. */
export const { labels: reviewDecisionLabels } = wordList({
  continue: 'Continue with the plan',
  step_up: 'Step up to children’s social care',
  step_down: 'Step down to universal services',
  close: 'Close: the plan’s outcomes are met',
})
export type ReviewDecision = keyof typeof reviewDecisionLabels

/** Why an episode ended (Standard Safeguarding Dataset early-help end reasons, domain-2026.md §1). */
export const { labels: closureReasonLabels } = wordList({
  outcomes_met: 'The plan’s outcomes were met',
  stepped_up: 'Stepped up to children’s social care',
  stepped_down_universal: 'Stepped down to universal or single-agency services',
  consent_withdrawn: 'The family withdrew their consent or stopped taking part',
  moved_away: 'The family moved away',
  other: 'Other',
})
export type ClosureReason = keyof typeof closureReasonLabels

/** Kinds of team-around-the-family meeting. A handover meeting names the new lead practitioner at step-down. */
export const { labels: meetingKindLabels } = wordList({
  team_around_the_family: 'Team around the family meeting',
  handover: 'Handover meeting',
})
export type MeetingKind = keyof typeof meetingKindLabels

/** Who consented to receive support. */
export const { labels: consentGiverLabels } = wordList({
  parent_or_carer: 'A parent or carer',
  young_person: 'The young person themselves',
  both: 'A parent or carer and the young person',
})
export type ConsentGiver = keyof typeof consentGiverLabels
