import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createCalendar } from '../../../platform/calendar/index.js'
import { collectionYear, collectionYearEnding, laChildIdFor, scopeToYear } from './census.js'
import { upnCheckLetterValid } from './codes.js'
import { censusRules, validateCensus } from './rules.js'
import { child, episode, nfaChild } from './testChildren.js'

const year = collectionYear(2026)
if (year === null) throw new Error('2025-26 must be a collection year')
const ctx = { year, calendar: createCalendar() }
const failing = (c: ReturnType<typeof child>) => validateCensus([c], ctx).findings.map((f) => f.ruleId)

describe('the collection year', () => {
  it('runs from 1 April to 31 March and is named by the year it ends', () => {
    assert.deepEqual(year, { endYear: 2026, start: '2025-04-01', end: '2026-03-31', specification: '2025-26' })
    assert.equal(collectionYear(2027)?.specification, '2026-27')
    assert.equal(collectionYear(2019), null)
    assert.equal(collectionYearEnding('2026-03-31'), 2026)
    assert.equal(collectionYearEnding('2026-04-01'), 2027)
  })

  it('keeps episodes open at any time in the year and drops later activity', () => {
    const before = episode({
      episodeId: 'old',
      referralDate: '2024-01-10',
      closureDate: '2024-06-01',
      closureReason: 'RC7',
    })
    const spanning = episode({ closureDate: '2026-05-01', closureReason: 'RC7' })
    const scoped = scopeToYear(child({ episodes: [before, spanning] }), year)
    assert.equal(scoped?.episodes.length, 1)
    assert.equal(scoped?.episodes[0]?.closureDate, null, 'a closure after 31 March belongs to next year')
    assert.equal(scopeToYear(child({ episodes: [before] }), year), null)
  })

  it('derives an LA child id of at most 20 letters and numbers from a UUID', () => {
    assert.equal(laChildIdFor('0f3c8a2e-1b4d-4c6e-9a7b-5d2e1f0a3b4c'), '0F3C8A2E1B4D4C6E9A7B')
  })
})

describe('the census validation rules', () => {
  it('have unique ids, a message and a severity matching the DfE id (a Q suffix is a query)', () => {
    const ids = censusRules.map((r) => r.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const r of censusRules) {
      assert.ok(r.message.length > 10, r.id)
      assert.equal(r.severity === 'query', r.id.endsWith('Q'), r.id)
    }
  })

  it('pass a well-formed child on a plan; query a referral with no further action closed RC8', () => {
    assert.deepEqual(validateCensus([child()], ctx).findings, [])
    // Together closes a referral decided "no further action" with RC8; the DfE queries RC8 without an assessment
    // (8825Q), which the authority explains rather than amends.
    const nfa = validateCensus([nfaChild()], ctx)
    assert.deepEqual(
      nfa.findings.map((f) => f.ruleId),
      ['8825Q'],
    )
    assert.equal(nfa.errors, 0)
  })

  it('catch a plan starting on a different day from the conference (2885) and before the referral (1105)', () => {
    const e = episode()
    const plan = e.protectionPlans[0]
    if (plan === undefined) throw new Error('fixture has a plan')
    assert.deepEqual(
      failing(child({ episodes: [episode({ protectionPlans: [{ ...plan, startDate: '2025-05-30' }] })] })),
      ['2885'],
    )
    assert.deepEqual(failing(child({ episodes: [episode({ referralDate: '2025-06-01' })] })).sort(), [
      '1103',
      '1104',
      '1105',
      '2889',
    ])
  })

  it('catch a missing disability for a child in need (8540) and NONE with another code (8790)', () => {
    assert.deepEqual(failing(child({ disabilities: [] })), ['8540'])
    assert.deepEqual(failing(child({ disabilities: ['NONE', 'AUT'] })), ['8790'])
  })

  it('catch activity on a referral with no further action (8831) and closure without reason (8805)', () => {
    assert.ok(failing(child({ episodes: [episode({ referralNfa: true })] })).includes('8831'))
    assert.deepEqual(failing(child({ episodes: [episode({ closureDate: '2026-01-05', protectionPlans: [] })] })), [
      '8805',
    ])
  })

  it('query an open section 47 more than 15 working days before the year end (8675Q)', () => {
    const open = episode({
      section47: [
        {
          startDate: '2026-02-02',
          initialConferenceTarget: null,
          initialConferenceDate: null,
          conferenceNotRequired: false,
        },
      ],
      protectionPlans: [],
    })
    const found = validateCensus([child({ episodes: [open] })], ctx)
    assert.deepEqual(
      found.findings.map((f) => [f.ruleId, f.severity, f.episodeReference]),
      [['8675Q', 'query', 'EP-1']],
    )
    assert.equal(found.errors, 0)
    assert.equal(found.queries, 1)
  })

  it('query more than 2% of children with no sex recorded, excluding unborn children (2886Q)', () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      child({ childId: `c${i}`, laChildId: `C${i}`, sex: i === 0 ? 'U' : 'F' }),
    )
    assert.deepEqual(
      validateCensus(many, ctx).findings.map((f) => f.ruleId),
      ['2886Q'],
    )
  })

  it('catch duplicate LA child ids across the return (8510)', () => {
    assert.deepEqual(
      validateCensus([child(), child()], ctx).findings.map((f) => f.ruleId),
      ['8510', '8510'],
    )
  })

  it('check a UPN’s check letter (1510)', () => {
    const valid = ['A', ...'201123456789'].join('')
    const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ'
    const sum = [...valid.slice(1)].reduce((s, d, i) => s + Number(d) * (i + 2), 0)
    const good = `${letters[sum % 23] ?? ''}${valid.slice(1)}`
    assert.equal(upnCheckLetterValid(good), true)
    assert.deepEqual(failing(child({ upn: good })), [])
    const wrong = `${letters[(sum + 1) % 23] ?? ''}${valid.slice(1)}`
    assert.deepEqual(failing(child({ upn: wrong })), ['1510'])
  })
})
