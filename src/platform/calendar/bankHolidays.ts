/**
 * England and Wales bank holidays, 2018 to 2027, as shipped data.
 *
 * Source: GOV.UK, https://www.gov.uk/bank-holidays.json, division `england-and-wales` (`events[].date`,
 * `title`, `notes`). Titles and notes are as GOV.UK writes them; each year is one row of dates, so a year can be
 * checked against the feed by eye. England-and-wales, not scotland or northern-ireland: Together serves English partnerships
 * (../shared/domain.md §2).
 *
 * How each year was checked:
 * - 2018–2025: against a snapshot of the GOV.UK feed (every date, title and "Substitute day" note).
 * - 2026–2027: GOV.UK had announced these, but no copy of the feed itself could be read while writing this;
 *   they were checked against several independent published lists, and against the rules in the Banking and
 *   Financial Dealings Act 1971 Sch. 1 plus Easter (5 April 2026, 28 March 2027). `bankHolidays.test.ts`
 *   re-derives every ordinary year from those rules, so only the one-off changes are taken on trust.
 *   Re-check 2026–2027 against the live feed when adding 2028.
 *
 * One-off changes in the range: 2020-05-08 (early May bank holiday moved to VE day), 2022-06-02 (spring bank
 * holiday moved) and 2022-06-03 (Platinum Jubilee), 2022-09-19 (State Funeral of Queen Elizabeth II),
 * 2023-05-08 (Coronation of King Charles III).
 *
 * Dates outside 2018–2027 have no bank holidays in this table: see `calendar.ts` for what that means and
 * how a partnership adds days (for example the 2028 dates before a release ships them).
 */
export interface BankHoliday {
  /** `YYYY-MM-DD`. */
  readonly date: string
  readonly title: string
  /** GOV.UK's note, e.g. "Substitute day" when the holiday moved off a weekend. */
  readonly notes?: string
}

/** The first and last calendar years this table is complete for. */
export const BANK_HOLIDAY_YEARS = { first: 2018, last: 2027 } as const

/** An ordinary year's eight holidays, in the order of each row of `ORDINARY_DATES`, as GOV.UK titles them. */
const ORDINARY_TITLES = [
  'New Year’s Day',
  'Good Friday',
  'Easter Monday',
  'Early May bank holiday',
  'Spring bank holiday',
  'Summer bank holiday',
  'Christmas Day',
  'Boxing Day',
] as const

/**
 * The fixed-date holidays' own days (`MM-DD`), by their place in `ORDINARY_TITLES`: on any other day the holiday
 * has moved off a weekend, and GOV.UK notes it "Substitute day".
 */
const OWN_DAY: Readonly<Partial<Record<number, string>>> = { 0: '01-01', 6: '12-25', 7: '12-26' }

/** Each year's dates (`MM-DD`) of the holidays in `ORDINARY_TITLES`, in that order, as GOV.UK lists them. */
const ORDINARY_DATES: Readonly<Record<number, readonly string[]>> = {
  2018: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '08-29', '12-27', '12-26'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  // 2026 and 2027: see the header (checked against secondary lists and the 1971 Act's rules)
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
}

/** GOV.UK's title where a holiday kept its place in the year but not its ordinary title. */
const RETITLED: Readonly<Record<string, string>> = { '2020-05-08': 'Early May bank holiday (VE day)' }

/** The one-off extra days, on top of the ordinary eight. */
const EXTRA_DAYS: readonly BankHoliday[] = [
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
]

function ordinaryHolidays(year: number, days: readonly string[]): BankHoliday[] {
  return days.map((day, i) => {
    const date = `${year}-${day}`
    const title = RETITLED[date] ?? ORDINARY_TITLES[i] ?? ''
    const own = OWN_DAY[i]
    return own === undefined || own === day ? { date, title } : { date, title, notes: 'Substitute day' }
  })
}

export const englandAndWalesBankHolidays: readonly BankHoliday[] = Object.freeze(
  [
    ...Object.entries(ORDINARY_DATES).flatMap(([year, days]) => ordinaryHolidays(Number(year), days)),
    ...EXTRA_DAYS,
  ].sort((a, b) => (a.date < b.date ? -1 : 1)),
)
