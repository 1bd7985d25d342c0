import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Role } from '../../../platform/identity/roles.js'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'
import { concernNextStep, concernRecorder, type ConcernRecorder } from './nextStep.js'

describe('the next step after a concern, by who records it (issue 17, item 11)', () => {
  const cases: readonly [readonly Role[], OrganisationKind, ConcernRecorder][] = [
    [['staff'], 'school', 'school_or_club_staff'],
    [['staff'], 'sports_youth_club', 'school_or_club_staff'],
    [['staff', 'head'], 'early_years', 'school_or_club_staff'],
    [['dsl'], 'school', 'safeguarding_lead'],
    [['deputy_dsl', 'staff'], 'college', 'safeguarding_lead'],
    [['health_lead'], 'nhs_trust', 'safeguarding_lead'],
    [['staff'], 'gp_practice', 'health_staff'],
    [['staff'], 'nhs_trust', 'health_staff'],
    [['police_officer'], 'police_force', 'police'],
    [['staff'], 'british_transport_police', 'police'],
    [['social_worker'], 'la_childrens_social_care', 'social_care'],
    [['front_door'], 'la_childrens_social_care', 'social_care'],
    [['team_manager', 'conference_chair'], 'la_childrens_social_care', 'social_care'],
    [['lado'], 'la_childrens_social_care', 'social_care'],
    [['early_help_coordinator'], 'la_childrens_social_care', 'social_care'],
  ]
  for (const [roles, kind, recorder] of cases)
    test(`${roles.join(' + ')} in ${kind}: ${recorder}`, () => {
      assert.equal(concernRecorder(roles, kind), recorder)
    })

  const everyLine = (roles: readonly Role[], kind: OrganisationKind) => {
    const step = concernNextStep(roles, kind)
    return Object.entries(step)
      .filter(([k]) => k !== 'recorder')
      .map(([, v]) => (typeof v === 'string' ? v : `${(v as { text: string }).text}`))
  }

  test('only school or club staff (and health staff, for their named lead) are told to tell a lead', () => {
    for (const line of everyLine(['staff'], 'school')) assert.doesNotMatch(line, /named safeguarding lead/)
    assert.match(concernNextStep(['staff'], 'school').dangerAdvice, /tell your designated safeguarding lead/)
    for (const [roles, kind] of [
      [['police_officer'], 'police_force'],
      [['social_worker'], 'la_childrens_social_care'],
      [['front_door'], 'la_childrens_social_care'],
      [['dsl'], 'school'],
      [['staff'], 'gp_practice'],
    ] as const)
      for (const line of everyLine(roles, kind))
        assert.doesNotMatch(line, /your (designated safeguarding lead|DSL)/i, `${roles.join()}: ${line}`)
  })

  test('police are sent to their own procedures and the front door; social workers to their manager', () => {
    const p = concernNextStep(['police_officer'], 'police_force')
    assert.match(p.whatNext, /force’s procedures/)
    assert.match(p.whatNext, /front door/)
    assert.equal(p.followUp.href, '/referrals/new')
    const s = concernNextStep(['social_worker'], 'la_childrens_social_care')
    assert.match(s.whatNext, /team manager/)
    assert.match(s.whatNext, /front door/)
    const d = concernNextStep(['dsl'], 'school')
    assert.match(d.whatNext, /You decide/)
    assert.equal(d.followUp.href, '/inbox')
    assert.match(concernNextStep(['staff'], 'nhs_trust').whatNext, /named safeguarding lead/)
  })
})
