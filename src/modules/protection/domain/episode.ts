/**
 * The path a referral takes through children's social care, as data: one table of steps, each row saying
 * from which phases it may be taken, where it leads, who takes it and which statutory clocks it starts and
 * stops. The use cases, the pages (which buttons to show), the API and the tests all read this table.
 *
 * Source: ../shared/domain.md section 3 ("Process and decision outcomes") and section 1 (T1–T8, T21).
 *
 *   front_door ──decide_referral──▶ closed (no further action, early help)
 *        │                     ├──▶ assessment (child and family assessment, s17)
 *        │                     └──▶ strategy_discussion (reasonable cause to suspect significant harm;
 *        │                              also after immediate protection)
 *   assessment ──request_strategy_discussion──▶ strategy_discussion
 *   strategy_discussion ──record_strategy_discussion──▶ section_47 | assessment (s17 only)
 *   section_47 ──conclude_section_47──▶ initial_conference | assessment | child_in_need_plan | closed
 *   assessment ──complete_assessment──▶ closed | child_in_need_plan | strategy_discussion
 *   initial_conference ──hold_initial_conference──▶ child_protection_plan | child_in_need_plan | closed
 *   child_protection_plan ──hold_review_conference / end_plan──▶ itself | child_in_need_plan | closed
 *   child_in_need_plan ──review / close_episode──▶ itself | closed; request_strategy_discussion
 *
 * One episode is one referral's journey for one child (the CIN census "CINdetails"), owned by the local
 * authority the referral went to. The child and family assessment starts with the front door's decision to
 * assess or to hold a strategy discussion (a section 47 enquiry is carried out through that assessment:
 * T4), so it runs beside the section 47 enquiry and the conference; completing it while child protection work
 * continues leaves the phase unchanged.
 */
import { compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { TimescaleRuleId } from '../../timescales/domain/rules.js'
import { isOneOf, wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: episodePhases,
  labels: episodePhaseLabels,
  is: isEpisodePhase,
} = wordList({
  front_door: 'Referral: waiting for a decision',
  assessment: 'Child and family assessment',
  strategy_discussion: 'Strategy discussion needed',
  section_47: 'Section 47 enquiry',
  initial_conference: 'Initial child protection conference due',
  child_protection_plan: 'Child protection plan',
  child_in_need_plan: 'Child in need plan',
  closed: 'Closed',
})
export type EpisodePhase = (typeof episodePhases)[number]

export const episodeSteps = [
  'decide_referral',
  'request_strategy_discussion',
  'record_strategy_discussion',
  'conclude_section_47',
  'complete_assessment',
  'hold_initial_conference',
  'record_core_group',
  'hold_review_conference',
  'end_plan',
  'review_child_in_need_plan',
  'close_episode',
] as const
export type EpisodeStep = (typeof episodeSteps)[number]
export const isEpisodeStep = isOneOf(episodeSteps)

/** Roles that lead each kind of step; whether this person may act on this episode is the access policy's call. */
const frontDoor: readonly Role[] = ['front_door', 'team_manager']
const caseHolder: readonly Role[] = ['social_worker', 'team_manager']
const chair: readonly Role[] = ['conference_chair']
/** Who arranges a conference and invites to it: the case holders and the chairs. */
export const conferenceArrangers: readonly Role[] = [...caseHolder, ...chair]

/** A clock by its rule, and what it counts from (the step's own date unless said otherwise). */
export interface ClockStart {
  readonly rule: TimescaleRuleId
  /** 'referral': from the referral date (T2 counts from the referral, not its acceptance). */
  readonly from: 'step' | 'referral'
}

export interface EpisodeTransition {
  readonly step: EpisodeStep
  /** The outcome chosen in the step; one row per outcome. */
  readonly outcome: string
  /** Radio label for the outcome. */
  readonly label: string
  readonly from: readonly EpisodePhase[]
  readonly to: EpisodePhase | 'unchanged'
  readonly who: readonly Role[]
  readonly starts: readonly ClockStart[]
  /** Clocks this step satisfies (or makes unnecessary); open ones for the episode are completed. */
  readonly completes: readonly TimescaleRuleId[]
  /**
   * The CIN census reason for closure a row closes the episode with when the step gives none: RC8 (no further
   * action after assessment) and RC9 (early help after assessment). A closing step may give its own (RC1–RC9).
   */
  readonly closureReason: string | undefined
  /** The referral was decided "no further action" (the census's NFA flag on the referral). */
  readonly referralNoFurtherAction: boolean
  /** Whether the step opens the child and family assessment record (beside the clock it starts). */
  readonly opensAssessment: boolean
  /** Whether every open clock of the episode ends with this step (the episode closes). */
  readonly endsAllClocks: boolean
}

/** RC8 and RC9 are the census's reasons for closing after an assessment decides no further action or early help. */
const closingAfterAssessment: Readonly<Record<string, string>> = { no_further_action: 'RC8', early_help: 'RC9' }

/** The clocks a row starts and those it meets, when it has any. */
interface Clocks {
  readonly starts?: readonly ClockStart[]
  readonly completes?: readonly TimescaleRuleId[]
}

const row = (
  step: EpisodeStep,
  outcome: string,
  label: string,
  from: readonly EpisodePhase[],
  to: EpisodePhase | 'unchanged',
  who: readonly Role[],
  clocks: Clocks = {},
): EpisodeTransition => ({
  step,
  outcome,
  label,
  from,
  to,
  who,
  starts: clocks.starts ?? [],
  completes: clocks.completes ?? [],
  closureReason: to === 'closed' ? closingAfterAssessment[outcome] : undefined,
  referralNoFurtherAction: step === 'decide_referral' && outcome === 'no_further_action',
  opensAssessment: (clocks.starts ?? []).some((c) => c.rule === 'child-and-family-assessment'),
  endsAllClocks: to === 'closed',
})

const assessmentClock: ClockStart = { rule: 'child-and-family-assessment', from: 'referral' }
const reviewClocks: readonly TimescaleRuleId[] = ['first-review-conference', 'next-review-conference']
const planClocks: readonly TimescaleRuleId[] = [...reviewClocks, 'first-core-group']
const decided: readonly TimescaleRuleId[] = ['referral-decision']
/** The front door's decisions that go on to assess (T2 counts from the referral date). */
const decidedToAssess = { starts: [assessmentClock], completes: decided }
const assessed: readonly TimescaleRuleId[] = ['child-and-family-assessment']
const manager: readonly Role[] = ['team_manager']
const planEnders: readonly Role[] = [...chair, 'team_manager']

/**
 * The ways a step leaves child protection work, each in the step's own words: a child in need plan, or closing the
 * case with early help or no further action. Each meets `completes`; closing the case also ends the assessment's
 * clock.
 */
const stepDowns = (
  step: EpisodeStep,
  from: EpisodePhase,
  who: readonly Role[],
  completes: readonly TimescaleRuleId[],
  labels: Readonly<Record<'child_in_need_plan' | 'early_help' | 'no_further_action', string>>,
): EpisodeTransition[] => [
  row(step, 'child_in_need_plan', labels.child_in_need_plan, [from], 'child_in_need_plan', who, { completes }),
  ...(['early_help', 'no_further_action'] as const).map((outcome) =>
    row(step, outcome, labels[outcome], [from], 'closed', who, { completes: [...completes, ...assessed] }),
  ),
]

/** A front door decision on a referral, by the front door or a manager, from the referral's own phase. */
const decision = (outcome: string, label: string, to: EpisodePhase, clocks: Clocks) =>
  row('decide_referral', outcome, label, ['front_door'], to, frontDoor, clocks)

/** A manager's authorisation of the assessment, which concludes it and so meets its clock. */
const authorisation = (outcome: string, label: string, from: readonly EpisodePhase[], to: EpisodePhase | 'unchanged') =>
  row('complete_assessment', outcome, label, from, to, manager, { completes: assessed })

export const episodeTransitions: readonly EpisodeTransition[] = [
  // T1: the front door decides within one working day of receiving the referral.
  decision('no_further_action', 'No further action (with signposting)', 'closed', { completes: decided }),
  decision('early_help', 'Early help', 'closed', { completes: decided }),
  decision('assessment', 'Child and family assessment (section 17)', 'assessment', decidedToAssess),
  decision(
    'strategy_discussion',
    'Strategy discussion (reasonable cause to suspect significant harm)',
    'strategy_discussion',
    decidedToAssess,
  ),
  decision(
    'immediate_protection',
    'Immediate protection (police protection or an emergency protection order)',
    'strategy_discussion',
    decidedToAssess,
  ),

  row(
    'request_strategy_discussion',
    'strategy_discussion',
    'Hold a strategy discussion',
    ['assessment', 'child_in_need_plan'],
    'strategy_discussion',
    [...caseHolder, 'front_door'],
  ),

  // T4/T5: the section 47 enquiry starts at the strategy discussion, and so does the conference clock.
  row(
    'record_strategy_discussion',
    'section_47',
    'Start a section 47 enquiry',
    ['strategy_discussion'],
    'section_47',
    caseHolder,
    {
      starts: [{ rule: 'initial-child-protection-conference', from: 'step' }],
    },
  ),
  row(
    'record_strategy_discussion',
    'no_section_47',
    'No section 47 enquiry: continue the assessment',
    ['strategy_discussion'],
    'assessment',
    caseHolder,
  ),

  row(
    'conclude_section_47',
    'conference',
    'Concerns substantiated, continuing risk: initial child protection conference',
    ['section_47'],
    'initial_conference',
    caseHolder,
  ),
  row(
    'conclude_section_47',
    'continue_assessment',
    'No conference: continue the child and family assessment',
    ['section_47'],
    'assessment',
    caseHolder,
    {
      completes: ['initial-child-protection-conference'],
    },
  ),
  ...stepDowns('conclude_section_47', 'section_47', caseHolder, ['initial-child-protection-conference'], {
    child_in_need_plan: 'No conference: child in need plan',
    early_help: 'No conference: early help',
    no_further_action: 'No conference: no further action',
  }),

  // T2: the assessment is authorised by a manager; that authorisation concludes it.
  authorisation('no_further_action', 'No further action', ['assessment'], 'closed'),
  authorisation('early_help', 'Early help', ['assessment'], 'closed'),
  authorisation('child_in_need_plan', 'Child in need plan', ['assessment'], 'child_in_need_plan'),
  authorisation('strategy_discussion', 'Strategy discussion', ['assessment'], 'strategy_discussion'),
  authorisation(
    'continue_child_protection',
    'Child protection work continues',
    ['section_47', 'initial_conference', 'child_protection_plan'],
    'unchanged',
  ),

  // T5–T7: the initial conference; a plan starts the first core group and first review clocks.
  row(
    'hold_initial_conference',
    'child_protection_plan',
    'Child protection plan',
    ['initial_conference'],
    'child_protection_plan',
    chair,
    {
      starts: [
        { rule: 'first-core-group', from: 'step' },
        { rule: 'first-review-conference', from: 'step' },
      ],
      completes: ['initial-child-protection-conference'],
    },
  ),
  ...stepDowns('hold_initial_conference', 'initial_conference', chair, ['initial-child-protection-conference'], {
    child_in_need_plan: 'No plan: child in need plan',
    early_help: 'No plan: early help',
    no_further_action: 'No plan: no further action',
  }),

  row('record_core_group', 'held', 'Core group meeting held', ['child_protection_plan'], 'unchanged', caseHolder, {
    completes: ['first-core-group'],
  }),

  // T8: each review conference starts the next review clock.
  row(
    'hold_review_conference',
    'continue_plan',
    'Continue the child protection plan',
    ['child_protection_plan'],
    'unchanged',
    chair,
    {
      starts: [{ rule: 'next-review-conference', from: 'step' }],
      completes: reviewClocks,
    },
  ),
  ...stepDowns('hold_review_conference', 'child_protection_plan', chair, planClocks, {
    child_in_need_plan: 'End the plan: step down to a child in need plan',
    early_help: 'End the plan: step down to early help',
    no_further_action: 'End the plan: no further action',
  }),

  // A plan can also end between reviews: the child moved away, turned 18, died or left the UK.
  ...stepDowns('end_plan', 'child_protection_plan', planEnders, planClocks, {
    child_in_need_plan: 'Step down to a child in need plan',
    early_help: 'Step down to early help',
    no_further_action: 'No further involvement',
  }),

  row(
    'review_child_in_need_plan',
    'continue_plan',
    'Continue the child in need plan',
    ['child_in_need_plan'],
    'unchanged',
    caseHolder,
  ),
  row('close_episode', 'closed', 'Close the case', ['child_in_need_plan'], 'closed', caseHolder, {
    completes: assessed,
  }),
]

export type StepNotAllowedCode = 'EPISODE.STEP_NOT_ALLOWED' | 'EPISODE.UNKNOWN_OUTCOME'

/** Why a step is refused in a phase, in words a social worker or chair understands. */
function refusal(phase: EpisodePhase, step: EpisodeStep): string {
  if (phase === 'closed') return 'This case is closed – a new referral starts a new episode'
  switch (step) {
    case 'decide_referral':
      return 'A decision has already been made on this referral'
    case 'request_strategy_discussion':
      return phase === 'strategy_discussion'
        ? 'A strategy discussion has already been asked for'
        : 'A strategy discussion can only be asked for during an assessment or a child in need plan'
    case 'record_strategy_discussion':
      return 'Record a strategy discussion only when one has been decided on'
    case 'conclude_section_47':
      return 'There is no section 47 enquiry under way – a strategy discussion must start one first'
    case 'complete_assessment':
      return 'There is no child and family assessment to complete at this stage'
    case 'hold_initial_conference':
      return 'An initial child protection conference needs a section 47 enquiry that concluded one is needed'
    case 'record_core_group':
    case 'hold_review_conference':
    case 'end_plan':
      return 'The child does not have a child protection plan – a plan is made only at a child protection conference'
    case 'review_child_in_need_plan':
    case 'close_episode':
      return 'The child does not have a child in need plan'
  }
}

/** The table row for a step and outcome, if the step is allowed in `phase`; the phase it leads to. */
export function transition(
  phase: EpisodePhase,
  step: EpisodeStep,
  outcome: string,
): Result<{ readonly to: EpisodePhase; readonly transition: EpisodeTransition }, DomainError<StepNotAllowedCode>> {
  const rows = episodeTransitions.filter((t) => t.step === step)
  if (!rows.some((t) => t.from.includes(phase)))
    return err(domainError('EPISODE.STEP_NOT_ALLOWED', refusal(phase, step)))
  const found = rows.find((t) => t.outcome === outcome && t.from.includes(phase))
  if (found === undefined) {
    return err(domainError('EPISODE.UNKNOWN_OUTCOME', 'Select an outcome', { outcome: 'Select an outcome' }))
  }
  return ok({ to: found.to === 'unchanged' ? phase : found.to, transition: found })
}

/** Steps possible in a phase, in table order, for which actions a page offers (before checking who). */
export const stepsAvailable = (phase: EpisodePhase): EpisodeStep[] => [
  ...new Set(episodeTransitions.filter((t) => t.from.includes(phase)).map((t) => t.step)),
]

/** The outcomes of a step open in a phase (the radios of its form). */
export const outcomesFor = (phase: EpisodePhase, step: EpisodeStep): EpisodeTransition[] =>
  episodeTransitions.filter((t) => t.step === step && t.from.includes(phase))

/** Whether someone with `roles` leads this step (the access policy still decides for the episode). */
export const leadsStep = (step: EpisodeStep, roles: readonly Role[]): boolean =>
  episodeTransitions.some((t) => t.step === step && t.who.some((w) => roles.includes(w)))

// ——— Rules that are not about the phase ———

/** Agencies that can attend a strategy discussion. Working Together: it must include the local authority, police and health. */
export const strategyDiscussionAgencies = [
  'local_authority',
  'police',
  'health',
  'education',
  'referring_agency',
  'other',
] as const
export type StrategyDiscussionAgency = (typeof strategyDiscussionAgencies)[number]
export const requiredStrategyDiscussionAgencies: readonly StrategyDiscussionAgency[] = [
  'local_authority',
  'police',
  'health',
]
const agencyNames: Readonly<Record<StrategyDiscussionAgency, string>> = {
  local_authority: 'local authority children’s social care',
  police: 'police',
  health: 'health',
  education: 'education',
  referring_agency: 'the referring agency',
  other: 'other',
}

export type MissingAgenciesCode = 'STRATEGY_DISCUSSION.MISSING_AGENCIES'

/** A strategy discussion without the local authority, police and health is not one (WT2023). */
export function checkStrategyDiscussionAttendance(
  present: readonly StrategyDiscussionAgency[],
): Result<true, DomainError<MissingAgenciesCode>> {
  const missing = requiredStrategyDiscussionAgencies.filter((a) => !present.includes(a))
  if (missing.length === 0) return ok(true)
  const names = missing.map((a) => agencyNames[a])
  const message = `A strategy discussion must include ${joinWithAnd(names)}: add ${missing.length === 1 ? 'an attendee' : 'attendees'} from ${joinWithAnd(names)}`
  return err(domainError('STRATEGY_DISCUSSION.MISSING_AGENCIES', message, { attendees: message }))
}

const joinWithAnd = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`

export type DateOrderCode = 'EPISODE.DATE_OUT_OF_ORDER' | 'EPISODE.DATE_IN_FUTURE'

/** The earliest a step's date may be, and what began that day (in the words of the field's error), if anything. */
export type EarliestDate = { readonly date: LocalDate; readonly what: string } | undefined

/**
 * A step's date must not come before the event it follows (a conference before its strategy discussion, a
 * section 47 before the referral: CIN census rules 2889 and 2885), nor lie in the future.
 */
export function checkStepDate(
  field: string,
  date: LocalDate,
  today: LocalDate,
  earliest: EarliestDate,
): Result<LocalDate, DomainError<DateOrderCode>> {
  if (compareLocalDate(date, today) > 0) {
    const message = 'The date must be today or in the past'
    return err(domainError('EPISODE.DATE_IN_FUTURE', message, { [field]: message }))
  }
  if (earliest !== undefined && compareLocalDate(date, earliest.date) < 0) {
    const message = `The date must be on or after ${earliest.what}`
    return err(domainError('EPISODE.DATE_OUT_OF_ORDER', message, { [field]: message }))
  }
  return ok(date)
}
