/**
 * Rules for what a social worker, manager or chair records at each step of a case, apart from whether the step
 * is allowed in the phase (episode.ts decides that). Pure: the use cases pass in what they loaded.
 * Sources: ../shared/domain.md sections 3 and 8 (CIN census rules 8869, 2885, 2889).
 */
import { isAssessmentFactor, type AssessmentFactor, type ReasonForClosure } from './codes.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'

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
export const section47Findings = [
  {
    code: 'substantiated',
    label: 'Concerns substantiated: the child is judged to be suffering, or likely to suffer, significant harm',
  },
  { code: 'not_substantiated', label: 'Concerns not substantiated' },
] as const
export type Section47Finding = (typeof section47Findings)[number]['code']
export const isSection47Finding = (v: string): v is Section47Finding => section47Findings.some((f) => f.code === v)

/** A conference is called only when concerns are substantiated and the child is at continuing risk. */
export function checkSection47Conclusion(finding: Section47Finding, outcome: string): Result<true, CaseInputError> {
  if (outcome === 'conference' && finding !== 'substantiated') {
    const message =
      'An initial child protection conference is only for concerns that are substantiated, with a continuing risk of significant harm'
    return err(domainError('CASE.INVALID', message, { outcome: message }))
  }
  return ok(true)
}

/** Why a child protection plan ends, and the CIN census reason the episode closes with if it closes. */
export const planEndReasons = [
  {
    code: 'no_continuing_risk',
    label: 'The child is no longer at continuing risk of significant harm',
    closure: 'RC7',
  },
  { code: 'moved_to_another_la', label: 'The child moved to another local authority', closure: 'RC5' },
  { code: 'turned_18', label: 'The child turned 18', closure: 'RC7' },
  { code: 'died', label: 'The child died', closure: 'RC2' },
  { code: 'left_uk', label: 'The child left the UK', closure: 'RC7' },
  { code: 'other', label: 'Another reason', closure: 'RC7' },
] as const satisfies readonly { code: string; label: string; closure: ReasonForClosure }[]
export type PlanEndReason = (typeof planEndReasons)[number]['code']
export const isPlanEndReason = (v: string): v is PlanEndReason => planEndReasons.some((r) => r.code === v)
export const planEndClosure = (reason: PlanEndReason): ReasonForClosure =>
  planEndReasons.find((r) => r.code === reason)?.closure ?? 'RC7'
export const planEndReasonLabel = (code: string): string => planEndReasons.find((r) => r.code === code)?.label ?? code

/** Outcomes of a step that start a child in need plan, which needs the plan's outcomes in words. */
export const startsChildInNeedPlan = (to: string): boolean => to === 'child_in_need_plan'
