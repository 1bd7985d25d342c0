/**
 * A moment as people in England read it: "7 December 2026 at 12:25am" (GOV.UK style: 12-hour clock, no space
 * before am or pm, midnight and noon as 12). The h12 cycle is named: `hour12: true` in en-GB means the 0–11 cycle,
 * which wrote five past midnight as "0:05 am" and five past noon as "0:05 pm".
 */
const format = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
})

export function londonDateTime(d: Date): string {
  return format.format(d).replace(/\s([ap]m)$/, '$1')
}
