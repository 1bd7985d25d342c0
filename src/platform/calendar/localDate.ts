/**
 * A calendar date with no time and no time zone: what statutory timescales are counted in. Safeguarding
 * deadlines are "within N working days of the referral", never "within N×24 hours", so a date-time type
 * would only invite BST/GMT off-by-one bugs.
 *
 * `LocalDate` is branded so that only the constructors here can make one: an impossible date such as
 * 2025-02-30 cannot reach the calendar. Internally everything is counted as a `DayNumber` (days since
 * 1970-01-01), which makes date arithmetic plain integer arithmetic.
 */
import { err, ok, domainError, type DomainError, type Result } from '../shared/result.js'

declare const localDateBrand: unique symbol

export type LocalDate = {
  readonly year: number
  /** 1 = January … 12 = December. */
  readonly month: number
  /** 1-based day of the month. */
  readonly day: number
  readonly [localDateBrand]: true
}

/** Days since 1970-01-01 (which is day 0). Negative before 1970. */
export type DayNumber = number

export type DateErrorCode = 'DATE.INVALID'

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

// Four-digit years only, so that formatLocalDate and parseLocalDate round-trip.
const MIN_YEAR = 1
const MAX_YEAR = 9999

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return MONTH_LENGTHS[month - 1] ?? 0
}

const make = (year: number, month: number, day: number): LocalDate => ({ year, month, day }) as LocalDate

const invalid = (message: string): Result<never, DomainError<DateErrorCode>> =>
  err(domainError('DATE.INVALID', message))

/** Build a date from its parts, rejecting impossible ones (month 13, 30 February, 29 February 2023). */
export function localDate(year: number, month: number, day: number): Result<LocalDate, DomainError<DateErrorCode>> {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    return invalid(`Year must be between ${MIN_YEAR} and ${MAX_YEAR}.`)
  if (!Number.isInteger(month) || month < 1 || month > 12) return invalid('Month must be between 1 and 12.')
  const last = daysInMonth(year, month)
  if (!Number.isInteger(day) || day < 1 || day > last)
    return invalid(`Day must be between 1 and ${last} for that month.`)
  return ok(make(year, month, day))
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parse `YYYY-MM-DD` (exactly that: no time, no zone, no single-digit parts). */
export function parseLocalDate(text: string): Result<LocalDate, DomainError<DateErrorCode>> {
  const match = ISO_DATE.exec(text)
  if (match === null) return invalid(`"${text}" is not a date in the form YYYY-MM-DD.`)
  const parsed = localDate(Number(match[1]), Number(match[2]), Number(match[3]))
  return parsed.ok ? parsed : invalid(`"${text}" is not a real date. ${parsed.error.message}`)
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

export const formatLocalDate = (d: LocalDate): string => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

/** 20 November 2026: how GOV.UK writes a date on a page or in a message. */
export const formatLongDate = (d: LocalDate): string => `${d.day} ${MONTH_NAMES[d.month - 1] ?? ''} ${d.year}`

/** A stored YYYY-MM-DD date in words; anything that is not one is shown as it is rather than hidden. */
export function storedDateInWords(iso: string): string {
  const d = parseLocalDate(iso)
  return d.ok ? formatLongDate(d.value) : iso
}

/*
 * Conversions between civil dates and day numbers: Howard Hinnant's "days_from_civil" and "civil_from_days"
 * (http://howardhinnant.github.io/date_algorithms.html). Exact for the proleptic Gregorian calendar, no
 * loops and no Date object, so they are pure and fast.
 */
export const toDayNumber = (d: LocalDate): DayNumber => dayNumberFromParts(d.year, d.month, d.day)

/** As toDayNumber, from parts that the caller knows make a real date (no check here: it is a hot path). */
export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const shiftedMonth = month > 2 ? month - 3 : month + 9 // March = 0, so the leap day comes last
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

export function fromDayNumber(n: DayNumber): LocalDate {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return make(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/** 1970-01-01 (day 0) was a Thursday. */
export const isoWeekdayOfDayNumber = (n: DayNumber): IsoWeekday => (((((n + 3) % 7) + 7) % 7) + 1) as IsoWeekday

export const isoWeekday = (d: LocalDate): IsoWeekday => isoWeekdayOfDayNumber(toDayNumber(d))

export const isWeekend = (d: LocalDate): boolean => isoWeekday(d) >= 6

export const compareLocalDate = (a: LocalDate, b: LocalDate): -1 | 0 | 1 => {
  const diff = toDayNumber(a) - toDayNumber(b)
  return diff < 0 ? -1 : diff > 0 ? 1 : 0
}

export const isSameDate = (a: LocalDate, b: LocalDate): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day

export const addDays = (d: LocalDate, n: number): LocalDate => fromDayNumber(toDayNumber(d) + n)

/** Signed number of calendar days from `a` to `b`. */
export const daysBetween = (a: LocalDate, b: LocalDate): number => toDayNumber(b) - toDayNumber(a)

/**
 * The same day of the month `n` months later (or earlier, for negative `n`), clamped to the last day of a
 * shorter month: 31 January + 1 month = 28 (or 29) February, never 3 March. Clamping, rather than rolling
 * over, keeps the answer inside the intended month, and never later than the literal reading.
 */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const monthIndex = d.year * 12 + (d.month - 1) + n
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12 + 1
  return make(year, month, Math.min(d.day, daysInMonth(year, month)))
}

/** `n` years later, clamped like addMonths: 29 February 2028 + 1 year = 28 February 2029. */
export const addYears = (d: LocalDate, n: number): LocalDate => addMonths(d, n * 12)
