import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { markWithheld, withheldText } from './subjectAccess.js'

describe('markWithheld', () => {
  it('marks exactly the entries a redaction names, keeping their order', () => {
    const entries = [{ entryKey: 'a' }, { entryKey: 'b' }, { entryKey: 'c' }]
    const marked = markWithheld(entries, [{ entryKey: 'b', ground: 'third_party' }])
    assert.deepEqual(
      marked.map((m) => [m.entry.entryKey, m.withheld]),
      [
        ['a', undefined],
        ['b', 'third_party'],
        ['c', undefined],
      ],
    )
  })

  it('words the replacement as "Withheld: <reason>"', () => {
    assert.equal(withheldText('serious_harm'), 'Withheld: releasing it would be likely to cause serious harm')
  })
})
