/**
 * England and Wales bank holidays, 2018 to 2027, as shipped data.
 *
 * Source: GOV.UK, https://www.gov.uk/bank-holidays.json, division `england-and-wales` (`events[].date`,
 * `title`, `notes`). Titles and notes are copied as GOV.UK writes them, so an entry can be checked against
 * the feed by eye. England-and-wales, not scotland or northern-ireland: Together serves English partnerships
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

const SUBSTITUTE = 'Substitute day'

export const englandAndWalesBankHolidays: readonly BankHoliday[] = Object.freeze([
  // 2018
  { date: '2018-01-01', title: 'New Year’s Day' },
  { date: '2018-03-30', title: 'Good Friday' },
  { date: '2018-04-02', title: 'Easter Monday' },
  { date: '2018-05-07', title: 'Early May bank holiday' },
  { date: '2018-05-28', title: 'Spring bank holiday' },
  { date: '2018-08-27', title: 'Summer bank holiday' },
  { date: '2018-12-25', title: 'Christmas Day' },
  { date: '2018-12-26', title: 'Boxing Day' },
  // 2019
  { date: '2019-01-01', title: 'New Year’s Day' },
  { date: '2019-04-19', title: 'Good Friday' },
  { date: '2019-04-22', title: 'Easter Monday' },
  { date: '2019-05-06', title: 'Early May bank holiday' },
  { date: '2019-05-27', title: 'Spring bank holiday' },
  { date: '2019-08-26', title: 'Summer bank holiday' },
  { date: '2019-12-25', title: 'Christmas Day' },
  { date: '2019-12-26', title: 'Boxing Day' },
  // 2020
  { date: '2020-01-01', title: 'New Year’s Day' },
  { date: '2020-04-10', title: 'Good Friday' },
  { date: '2020-04-13', title: 'Easter Monday' },
  { date: '2020-05-08', title: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', title: 'Spring bank holiday' },
  { date: '2020-08-31', title: 'Summer bank holiday' },
  { date: '2020-12-25', title: 'Christmas Day' },
  { date: '2020-12-28', title: 'Boxing Day', notes: SUBSTITUTE },
  // 2021
  { date: '2021-01-01', title: 'New Year’s Day' },
  { date: '2021-04-02', title: 'Good Friday' },
  { date: '2021-04-05', title: 'Easter Monday' },
  { date: '2021-05-03', title: 'Early May bank holiday' },
  { date: '2021-05-31', title: 'Spring bank holiday' },
  { date: '2021-08-30', title: 'Summer bank holiday' },
  { date: '2021-12-27', title: 'Christmas Day', notes: SUBSTITUTE },
  { date: '2021-12-28', title: 'Boxing Day', notes: SUBSTITUTE },
  // 2022
  { date: '2022-01-03', title: 'New Year’s Day', notes: SUBSTITUTE },
  { date: '2022-04-15', title: 'Good Friday' },
  { date: '2022-04-18', title: 'Easter Monday' },
  { date: '2022-05-02', title: 'Early May bank holiday' },
  { date: '2022-06-02', title: 'Spring bank holiday' },
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', title: 'Summer bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', title: 'Boxing Day' },
  { date: '2022-12-27', title: 'Christmas Day', notes: SUBSTITUTE },
  // 2023
  { date: '2023-01-02', title: 'New Year’s Day', notes: SUBSTITUTE },
  { date: '2023-04-07', title: 'Good Friday' },
  { date: '2023-04-10', title: 'Easter Monday' },
  { date: '2023-05-01', title: 'Early May bank holiday' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', title: 'Spring bank holiday' },
  { date: '2023-08-28', title: 'Summer bank holiday' },
  { date: '2023-12-25', title: 'Christmas Day' },
  { date: '2023-12-26', title: 'Boxing Day' },
  // 2024
  { date: '2024-01-01', title: 'New Year’s Day' },
  { date: '2024-03-29', title: 'Good Friday' },
  { date: '2024-04-01', title: 'Easter Monday' },
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
  { date: '2024-08-26', title: 'Summer bank holiday' },
  { date: '2024-12-25', title: 'Christmas Day' },
  { date: '2024-12-26', title: 'Boxing Day' },
  // 2025
  { date: '2025-01-01', title: 'New Year’s Day' },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  // 2026 (see the header: checked against secondary lists and the 1971 Act's rules)
  { date: '2026-01-01', title: 'New Year’s Day' },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day', notes: SUBSTITUTE },
  // 2027 (as 2026)
  { date: '2027-01-01', title: 'New Year’s Day' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day', notes: SUBSTITUTE },
  { date: '2027-12-28', title: 'Boxing Day', notes: SUBSTITUTE },
] satisfies readonly BankHoliday[])
