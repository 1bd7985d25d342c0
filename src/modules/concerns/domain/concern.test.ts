import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  CLOCK_SKEW_MS,
  concernCategories,
  concernMessages,
  isConcernCategoryId,
  MAX_CHILDREN_PER_CONCERN,
  validateNewConcern,
  type NewConcernInput,
} from './concern.js'
import { MAX_BODY_MAP_MARKS } from './bodyMap.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
// 2026-03-15T10:00:00Z, written as a number: the domain never builds a Date.
const now = 1_773_568_800_000

const base: NewConcernInput = {
  childIds: ['c1'],
  facts: 'At 9:10 I saw a round bruise on Sam’s left cheek. Sam said “Dad did it”.',
  observedAtMs: now - 50 * MINUTE,
  place: 'Classroom 4',
  childWords: 'Dad did it',
  othersPresent: '',
  categories: ['physical_abuse'],
  bodyMap: [],
  actionTaken: '',
  immediateDanger: false,
}

const fieldsOf = (input: NewConcernInput): Readonly<Record<string, string>> => {
  const result = validateNewConcern(input, now)
  assert.equal(result.ok, false, 'expected a validation failure')
  if (result.ok) return {}
  assert.equal(result.error.code, 'CONCERN.INVALID')
  return result.error.fields ?? {}
}

describe('concernCategories', () => {
  it('is exactly the categories in the issue, in order', () => {
    assert.deepEqual(
      concernCategories.map((c) => c.id),
      [
        'physical_abuse',
        'emotional_abuse',
        'sexual_abuse',
        'neglect',
        'domestic_abuse',
        'fgm',
        'cse',
        'cce',
        'radicalisation',
        'online_harm',
        'child_on_child',
        'self_harm',
        'missing_education',
        'other',
      ],
    )
  })
  it('marks the four statutory child protection categories with their CIN codes (sexual abuse is SAB)', () => {
    assert.deepEqual(
      concernCategories.filter((c) => 'cpCode' in c).map((c) => ['cpCode' in c ? c.cpCode : '', c.id]),
      [
        ['PHY', 'physical_abuse'],
        ['EMO', 'emotional_abuse'],
        ['SAB', 'sexual_abuse'],
        ['NEG', 'neglect'],
      ],
    )
  })
  it('names county lines under criminal exploitation, and every row has a label and hint', () => {
    assert.match(concernCategories.find((c) => c.id === 'cce')?.label ?? '', /county lines/)
    for (const c of concernCategories) {
      assert.ok(c.label.length > 0 && c.hint.length > 0)
      assert.equal(isConcernCategoryId(c.id), true)
    }
    assert.equal(isConcernCategoryId('PHY'), false)
  })
})

describe('validateNewConcern: valid concerns', () => {
  it('keeps every text verbatim, markup included', () => {
    const facts = '  <script>alert("x")</script>\r\nShe said: \'no\' & left.  '
    const result = validateNewConcern(
      {
        ...base,
        facts,
        place: '<i>Hall</i>',
        childWords: '  "go away"  ',
        othersPresent: 'Mr O’Brien',
        actionTaken: 'Told the DSL',
      },
      now,
    )
    assert.ok(result.ok)
    assert.equal(result.value.facts, facts)
    assert.equal(result.value.place, '<i>Hall</i>')
    assert.equal(result.value.childWords, '  "go away"  ')
    assert.equal(result.value.othersPresent, 'Mr O’Brien')
    assert.equal(result.value.actionTaken, 'Told the DSL')
  })

  it('merges duplicate children, ignores blank ids, and orders categories as the table does', () => {
    const result = validateNewConcern(
      { ...base, childIds: ['c2', ' ', 'c1', 'c2'], categories: ['neglect', 'physical_abuse', 'neglect'] },
      now,
    )
    assert.ok(result.ok)
    assert.deepEqual(result.value.childIds, ['c2', 'c1'])
    assert.deepEqual(result.value.categories, ['physical_abuse', 'neglect'])
  })

  it('flags opinion words without blocking', () => {
    const result = validateNewConcern({ ...base, facts: 'He probably fell. I think he was scared.' }, now)
    assert.ok(result.ok)
    assert.deepEqual(
      result.value.opinionWords.map((w) => w.phrase),
      ['probably', 'I think'],
    )
  })

  it('records a 999 call when the child is in immediate danger', () => {
    const result = validateNewConcern(
      { ...base, immediateDanger: true, policeCalledAtMs: now - 40 * MINUTE, policeReference: ' CAD 1234 ' },
      now,
    )
    assert.ok(result.ok)
    assert.equal(result.value.immediateDanger, true)
    assert.equal(result.value.policeCalledAtMs, now - 40 * MINUTE)
    assert.equal(result.value.policeReference, 'CAD 1234')
  })

  it('allows immediate danger with the call not yet logged', () => {
    const result = validateNewConcern({ ...base, immediateDanger: true }, now)
    assert.ok(result.ok)
    assert.equal('policeCalledAtMs' in result.value, false)
  })

  it('ignores police details when the answer is no (a hidden conditional reveal)', () => {
    const result = validateNewConcern(
      { ...base, immediateDanger: false, policeCalledAtMs: now + DAY, policeReference: 'x'.repeat(500) },
      now,
    )
    assert.ok(result.ok)
    assert.equal('policeCalledAtMs' in result.value, false)
    assert.equal('policeReference' in result.value, false)
  })

  it('records whether FGM is known only when FGM is a category', () => {
    const known = validateNewConcern({ ...base, categories: ['fgm'], fgmKnown: true }, now)
    assert.ok(known.ok)
    assert.equal(known.value.fgmKnown, true)
    const notChosen = validateNewConcern({ ...base, fgmKnown: true }, now)
    assert.ok(notChosen.ok)
    assert.equal(notChosen.value.fgmKnown, false)
  })

  it('keeps a description of an "other" concern only with the other category', () => {
    const other = validateNewConcern({ ...base, categories: ['other'], otherCategory: 'Bereavement' }, now)
    assert.ok(other.ok)
    assert.equal(other.value.otherCategory, 'Bereavement')
    const notOther = validateNewConcern({ ...base, otherCategory: 'Bereavement' }, now)
    assert.ok(notOther.ok)
    assert.equal('otherCategory' in notOther.value, false)
  })

  it('accepts body-map marks from both the JavaScript map and the region list', () => {
    const result = validateNewConcern(
      {
        ...base,
        bodyMap: [
          { side: 'front', x: 40, y: 12, description: 'Bruise' },
          { region: 'upper_back', description: 'Red lines' },
        ],
      },
      now,
    )
    assert.ok(result.ok)
    assert.deepEqual(result.value.bodyMap, [
      { side: 'front', x: 40, y: 12, description: 'Bruise' },
      { side: 'back', region: 'upper_back', description: 'Red lines' },
    ])
  })

  const edges: readonly [why: string, input: NewConcernInput][] = [
    ['observed exactly now', { ...base, observedAtMs: now }],
    ['observed within the clock skew', { ...base, observedAtMs: now + CLOCK_SKEW_MS }],
    ['observed 5 years ago', { ...base, observedAtMs: now - 5 * 365 * DAY }],
    ['facts at the limit', { ...base, facts: 'x'.repeat(10_000) }],
    ['facts over the limit only by CR LF pairs', { ...base, facts: `${'x'.repeat(9_998)}\r\n\r\n` }],
    ['place at the limit', { ...base, place: 'p'.repeat(200) }],
    ['child’s words at the limit', { ...base, childWords: 'w'.repeat(5_000) }],
    ['others present at the limit', { ...base, othersPresent: 'o'.repeat(1_000) }],
    ['action at the limit', { ...base, actionTaken: 'a'.repeat(5_000) }],
    ['the most children', { ...base, childIds: Array.from({ length: MAX_CHILDREN_PER_CONCERN }, (_, i) => `c${i}`) }],
    [
      'the most marks',
      { ...base, bodyMap: Array.from({ length: MAX_BODY_MAP_MARKS }, () => ({ region: 'face', description: 'mark' })) },
    ],
    [
      'a police call just before the observation was logged',
      { ...base, immediateDanger: true, policeCalledAtMs: now - 50 * MINUTE - 59 * MINUTE },
    ],
    ['tabs and line breaks', { ...base, facts: 'a\tb\nc\r\nd' }],
  ]
  for (const [why, input] of edges) {
    it(`accepts ${why}`, () => {
      const result = validateNewConcern(input, now)
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
    })
  }
})

describe('validateNewConcern: bad input gets a clear error on the right field', () => {
  const cases: readonly [why: string, input: NewConcernInput, field: string, message: string | RegExp][] = [
    ['no child', { ...base, childIds: [] }, 'children', concernMessages.childrenMissing],
    ['only blank child ids', { ...base, childIds: ['', ' '] }, 'children', concernMessages.childrenMissing],
    [
      'too many children',
      { ...base, childIds: Array.from({ length: MAX_CHILDREN_PER_CONCERN + 1 }, (_, i) => `c${i}`) },
      'children',
      concernMessages.tooManyChildren,
    ],
    ['missing facts', { ...base, facts: '' }, 'facts', concernMessages.factsMissing],
    ['facts only whitespace', { ...base, facts: ' \n\t ' }, 'facts', concernMessages.factsMissing],
    [
      'oversize facts',
      { ...base, facts: 'x'.repeat(10_001) },
      'facts',
      'What you saw or heard must be 10,000 characters or fewer',
    ],
    [
      'a NUL in the facts',
      { ...base, facts: 'He said\u0000no' },
      'facts',
      /What you saw or heard must not include hidden control characters/,
    ],
    [
      'an escape sequence in the child’s words',
      { ...base, childWords: '\u001b[2J' },
      'childWords',
      /The child’s own words must not include hidden control characters/,
    ],
    ['no observation time', { ...base, observedAtMs: undefined }, 'observedAt', concernMessages.observedAtMissing],
    [
      'an observation time that is not a number',
      { ...base, observedAtMs: Number.NaN },
      'observedAt',
      concernMessages.observedAtMissing,
    ],
    [
      'an observation in the future',
      { ...base, observedAtMs: now + CLOCK_SKEW_MS + 1 },
      'observedAt',
      concernMessages.observedAtInFuture,
    ],
    [
      'an observation next year',
      { ...base, observedAtMs: now + 365 * DAY },
      'observedAt',
      concernMessages.observedAtInFuture,
    ],
    [
      'an observation over 5 years ago',
      { ...base, observedAtMs: now - 5 * 366 * DAY - DAY },
      'observedAt',
      concernMessages.observedAtTooOld,
    ],
    ['no place', { ...base, place: ' ' }, 'place', concernMessages.placeMissing],
    [
      'oversize place',
      { ...base, place: 'p'.repeat(201) },
      'place',
      'Where you saw or heard this must be 200 characters or fewer',
    ],
    [
      'oversize child’s words',
      { ...base, childWords: 'w'.repeat(5_001) },
      'childWords',
      'The child’s own words must be 5,000 characters or fewer',
    ],
    [
      'oversize others present',
      { ...base, othersPresent: 'o'.repeat(1_001) },
      'othersPresent',
      'Who else was there must be 1,000 characters or fewer',
    ],
    [
      'oversize action taken',
      { ...base, actionTaken: 'a'.repeat(5_001) },
      'actionTaken',
      'The action you have taken must be 5,000 characters or fewer',
    ],
    ['no category', { ...base, categories: [] }, 'categories', concernMessages.categoriesMissing],
    [
      'an unknown category',
      { ...base, categories: ['physical_abuse', 'PHY'] },
      'categories',
      concernMessages.categoryUnknown,
    ],
    [
      'oversize other category',
      { ...base, categories: ['other'], otherCategory: 'x'.repeat(201) },
      'otherCategory',
      'The other type of concern must be 200 characters or fewer',
    ],
    [
      'FGM without saying whether it is known',
      { ...base, categories: ['fgm'] },
      'fgmKnown',
      concernMessages.fgmKnownMissing,
    ],
    [
      'too many marks',
      {
        ...base,
        bodyMap: Array.from({ length: MAX_BODY_MAP_MARKS + 1 }, () => ({ region: 'face', description: 'mark' })),
      },
      'bodyMap',
      concernMessages.tooManyMarks,
    ],
    [
      'a mark with no description',
      {
        ...base,
        bodyMap: [
          { region: 'face', description: 'ok' },
          { side: 'front', x: 5, y: 5, description: '' },
        ],
      },
      'bodyMap',
      'Body map mark 2: Enter a description of the mark',
    ],
    [
      'a mark off the outline',
      { ...base, bodyMap: [{ side: 'back', x: 150, y: 5, description: 'bruise' }] },
      'bodyMap',
      'Body map mark 1: Place the mark on the outline of the body',
    ],
    [
      'immediate danger not answered',
      { ...base, immediateDanger: undefined },
      'immediateDanger',
      concernMessages.immediateDangerMissing,
    ],
    [
      'a police call in the future',
      { ...base, immediateDanger: true, policeCalledAtMs: now + 10 * MINUTE },
      'policeCalledAt',
      concernMessages.policeCalledAtInFuture,
    ],
    [
      'a police call a day before the observation',
      { ...base, immediateDanger: true, policeCalledAtMs: now - 50 * MINUTE - DAY },
      'policeCalledAt',
      concernMessages.policeCalledAtBeforeObservation,
    ],
    [
      'a police call time that is not a number',
      { ...base, immediateDanger: true, policeCalledAtMs: Number.POSITIVE_INFINITY },
      'policeCalledAt',
      concernMessages.policeCalledAtInvalid,
    ],
    [
      'an oversize police reference',
      { ...base, immediateDanger: true, policeReference: 'r'.repeat(51) },
      'policeReference',
      'The police reference must be 50 characters or fewer',
    ],
  ]
  for (const [why, input, field, message] of cases) {
    it(`${why} → ${field}`, () => {
      const fields = fieldsOf(input)
      assert.deepEqual(Object.keys(fields), [field], JSON.stringify(fields))
      const actual = fields[field] ?? ''
      if (typeof message === 'string') assert.equal(actual, message)
      else assert.match(actual, message)
    })
  }

  it('reports every problem at once, the first as the message', () => {
    const result = validateNewConcern(
      {
        ...base,
        childIds: [],
        facts: '',
        observedAtMs: undefined,
        place: '',
        categories: [],
        immediateDanger: undefined,
      },
      now,
    )
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.deepEqual(Object.keys(result.error.fields ?? {}), [
        'children',
        'facts',
        'observedAt',
        'place',
        'categories',
        'immediateDanger',
      ])
      assert.equal(result.error.message, concernMessages.childrenMissing)
    }
  })
})

describe('validateNewConcern: properties', () => {
  it('property: any facts without forbidden characters, within the limit, are stored exactly', () => {
    const safe = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 300 })
      .filter((s) => s.trim() !== '' && !/[\p{Cc}]/u.test(s.replace(/[\t\n\r]/g, '')))
    fc.assert(
      fc.property(safe, (facts) => {
        const result = validateNewConcern({ ...base, facts }, now)
        assert.ok(result.ok)
        assert.equal(result.value.facts, facts)
      }),
    )
  })

  it('property: an observation is accepted exactly when it is within the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6 * 365 * DAY, max: DAY }), (offset) => {
        const result = validateNewConcern({ ...base, observedAtMs: now + offset }, now)
        const inWindow = offset <= CLOCK_SKEW_MS && offset >= -(5 * 365 + 2) * DAY
        assert.equal(result.ok, inWindow, `offset ${offset}`)
      }),
    )
  })
})
