/**
 * Rules for what a social worker, manager or chair records at each step of a case, apart from whether the step
 * is allowed in the phase (episode.ts decides that). Pure: the use cases pass in what they loaded.
 * Sources: ../shared/domain.md sections 3 and 8 (CIN census rules 8869, 2885, 2889).
 */
import { isAssessmentFactor, type AssessmentFactor, type ReasonForClosure } from './codes.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'

export type CaseInputCode = 'CASE.INVALID'
export type CaseInputError = DomainError<CaseInputCode>

/**
 * Factors identified at assessment (CIN census AssessmentFactors). '21' (no factors identified) is only for
 * an assessment that found nothing, so it is never combined with another factor (CIN census rule 8869).
 */
export function checkAssessmentFactors(factors: readonly string[]): Result<AssessmentFactor[], CaseInputError> {
  const unique = [...new Set(factors)]
  if (unique.length === 0)
    return err(
      domainError('CASE.INVALID', 'Select the factors identified, or “No factors identified”', {
        factors: 'Select the factors identified, or “No factors identified”',
      }),
    )
  const unknown = unique.filter((f) => !isAssessmentFactor(f))
  if (unknown.length > 0)
    return err(domainError('CASE.INVALID', 'Select factors from the list', { factors: 'Select factors from the list' }))
  if (unique.includes('21') && unique.length > 1) {
    const message = '“No factors identified” cannot be selected with other factors'
    return err(domainError('CASE.INVALID', message, { factors: message }))
  }
  return ok(unique.filter(isAssessmentFactor))
}

/** The result of a section 47 enquiry; a conference is only for concerns substantiated with a continuing risk. */
export const { ids: section47Findings, options: section47FindingOptions } = wordList({
  substantiated: 'Concerns substantiated: the child is judged to be suffering, or likely to suffer, significant harm',
  not_substantiated: 'Concerns not substantiated',
})
export type Section47Finding = (typeof section47Findings)[number]

/** A conference is called only when concerns are substantiated and the child is at continuing risk. */
export function checkSection47Conclusion(finding: Section47Finding, outcome: string): Result<true, CaseInputError> {
  if (outcome === 'conference' && finding !== 'substantiated') {
    const message =
      'An initial child protection conference is only for concerns that are substantiated, with a continuing risk of significant harm'
    return err(domainError('CASE.INVALID', message, { outcome: message }))
  }
  return ok(true)
}

/** Why a child protection plan ends. */
export const {
  ids: planEndReasons,
  is: isPlanEndReason,
  labelOf: planEndReasonLabel,
  options: planEndReasonOptions,
} = wordList({
  no_continuing_risk: 'The child is no longer at continuing risk of significant harm',
  moved_to_another_la: 'The child moved to another local authority',
  turned_18: 'The child turned 18',
  died: 'The child died',
  left_uk: 'The child left the UK',
  other: 'Another reason',
})
export type PlanEndReason = (typeof planEndReasons)[number]

/** The CIN census reason the episode closes with, if it closes, by why the plan ended. */
const planEndClosures: Readonly<Record<PlanEndReason, ReasonForClosure>> = {
  no_continuing_risk: 'RC7',
  moved_to_another_la: 'RC5',
  turned_18: 'RC7',
  died: 'RC2',
  left_uk: 'RC7',
  other: 'RC7',
}
export const planEndClosure = (reason: PlanEndReason): ReasonForClosure => planEndClosures[reason]

/** Outcomes of a step that start a child in need plan, which needs the plan's outcomes in words. */
export const startsChildInNeedPlan = (to: string): boolean => to === 'child_in_need_plan'
