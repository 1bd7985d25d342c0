import assert from 'node:assert/strict'
import { test } from 'node:test'
import { linkProblems } from '../support/emailLinks.js'

/*
 * Every route test's outbox is checked for links a mail client cannot follow when its app closes (testApp.ts's
 * close()); these check the checker, so that it can fail.
 */
const base = 'https://together.example'

test('a path on its own in an email is a relative link', () => {
  const bodies = [
    'Read it in Together: /allegations/3f2a',
    'A low-level concern needs your review. Read it in Together: /low-level-concerns/9b1c',
    'Please submit your contribution before the meeting: /family-help/77aa',
    '/front-door',
    'See (/referrals) for more',
  ]
  for (const body of bodies)
    assert.deepEqual(
      linkProblems('k', body, base).map((p) => p.problem),
      ['relative'],
      body,
    )
})

test('a link on another address is not the service’s', () => {
  assert.deepEqual(
    linkProblems('k', 'Open http://localhost:80/concerns/1', base).map((p) => p.problem),
    ['another address'],
  )
})

test('absolute links on the public address, dates and fractions pass', () => {
  assert.deepEqual(
    linkProblems(
      'k',
      `Read it in Together: ${base}/allegations/3f2a\n\nDue 14/05/2027, 1/2 done.\n${base}/invitations/abc?x=1`,
      base,
    ),
    [],
  )
})
