/**
 * Rules of family help that are not about the phase: dates, who may lead, what a plan and a review must say,
 * and one open episode per family. Each failure is a typed result with a stable code and a plain sentence,
 * keyed to the field the person must change. Sources: ../shared/domain-2026.md §1.
 */
import {
  compareLocalDate,
  formatLocalDate,
  type LocalDate,
  formatLongDate,
} from '../../../platform/calendar/localDate.js'
import { okUnlessProblems } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import {
  PROGRESS_SCALE,
  type ClosureReason,
  type OutcomeArea,
  type ReviewDecision,
  type ReviewProgress,
} from './codes.js'
import type { FamilyHelpStep } from './episode.js'

export type DateRuleCode = 'FAMILY_HELP.DATE_IN_FUTURE' | 'FAMILY_HELP.DATE_BEFORE_EPISODE'

/** A step's date is not in the future and not before the episode began (nor before another event it follows). */
export function checkEpisodeDate(
  field: string,
  date: LocalDate,
  today: LocalDate,
  earliest: { readonly date: LocalDate; readonly what: string },
): Result<LocalDate, DomainError<DateRuleCode>> {
  if (compareLocalDate(date, today) > 0) {
    const message = 'The date must be today or in the past'
    return err(domainError('FAMILY_HELP.DATE_IN_FUTURE', message, { [field]: message }))
  }
  if (compareLocalDate(date, earliest.date) < 0) {
    const message = `The date must be on or after ${earliest.what} (${formatLongDate(earliest.date)})`
    return err(domainError('FAMILY_HELP.DATE_BEFORE_EPISODE', message, { [field]: message }))
  }
  return ok(date)
}

/** A meeting is arranged for today or later, but not absurdly far ahead. */
export function checkMeetingDate(
  field: string,
  date: LocalDate,
  today: LocalDate,
): Result<LocalDate, DomainError<'FAMILY_HELP.MEETING_IN_PAST'>> {
  if (compareLocalDate(date, today) < 0) {
    const message = 'A meeting is arranged for today or a later date'
    return err(domainError('FAMILY_HELP.MEETING_IN_PAST', message, { [field]: message }))
  }
  return ok(date)
}

/** A current member of the team around the family. */
export interface TeamMembership {
  readonly id: string
  readonly organisationId: string
  readonly leftOn: LocalDate | null
}

export type LeadRuleCode = 'FAMILY_HELP.LEAD_NOT_IN_TEAM'

/**
 * The lead practitioner comes from an agency in the team around the family (WT2023 ch.3: the lead
 * practitioner co-ordinates the team), so the team's agency must be added first.
 */
export function checkLeadPractitioner(
  leadOrganisationId: string,
  team: readonly TeamMembership[],
): Result<true, DomainError<LeadRuleCode>> {
  if (team.some((m) => m.leftOn === null && m.organisationId === leadOrganisationId)) return ok(true)
  const message = 'The lead practitioner must come from an organisation in the team around the family. Add it first'
  return err(domainError('FAMILY_HELP.LEAD_NOT_IN_TEAM', message, { leadPractitioner: message }))
}

export type AssessmentRuleCode = 'FAMILY_HELP.NO_LEAD_PRACTITIONER' | 'FAMILY_HELP.ASSESSMENT_INVALID'

export interface AssessmentNeed {
  readonly area: OutcomeArea
  readonly description: string
}

export const NO_LEAD_PRACTITIONER_MESSAGE = 'Name the family’s lead practitioner before recording the assessment'

/**
 * Steps that wait for a lead practitioner: the assessment is led by someone. The episode page does not offer such
 * a step until one is named, and its form says why rather than refusing only after it is filled in.
 */
export const waitsForLeadPractitioner = (step: FamilyHelpStep, hasLeadPractitioner: boolean): boolean =>
  step === 'record_assessment' && !hasLeadPractitioner

/** An assessment names at least one need, and is led by someone: the lead practitioner must be named first. */
export function checkAssessment(
  needs: readonly AssessmentNeed[],
  hasLeadPractitioner: boolean,
): Result<true, DomainError<AssessmentRuleCode>> {
  if (!hasLeadPractitioner) return err(domainError('FAMILY_HELP.NO_LEAD_PRACTITIONER', NO_LEAD_PRACTITIONER_MESSAGE))
  if (needs.length === 0) {
    const message = 'Select at least one area where the family needs help'
    return err(domainError('FAMILY_HELP.ASSESSMENT_INVALID', message, { needs: message }))
  }
  const areas = needs.map((n) => n.area)
  if (new Set(areas).size !== areas.length) {
    const message = 'Each area of need is listed once'
    return err(domainError('FAMILY_HELP.ASSESSMENT_INVALID', message, { needs: message }))
  }
  return ok(true)
}

export interface PlanAction {
  readonly what: string
  /** Who does it: an agency in the team, a named practitioner, or someone in the family (their own words). */
  readonly who: string
  readonly byWhen: LocalDate
}

export interface PlanGoal {
  readonly area: OutcomeArea
  readonly goal: string
  /** Where the family is now on the progress scale. */
  readonly score: number
}

export type PlanRuleCode = 'FAMILY_HELP.PLAN_INVALID'

/**
 * A family plan has at least one action and one goal; each action is due on or after the day the plan is
 * agreed; each goal is scored on the progress scale and addresses a need the assessment found. Field names
 * follow the form: action1What, action1ByWhen, goal1Area, goal1Score…
 */
export function checkPlan(
  plan: { readonly actions: readonly PlanAction[]; readonly goals: readonly PlanGoal[]; readonly agreedOn: LocalDate },
  assessedNeeds: readonly OutcomeArea[],
): Result<true, DomainError<PlanRuleCode>> {
  const fields: Record<string, string> = {}
  if (plan.actions.length === 0) fields['action1What'] = 'Add at least one action: what, who and by when'
  plan.actions.forEach((a, i) => {
    if (compareLocalDate(a.byWhen, plan.agreedOn) < 0)
      fields[`action${i + 1}ByWhen`] =
        `Action ${i + 1}: the date must be on or after the day the plan was agreed (${formatLongDate(plan.agreedOn)})`
  })
  if (plan.goals.length === 0) fields['goal1Area'] = 'Add at least one outcome goal'
  plan.goals.forEach((g, i) => {
    if (!Number.isInteger(g.score) || g.score < PROGRESS_SCALE.min || g.score > PROGRESS_SCALE.max)
      fields[`goal${i + 1}Score`] =
        `Goal ${i + 1}: score progress as a whole number from ${PROGRESS_SCALE.min} to ${PROGRESS_SCALE.max}`
    if (!assessedNeeds.includes(g.area))
      fields[`goal${i + 1}Area`] = `Goal ${i + 1}: choose an area of need the assessment found`
  })
  return okUnlessProblems('FAMILY_HELP.PLAN_INVALID', fields, true)
}

export type ReviewRuleCode = 'FAMILY_HELP.REVIEW_INVALID'

/**
 * A review says how every action and goal of the current plan has gone (better, the same, worse), and no more
 * than the plan has. `progress` is keyed action1…, goal1… as the form names them.
 */
export function checkReview(
  progress: {
    readonly actions: readonly (ReviewProgress | undefined)[]
    readonly goals: readonly (ReviewProgress | undefined)[]
  },
  plan: { readonly actions: number; readonly goals: number },
): Result<true, DomainError<ReviewRuleCode>> {
  const fields: Record<string, string> = {}
  progress.actions.forEach((p, i) => {
    if (i < plan.actions && p === undefined)
      fields[`action${i + 1}Progress`] = `Action ${i + 1}: say whether it is better, the same or worse`
    if (i >= plan.actions && p !== undefined)
      fields[`action${i + 1}Progress`] = `The plan has ${plan.actions} action${plan.actions === 1 ? '' : 's'}`
  })
  progress.goals.forEach((p, i) => {
    if (i < plan.goals && p === undefined)
      fields[`goal${i + 1}Progress`] = `Goal ${i + 1}: say whether it is better, the same or worse`
    if (i >= plan.goals && p !== undefined)
      fields[`goal${i + 1}Progress`] = `The plan has ${plan.goals} goal${plan.goals === 1 ? '' : 's'}`
  })
  return okUnlessProblems('FAMILY_HELP.REVIEW_INVALID', fields, true)
}

/** The closure reason a review's decision points to, so the close form can suggest it. */
export const closureReasonForDecision = (decision: ReviewDecision): ClosureReason | undefined =>
  decision === 'close' ? 'outcomes_met' : decision === 'step_down' ? 'stepped_down_universal' : undefined

export type OpenEpisodeCode = 'FAMILY_HELP.ALREADY_OPEN' | 'FAMILY_HELP.NO_CHILDREN'

export interface OpenEpisodeSummary {
  readonly id: string
  readonly reference: string
  readonly childIds: readonly string[]
}

/**
 * Search before start (Sefton EHM: search for an existing plan within 48 hours): a child already in an open
 * episode is not put in a second one; the practitioner joins the existing episode instead.
 */
export function checkNoOpenEpisode(
  childIds: readonly string[],
  open: readonly OpenEpisodeSummary[],
): Result<true, DomainError<OpenEpisodeCode>> {
  if (childIds.length === 0) {
    const message = 'Select at least one child in the family'
    return err(domainError('FAMILY_HELP.NO_CHILDREN', message, { children: message }))
  }
  const clash = open.find((e) => e.childIds.some((c) => childIds.includes(c)))
  if (clash === undefined) return ok(true)
  const message = `A child in this family already has an open family help episode (${clash.reference}). Join that episode instead`
  return err(domainError('FAMILY_HELP.ALREADY_OPEN', message, { children: message }))
}

export type ConsentRuleCode = 'FAMILY_HELP.CONSENT_INVALID'

/** Consent to receive support: who gave it, and the child's own view when they are old enough to give one. */
export function checkConsent(input: {
  readonly outcome: 'given' | 'refused' | 'withdrawn'
  readonly givenBy: string
  readonly scope: string
}): Result<true, DomainError<ConsentRuleCode>> {
  const fields: Record<string, string> = {}
  if (input.givenBy.trim() === '')
    fields['givenBy'] =
      input.outcome === 'withdrawn' ? 'Enter who withdrew consent' : 'Enter who gave or refused consent'
  if (input.outcome === 'given' && input.scope.trim() === '')
    fields['scope'] = 'Enter what the family agreed to: which support, and from whom'
  return okUnlessProblems('FAMILY_HELP.CONSENT_INVALID', fields, true)
}

/** A stable, human reference for an episode from its sequence number, e.g. FH-000042. */
export const episodeReference = (n: number): string => `FH-${String(n).padStart(6, '0')}`

/** ISO form for storage and the API. */
export const isoDate = formatLocalDate
