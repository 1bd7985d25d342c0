import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkAssessmentFactors, checkSection47Conclusion, planEndClosure } from './caseWork.js'

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

describe('plan endings', () => {
  test('the census closure reason follows why the plan ended', () => {
    assert.equal(planEndClosure('died'), 'RC2')
    assert.equal(planEndClosure('moved_to_another_la'), 'RC5')
    assert.equal(planEndClosure('no_continuing_risk'), 'RC7')
  })
})
