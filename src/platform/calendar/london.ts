/**
 * England's wall clock: Europe/London dates and times, British Summer Time included, for the few places that turn
 * a date and time a person wrote into an instant or an instant into the date people there call today. Instants are
 * milliseconds since 1970 (or a Date): nothing here reads the clock.
 */
import { dayNumberFromParts, parseLocalDate, type LocalDate } from './localDate.js'

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today's date in England, whatever the server's time zone. */
export function todayInEngland(now: Date): LocalDate {
  const parsed = parseLocalDate(londonDay.format(now))
  if (!parsed.ok) throw new Error(`Intl gave an impossible date for ${now.toISOString()}`)
  return parsed.value
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export interface WallClock {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
}

/** What a clock in England showed at `at`. */
export function londonWallClock(at: Parameters<typeof londonParts.formatToParts>[0]): WallClock {
  const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]))
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
  }
}

/** Europe/London wall-clock date and time to an instant in ms (handles BST by checking the offset both ways). */
export function londonInstant(year: number, month: number, day: number, hour: number, minute: number): number {
  const guess = dayNumberFromParts(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000
  for (const offsetHours of [0, 1]) {
    const candidate = guess - offsetHours * 3_600_000
    const p = londonWallClock(candidate)
    if (p.hour === hour && p.minute === minute && p.day === day) return candidate
  }
  return guess
}
