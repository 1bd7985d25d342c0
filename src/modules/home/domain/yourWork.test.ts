import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { yourWork } from './yourWork.js'

describe('your work on the home page', () => {
  test('nothing counted: nothing shown', () => assert.deepEqual(yourWork({}), []))

  test('each number is the first word of its link, singular or plural, and urgent or overdue ones stand out', () => {
    const [inbox, frontDoor] = yourWork({
      inbox: { waiting: 3, urgent: 1 },
      frontDoor: { waiting: 1, urgent: 0, overdue: 2 },
    })
    assert.deepEqual(
      inbox?.lines.map((l) => [l.text, l.href, l.attention]),
      [
        ['3 concerns waiting for a decision', '/inbox', false],
        ['1 says a child may be in immediate danger', '/inbox', true],
      ],
    )
    assert.deepEqual(
      frontDoor?.lines.map((l) => [l.text, l.href, l.attention]),
      [
        ['1 referral waiting for a decision', '/front-door', false],
        ['0 referrals say a child may be in immediate danger', '/front-door?urgent=yes', false],
        ['2 referrals past their one working day decision', '/front-door?due=overdue', true],
      ],
    )
  })

  test('deadlines link to the list in the scope counted, filtered by state', () => {
    const [d] = yourWork({ deadlines: { scope: 'team', counts: { overdue: 4, due_today: 0, due_soon: 1 } } })
    assert.equal(d?.heading, 'Your organisation’s deadlines')
    assert.deepEqual(
      d?.lines.map((l) => l.href),
      [
        '/deadlines?scope=team&status=overdue',
        '/deadlines?scope=team&status=due_today',
        '/deadlines?scope=team&status=due_soon',
      ],
    )
  })
})
