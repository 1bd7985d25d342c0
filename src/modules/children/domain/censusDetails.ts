/**
 * A child's ethnicity and disability as the children in need census codes them (platform/shared/censusCodes.ts).
 * People choose the words; the codes are what is stored and sent, and never appear on screen. The words are the
 * census's own except where plain English says it better to the person filling in the form.
 */
import {
  disabilityCodes,
  ethnicityCodes,
  isDisabilityCode,
  isEthnicityCode,
  NO_DISABILITY,
  type DisabilityCode,
  type EthnicityCode,
} from '../../../platform/shared/censusCodes.js'

export { NO_DISABILITY }
export type CensusEthnicity = EthnicityCode
export type CensusDisability = Exclude<DisabilityCode, typeof NO_DISABILITY>

const plainWords: Partial<Record<DisabilityCode | EthnicityCode, string>> = {
  REFU: 'The child or family did not want to say',
  NOBT: 'Not yet known',
  MOB: 'Mobility: getting about',
  DDA: 'Another disability',
}

export const censusEthnicities: readonly { code: CensusEthnicity; label: string }[] = ethnicityCodes.map((e) => ({
  code: e.code,
  label: plainWords[e.code] ?? e.label,
}))

/** The disability codes other than NONE: "no disability" is the answer "No" to "Does the child have a disability?". */
export const censusDisabilities: readonly { code: CensusDisability; label: string }[] = disabilityCodes.flatMap((d) =>
  d.code === NO_DISABILITY ? [] : [{ code: d.code, label: plainWords[d.code] ?? d.label }],
)

export const ethnicityInWords = (code: string): string =>
  censusEthnicities.find((e) => e.code === code)?.label ?? 'Not recorded'

/** "No disability", or the disabilities in words, in the order of the census list. */
export function disabilitiesInWords(codes: readonly string[]): string {
  if (codes.length === 0) return 'Not recorded'
  if (codes.includes(NO_DISABILITY)) return 'No disability'
  return censusDisabilities
    .filter((d) => codes.includes(d.code))
    .map((d) => d.label)
    .join(', ')
}

export const censusDetailMessages = {
  ethnicity: 'Select the child’s ethnicity',
  disabled: 'Select whether the child has a disability',
  disabilities: 'Select the child’s disabilities',
  same: 'These are already the child’s recorded details: change at least one',
  reason: 'Enter why the details are being corrected',
} as const

export interface CensusDetailsInput {
  readonly ethnicity?: unknown
  readonly disabled?: unknown
  readonly disabilities?: unknown
  readonly reason?: unknown
}

export interface CensusDetails {
  readonly ethnicity: CensusEthnicity
  /** ['NONE'], or one or more disability codes. */
  readonly disabilities: readonly string[]
}

const isDisability = (v: unknown): v is CensusDisability => v !== NO_DISABILITY && isDisabilityCode(v)

/**
 * The details a form or API call asks to record, against those recorded now (undefined: none yet). A second record
 * is a correction, so it needs a reason and must change something.
 */
export function checkCensusDetails(
  input: CensusDetailsInput,
  current: CensusDetails | undefined,
): { details?: CensusDetails; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  if (!isEthnicityCode(input.ethnicity)) problems['ethnicity'] = censusDetailMessages.ethnicity
  let disabilities: string[] = []
  if (input.disabled === 'no') disabilities = [NO_DISABILITY]
  else if (input.disabled === 'yes') {
    const chosen = Array.isArray(input.disabilities) ? input.disabilities : []
    if (chosen.length === 0 || !chosen.every(isDisability)) problems['disabilities'] = censusDetailMessages.disabilities
    // In the census list's order, once each: two records of the same answer compare equal.
    else disabilities = censusDisabilities.map((d) => d.code).filter((c) => chosen.includes(c))
  } else problems['disabled'] = censusDetailMessages.disabled
  if (Object.keys(problems).length > 0) return { problems }
  const details: CensusDetails = { ethnicity: input.ethnicity as CensusEthnicity, disabilities }
  if (current !== undefined) {
    if (
      current.ethnicity === details.ethnicity &&
      current.disabilities.length === disabilities.length &&
      current.disabilities.every((d, i) => d === disabilities[i])
    )
      return { problems: { ethnicity: censusDetailMessages.same } }
    if (typeof input.reason !== 'string' || input.reason.trim() === '')
      return { problems: { reason: censusDetailMessages.reason } }
  }
  return { details, problems: {} }
}
