import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { accessActionLabel, csvCell } from './accessLabels.js'
import { validateOpenReason, openRecordMessages, openRecordDurationMs, DEFAULT_SHARING_SETTINGS } from './settings.js'

describe('the audit trail of a child in plain words', () => {
  const table: [action: string, what: string, kind: string][] = [
    ['child.chronology_viewed', 'Viewed the chronology', 'viewed'],
    ['record.opened_with_reason', 'Opened the record with a reason', 'changed'],
    ['child.view_denied', 'Tried to open the record, and was refused', 'refused'],
    ['something.new_viewed', 'Viewed the record', 'viewed'],
    ['something.new_denied', 'Was refused', 'refused'],
    ['createChild.refused', 'Was refused', 'refused'],
    ['something.recorded', 'Recorded or changed something', 'changed'],
  ]
  for (const [action, what, kind] of table)
    it(`${action} → “${what}” (${kind})`, () => assert.deepEqual(accessActionLabel(action), { what, kind }))
})

describe('CSV cells', () => {
  const table: [string, string][] = [
    ['plain', '"plain"'],
    ['say "hello"', '"say ""hello"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', '"\'+1"'],
    ['-1', '"\'-1"'],
    ['@SUM', '"\'@SUM"'],
    ['line\nbreak', '"line\nbreak"'],
  ]
  for (const [value, cell] of table) it(`${JSON.stringify(value)} → ${cell}`, () => assert.equal(csvCell(value), cell))
})

describe('opening a record with a reason', () => {
  it('needs a reason of a sensible length', () => {
    assert.deepEqual(validateOpenReason('  '), { ok: false, fields: { reason: openRecordMessages.reason } })
    assert.deepEqual(validateOpenReason(undefined), { ok: false, fields: { reason: openRecordMessages.reason } })
    assert.deepEqual(validateOpenReason('x'.repeat(2001)), {
      ok: false,
      fields: { reason: openRecordMessages.reasonTooLong },
    })
    assert.deepEqual(validateOpenReason(' Brought in by ambulance '), { ok: true, value: 'Brought in by ambulance' })
  })
  it('stays open 24 hours by default', () => {
    assert.equal(openRecordDurationMs(DEFAULT_SHARING_SETTINGS), 24 * 3_600_000)
  })
})
