/**
 * How many due dates one core computes per second: `npx tsx bench/due-dates.bench.ts`.
 *
 * A mix of every rule (all five units) over start dates spread across 2018–2027, through the public
 * `dueDate` (override check included), with a pre-built calendar as the application would hold one.
 * Target: at least 1,000,000 per second. Not a test: it prints figures and always exits 0.
 */
import { performance } from 'node:perf_hooks'
import { createCalendar } from '../src/platform/calendar/calendar.js'
import { fromDayNumber, toDayNumber, type LocalDate } from '../src/platform/calendar/localDate.js'
import { date } from '../src/platform/calendar/testing.js'
import { dueDate } from '../src/modules/timescales/domain/dueDate.js'
import { timescaleRules } from '../src/modules/timescales/domain/rules.js'

const SECONDS = 2

const createStart = performance.now()
const calendar = createCalendar([date('2025-06-09')])
const createMs = performance.now() - createStart

// Deterministic start dates (a linear congruential generator), so runs are comparable.
const first = toDayNumber(date('2018-01-01'))
const span = toDayNumber(date('2027-12-31')) - first + 1
let seed = 12345
const starts: LocalDate[] = Array.from({ length: 4096 }, () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return fromDayNumber(first + (seed % span))
})

// Mix rules and start dates so that neither repeats in step with the other.
function run(iterations: number): number {
  let sink = 0
  for (let i = 0; i < iterations; i++) {
    const rule = timescaleRules[i % timescaleRules.length]
    const start = starts[i & 4095]
    if (rule === undefined || start === undefined) continue
    const result = dueDate(rule, start, calendar)
    if (result.ok) sink += result.value.day
  }
  return sink
}

run(200_000) // warm up: let V8 optimise before timing

let runs = 0
let sink = 0
const began = performance.now()
let elapsed = 0
while (elapsed < SECONDS * 1000) {
  sink += run(100_000)
  runs += 100_000
  elapsed = performance.now() - began
}
const perSecond = Math.round(runs / (elapsed / 1000))

console.log(`calendar build: ${createMs.toFixed(2)} ms (2000-2099 window, once per partnership)`)
console.log(`due-date computations: ${perSecond.toLocaleString('en-GB')}/s (${runs.toLocaleString('en-GB')} runs)`)
console.log(perSecond >= 1_000_000 ? 'target of 1,000,000/s: met' : 'target of 1,000,000/s: NOT met')
if (sink === 0) console.log('(no results: something is wrong)')
