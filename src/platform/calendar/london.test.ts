import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLocalDate } from './localDate.js'
import { londonInstant, londonWallClock, todayInEngland } from './london.js'

describe('England’s wall clock', () => {
  it('reads a winter time as GMT and a summer time as BST', () => {
    assert.equal(new Date(londonInstant(2026, 1, 15, 9, 30)).toISOString(), '2026-01-15T09:30:00.000Z')
    assert.equal(new Date(londonInstant(2026, 7, 15, 9, 30)).toISOString(), '2026-07-15T08:30:00.000Z')
    assert.equal(new Date(londonInstant(2026, 7, 15, 0, 15)).toISOString(), '2026-07-14T23:15:00.000Z')
  })
  it('says what a clock in England showed at an instant', () => {
    assert.deepEqual(londonWallClock(new Date('2026-07-14T23:15:00Z')), {
      year: 2026,
      month: 7,
      day: 15,
      hour: 0,
      minute: 15,
    })
    assert.deepEqual(londonWallClock(new Date('2026-12-31T23:59:00Z')), {
      year: 2026,
      month: 12,
      day: 31,
      hour: 23,
      minute: 59,
    })
  })
  it('says what day it is in England (just after midnight in summer, UTC is still on the day before)', () => {
    assert.equal(formatLocalDate(todayInEngland(new Date('2026-07-14T23:15:00Z'))), '2026-07-15')
    assert.equal(formatLocalDate(todayInEngland(new Date('2026-12-31T23:59:00Z'))), '2026-12-31')
  })
})
