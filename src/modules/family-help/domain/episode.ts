/**
 * The path of a family help episode, as data: one table of steps, each row saying from which phases it may be
 * taken, where it leads, and which local clocks it starts and stops. The use cases, the episode page (which
 * actions to offer), the API and the tests all read this table. Sources: ../shared/domain-2026.md §1.
 *
 *   awaiting_consent ──record_consent(given)──▶ consented ──record_assessment──▶ assessed ──record_plan──▶ plan
 *          │                   (refused)──▶ without_consent                                   │  ▲
 *          │                                                                 record_plan (new version), record_review,
 *          │                                                                 record_assessment (re-assessment)
 *   any open phase ──step_up──▶ stepped_up (the plan is paused; a referral carries the history)
 *   any open phase ──close──▶ closed;  consented/assessed/plan ──record_consent(withdrawn)──▶ without_consent
 *
 * Early help is voluntary: consent to RECEIVE support gates the work (no assessment or plan without it). It
 * is not the lawful basis for sharing information, which is decided and recorded separately. Stepping up never
 * waits for consent: safeguarding comes first. A stepped-up family comes back through a NEW episode opened at
 * step-down, linked to this one, so the thread is unbroken.
 */
import type { TimescaleRuleId } from '../../timescales/domain/rules.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: familyHelpPhases,
  is: isFamilyHelpPhase,
  labels: familyHelpPhaseLabels,
} = wordList({
  awaiting_consent: 'Waiting for the family’s consent',
  consented: 'Assessment under way',
  assessed: 'Assessed: plan needed',
  plan: 'Family plan in place',
  without_consent: 'Consent refused or withdrawn',
  stepped_up: 'Stepped up: plan paused',
  closed: 'Closed',
})
export type FamilyHelpPhase = (typeof familyHelpPhases)[number]

/** Phases in which the episode is still open (an open episode blocks a second one for the same children). */
export const openPhases: readonly FamilyHelpPhase[] = familyHelpPhases.filter((p) => p !== 'closed')

export const familyHelpSteps = [
  'record_consent',
  'assign_lead_practitioner',
  'add_team_member',
  'record_assessment',
  'record_plan',
  'schedule_meeting',
  'submit_contribution',
  'record_review',
  'step_up',
  'close',
] as const
export type FamilyHelpStep = (typeof familyHelpSteps)[number]

export interface FamilyHelpTransition {
  readonly step: FamilyHelpStep
  /** The outcome chosen in the step ('recorded' for steps with one outcome). */
  readonly outcome: string
  readonly from: readonly FamilyHelpPhase[]
  readonly to: FamilyHelpPhase | 'unchanged'
  /** Local clocks this step starts, counted from the step's own date. */
  readonly starts: readonly TimescaleRuleId[]
  /** Clocks this step satisfies or makes unnecessary; open ones for the episode are completed. */
  readonly completes: readonly TimescaleRuleId[]
}

const ALL_CLOCKS: readonly TimescaleRuleId[] = [
  'family-help-assessment',
  'family-help-first-review',
  'family-help-next-review',
  'family-help-reassessment',
]
const REVIEW_CLOCKS: readonly TimescaleRuleId[] = ['family-help-first-review', 'family-help-next-review']
/** Work with the family goes on in these phases: team, meetings and contributions. */
const WORKING: readonly FamilyHelpPhase[] = ['awaiting_consent', 'consented', 'assessed', 'plan']
const CONSENTED: readonly FamilyHelpPhase[] = ['consented', 'assessed', 'plan']

const row = (
  step: FamilyHelpStep,
  outcome: string,
  from: readonly FamilyHelpPhase[],
  to: FamilyHelpPhase | 'unchanged',
  clocks: { starts?: readonly TimescaleRuleId[]; completes?: readonly TimescaleRuleId[] } = {},
): FamilyHelpTransition => ({
  step,
  outcome,
  from,
  to,
  starts: clocks.starts ?? [],
  completes: clocks.completes ?? [],
})

export const familyHelpTransitions: readonly FamilyHelpTransition[] = [
  row('record_consent', 'given', ['awaiting_consent'], 'consented', { starts: ['family-help-assessment'] }),
  row('record_consent', 'refused', ['awaiting_consent'], 'without_consent'),
  row('record_consent', 'withdrawn', CONSENTED, 'without_consent', { completes: ALL_CLOCKS }),

  // A lead practitioner can be named before consent (a step-down names one at the handover meeting).
  row('assign_lead_practitioner', 'recorded', WORKING, 'unchanged'),
  row('add_team_member', 'recorded', WORKING, 'unchanged'),

  row('record_assessment', 'recorded', ['consented'], 'assessed', {
    starts: ['family-help-reassessment'],
    completes: ['family-help-assessment'],
  }),
  // A re-assessment while the plan runs restarts the 12-month clock.
  row('record_assessment', 'recorded', ['assessed', 'plan'], 'unchanged', {
    starts: ['family-help-reassessment'],
    completes: ['family-help-reassessment'],
  }),

  row('record_plan', 'recorded', ['assessed'], 'plan', { starts: ['family-help-first-review'] }),
  // Every later version is kept; it does not move the review clock.
  row('record_plan', 'recorded', ['plan'], 'unchanged'),

  row('schedule_meeting', 'recorded', WORKING, 'unchanged'),
  row('submit_contribution', 'recorded', WORKING, 'unchanged'),

  row('record_review', 'continue', ['plan'], 'unchanged', {
    starts: ['family-help-next-review'],
    completes: REVIEW_CLOCKS,
  }),
  // The other decisions are acted on by their own steps (step up, close), which carry their own details.
  row('record_review', 'step_up', ['plan'], 'unchanged', { completes: REVIEW_CLOCKS }),
  row('record_review', 'step_down', ['plan'], 'unchanged', { completes: REVIEW_CLOCKS }),
  row('record_review', 'close', ['plan'], 'unchanged', { completes: REVIEW_CLOCKS }),

  // Safeguarding never waits for consent or a plan: any open phase may step up; the plan is paused.
  row('step_up', 'recorded', [...WORKING, 'without_consent'], 'stepped_up', { completes: ALL_CLOCKS }),

  row('close', 'outcomes_met', ['plan'], 'closed', { completes: ALL_CLOCKS }),
  row('close', 'stepped_up', ['stepped_up'], 'closed', { completes: ALL_CLOCKS }),
  row('close', 'stepped_down_universal', [...WORKING], 'closed', { completes: ALL_CLOCKS }),
  row('close', 'consent_withdrawn', [...WORKING, 'without_consent'], 'closed', { completes: ALL_CLOCKS }),
  row('close', 'moved_away', [...WORKING, 'without_consent', 'stepped_up'], 'closed', { completes: ALL_CLOCKS }),
  row('close', 'other', [...WORKING, 'without_consent', 'stepped_up'], 'closed', { completes: ALL_CLOCKS }),
]

export type FamilyHelpStepCode = 'FAMILY_HELP.STEP_NOT_ALLOWED' | 'FAMILY_HELP.UNKNOWN_OUTCOME'

/** Why a step is refused in a phase, in words a lead practitioner understands. */
function refusal(phase: FamilyHelpPhase, step: FamilyHelpStep, outcome: string): string {
  if (phase === 'closed') return 'This episode is closed. Open a new episode to work with the family again'
  if (phase === 'stepped_up' && step !== 'close')
    return 'The family has been stepped up to children’s social care and the plan is paused'
  switch (step) {
    case 'record_consent':
      if (outcome === 'withdrawn') return 'The family has not given consent, so there is nothing to withdraw'
      return phase === 'without_consent'
        ? 'The family refused or withdrew consent. Open a new episode if they now agree to support'
        : 'The family’s consent has already been recorded'
    case 'assign_lead_practitioner':
    case 'add_team_member':
    case 'schedule_meeting':
    case 'submit_contribution':
      return 'The family refused or withdrew consent, so the team cannot carry on working with them'
    case 'record_assessment':
      return phase === 'awaiting_consent'
        ? 'Record the family’s consent to receive support before the assessment'
        : 'The family refused or withdrew consent, so there can be no assessment'
    case 'record_plan':
      if (phase === 'awaiting_consent') return 'Record the family’s consent to receive support before making a plan'
      if (phase === 'consented') return 'Record the assessment before making a family plan'
      return 'The family refused or withdrew consent, so there can be no family plan'
    case 'record_review':
      return 'There is no family plan to review yet. Record the family plan first'
    case 'step_up':
      return 'This episode has already been stepped up'
    case 'close':
      if (outcome === 'outcomes_met') return 'Outcomes can only be met once there is a family plan'
      if (outcome === 'stepped_up') return 'Only an episode that was stepped up closes for that reason'
      return 'This episode cannot be closed for that reason now'
  }
}

/** The table row for a step and outcome, if the step is allowed in `phase`; and the phase it leads to. */
export function familyHelpTransition(
  phase: FamilyHelpPhase,
  step: FamilyHelpStep,
  outcome = 'recorded',
): Result<{ readonly to: FamilyHelpPhase; readonly row: FamilyHelpTransition }, DomainError<FamilyHelpStepCode>> {
  const rows = familyHelpTransitions.filter((t) => t.step === step)
  if (!rows.some((t) => t.outcome === outcome))
    return err(domainError('FAMILY_HELP.UNKNOWN_OUTCOME', 'Select an outcome', { outcome: 'Select an outcome' }))
  const found = rows.find((t) => t.outcome === outcome && t.from.includes(phase))
  if (found === undefined) return err(domainError('FAMILY_HELP.STEP_NOT_ALLOWED', refusal(phase, step, outcome)))
  return ok({ to: found.to === 'unchanged' ? phase : found.to, row: found })
}

/** Steps possible in a phase, in table order: which actions the episode page offers. */
export const familyHelpStepsAvailable = (phase: FamilyHelpPhase): FamilyHelpStep[] => [
  ...new Set(familyHelpTransitions.filter((t) => t.from.includes(phase)).map((t) => t.step)),
]

/** The outcomes of a step open in a phase (the radios of its form). */
export const familyHelpOutcomesFor = (phase: FamilyHelpPhase, step: FamilyHelpStep): string[] =>
  familyHelpTransitions.filter((t) => t.step === step && t.from.includes(phase)).map((t) => t.outcome)

/** Is the plan paused? It is while the family is stepped up (Gloucestershire: "paused and replaced"). */
export const planPaused = (phase: FamilyHelpPhase): boolean => phase === 'stepped_up'
