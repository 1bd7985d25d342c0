import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  DEFAULT_REPEATED_CONCERNS,
  repeatedConcernsCrossed,
  thresholdFrom,
  thresholdInWords,
  type ConcernOnRecord,
} from './repeatedConcerns.js'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 23, 10)
const c = (id: string, daysAgo: number, org = 'school', counted = false): ConcernOnRecord => ({
  id,
  recordedAtMs: NOW - daysAgo * DAY,
  organisationId: org,
  counted,
})

describe('repeated concerns: the default threshold, 3 within 90 days', () => {
  const cases: readonly [string, readonly ConcernOnRecord[], boolean][] = [
    ['no concerns', [], false],
    ['one concern', [c('a', 0)], false],
    ['2 concerns: no', [c('a', 10), c('b', 0)], false],
    ['3 concerns within 90 days: yes', [c('a', 80), c('b', 30), c('c', 0)], true],
    ['3 concerns on the same day: yes', [c('a', 0), c('b', 0), c('c', 0)], true],
    ['3 concerns exactly 90 days apart: yes', [c('a', 90), c('b', 45), c('c', 0)], true],
    ['3 concerns over 91 days: no', [c('a', 91), c('b', 45), c('c', 0)], false],
    [
      'a 4th after a crossing, within the same window: no',
      [c('a', 60, 'school', true), c('b', 30, 'gp', true), c('c', 20, 'school', true), c('d', 0)],
      false,
    ],
    [
      'a 4th and 5th after a crossing: still no',
      [c('a', 60, 's', true), c('b', 30, 's', true), c('c', 20, 's', true), c('d', 5), c('e', 0)],
      false,
    ],
    [
      'three more after a crossing: a new crossing',
      [c('a', 60, 's', true), c('b', 30, 's', true), c('c', 20, 's', true), c('d', 10), c('e', 5), c('f', 0)],
      true,
    ],
    [
      'an old crossing long ago, three new now: yes',
      [c('a', 400, 's', true), c('b', 390, 's', true), c('c', 380, 's', true), c('d', 20), c('e', 10), c('f', 0)],
      true,
    ],
    ['one concern in the future (a clock step) is not counted', [c('a', 10), c('b', 0), c('c', -1)], false],
  ]
  for (const [name, concerns, crossed] of cases)
    test(name, () => assert.equal(repeatedConcernsCrossed(concerns, NOW, DEFAULT_REPEATED_CONCERNS).crossed, crossed))

  test('a crossing names its concerns, oldest first, and the organisations that recorded them', () => {
    const answer = repeatedConcernsCrossed(
      [c('c', 0, 'school'), c('a', 80, 'school'), c('b', 30, 'gp'), c('old', 200, 'police')],
      NOW,
      DEFAULT_REPEATED_CONCERNS,
    )
    assert.deepEqual(answer, { crossed: true, concernIds: ['a', 'b', 'c'], organisationIds: ['school', 'gp'] })
  })
})

describe('a partnership’s own threshold', () => {
  test('2 within 30 days: two concerns a week apart cross it; two 31 days apart do not', () => {
    const t = { count: 2, withinDays: 30 }
    assert.equal(repeatedConcernsCrossed([c('a', 7), c('b', 0)], NOW, t).crossed, true)
    assert.equal(repeatedConcernsCrossed([c('a', 31), c('b', 0)], NOW, t).crossed, false)
  })

  test('a stored setting is used with its source; a missing or out-of-range one falls back to the default', () => {
    assert.deepEqual(thresholdFrom({ count: 4, withinDays: 60, source: 'Partnership board, 1 March 2026' }), {
      count: 4,
      withinDays: 60,
      source: 'Partnership board, 1 March 2026',
    })
    assert.equal(thresholdFrom(undefined), DEFAULT_REPEATED_CONCERNS)
    assert.equal(thresholdFrom({ count: null, withinDays: null, source: null }), DEFAULT_REPEATED_CONCERNS)
    assert.equal(thresholdFrom({ count: 1, withinDays: 90, source: 'x' }), DEFAULT_REPEATED_CONCERNS)
    assert.equal(thresholdFrom({ count: 3, withinDays: 5000, source: 'x' }), DEFAULT_REPEATED_CONCERNS)
    assert.equal(thresholdInWords(DEFAULT_REPEATED_CONCERNS), '3 concerns within 90 days')
  })
})
