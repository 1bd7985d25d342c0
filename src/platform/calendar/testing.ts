/**
 * For tests, benches and fixtures only: turn a date literal that is known to be valid into a LocalDate,
 * failing loudly if it is not. Never use it on user input: use parseLocalDate and handle the error.
 */
import { parseLocalDate, type LocalDate } from './localDate.js'

export function date(text: string): LocalDate {
  const parsed = parseLocalDate(text)
  if (!parsed.ok) throw new Error(`Bad date literal in a test or fixture: ${parsed.error.message}`)
  return parsed.value
}
