import { parseLocalDate, type LocalDate } from './localDate.js'

/**
 * A date as the database holds it (YYYY-MM-DD, a `date` column), which is always a real date: one that is not is
 * a fault to stop on, not an answer to refuse.
 */
export function storedDate(iso: string): LocalDate {
  const d = parseLocalDate(iso)
  if (!d.ok) throw new Error(`stored date ${iso} is not a date`)
  return d.value
}
