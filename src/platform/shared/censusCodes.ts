/**
 * A child's ethnicity and disability codes as the children in need census publishes them (DfE CIN census 2025-26
 * and 2026-27, ../shared/domain.md §4: Ethnicity `WBRI … NOBT`, Disability `NONE … DDA`), with the census's own
 * descriptions. One list for every module that reads them: the child's record stores them, the partnership's data
 * set breaks its measures down by them, and the census return checks them. Here rather than in one of those modules
 * because each of them already depends on another (a module's list imported by the next made a cycle).
 */
const ETHNICITY_LABELS = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy or Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const
export const ethnicityCodes = codeList(ETHNICITY_LABELS)
export type EthnicityCode = keyof typeof ETHNICITY_LABELS

/** NOBT: "information not yet obtained", the code for a child whose ethnicity has not been recorded. */
export const ETHNICITY_NOT_YET_OBTAINED = 'NOBT'

/** NONE stands alone: a child with no disability has that code and no other. */
export const NO_DISABILITY = 'NONE'

const DISABILITY_LABELS = {
  [NO_DISABILITY]: 'No disability',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism or Asperger syndrome',
  DDA: 'Other disability',
} as const
export const disabilityCodes = codeList(DISABILITY_LABELS)
export type DisabilityCode = keyof typeof DISABILITY_LABELS

export const isEthnicityCode = (value: unknown): value is EthnicityCode => ethnicityCodes.some((e) => e.code === value)
export const isDisabilityCode = (value: unknown): value is DisabilityCode =>
  disabilityCodes.some((d) => d.code === value)

/** A code list as `{ code, label }` pairs, in the census's order. */
function codeList<Code extends string>(
  labels: Readonly<Record<Code, string>>,
): readonly { code: Code; label: string }[] {
  return (Object.keys(labels) as Code[]).map((code) => ({ code, label: labels[code] }))
}
