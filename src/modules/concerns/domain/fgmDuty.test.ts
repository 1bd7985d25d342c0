import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { organisationKinds, type OrganisationKind } from '../../../platform/identity/organisations.js'
import { roles, type Role } from '../../../platform/identity/roles.js'
import { findRule } from '../../timescales/domain/rules.js'
import {
  FGM_DUTY_RULE_ID,
  fgmDutyNotice,
  fgmDutyProfession,
  fgmMandatoryDutyApplies,
  type FgmDutyFacts,
} from './fgmDuty.js'

const teacher: FgmDutyFacts = {
  categories: ['fgm'],
  fgmKnown: true,
  childSex: 'female',
  childAgeYears: 12,
  reporterRoles: ['staff'],
  reporterOrganisationKind: 'school',
}

describe('fgmMandatoryDutyApplies', () => {
  const cases: readonly [why: string, facts: FgmDutyFacts, applies: boolean][] = [
    ['a teacher told by a 12-year-old girl', teacher, true],
    ['a school DSL', { ...teacher, reporterRoles: ['dsl'] }, true],
    ['college staff', { ...teacher, reporterOrganisationKind: 'college' }, true],
    ['early years staff (may be teachers) [U]', { ...teacher, reporterOrganisationKind: 'early_years' }, true],
    ['a GP practice', { ...teacher, reporterOrganisationKind: 'gp_practice' }, true],
    [
      'an NHS trust health lead',
      { ...teacher, reporterRoles: ['health_lead'], reporterOrganisationKind: 'nhs_trust' },
      true,
    ],
    ['an ICB health lead', { ...teacher, reporterRoles: ['health_lead'], reporterOrganisationKind: 'icb' }, true],
    [
      'a social worker',
      { ...teacher, reporterRoles: ['social_worker'], reporterOrganisationKind: 'la_childrens_social_care' },
      true,
    ],
    [
      'a front door social worker',
      { ...teacher, reporterRoles: ['front_door'], reporterOrganisationKind: 'la_childrens_social_care' },
      true,
    ],
    ['a girl whose sex is not yet recorded', { ...teacher, childSex: 'unknown' }, true],
    ['a girl aged 17', { ...teacher, childAgeYears: 17 }, true],
    ['a baby girl (age 0)', { ...teacher, childAgeYears: 0, reporterOrganisationKind: 'nhs_trust' }, true],
    // Not the duty: local procedures instead.
    ['suspected, not known', { ...teacher, fgmKnown: false }, false],
    ['FGM not among the categories', { ...teacher, categories: ['physical_abuse'] }, false],
    ['a woman of 18', { ...teacher, childAgeYears: 18 }, false],
    ['an unborn child', { ...teacher, childAgeYears: undefined }, false],
    ['a child recorded as male', { ...teacher, childSex: 'male' }, false],
    ['a sports club volunteer', { ...teacher, reporterOrganisationKind: 'sports_youth_club' }, false],
    ['a charity DSL', { ...teacher, reporterRoles: ['dsl'], reporterOrganisationKind: 'voluntary_charity' }, false],
    [
      'a police officer (the police receive the report)',
      { ...teacher, reporterRoles: ['police_officer'], reporterOrganisationKind: 'police_force' },
      false,
    ],
    ['a school’s organisation administrator only', { ...teacher, reporterRoles: ['org_admin'] }, false],
    [
      'a partnership lead in the council',
      { ...teacher, reporterRoles: ['partnership_lead'], reporterOrganisationKind: 'la_childrens_social_care' },
      false,
    ],
    ['probation', { ...teacher, reporterOrganisationKind: 'probation' }, false],
  ]
  for (const [why, facts, applies] of cases) {
    it(`${why}: ${applies ? 'applies' : 'does not apply'}`, () => assert.equal(fgmMandatoryDutyApplies(facts), applies))
  }

  it('property: never applies without known FGM, at 18 or over, or for a boy', () => {
    fc.assert(
      fc.property(
        fc.record({
          categories: fc.subarray(['fgm', 'neglect', 'other']),
          fgmKnown: fc.boolean(),
          childSex: fc.constantFrom('female', 'male', 'unknown'),
          childAgeYears: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
          reporterRoles: fc.subarray([...roles] as Role[]),
          reporterOrganisationKind: fc.constantFrom(...(organisationKinds as readonly OrganisationKind[])),
        }),
        (facts) => {
          const applies = fgmMandatoryDutyApplies(facts)
          if (!facts.fgmKnown || !facts.categories.includes('fgm') || facts.childSex === 'male')
            assert.equal(applies, false)
          if (facts.childAgeYears === undefined || facts.childAgeYears >= 18) assert.equal(applies, false)
          if (applies)
            assert.notEqual(fgmDutyProfession(facts.reporterRoles, facts.reporterOrganisationKind), undefined)
        },
      ),
    )
  })
})

describe('fgmDutyProfession', () => {
  it('names the profession', () => {
    assert.equal(fgmDutyProfession(['staff'], 'school'), 'teacher')
    assert.equal(fgmDutyProfession(['staff'], 'gp_practice'), 'health_professional')
    assert.equal(fgmDutyProfession(['team_manager'], 'la_childrens_social_care'), 'social_care_professional')
    assert.equal(fgmDutyProfession(['staff'], 'faith_group'), undefined)
  })
})

describe('the FGM notice and clock', () => {
  it('uses a timescale rule that exists', () => assert.ok(findRule(FGM_DUTY_RULE_ID).ok))
  it('says 101, personal, and section 5B', () => {
    const text = fgmDutyNotice.paragraphs.join(' ')
    assert.match(text, /101/)
    assert.match(text, /personally/)
    assert.match(text, /section 5B/)
    assert.match(text, /999/)
  })
})
