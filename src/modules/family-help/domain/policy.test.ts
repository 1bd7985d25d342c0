import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { testActor } from '../../../platform/identity/testingActor.js'
import { decideFamilyHelp, type FamilyHelpFacts } from './policy.js'

const actor = (userId: string, organisationId: string, roles: Role[]): Actor =>
  testActor(userId, roles, { organisationId, organisationName: organisationId, localAreaId: 'area' })

const episode: FamilyHelpFacts = {
  localAreaId: 'area',
  coordinatingOrganisationId: 'la',
  leadPractitionerUserId: 'pastoral',
  leadOrganisationId: 'school',
  team: [
    { organisationId: 'school', userId: 'pastoral' },
    { organisationId: 'health', userId: null },
  ],
  consentWithdrawn: false,
  steppedUp: false,
}

const pastoral = actor('pastoral', 'school', ['staff'])
const schoolDsl = actor('dsl', 'school', ['dsl'])
const healthLead = actor('hv', 'health', ['health_lead'])
const healthStaff = actor('nurse', 'health', ['staff'])
const gpLead = actor('gp', 'gp', ['health_lead'])
const coordinator = actor('coord', 'la', ['early_help_coordinator'])
const otherLa = actor('coord2', 'la2', ['early_help_coordinator'])

describe('family help access', () => {
  const view = (a: Actor, e = episode) => decideFamilyHelp(a, { kind: 'family_help.view', episode: e })
  const act = (a: Actor, step: Parameters<typeof decideFamilyHelp>[1] & { kind: 'family_help.act' }, e = episode) =>
    decideFamilyHelp(a, { ...step, episode: e })

  const viewing: readonly [string, Actor, boolean][] = [
    ['the lead practitioner', pastoral, true],
    ['the school’s DSL (team agency)', schoolDsl, true],
    ['the health trust’s safeguarding lead (team agency)', healthLead, true],
    ['plain staff of a team agency who are not named', healthStaff, false],
    ['an uninvolved agency', gpLead, false],
    ['the area’s early help coordinator', coordinator, true],
    ['another area’s coordinator', otherLa, false],
  ]
  for (const [who, a, allowed] of viewing) {
    it(`${who} ${allowed ? 'sees' : 'does not see'} the episode`, () => assert.equal(view(a).allowed, allowed))
  }

  it('limits the team to records before consent was withdrawn, but not the lead or the coordinator', () => {
    const withdrawn = { ...episode, consentWithdrawn: true }
    const team = view(healthLead, withdrawn)
    assert.ok(team.allowed && team.scope === 'before_consent_withdrawn')
    const lead = view(pastoral, withdrawn)
    assert.ok(lead.allowed && lead.scope === 'all')
    const coord = view(coordinator, withdrawn)
    assert.ok(coord.allowed && coord.scope === 'all')
  })

  it('lets the lead practitioner lead steps and team agencies contribute', () => {
    const plan = { kind: 'family_help.act', step: 'record_plan', episode } as const
    assert.ok(act(pastoral, plan).allowed)
    assert.ok(act(schoolDsl, plan).allowed)
    assert.ok(!act(healthLead, plan).allowed)
    assert.ok(act(healthLead, { ...plan, step: 'submit_contribution' }).allowed)
    assert.ok(act(healthLead, { ...plan, step: 'step_up' }).allowed)
    assert.ok(!act(gpLead, { ...plan, step: 'submit_contribution' }).allowed)
  })

  it('stops the team acting once consent is withdrawn, except to step up', () => {
    const withdrawn = { ...episode, consentWithdrawn: true }
    const contribute = { kind: 'family_help.act', step: 'submit_contribution', episode: withdrawn } as const
    assert.ok(!act(healthLead, contribute, withdrawn).allowed)
    assert.ok(act(healthLead, { ...contribute, step: 'step_up' }, withdrawn).allowed)
    assert.ok(act(pastoral, { ...contribute, step: 'close' }, withdrawn).allowed)
  })

  it('before a lead is named, any team agency’s safeguarding lead leads', () => {
    const noLead = { ...episode, leadPractitionerUserId: null, leadOrganisationId: null }
    assert.ok(
      act(healthLead, { kind: 'family_help.act', step: 'assign_lead_practitioner', episode: noLead }, noLead).allowed,
    )
  })

  it('lets the local authority’s front door see a family it received a step-up for, and no other', () => {
    const frontDoor = actor('fd', 'la', ['front_door'])
    assert.ok(!view(frontDoor).allowed)
    assert.ok(view(frontDoor, { ...episode, steppedUp: true }).allowed)
    assert.ok(!view(actor('fd2', 'la2', ['front_door']), { ...episode, steppedUp: true }).allowed)
  })

  it('lets safeguarding leads open episodes and coordinators see their own area', () => {
    assert.ok(decideFamilyHelp(schoolDsl, { kind: 'family_help.open' }).allowed)
    assert.ok(!decideFamilyHelp(pastoral, { kind: 'family_help.open' }).allowed)
    assert.ok(decideFamilyHelp(coordinator, { kind: 'family_help.coordinate', organisationId: 'la' }).allowed)
    assert.ok(!decideFamilyHelp(otherLa, { kind: 'family_help.coordinate', organisationId: 'la' }).allowed)
    assert.ok(!decideFamilyHelp(schoolDsl, { kind: 'family_help.coordinate', organisationId: 'school' }).allowed)
  })
})
