/**
 * Low-level concerns about adults (KCSIE Part 4): "any concern – no matter how small, and even if no more than a
 * sense of unease or a 'nagging doubt'" that an adult working in or for the organisation has acted inconsistently
 * with the code of conduct, without meeting the harm threshold. Shared with the head (the chair of governors when
 * it is about the head), reviewed for patterns. Sources: ../shared/domain-2026.md §6.
 *
 *   recorded ──review──▶ reviewed            (decision: no further action | low-level concern with actions)
 *   recorded ──review──▶ became_allegation   (decision: meets the harm threshold → an allegation is recorded)
 */
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { collectTextProblem, textProblem } from '../../concerns/domain/text.js'
import type { Role } from '../../../platform/identity/roles.js'
import { isOneOf, wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: subjectKinds,
  is: isSubjectKind,
  labels: subjectKindLabels,
} = wordList({
  staff: 'Member of staff',
  volunteer: 'Volunteer',
  contractor: 'Contractor',
  supply: 'Supply or agency worker',
})
export type SubjectKind = (typeof subjectKinds)[number]

export const reviewDecisions = ['no_further_action', 'low_level', 'allegation'] as const
export type ReviewDecision = (typeof reviewDecisions)[number]
export const isReviewDecision = isOneOf(reviewDecisions)
export const reviewDecisionLabels: Readonly<Record<ReviewDecision, { label: string; hint: string }>> = {
  no_further_action: {
    label: 'Not a concern',
    hint: 'The behaviour was consistent with the code of conduct. The record is kept.',
  },
  low_level: {
    label: 'A low-level concern',
    hint: 'Inconsistent with the code of conduct but below the harm threshold: say what will be done, for example guidance or supervision.',
  },
  allegation: {
    label: 'It meets the harm threshold',
    hint: 'Record it as an allegation and refer it to the LADO within 1 working day.',
  },
}

export type LowLevelConcernState = 'recorded' | 'reviewed' | 'became_allegation'
export const lowLevelStateLabels: Readonly<Record<LowLevelConcernState, string>> = {
  recorded: 'Waiting for review',
  reviewed: 'Reviewed',
  became_allegation: 'Became an allegation',
}

export const LLC_TEXT_LIMITS = { name: 200, role: 200, account: 10_000, actions: 5_000 } as const

/**
 * The reviewer is the head or manager; when the concern is about the head, the chair of governors or trustees
 * (KCSIE Part 4). The person a concern is about never reviews it, whatever their role.
 */
export const reviewerRolesFor = (aboutHead: boolean): readonly Role[] => (aboutHead ? ['chair_of_governors'] : ['head'])

/**
 * Patterns: the second and every later concern about the same person is flagged, so the reviewer sees the
 * earlier ones before deciding. "The same person" is the same account on Together, or for someone without one
 * (a contractor) the same name in the same organisation, compared without case or extra spaces.
 */
export const PATTERN_THRESHOLD = 2

export const sameSubjectKey = (subject: { userId: string | null; name: string }): string =>
  subject.userId !== null ? `user:${subject.userId}` : `name:${subject.name.trim().replace(/\s+/g, ' ').toLowerCase()}`

export const isPattern = (concernsAboutSamePerson: number): boolean => concernsAboutSamePerson >= PATTERN_THRESHOLD

export interface LowLevelConcernInput {
  readonly subjectUserId?: string | undefined
  readonly subjectName?: string | undefined
  readonly subjectKind?: string | undefined
  readonly account?: string | undefined
}

export const lowLevelMessages = {
  subjectMissing: 'Select the person, or enter their name',
  subjectKindMissing: 'Select how they work with you',
  accountMissing: 'Enter what happened and why it concerns you',
  decisionMissing: 'Select your decision',
  actionsMissing: 'Enter what will be done, for example guidance or closer supervision',
} as const

export function validateLowLevelConcern(
  input: LowLevelConcernInput,
): Result<
  { subjectUserId: string | null; subjectName: string; subjectKind: SubjectKind; account: string },
  DomainError<'LOW_LEVEL_CONCERN.INVALID'>
> {
  const fields: Record<string, string> = {}
  const userId = input.subjectUserId?.trim() ?? ''
  const name = input.subjectName ?? ''
  if (userId === '') {
    collectTextProblem(fields, 'subjectName', name, {
      label: 'Their name',
      max: LLC_TEXT_LIMITS.name,
      missing: lowLevelMessages.subjectMissing,
    })
  }
  const kind = input.subjectKind?.trim() ?? ''
  if (!isSubjectKind(kind)) fields.subjectKind = lowLevelMessages.subjectKindMissing
  collectTextProblem(fields, 'account', input.account ?? '', {
    label: 'What happened',
    max: LLC_TEXT_LIMITS.account,
    missing: lowLevelMessages.accountMissing,
  })
  if (hasProblems(fields) || !isSubjectKind(kind))
    return invalidFields('LOW_LEVEL_CONCERN.INVALID', fields, lowLevelMessages.subjectKindMissing)
  return ok({
    subjectUserId: userId === '' ? null : userId,
    subjectName: name.trim(),
    subjectKind: kind,
    account: input.account ?? '',
  })
}

export function validateReview(input: {
  decision?: string | undefined
  actions?: string | undefined
}): Result<{ decision: ReviewDecision; actions: string }, DomainError<'LOW_LEVEL_CONCERN.INVALID'>> {
  const decision = input.decision?.trim() ?? ''
  if (!isReviewDecision(decision))
    return err(
      domainError('LOW_LEVEL_CONCERN.INVALID', lowLevelMessages.decisionMissing, {
        decision: lowLevelMessages.decisionMissing,
      }),
    )
  const problem = textProblem(input.actions ?? '', {
    label: 'What will be done',
    max: LLC_TEXT_LIMITS.actions,
    ...(decision === 'low_level' ? { missing: lowLevelMessages.actionsMissing } : {}),
  })
  if (problem !== undefined) return err(domainError('LOW_LEVEL_CONCERN.INVALID', problem, { actions: problem }))
  return ok({ decision, actions: input.actions ?? '' })
}

export const reviewTransition = (decision: ReviewDecision): LowLevelConcernState =>
  decision === 'allegation' ? 'became_allegation' : 'reviewed'
