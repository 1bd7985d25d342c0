/**
 * Recommendations and the actions that answer them. The partners must oversee that recommendations are
 * implemented "with demonstrable impact" (domain-2026 §3, Leeds quoting WT2023), so an action is complete only
 * with evidence of its impact, and its history is kept row by row (never edited).
 */
import { compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: recommendationSources, labels: recommendationSourceLabels } = wordList({
  rapid_review: 'Rapid review',
  practice_review: 'Local child safeguarding practice review',
  national_review: 'National review',
  scrutiny: 'Independent scrutiny',
  audit: 'Multi-agency audit',
})
export type RecommendationSource = (typeof recommendationSources)[number]

/** A recommendation from a rapid review or a practice review names the serious incident the review was about. */
export const recommendationNeedsIncident = (source: RecommendationSource): boolean =>
  source === 'rapid_review' || source === 'practice_review'

export const { ids: actionStatuses, labels: actionStatusLabels } = wordList({
  open: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
})
export type ActionStatus = (typeof actionStatuses)[number]

/** Which status may follow which: completed and withdrawn are final (reopening is a new action). */
export const actionTransitions: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'completed', 'withdrawn'],
  in_progress: ['completed', 'withdrawn'],
  completed: [],
  withdrawn: [],
}

/**
 * Learning themes. A theme may carry a short practice note that Together shows in the matching workflow, for
 * example the national panel's wording for intra-familial child sexual abuse (domain-2026 §4, Panel 2024).
 */
export interface LearningTheme {
  readonly id: string
  readonly label: string
  readonly practiceNote?: {
    readonly where: 'strategy_discussion' | 'front_door_decision' | 'conference'
    readonly text: string
    readonly source: string
  }
}

export const learningThemes: readonly LearningTheme[] = [
  {
    id: 'intra_familial_csa',
    label: 'Child sexual abuse in the family',
    practiceNote: {
      where: 'strategy_discussion',
      text: 'When the police close an investigation of child sexual abuse in the family, record “no further police action at this time”, not “no further action”, and record why the investigation closed and share that with the agencies involved.',
      source: 'Child Safeguarding Practice Review Panel, national review of intra-familial child sexual abuse (2024)',
    },
  },
  { id: 'information_sharing', label: 'Information sharing between agencies' },
  { id: 'voice_of_the_child', label: 'The child’s voice and lived experience' },
  { id: 'infants', label: 'Babies and infants' },
  { id: 'domestic_abuse', label: 'Domestic abuse' },
  { id: 'neglect', label: 'Neglect' },
  { id: 'extra_familial_harm', label: 'Harm outside the home' },
  { id: 'education', label: 'Education: attendance and engagement' },
  { id: 'disproportionality', label: 'Disproportionality and discrimination' },
]

export const isLearningTheme = (id: string): boolean => learningThemes.some((t) => t.id === id)

export type ActionCode = 'ACTION.STATUS_NOT_ALLOWED' | 'ACTION.EVIDENCE_NEEDED' | 'ACTION.INVALID'

export function checkActionUpdate(
  current: ActionStatus,
  next: ActionStatus,
  note: string,
  evidenceOfImpact: string,
): Result<ActionStatus, DomainError<ActionCode>> {
  if (!actionTransitions[current].includes(next)) {
    const message =
      actionTransitions[current].length === 0
        ? `This action is ${actionStatusLabels[current].toLowerCase()}: record a new action instead`
        : `An action that is ${actionStatusLabels[current].toLowerCase()} cannot become ${actionStatusLabels[next].toLowerCase()}`
    return err(domainError('ACTION.STATUS_NOT_ALLOWED', message, { status: message }))
  }
  if (next === 'completed' && evidenceOfImpact.trim() === '') {
    const message = 'Describe the evidence that this action has made a difference for children'
    return err(domainError('ACTION.EVIDENCE_NEEDED', message, { evidenceOfImpact: message }))
  }
  if (next === 'withdrawn' && note.trim() === '') {
    const message = 'Give the reason for withdrawing this action'
    return err(domainError('ACTION.INVALID', message, { note: message }))
  }
  return ok(next)
}

/** Overdue: past its due date and neither completed nor withdrawn. */
export const isActionOverdue = (status: ActionStatus, dueOn: LocalDate, today: LocalDate): boolean =>
  (status === 'open' || status === 'in_progress') && compareLocalDate(dueOn, today) < 0
