/**
 * A child's ethnicity and disability codes as the children in need census publishes them (DfE CIN census 2025-26
 * and 2026-27, ../shared/domain.md §4: Ethnicity `WBRI … NOBT`, Disability `NONE … DDA`), with the census's own
 * descriptions. One list for every module that reads them: the child's record stores them, the partnership's data
 * set breaks its measures down by them, and the census return checks them. Here rather than in one of those modules
 * because each of them already depends on another (a module's list imported by the next made a cycle).
 */
export const ethnicityCodes = [
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
  { code: 'REFU', label: 'Refused' },
  { code: 'NOBT', label: 'Information not yet obtained' },
] as const
export type EthnicityCode = (typeof ethnicityCodes)[number]['code']

/** NOBT: "information not yet obtained", the code for a child whose ethnicity has not been recorded. */
export const ETHNICITY_NOT_YET_OBTAINED = 'NOBT'

/** NONE stands alone: a child with no disability has that code and no other. */
export const NO_DISABILITY = 'NONE'

export const disabilityCodes = [
  { code: NO_DISABILITY, label: 'No disability' },
  { code: 'MOB', label: 'Mobility' },
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
  { code: 'DDA', label: 'Other disability' },
] as const
export type DisabilityCode = (typeof disabilityCodes)[number]['code']

export const isEthnicityCode = (value: unknown): value is EthnicityCode => ethnicityCodes.some((e) => e.code === value)
export const isDisabilityCode = (value: unknown): value is DisabilityCode =>
  disabilityCodes.some((d) => d.code === value)
