import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { censusDetailMessages, checkCensusDetails, disabilitiesInWords, ethnicityInWords } from './censusDetails.js'

describe('a child’s census details', () => {
  it('"No" is the census’s NONE; "Yes" needs one or more disabilities, kept in the census list’s order', () => {
    assert.deepEqual(checkCensusDetails({ ethnicity: 'WBRI', disabled: 'no' }, undefined).details, {
      ethnicity: 'WBRI',
      disabilities: ['NONE'],
    })
    assert.deepEqual(
      checkCensusDetails({ ethnicity: 'CHNE', disabled: 'yes', disabilities: ['AUT', 'MOB', 'AUT'] }, undefined)
        .details,
      { ethnicity: 'CHNE', disabilities: ['MOB', 'AUT'] },
    )
    assert.deepEqual(checkCensusDetails({ ethnicity: 'WBRI', disabled: 'yes', disabilities: [] }, undefined).problems, {
      disabilities: censusDetailMessages.disabilities,
    })
    assert.deepEqual(
      checkCensusDetails({ ethnicity: 'WBRI', disabled: 'yes', disabilities: ['NONE'] }, undefined).problems,
      { disabilities: censusDetailMessages.disabilities },
    )
  })

  it('refuses an unknown ethnicity and a missing answer', () => {
    assert.deepEqual(checkCensusDetails({ ethnicity: 'ZZZZ' }, undefined).problems, {
      ethnicity: censusDetailMessages.ethnicity,
      disabled: censusDetailMessages.disabled,
    })
  })

  it('a correction must change something and say why', () => {
    const current = { ethnicity: 'WBRI' as const, disabilities: ['NONE'] }
    assert.deepEqual(checkCensusDetails({ ethnicity: 'WBRI', disabled: 'no', reason: 'x' }, current).problems, {
      ethnicity: censusDetailMessages.same,
    })
    assert.deepEqual(checkCensusDetails({ ethnicity: 'WIRI', disabled: 'no', reason: ' ' }, current).problems, {
      reason: censusDetailMessages.reason,
    })
    assert.deepEqual(
      checkCensusDetails({ ethnicity: 'WIRI', disabled: 'no', reason: 'Family said' }, current).problems,
      {},
    )
  })

  it('shows words, never codes', () => {
    assert.equal(ethnicityInWords('MWBA'), 'White and Black African')
    assert.equal(disabilitiesInWords(['NONE']), 'No disability')
    assert.equal(disabilitiesInWords(['HEAR', 'COMM']), 'Communication, Hearing')
    assert.equal(disabilitiesInWords([]), 'Not recorded')
  })
})
