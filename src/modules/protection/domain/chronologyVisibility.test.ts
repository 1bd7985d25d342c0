import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { episodeSteps } from './episode.js'
import {
  mayViewProtectionEntry,
  noRelationship,
  outcomeLabel,
  protectionEntryKinds,
  protectionEntryLabels,
  stepsShownByTheirOwnRecords,
  visibleProtectionKinds,
  type CaseRelationship,
  type ProtectionEntryFacts,
  type ProtectionEntryKind,
} from './chronologyVisibility.js'

const school = 'org-school'
const police = 'org-police'
const invited: CaseRelationship = { ...noRelationship, invitedConferenceIds: ['conf-1'] }
const coreGroup: CaseRelationship = { ...noRelationship, coreGroupMember: true }
const answered: CaseRelationship = { ...noRelationship, answeredRequestIds: ['rfi-1'] }
const referrer: CaseRelationship = { ...noRelationship, madeReferral: true }
const laOnly: readonly ProtectionEntryKind[] = [
  'episode_step',
  'strategy_discussion',
  'section47_started',
  'section47_concluded',
  'cin_plan_started',
  'cin_review',
  'cin_plan_ended',
]

const kindsOf = (rel: CaseRelationship) => [...visibleProtectionKinds(rel).keys()].sort()

describe('which protection entries an organisation sees', () => {
  it('the local authority holding the case sees every kind of entry, all of them', () => {
    const kinds = visibleProtectionKinds({ ...noRelationship, holdsCase: true })
    assert.deepEqual([...kinds.keys()].sort(), [...protectionEntryKinds].sort())
    assert.ok([...kinds.values()].every((s) => s === 'all'))
  })

  it('an organisation with no relationship to the case sees nothing', () => {
    assert.deepEqual(kindsOf(noRelationship), [])
  })

  it('the table of relationships and kinds', () => {
    const table: [string, CaseRelationship, ProtectionEntryKind[]][] = [
      ['referrer', referrer, ['referral', 'referral_acknowledged', 'referral_decided']],
      ['invited to a conference', invited, ['conference_held', 'conference_invitation', 'conference_report']],
      ['core group member', coreGroup, ['core_group_meeting', 'plan_ended', 'plan_started']],
      ['answered a request for information', answered, ['agency_information_given', 'agency_information_requested']],
    ]
    for (const [name, rel, expected] of table) assert.deepEqual(kindsOf(rel), [...expected].sort(), name)
  })

  it('an invited agency sees its own invitation and report, and only the conferences it was invited to', () => {
    const seen = (entry: ProtectionEntryFacts) => mayViewProtectionEntry(invited, school, entry)
    assert.ok(seen({ kind: 'conference_invitation', organisationId: school, conferenceId: 'conf-1' }))
    assert.ok(
      !seen({ kind: 'conference_invitation', organisationId: police, conferenceId: 'conf-1' }),
      'not another agency’s invitation',
    )
    assert.ok(seen({ kind: 'conference_held', conferenceId: 'conf-1' }))
    assert.ok(
      !seen({ kind: 'conference_held', conferenceId: 'conf-2' }),
      'not a review conference it was not invited to',
    )
    assert.ok(seen({ kind: 'conference_report', organisationId: school, conferenceId: 'conf-1' }))
    assert.ok(
      !seen({ kind: 'conference_report', organisationId: police, conferenceId: 'conf-1' }),
      'not another agency’s report',
    )
    assert.ok(!seen({ kind: 'plan_started' }), 'the plan itself only through the core group')
  })

  it('an agency sees only the requests for information it answered', () => {
    assert.ok(mayViewProtectionEntry(answered, police, { kind: 'agency_information_requested', requestId: 'rfi-1' }))
    assert.ok(mayViewProtectionEntry(answered, police, { kind: 'agency_information_given', requestId: 'rfi-1' }))
    assert.ok(!mayViewProtectionEntry(answered, police, { kind: 'agency_information_requested', requestId: 'rfi-2' }))
  })

  it('no relationship short of holding the case shows the local authority’s own work', () => {
    const relationship = fc.record({
      holdsCase: fc.constant(false),
      madeReferral: fc.boolean(),
      invitedConferenceIds: fc.array(fc.constantFrom('conf-1', 'conf-2'), { maxLength: 2 }),
      coreGroupMember: fc.boolean(),
      answeredRequestIds: fc.array(fc.constantFrom('rfi-1', 'rfi-2'), { maxLength: 2 }),
    })
    const entry = fc.record({
      kind: fc.constantFrom(...laOnly),
      organisationId: fc.constantFrom(school, police, undefined),
      conferenceId: fc.constantFrom('conf-1', 'conf-2', undefined),
      requestId: fc.constantFrom('rfi-1', undefined),
    })
    fc.assert(fc.property(relationship, entry, (rel, e) => !mayViewProtectionEntry(rel, school, e)))
  })

  it('seeing an entry always rests on a relationship (nothing is visible by default)', () => {
    const entry = fc.record({
      kind: fc.constantFrom(...protectionEntryKinds),
      organisationId: fc.constantFrom(school, police, undefined),
      conferenceId: fc.constantFrom('conf-1', 'conf-2', undefined),
      requestId: fc.constantFrom('rfi-1', 'rfi-2', undefined),
    })
    fc.assert(fc.property(entry, (e) => !mayViewProtectionEntry(noRelationship, school, e)))
  })
})

describe('labels', () => {
  it('every kind has a label', () => {
    for (const k of protectionEntryKinds) assert.ok(protectionEntryLabels[k].length > 0)
  })
  it('outcomes read as the transition table says, unknown ones as words', () => {
    assert.equal(outcomeLabel('hold_initial_conference', 'child_protection_plan'), 'Child protection plan')
    assert.equal(outcomeLabel('made_up', 'some_outcome'), 'some outcome')
  })
  it('steps shown by their own records are real steps', () => {
    for (const s of stepsShownByTheirOwnRecords) assert.ok(episodeSteps.includes(s))
  })
})
