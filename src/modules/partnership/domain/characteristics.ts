/**
 * A child's ethnicity, disability and age as the data set breaks every measure down by them. The census codes
 * themselves are in platform/shared/censusCodes.ts.
 */
import { compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { NO_DISABILITY } from '../../../platform/shared/censusCodes.js'
import { wordList } from '../../../platform/shared/wordList.js'

/**
 * The data set's disability breakdown is "disabled / not disabled / not recorded": a child may have several
 * disability codes, so counting by code would count a child more than once.
 */
export const { ids: disabilityGroups, labels: disabilityGroupLabels } = wordList({
  disabled: 'Disabled',
  not_disabled: 'Not disabled',
  not_recorded: 'Not recorded',
})
export type DisabilityGroup = (typeof disabilityGroups)[number]
export function disabilityGroup(codes: readonly string[] | null): DisabilityGroup {
  if (codes === null || codes.length === 0) return 'not_recorded'
  return codes.every((c) => c === NO_DISABILITY) ? 'not_disabled' : 'disabled'
}

/** The ethnicity breakdown groups the census codes into the five major groups published statistics use. */
export const { ids: ethnicGroups, labels: ethnicGroupLabels } = wordList({
  white: 'White',
  mixed: 'Mixed or multiple ethnic groups',
  asian: 'Asian or Asian British',
  black: 'Black, African, Caribbean or Black British',
  other: 'Other ethnic group',
  not_recorded: 'Not recorded or refused',
})
export type EthnicGroup = (typeof ethnicGroups)[number]
export function ethnicGroup(code: string | null): EthnicGroup {
  if (code === null || code === 'REFU' || code === 'NOBT') return 'not_recorded'
  if (code === 'CHNE' || code === 'OOTH') return 'other'
  switch (code[0]) {
    case 'W':
      return 'white'
    case 'M':
      return 'mixed'
    case 'A':
      return 'asian'
    case 'B':
      return 'black'
    default:
      return 'not_recorded'
  }
}

/** The age bands the children in need statistics publish, plus unborn children and unknown dates of birth. */
export const { ids: ageBands, labels: ageBandLabels } = wordList({
  unborn: 'Unborn',
  under_1: 'Under 1',
  '1_to_4': '1 to 4',
  '5_to_9': '5 to 9',
  '10_to_15': '10 to 15',
  '16_and_over': '16 and over',
  not_known: 'Not known',
})
export type AgeBand = (typeof ageBands)[number]

/** Whole years between `born` and `on` (a birthday counts on the day itself; 29 February on 28 February). */
export function ageInYears(born: LocalDate, on: LocalDate): number {
  let years = on.year - born.year
  if (on.month < born.month || (on.month === born.month && on.day < born.day)) years -= 1
  return years
}

export function ageBand(born: LocalDate | null, on: LocalDate): AgeBand {
  if (born === null) return 'not_known'
  if (compareLocalDate(born, on) > 0) return 'unborn'
  const age = ageInYears(born, on)
  if (age < 1) return 'under_1'
  if (age < 5) return '1_to_4'
  if (age < 10) return '5_to_9'
  if (age < 16) return '10_to_15'
  return '16_and_over'
}
