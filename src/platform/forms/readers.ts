import { daysInMonth, formatLocalDate, localDate, type LocalDate } from '../calendar/localDate.js'
import { err, ok, type Result } from '../shared/result.js'

/**
 * The one date reader and the one time reader for every form and API body. People type dates many ways
 * (14/05/2017, 14 5 2017, 2017-05-14, or the three boxes of a GOV.UK date input) and times likewise (9.15am,
 * 09:15, 21:15); each reader accepts them all and says plainly why it refuses one, naming the field.
 */

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const MONTH_NAMES = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1))

function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text)
  const lower = text.toLowerCase()
  if (lower.length < 3) return undefined
  const i = MONTHS.findIndex((m) => m.startsWith(lower))
  return i === -1 ? undefined : i + 1
}

/**
 * Reads a date. `label` names the field in messages ("Date of birth"); `missing` replaces "Enter the date of birth". Returns the date or a message
 * for the error summary, for example "Date of birth must be a real date: February 2025 has 28 days".
 */
export function readDate(text: string, label: string, missing?: string): Result<LocalDate, string> {
  const t = text.trim()
  const Name = label[0]!.toUpperCase() + label.slice(1)
  if (t === '') return err(missing ?? `Enter the ${label.toLowerCase()}`)
  let parts: [string, string, string] | undefined
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
  if (iso !== null) parts = [iso[3]!, iso[2]!, iso[1]!]
  else {
    const split = t.split(/[\s/.-]+/).filter((p) => p !== '')
    if (split.length === 3) parts = [split[0]!, split[1]!, split[2]!]
  }
  if (parts === undefined) return err(`${Name} must be a real date, for example 27 3 2017`)
  const [d, m, y] = parts
  if (!/^\d{1,2}$/.test(d)) return err(`${Name} must include a day`)
  const month = monthNumber(m)
  if (month === undefined) return err(`${Name} must include a month`)
  if (!/^\d{4}$/.test(y)) return err(`${Name} must include a year with 4 numbers, for example 2017`)
  const year = Number(y)
  if (month < 1 || month > 12) return err(`${Name} must be a real date: there is no month ${month}`)
  const day = Number(d)
  const last = daysInMonth(year, month)
  if (day < 1 || day > last)
    return err(`${Name} must be a real date: ${MONTH_NAMES[month - 1]} ${year} has ${last} days`)
  const made = localDate(year, month, day)
  return made.ok ? ok(made.value) : err(`${Name} must be a real date, for example 27 3 2017`)
}

/** The three boxes of a GOV.UK date input, as one text for readDate (blank when all three are blank). */
export function dateInputText(day: string, month: string, year: string): string {
  return [day, month, year].every((p) => p.trim() === '')
    ? ''
    : `${day.trim() || '?'} ${month.trim() || '?'} ${year.trim() || '?'}`
}

/** Reads a time of day as 24-hour `HH:MM`: 9.15am, 9:15 am, 9am, 09:15, 21:15, 12pm (noon), 12am (midnight). */
export function readTime(text: string, label: string, missing?: string): Result<string, string> {
  const t = text.trim().toLowerCase().replace(/\s+/g, '')
  const Name = label[0]!.toUpperCase() + label.slice(1)
  if (t === '') return err(missing ?? `Enter the ${label.toLowerCase()}`)
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(t)
  if (m === null) return err(`${Name} must be a real time, for example 9.15am or 14:30`)
  let hour = Number(m[1])
  const minute = m[2] === undefined ? 0 : Number(m[2])
  const half = m[3]?.replace(/\./g, '')
  if (half === undefined && m[2] === undefined) return err(`${Name} must include minutes or am or pm, for example 9am`)
  if (minute > 59) return err(`${Name} must be a real time: minutes go up to 59`)
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return err(`${Name} must be a real time: with am or pm the hour is 1 to 12`)
    hour = (hour % 12) + (half === 'pm' ? 12 : 0)
  } else if (hour > 23) return err(`${Name} must be a real time: hours go up to 23`)
  return ok(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`)
}

export const isoDate = formatLocalDate
