import { parseLocalDate, type LocalDate } from './localDate.js'

/**
 * A YYYY-MM-DD date that Together itself wrote (a stored column, a test's fixture): one that does not parse is a
 * programming error, not something to show the person, so it throws.
 */
export const storedDate = (iso: string): LocalDate => {
  const d = parseLocalDate(iso)
  if (!d.ok) throw new Error(`stored date ${iso} is not a date`)
  return d.value
}
