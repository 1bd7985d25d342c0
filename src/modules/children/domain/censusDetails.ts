/**
 * A child's ethnicity and disability as the children in need census codes them (DfE CIN census 2025-26 and 2026-27:
 * Ethnicity `WBRI … NOBT`, Disability `NONE … DDA`). People choose the words; the codes are what is stored and sent,
 * and never appear on screen. The partnership's data set and the census return keep their own lists of the same
 * codes (a module reaches another only through its index, and those modules already depend on this one).
 */
export const censusEthnicities = [
  { code: 'WBRI', label: 'White British' },
  { code: 'WIRI', label: 'White Irish' },
  { code: 'WIRT', label: 'Traveller of Irish heritage' },
  { code: 'WOTH', label: 'Any other White background' },
  { code: 'WROM', label: 'Gypsy or Roma' },
  { code: 'MWBC', label: 'White and Black Caribbean' },
  { code: 'MWBA', label: 'White and Black African' },
  { code: 'MWAS', label: 'White and Asian' },
  { code: 'MOTH', label: 'Any other mixed background' },
  { code: 'AIND', label: 'Indian' },
  { code: 'APKN', label: 'Pakistani' },
  { code: 'ABAN', label: 'Bangladeshi' },
  { code: 'AOTH', label: 'Any other Asian background' },
  { code: 'BCRB', label: 'Black Caribbean' },
  { code: 'BAFR', label: 'Black African' },
  { code: 'BOTH', label: 'Any other Black background' },
  { code: 'CHNE', label: 'Chinese' },
  { code: 'OOTH', label: 'Any other ethnic group' },
  { code: 'REFU', label: 'The child or family did not want to say' },
  { code: 'NOBT', label: 'Not yet known' },
] as const
export type CensusEthnicity = (typeof censusEthnicities)[number]['code']

/** The disability codes other than NONE: "no disability" is the answer "No" to "Does the child have a disability?". */
export const censusDisabilities = [
  { code: 'MOB', label: 'Mobility: getting about' },
  { code: 'HAND', label: 'Hand function' },
  { code: 'PC', label: 'Personal care' },
  { code: 'INC', label: 'Incontinence' },
  { code: 'COMM', label: 'Communication' },
  { code: 'LD', label: 'Learning' },
  { code: 'HEAR', label: 'Hearing' },
  { code: 'VIS', label: 'Vision' },
  { code: 'BEH', label: 'Behaviour' },
  { code: 'CON', label: 'Consciousness' },
  { code: 'AUT', label: 'Autism or Asperger syndrome' },
  { code: 'DDA', label: 'Another disability' },
] as const
export type CensusDisability = (typeof censusDisabilities)[number]['code']
export const NO_DISABILITY = 'NONE'

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

const isEthnicity = (v: unknown): v is CensusEthnicity => censusEthnicities.some((e) => e.code === v)
const isDisability = (v: unknown): v is CensusDisability => censusDisabilities.some((d) => d.code === v)

/**
 * The details a form or API call asks to record, against those recorded now (undefined: none yet). A second record
 * is a correction, so it needs a reason and must change something.
 */
export function checkCensusDetails(
  input: CensusDetailsInput,
  current: CensusDetails | undefined,
): { details?: CensusDetails; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  if (!isEthnicity(input.ethnicity)) problems['ethnicity'] = censusDetailMessages.ethnicity
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
