import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BACKUP_STAGE, escalationChain, frontDoorDue } from './escalation.js'

describe('the DSL’s chain', () => {
  it('the backup is the head or manager, deputies and the administrator; then the front door', () => {
    assert.deepEqual(BACKUP_STAGE.roles, ['deputy_dsl', 'head', 'org_admin'])
    assert.deepEqual(
      escalationChain.map((s) => [s.id, s.where]),
      [
        ['backup', 'organisation'],
        ['front_door', 'local_authority'],
      ],
    )
  })
  const hour = 60 * 60_000
  const table: [string, boolean, Parameters<typeof frontDoorDue>[1], number, boolean][] = [
    ['urgent, backup told 59 minutes ago', true, { toldAtMs: 0 }, hour - 60_000, false],
    ['urgent, backup told an hour ago', true, { toldAtMs: 0 }, hour, true],
    ['not urgent, backup told 23 hours ago', false, { toldAtMs: 0 }, 23 * hour, false],
    ['not urgent, backup told a day ago', false, { toldAtMs: 0 }, 24 * hour, true],
    ['nobody to tell: straight to the front door', false, { nobodyToTell: true }, 0, true],
  ]
  for (const [name, urgent, backup, now, expected] of table)
    it(name, () => assert.equal(frontDoorDue(urgent, backup, now), expected))
})
