/**
 * Learning from a serious child safeguarding incident, as data: one table of steps saying from which stage each
 * may be taken, where it leads, who leads it and which statutory clocks it starts and stops. Pages, the API and
 * the tests read this table; nothing else decides what may happen next.
 *
 * Source: ../shared/domain-2026.md §4 (WT2023/WT2026 chapter 5; the Panel's guidance and FAQ).
 *
 *   notified ──start_rapid_review──▶ rapid_review
 *   rapid_review ──submit_agency_summary / close_summary_gap──▶ rapid_review
 *   rapid_review ──decide_rapid_review──▶ awaiting_sign_off
 *   awaiting_sign_off ──sign_off_rapid_review──▶ awaiting_sign_off (until all three partners have signed)
 *                                             └▶ practice_review | national_review | closed (by the decision)
 *   practice_review ──record_practice_review──▶ practice_review … published ─▶ closed
 *
 * The notification itself (to the Panel and the partners) opens the record in `notified`: there is no serious
 * incident in Together before it is notified, just as there is no rapid review without a notification.
 */
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { okUnlessProblems } from '../../../platform/shared/problems.js'
import type { TimescaleRuleId } from '../../timescales/domain/rules.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: incidentStages, labels: incidentStageLabels } = wordList({
  notified: 'Notified: rapid review not started',
  rapid_review: 'Rapid review under way',
  awaiting_sign_off: 'Rapid review decided: waiting for the partners to sign off',
  practice_review: 'Local child safeguarding practice review',
  national_review: 'Referred for a national review',
  closed: 'Closed',
})
export type IncidentStage = (typeof incidentStages)[number]

/** The steps, each with what it does in words, for the refusal "… so you cannot <do it> now". */
export const { ids: learningSteps, labels: learningStepVerbs } = wordList({
  notify_serious_incident: 'notify it again',
  start_rapid_review: 'start a rapid review',
  submit_agency_summary: 'submit an agency summary',
  close_summary_gap: 'close a missing summary',
  decide_rapid_review: 'record the rapid review’s decision',
  sign_off_rapid_review: 'sign off the rapid review',
  record_practice_review: 'record progress on the practice review',
})
export type LearningStep = (typeof learningSteps)[number]

/** Who leads a step, in the partnership's own terms; whether this person may is the policy's call. */
export type LearningActor = 'local_authority' | 'business_team' | 'asked_agency' | 'lead_partner'

export interface LearningTransition {
  readonly step: LearningStep
  readonly from: readonly IncidentStage[] | 'none'
  readonly to: IncidentStage | 'unchanged' | 'by_decision'
  readonly who: LearningActor
  readonly starts: readonly TimescaleRuleId[]
  readonly completes: readonly TimescaleRuleId[]
}

export const learningTransitions: readonly LearningTransition[] = [
  // The local authority where the incident happened notifies the Panel and the partners within 5 working days.
  {
    step: 'notify_serious_incident',
    from: 'none',
    to: 'notified',
    who: 'local_authority',
    starts: ['serious-incident-notification', 'rapid-review'],
    completes: ['serious-incident-notification'],
  },
  {
    step: 'start_rapid_review',
    from: ['notified'],
    to: 'rapid_review',
    who: 'business_team',
    starts: [],
    completes: [],
  },
  {
    step: 'submit_agency_summary',
    from: ['rapid_review'],
    to: 'unchanged',
    who: 'asked_agency',
    starts: [],
    completes: [],
  },
  {
    step: 'close_summary_gap',
    from: ['rapid_review'],
    to: 'unchanged',
    who: 'business_team',
    starts: [],
    completes: [],
  },
  {
    step: 'decide_rapid_review',
    from: ['rapid_review'],
    to: 'awaiting_sign_off',
    who: 'business_team',
    starts: [],
    completes: [],
  },
  // The rapid review is complete once the three partners have signed it off and it goes to the Panel.
  {
    step: 'sign_off_rapid_review',
    from: ['awaiting_sign_off'],
    to: 'by_decision',
    who: 'lead_partner',
    starts: [],
    completes: ['rapid-review'],
  },
  {
    step: 'record_practice_review',
    from: ['practice_review'],
    to: 'unchanged',
    who: 'business_team',
    starts: [],
    completes: [],
  },
]

export type LearningStepCode = 'LEARNING.STEP_NOT_ALLOWED'

/** The row for `step` taken from `stage` (undefined: the incident does not exist yet), or a plain refusal. */
export function learningTransition(
  stage: IncidentStage | undefined,
  step: LearningStep,
): Result<LearningTransition, DomainError<LearningStepCode>> {
  const row = learningTransitions.find((t) => t.step === step)
  if (row === undefined) throw new Error(`no transition row for ${step}`)
  const allowed = row.from === 'none' ? stage === undefined : stage !== undefined && row.from.includes(stage)
  if (allowed) return ok(row)
  const now =
    stage === undefined
      ? 'This serious incident has not been notified'
      : `This incident is at “${incidentStageLabels[stage]}”`
  return err(domainError('LEARNING.STEP_NOT_ALLOWED', `${now}, so you cannot ${learningStepVerbs[step]} now.`))
}

// ---------------------------------------------------------------------------------------------------------------
// The notification

export const { ids: harmKinds, labels: harmKindLabels } = wordList({
  death: 'The child died (including suspected suicide)',
  serious_harm: 'The child was seriously harmed',
})
export type HarmKind = (typeof harmKinds)[number]

export const { ids: legalStatuses, labels: legalStatusLabels } = wordList({
  none: 'Not known to children’s social care',
  child_in_need: 'Child in need',
  child_protection_plan: 'Child protection plan',
  looked_after: 'Looked-after child',
  care_leaver: 'Care leaver',
})
export type LegalStatus = (typeof legalStatuses)[number]

/** The Panel's form takes up to four children on one notification; any others are listed in words. */
export const MAX_CHILDREN_PER_NOTIFICATION = 4

export interface NotifiedChild {
  readonly childId: string
  readonly legalStatus: LegalStatus
}

export interface SeriousIncidentNotification {
  readonly incidentOn: LocalDate
  readonly awareOn: LocalDate
  readonly notifiedPanelOn: LocalDate
  readonly location: string
  readonly children: readonly NotifiedChild[]
  readonly otherChildren: string
  readonly harm: HarmKind
  readonly abuseOrNeglect: 'known' | 'suspected' | 'not_suspected'
  readonly happenedInLocalAuthority: string
  readonly childLivesInLocalAuthority: string
}

export type NotificationCode = 'LEARNING.NOTIFICATION_INVALID'

/**
 * The Panel's criteria: abuse or neglect known or suspected, and death or serious harm. A looked-after child's
 * death is notified whether or not abuse is suspected (domain-2026 §4). A notification without its children or
 * the date the authority became aware is refused: the awareness date starts the statutory clock.
 */
export function checkNotification(
  n: Partial<SeriousIncidentNotification>,
  today: LocalDate,
): Result<SeriousIncidentNotification, DomainError<NotificationCode>> {
  const fields: Record<string, string> = {}
  if (n.awareOn === undefined) fields['awareOn'] = 'Enter the date the local authority became aware of the incident'
  else if (compareLocalDate(n.awareOn, today) > 0)
    fields['awareOn'] = 'The date you became aware must be today or in the past'
  if (n.incidentOn !== undefined && n.awareOn !== undefined && compareLocalDate(n.incidentOn, n.awareOn) > 0)
    fields['incidentOn'] = 'The incident must be on or before the date the local authority became aware of it'
  if (n.notifiedPanelOn !== undefined && n.awareOn !== undefined && compareLocalDate(n.notifiedPanelOn, n.awareOn) < 0)
    fields['notifiedPanelOn'] = 'The Panel cannot have been notified before the local authority became aware'
  if (n.notifiedPanelOn !== undefined && compareLocalDate(n.notifiedPanelOn, today) > 0)
    fields['notifiedPanelOn'] = 'The date the Panel was notified must be today or in the past'
  const children = n.children ?? []
  if (children.length === 0) fields['children'] = 'Add the children the incident is about'
  else if (children.length > MAX_CHILDREN_PER_NOTIFICATION)
    fields['children'] =
      `One notification names up to ${MAX_CHILDREN_PER_NOTIFICATION} children: list any others as other children`
  else if (new Set(children.map((c) => c.childId)).size !== children.length)
    fields['children'] = 'Each child can be named only once'
  if (
    n.abuseOrNeglect === 'not_suspected' &&
    !(n.harm === 'death' && children.some((c) => c.legalStatus === 'looked_after' || c.legalStatus === 'care_leaver'))
  )
    fields['abuseOrNeglect'] =
      'A serious incident is notified only when abuse or neglect is known or suspected, or a looked-after child or care leaver died'
  return okUnlessProblems('LEARNING.NOTIFICATION_INVALID', fields, n as SeriousIncidentNotification)
}

// ---------------------------------------------------------------------------------------------------------------
// The rapid review's agency summaries and the decision

export type SummaryState =
  | { readonly kind: 'awaited' }
  | { readonly kind: 'submitted' }
  | { readonly kind: 'holds_nothing' }
  | { readonly kind: 'gap_closed'; readonly reason: string }

export interface AskedAgency {
  readonly organisationId: string
  readonly organisationName: string
  readonly state: SummaryState
}

export const { ids: rapidReviewDecisions, labels: rapidReviewDecisionLabels } = wordList({
  practice_review: 'Hold a local child safeguarding practice review',
  no_review: 'No practice review (give the reasons)',
  national_review: 'Refer to the national Panel for a national review',
})
export type RapidReviewDecision = (typeof rapidReviewDecisions)[number]

export const stageAfterDecision: Readonly<Record<RapidReviewDecision, IncidentStage>> = {
  practice_review: 'practice_review',
  no_review: 'closed',
  national_review: 'national_review',
}

export type DecisionCode = 'LEARNING.SUMMARIES_OUTSTANDING' | 'LEARNING.DECISION_INVALID'

/**
 * The decision waits for every asked agency: it has submitted its summary, said it holds nothing, or the
 * business manager closed the gap with a reason. Deciding on a partial picture is what rapid reviews exist to
 * prevent.
 */
export function checkReadyToDecide(agencies: readonly AskedAgency[]): Result<true, DomainError<DecisionCode>> {
  const awaited = agencies.filter((a) => a.state.kind === 'awaited')
  if (awaited.length === 0) return ok(true)
  const names = awaited.map((a) => a.organisationName).join(', ')
  return err(
    domainError(
      'LEARNING.SUMMARIES_OUTSTANDING',
      `Waiting for a summary from ${names}. Each agency asked must submit its summary or say it holds nothing, or the business manager must close the gap with a reason.`,
    ),
  )
}

export interface RapidReviewDecisionInput {
  readonly meetingOn: LocalDate
  readonly decision: RapidReviewDecision
  readonly reasons: string
  readonly immediateActions: string
  readonly learning: string
}

export function checkDecision(
  input: RapidReviewDecisionInput,
  notifiedPanelOn: LocalDate,
  today: LocalDate,
): Result<RapidReviewDecisionInput, DomainError<DecisionCode>> {
  const fields: Record<string, string> = {}
  if (compareLocalDate(input.meetingOn, today) > 0)
    fields['meetingOn'] = 'The meeting date must be today or in the past'
  else if (compareLocalDate(input.meetingOn, notifiedPanelOn) < 0)
    fields['meetingOn'] = `The meeting must be on or after the notification (${formatLocalDate(notifiedPanelOn)})`
  if (input.decision === 'no_review' && input.reasons.trim() === '')
    fields['reasons'] = 'Give the reasons for not holding a practice review'
  return okUnlessProblems('LEARNING.DECISION_INVALID', fields, input)
}

// ---------------------------------------------------------------------------------------------------------------
// The practice review's stages

export const { ids: practiceReviewStages, labels: practiceReviewStageLabels } = wordList({
  commissioned: 'Commissioned (reviewer and terms of reference)',
  draft: 'Draft report received',
  final: 'Final report agreed',
  sent: 'Sent to the Panel and the Secretary of State',
  published: 'Published',
})
export type PracticeReviewStage = (typeof practiceReviewStages)[number]

export type PracticeReviewCode = 'LEARNING.PRACTICE_REVIEW_OUT_OF_ORDER' | 'LEARNING.PUBLISHED_TOO_SOON'

/** Each stage follows the one before; a stage is never recorded twice (corrections are addenda). */
export function checkPracticeReviewStage(
  done: readonly PracticeReviewStage[],
  next: PracticeReviewStage,
): Result<PracticeReviewStage, DomainError<PracticeReviewCode>> {
  const expected = practiceReviewStages[done.length]
  if (expected === next) return ok(next)
  const message =
    expected === undefined
      ? 'This practice review has been published.'
      : `Next, record: ${practiceReviewStageLabels[expected].toLowerCase()}.`
  return err(domainError('LEARNING.PRACTICE_REVIEW_OUT_OF_ORDER', message, { stage: message }))
}

/**
 * The final report goes to the Panel and the Secretary of State at least `noticeWorkingDays` working days before
 * publication; `earliestPublication` is that many working days after it was sent (from the rule table).
 */
export function checkPublicationDate(
  publishedOn: LocalDate,
  earliestPublication: LocalDate,
  noticeWorkingDays: number,
): Result<LocalDate, DomainError<PracticeReviewCode>> {
  if (compareLocalDate(publishedOn, earliestPublication) >= 0) return ok(publishedOn)
  const message = `The review cannot be published before ${formatLocalDate(earliestPublication)}: the Panel and the Secretary of State must have it at least ${noticeWorkingDays} working days before`
  return err(domainError('LEARNING.PUBLISHED_TOO_SOON', message, { occurredOn: message }))
}
