import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkAssessmentFactors, checkSection47Conclusion, FieldProblems, planEndClosure } from './caseWork.js'

describe('assessment factors (CIN census)', () => {
  test('known factors pass, duplicates collapse', () => {
    const r = checkAssessmentFactors(['16A', '3B', '16A'])
    assert.ok(r.ok)
    assert.deepEqual(r.value, ['16A', '3B'])
  })
  test('“21” (none) cannot be combined with another factor: rule 8869', () => {
    const r = checkAssessmentFactors(['21', '16A'])
    assert.ok(!r.ok)
    assert.match(r.error.fields?.factors ?? '', /cannot be selected with other factors/)
    assert.ok(checkAssessmentFactors(['21']).ok)
  })
  test('none selected, or an unknown code, is refused', () => {
    assert.ok(!checkAssessmentFactors([]).ok)
    assert.ok(!checkAssessmentFactors(['18A']).ok, 'legacy 18A is not offered')
  })
})

describe('section 47 conclusion', () => {
  test('a conference needs substantiated concerns', () => {
    assert.ok(checkSection47Conclusion('substantiated', 'conference').ok)
    assert.ok(!checkSection47Conclusion('not_substantiated', 'conference').ok)
    assert.ok(checkSection47Conclusion('not_substantiated', 'no_further_action').ok)
  })
})

describe('field problems and plan endings', () => {
  test('text is required and bounded', () => {
    const p = new FieldProblems()
    assert.equal(p.text('a', '  hi ', 'Enter a'), 'hi')
    p.text('b', '   ', 'Enter b')
    p.text('c', 'x'.repeat(11), 'Enter c', 10)
    const r = p.result(1)
    assert.ok(!r.ok)
    assert.deepEqual(r.error.fields, { b: 'Enter b', c: 'Must be 10 characters or fewer' })
  })
  test('the census closure reason follows why the plan ended', () => {
    assert.equal(planEndClosure('died'), 'RC2')
    assert.equal(planEndClosure('moved_to_another_la'), 'RC5')
    assert.equal(planEndClosure('no_continuing_risk'), 'RC7')
  })
})

describe('dates and times as typed', () => {
  test('a real date and time pass; anything else is a field problem', () => {
    const p = new FieldProblems()
    assert.deepEqual(p.date('a', '2026-11-23', 'Enter a'), { year: 2026, month: 11, day: 23 })
    assert.equal(p.date('b', '2026-02-30', 'Enter b'), undefined)
    assert.equal(p.date('c', '', 'Enter c'), undefined)
    assert.deepEqual(p.time('t', '14:05', 'Enter t'), { hour: 14, minute: 5 })
    assert.equal(p.time('u', '25:00', 'Enter u'), undefined)
    const r = p.result(0)
    assert.ok(!r.ok)
    assert.deepEqual(r.error.fields, {
      b: 'Enter a real date, like 27 3 2026',
      c: 'Enter c',
      u: 'Enter a real time, like 09:30 or 14:15',
    })
  })
})
