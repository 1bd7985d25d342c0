import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { hasForbiddenCharacters } from './text.js'
import { bodyRegions, bodyRegionsOn, findBodyRegion, markMessages, validateMark, type MarkInput } from './bodyMap.js'

describe('bodyRegions', () => {
  it('has unique ids and labels, in snake case', () => {
    assert.equal(new Set(bodyRegions.map((r) => r.id)).size, bodyRegions.length)
    assert.equal(new Set(bodyRegions.map((r) => r.label)).size, bodyRegions.length)
    for (const r of bodyRegions) assert.match(r.id, /^[a-z]+(_[a-z]+)*$/)
  })

  const expected: readonly [id: string, side: 'front' | 'back'][] = [
    ['head', 'front'],
    ['face', 'front'],
    ['neck', 'front'],
    ['chest', 'front'],
    ['abdomen', 'front'],
    ['genital_area', 'front'],
    ['left_upper_arm', 'front'],
    ['right_upper_arm', 'front'],
    ['left_forearm', 'front'],
    ['right_forearm', 'front'],
    ['left_palm', 'front'],
    ['right_palm', 'front'],
    ['left_thigh', 'front'],
    ['right_thigh', 'front'],
    ['left_shin', 'front'],
    ['right_shin', 'front'],
    ['left_foot', 'front'],
    ['right_foot', 'front'],
    ['left_ear', 'front'],
    ['back_of_head', 'back'],
    ['back_of_neck', 'back'],
    ['upper_back', 'back'],
    ['lower_back', 'back'],
    ['buttocks', 'back'],
    ['back_of_left_hand', 'back'],
    ['left_calf', 'back'],
  ]
  for (const [id, side] of expected) {
    it(`has ${id} on the ${side}`, () => assert.equal(findBodyRegion(id)?.side, side))
  }

  it('lists the front and back separately, covering every region once', () => {
    assert.equal(bodyRegionsOn('front').length + bodyRegionsOn('back').length, bodyRegions.length)
    assert.ok(bodyRegionsOn('front').every((r) => r.side === 'front'))
  })
})

describe('validateMark', () => {
  const ok: readonly [why: string, input: MarkInput, expected: object][] = [
    [
      'a JavaScript mark',
      { side: 'front', x: 42.5, y: 10, description: 'Round bruise, size of a 10p coin' },
      { side: 'front', x: 42.5, y: 10, description: 'Round bruise, size of a 10p coin' },
    ],
    [
      'the corners',
      { side: 'back', x: 0, y: 100, description: 'Scratch' },
      { side: 'back', x: 0, y: 100, description: 'Scratch' },
    ],
    [
      'a no-JavaScript region, side taken from it',
      { region: 'upper_back', description: 'Red marks' },
      { side: 'back', region: 'upper_back', description: 'Red marks' },
    ],
    [
      'region and matching side',
      { side: 'front', region: 'face', description: 'Cut' },
      { side: 'front', region: 'face', description: 'Cut' },
    ],
    [
      'both position and region',
      { side: 'front', x: 50, y: 5, region: 'face', description: 'Cut' },
      { side: 'front', x: 50, y: 5, region: 'face', description: 'Cut' },
    ],
    [
      'markup kept verbatim',
      { region: 'face', description: '<b>bruise</b>' },
      { side: 'front', region: 'face', description: '<b>bruise</b>' },
    ],
  ]
  for (const [why, input, expected] of ok) {
    it(`accepts ${why}`, () => {
      const result = validateMark(input)
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
      assert.deepEqual(result.value, expected)
    })
  }

  const bad: readonly [why: string, input: MarkInput, field: string, message: string | RegExp][] = [
    ['no side and no region', { x: 10, y: 10, description: 'Bruise' }, 'side', markMessages.sideMissing],
    ['a made-up side', { side: 'left', x: 10, y: 10, description: 'Bruise' }, 'side', markMessages.sideMissing],
    ['x without y', { side: 'front', x: 10, description: 'Bruise' }, 'position', markMessages.positionInvalid],
    ['x over 100', { side: 'front', x: 100.1, y: 10, description: 'Bruise' }, 'position', markMessages.positionInvalid],
    ['negative y', { side: 'front', x: 10, y: -1, description: 'Bruise' }, 'position', markMessages.positionInvalid],
    ['NaN', { side: 'front', x: Number.NaN, y: 10, description: 'Bruise' }, 'position', markMessages.positionInvalid],
    [
      'Infinity',
      { side: 'front', x: Number.POSITIVE_INFINITY, y: 10, description: 'Bruise' },
      'position',
      markMessages.positionInvalid,
    ],
    [
      'an unknown region',
      { side: 'front', region: 'elbow_of_destiny', description: 'Bruise' },
      'region',
      markMessages.regionUnknown,
    ],
    [
      'a region on the other side',
      { side: 'front', region: 'buttocks', description: 'Bruise' },
      'region',
      markMessages.regionWrongSide,
    ],
    ['neither position nor region', { side: 'front', description: 'Bruise' }, 'region', markMessages.whereMissing],
    [
      'no description',
      { side: 'front', x: 1, y: 1, description: '  ' },
      'description',
      markMessages.descriptionMissing,
    ],
    [
      'a description of 501 characters',
      { side: 'front', x: 1, y: 1, description: 'x'.repeat(501) },
      'description',
      'Description of the mark must be 500 characters or fewer',
    ],
    [
      'a control character',
      { side: 'front', x: 1, y: 1, description: 'bruise\u0000' },
      'description',
      /hidden control characters/,
    ],
  ]
  for (const [why, input, field, message] of bad) {
    it(`rejects ${why} (${field})`, () => {
      const result = validateMark(input)
      assert.equal(result.ok, false)
      if (!result.ok) {
        assert.equal(result.error.code, 'BODY_MAP.MARK_INVALID')
        const actual = result.error.fields?.[field] ?? ''
        if (typeof message === 'string') assert.equal(actual, message)
        else assert.match(actual, message)
      }
    })
  }

  it('accepts a description of exactly 500 characters', () => {
    assert.ok(validateMark({ side: 'front', x: 1, y: 1, description: 'x'.repeat(500) }).ok)
  })

  it('property: any in-range position on either side with a description is valid and kept exactly', () => {
    const percent = fc.double({ min: 0, max: 100, noNaN: true })
    fc.assert(
      fc.property(
        fc.constantFrom('front', 'back'),
        percent,
        percent,
        fc.string({ minLength: 1, maxLength: 500 }).filter((s) => s.trim() !== '' && !hasForbiddenCharacters(s)),
        (side, x, y, description) => {
          const result = validateMark({ side, x, y, description })
          assert.ok(result.ok)
          assert.deepEqual(result.value, { side, x, y, description })
        },
      ),
    )
  })
})
