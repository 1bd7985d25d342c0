import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { londonDateTime } from './dateTime.js'

describe('a moment as people in England read it', () => {
  const table: [string, string, string][] = [
    ['five past midnight is 12:05am, not 0:05am', '2026-12-07T00:05:00Z', '7 December 2026 at 12:05am'],
    ['five past noon is 12:05pm, not 0:05pm', '2026-12-07T12:05:00Z', '7 December 2026 at 12:05pm'],
    ['an afternoon time', '2026-12-07T13:30:00Z', '7 December 2026 at 1:30pm'],
    ['a morning time', '2026-12-07T09:15:00Z', '7 December 2026 at 9:15am'],
    ['British Summer Time: an hour ahead of UTC', '2026-07-01T11:45:00Z', '1 July 2026 at 12:45pm'],
    ['the last minute of the day', '2026-12-31T23:59:00Z', '31 December 2026 at 11:59pm'],
  ]
  for (const [name, iso, expected] of table) it(name, () => assert.equal(londonDateTime(new Date(iso)), expected))
})
