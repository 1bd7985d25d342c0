import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { date } from '../../../platform/calendar/testing.js'
import { agencyCategoryForKind, checkSeat, signOff, type PartnerSeat, type StatutoryPartner } from './register.js'
import { checkActionUpdate, isActionOverdue, learningThemes } from './actions.js'
import { suppressBreakdown, suppressCount, suppressTally, SUPPRESSION_THRESHOLD } from './suppression.js'
import { breakdownsOf, comparison, dataSetMeasures, findMeasure, monthsOf, reportingYearOf } from './dataSet.js'
import { disabilityCodes, ethnicityCodes } from '../../../platform/shared/censusCodes.js'
import { ageBand, disabilityGroup, ethnicGroup } from './characteristics.js'
import { checkDraft, reportSections, yearEnd } from './yearlyReport.js'

const seats: PartnerSeat[] = [
  { partner: 'local_authority', organisationId: 'la', leadUserId: 'la-ceo', delegateUserId: 'la-dcs' },
  { partner: 'police', organisationId: 'pol', leadUserId: 'chief-constable', delegateUserId: null },
  { partner: 'icb', organisationId: 'icb', leadUserId: 'icb-ceo', delegateUserId: 'icb-nurse' },
]

describe('sign-off by the three partners', () => {
  it('counts one signature per partner and says who is still to sign', () => {
    const first = signOff(seats, { signed: new Set() }, 'la-ceo')
    assert.ok(first.ok)
    if (first.ok) assert.deepEqual(first.value.remaining, ['police', 'icb'])
    const last = signOff(seats, { signed: new Set<StatutoryPartner>(['local_authority', 'police']) }, 'icb-nurse')
    assert.ok(last.ok && last.value.partner === 'icb' && last.value.remaining.length === 0)
  })

  it('refuses anyone who is not a lead or delegated partner, and a partner signing twice', () => {
    const stranger = signOff(seats, { signed: new Set() }, 'business-manager')
    assert.ok(!stranger.ok && stranger.error.code === 'PARTNERSHIP.NOT_A_LEAD')
    const twice = signOff(seats, { signed: new Set<StatutoryPartner>(['local_authority']) }, 'la-dcs')
    assert.ok(!twice.ok && twice.error.code === 'PARTNERSHIP.ALREADY_SIGNED')
  })

  it('takes effect only when all three partners have signed, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(['la-ceo', 'chief-constable', 'icb-ceo'], { minLength: 3, maxLength: 3 }),
        (order) => {
          const signed = new Set<StatutoryPartner>()
          order.forEach((user, i) => {
            const r = signOff(seats, { signed }, user)
            assert.ok(r.ok)
            if (r.ok) {
              signed.add(r.value.partner)
              assert.equal(r.value.remaining.length, 2 - i)
            }
          })
        },
      ),
    )
  })

  it('wants a lead and delegate from the partner’s own organisation, and two different people', () => {
    const orgOf = (u: string): string | undefined => ({ a: 'la', b: 'la', c: 'pol' })[u]
    assert.ok(
      checkSeat({ partner: 'local_authority', organisationId: 'la', leadUserId: 'a', delegateUserId: 'b' }, orgOf).ok,
    )
    assert.equal(
      checkSeat({ partner: 'local_authority', organisationId: 'la', leadUserId: 'c', delegateUserId: null }, orgOf).ok,
      false,
    )
    assert.equal(
      checkSeat({ partner: 'local_authority', organisationId: 'la', leadUserId: 'a', delegateUserId: 'a' }, orgOf).ok,
      false,
    )
  })
})

describe('actions', () => {
  it('completes only with evidence of impact, withdraws only with a reason, and never reopens', () => {
    assert.equal(checkActionUpdate('in_progress', 'completed', '', '').ok, false)
    assert.ok(checkActionUpdate('in_progress', 'completed', '', 'Audit of 20 cases shows').ok)
    assert.equal(checkActionUpdate('open', 'withdrawn', '', '').ok, false)
    assert.equal(checkActionUpdate('completed', 'in_progress', 'x', 'y').ok, false)
    assert.equal(checkActionUpdate('in_progress', 'open', 'x', 'y').ok, false)
  })
  it('is overdue only while open and past its date', () => {
    assert.ok(isActionOverdue('open', date('2026-01-01'), date('2026-01-02')))
    assert.ok(!isActionOverdue('open', date('2026-01-02'), date('2026-01-02')))
    assert.ok(!isActionOverdue('completed', date('2026-01-01'), date('2026-01-02')))
  })
  it('carries the Panel’s wording for intra-familial child sexual abuse as a practice note', () => {
    const csa = learningThemes.find((t) => t.id === 'intra_familial_csa')
    assert.match(csa?.practiceNote?.text ?? '', /no further police action at this time/)
  })
})

describe('small-number suppression', () => {
  it('never shows a count under 5', () => {
    fc.assert(
      fc.property(fc.nat(1000), (n) => {
        const s = suppressCount(n)
        assert.equal(s.shown, n >= SUPPRESSION_THRESHOLD)
      }),
    )
  })

  it('hides a second cell when only one in a breakdown is hidden, so the total cannot reveal it', () => {
    const out = suppressBreakdown([
      { key: 'a', count: 3 },
      { key: 'b', count: 40 },
      { key: 'c', count: 12 },
    ])
    assert.deepEqual(
      out.map((c) => c.count.shown),
      [false, true, false],
    )
  })

  it('never leaves exactly one hidden cell, and never shows a count under 5, in any breakdown', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 2, maxLength: 12 }), (counts) => {
        const out = suppressBreakdown(counts.map((count, key) => ({ key, count })))
        const hidden = out.filter((c) => !c.count.shown).length
        assert.notEqual(hidden, 1)
        for (const c of out) if (c.count.shown) assert.ok(c.count.value >= SUPPRESSION_THRESHOLD)
      }),
    )
  })

  it('hides a rate whose numerator or denominator is small', () => {
    assert.equal(suppressTally({ numerator: 3, denominator: 100 }, true).percentage.shown, false)
    assert.equal(suppressTally({ numerator: 3, denominator: 4 }, true).percentage.shown, false)
    const shown = suppressTally({ numerator: 45, denominator: 60 }, true)
    assert.ok(shown.percentage.shown && shown.percentage.value === 75)
  })
})

describe('the agreed data set', () => {
  it('defines every measure fully, with a unique id', () => {
    const ids = dataSetMeasures.map((m) => m.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const m of dataSetMeasures) {
      for (const text of [m.name, m.definition, m.numerator, m.source]) assert.ok(text.length > 0, m.id)
      assert.ok(findMeasure(m.id) === m)
    }
  })
  it('compares this year with last in the measure’s good direction', () => {
    const decisions = findMeasure('referral-decisions-in-time')
    const reReferrals = findMeasure('re-referrals-12-months')
    assert.ok(decisions && reReferrals)
    assert.equal(comparison(decisions, 90, 80), 'better')
    assert.equal(comparison(reReferrals, 25, 20), 'worse')
    assert.equal(comparison(decisions, null, 80), 'no_comparison')
  })
  it('breaks children’s measures down by the child, and the workforce’s only by organisation', () => {
    const m = (id: string) => {
      const found = findMeasure(id)
      assert.ok(found, id)
      return breakdownsOf(found)
    }
    assert.deepEqual(m('training-currency'), ['organisation_kind'])
    assert.deepEqual(m('family-help-opened'), [
      'age_band',
      'sex',
      'ethnic_group',
      'disability',
      'category',
      'organisation_kind',
    ])
    assert.deepEqual(m('family-help-stepped-up'), [
      'age_band',
      'sex',
      'ethnic_group',
      'disability',
      'organisation_kind',
    ])
    assert.deepEqual(m('plans-over-2-years'), ['age_band', 'sex', 'ethnic_group', 'disability'])
  })
  it('runs the year from April to March', () => {
    assert.deepEqual(reportingYearOf(date('2026-03-31')), { startYear: 2025 })
    assert.deepEqual(reportingYearOf(date('2026-04-01')), { startYear: 2026 })
    const months = monthsOf({ startYear: 2025 })
    assert.equal(months[0], '2025-04')
    assert.equal(months[11], '2026-03')
    assert.deepEqual(yearEnd({ startYear: 2025 }), date('2026-03-31'))
  })
})

describe('child characteristics', () => {
  it('bands ages as the statistics do', () => {
    const on = date('2026-06-10')
    assert.equal(ageBand(null, on), 'not_known')
    assert.equal(ageBand(date('2026-08-01'), on), 'unborn')
    assert.equal(ageBand(date('2025-06-11'), on), 'under_1')
    assert.equal(ageBand(date('2025-06-10'), on), '1_to_4')
    assert.equal(ageBand(date('2016-06-10'), on), '10_to_15')
    assert.equal(ageBand(date('2010-06-11'), on), '10_to_15')
    assert.equal(ageBand(date('2010-06-10'), on), '16_and_over')
  })
  it('groups the census codes', () => {
    assert.equal(ethnicityCodes.length, 20)
    assert.equal(disabilityCodes.length, 13)
    assert.equal(ethnicGroup('WBRI'), 'white')
    assert.equal(ethnicGroup('BAFR'), 'black')
    assert.equal(ethnicGroup('CHNE'), 'other')
    assert.equal(ethnicGroup('REFU'), 'not_recorded')
    assert.equal(ethnicGroup(null), 'not_recorded')
    assert.equal(disabilityGroup(['NONE']), 'not_disabled')
    assert.equal(disabilityGroup(['AUT', 'LD']), 'disabled')
    assert.equal(disabilityGroup([]), 'not_recorded')
  })
})

describe('relevant agencies', () => {
  const cases: [kind: string, category: string][] = [
    ['school', 'education'],
    ['college', 'education'],
    ['early_years', 'childcare'],
    ['nhs_trust', 'health'],
    ['sports_youth_club', 'sport_and_leisure'],
    ['housing_association', 'other'],
    ['toString', 'other'],
  ]
  for (const [kind, category] of cases)
    it(`an organisation of kind ${kind} joins as ${category}`, () => {
      assert.equal(agencyCategoryForKind(kind), category)
    })
})

describe('the yearly report draft', () => {
  it('needs every section', () => {
    const full = Object.fromEntries(reportSections.map((s) => [s.id, 'Text']))
    assert.ok(checkDraft(full).ok)
    const r = checkDraft({ ...full, disproportionality: '  ' })
    assert.ok(!r.ok && r.error.fields?.['disproportionality'])
  })
})
