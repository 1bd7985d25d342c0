import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { localDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { organisationKinds, type OrganisationKind } from '../../../platform/identity/organisations.js'
import { isReferralSource } from '../../protection/domain/codes.js'
import {
  childDetailsName,
  consentMessages,
  decisionMessages,
  defaultReferralSource,
  frontDoorOutcomes,
  publicMessages,
  publicReferralSource,
  publicReferrerKinds,
  referralDetailFields,
  validateAnswer,
  validateChildDetails,
  validateConsent,
  validateFrontDoorDecision,
  validateProfessionalReferral,
  validatePublicReferral,
  validateQuestion,
} from './referral.js'

const day = (y: number, m: number, d: number): LocalDate => {
  const r = localDate(y, m, d)
  if (!r.ok) throw new Error('bad date')
  return r.value
}
const today = day(2026, 11, 23)
const now = Date.parse('2026-11-23T10:00:00Z')

describe('the census source of a referral from an organisation', () => {
  const la = { organisationId: 'la', localAreaId: 'north' }
  const from = (kind: OrganisationKind, organisationId = 'org', localAreaId = 'north') =>
    defaultReferralSource({ kind, organisationId, localAreaId }, la)

  it('maps each kind of organisation to its CIN census code', () => {
    const expected: Record<OrganisationKind, string> = {
      school: '2A',
      college: '2B',
      early_years: '8',
      gp_practice: '3A',
      nhs_trust: '3F',
      icb: '3F',
      police_force: '6',
      la_childrens_social_care: '5B',
      probation: '7',
      youth_justice: '7',
      voluntary_charity: '8',
      faith_group: '8',
      sports_youth_club: '8',
    }
    for (const kind of organisationKinds) assert.equal(from(kind), expected[kind], kind)
  })

  it('tells the receiving social care, another department of the same authority and another authority apart', () => {
    assert.equal(from('la_childrens_social_care', 'la', 'north'), '5A')
    assert.equal(from('la_childrens_social_care', 'other-department', 'north'), '5B')
    assert.equal(from('la_childrens_social_care', 'neighbouring-la', 'south'), '5C')
  })

  it('always gives a real census code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...organisationKinds), fc.boolean(), fc.boolean(), (kind, sameOrg, sameArea) => {
        const code = defaultReferralSource(
          { kind, organisationId: sameOrg ? 'la' : 'x', localAreaId: sameArea ? 'north' : 'south' },
          la,
        )
        return isReferralSource(code)
      }),
    )
  })

  it('codes the public by who they say they are: family 1A, acquaintance 1B, self 1C, other 1D, anonymous 9', () => {
    assert.deepEqual(
      publicReferrerKinds.map((k) => [k.id, publicReferralSource(k.id)]),
      [
        ['family', '1A'],
        ['acquaintance', '1B'],
        ['self', '1C'],
        ['other', '1D'],
        ['anonymous', '9'],
      ],
    )
    assert.equal(publicReferralSource('made_up'), undefined)
  })
})

describe('parents’ knowledge and consent', () => {
  it('records whether they know and whether they agreed', () => {
    const r = validateConsent({ parentsAware: 'yes', parentalConsent: 'given', parentsViews: 'Mum wants help' })
    assert.ok(r.ok)
    assert.deepEqual(r.value, { parentsAware: true, parentalConsent: 'given', parentsViews: 'Mum wants help' })
  })

  it('needs the reason when consent was not sought, and keeps it verbatim', () => {
    const missing = validateConsent({ parentsAware: 'no', parentalConsent: 'not_sought', consentNotSoughtReason: '  ' })
    assert.ok(!missing.ok)
    assert.deepEqual(missing.error.fields, { consentNotSoughtReason: consentMessages.reasonMissing })
    const given = validateConsent({
      parentsAware: 'no',
      parentalConsent: 'not_sought',
      consentNotSoughtReason: 'Asking would put the child at risk: alleged abuser is the father',
    })
    assert.ok(given.ok)
    assert.equal(given.value.consentNotSoughtReason, 'Asking would put the child at risk: alleged abuser is the father')
  })

  it('ignores a reason when consent was sought', () => {
    const r = validateConsent({ parentsAware: 'yes', parentalConsent: 'refused', consentNotSoughtReason: 'left over' })
    assert.ok(r.ok)
    assert.equal(r.value.consentNotSoughtReason, undefined)
  })

  it('reports every missing answer at once', () => {
    const r = validateConsent({})
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}), ['parentsAware', 'parentalConsent'])
  })
})

describe('a professional’s referral', () => {
  const good = {
    immediateDanger: false,
    details: {
      concern: 'Bruise on the forearm; says Dad grabbed her',
      childLocation: 'At school until 3:15pm, calm',
      household: 'Mum, Dad, brother (4)',
    },
    parentalFactors: ['domestic_abuse'],
    consent: { parentsAware: 'yes', parentalConsent: 'given' },
    referrerRelationship: 'Class teacher',
  }

  it('keeps the answered fields verbatim and defaults the census source', () => {
    const r = validateProfessionalReferral(good, '2A')
    assert.ok(r.ok)
    assert.equal(r.value.sourceCode, '2A')
    assert.deepEqual(r.value.details, {
      concern: good.details.concern,
      childLocation: good.details.childLocation,
      household: good.details.household,
      parentalFactors: ['domestic_abuse'],
    })
  })

  it('lets the referrer choose another census source, but only a real one', () => {
    const chosen = validateProfessionalReferral({ ...good, sourceCode: '3C' }, '3F')
    assert.ok(chosen.ok)
    assert.equal(chosen.value.sourceCode, '3C')
    const wrong = validateProfessionalReferral({ ...good, sourceCode: '99' }, '3F')
    assert.ok(!wrong.ok)
    assert.ok(wrong.error.fields?.sourceCode)
  })

  it('needs the concern, where the child is, the immediate danger answer and consent', () => {
    const r = validateProfessionalReferral(
      { details: {}, parentalFactors: ['nonsense'], consent: { parentsAware: 'no', parentalConsent: 'not_sought' } },
      '2A',
    )
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}).sort(), [
      'childLocation',
      'concern',
      'consentNotSoughtReason',
      'immediateDanger',
      'parentalFactors',
    ])
  })

  it('names every referral content field of domain.md section 3 once', () => {
    const names = referralDetailFields.map((f) => f.name)
    assert.equal(new Set(names).size, names.length)
    for (const needed of [
      'concern',
      'childLocation',
      'addresses',
      'parentalResponsibility',
      'household',
      'ethnicity',
      'language',
      'religion',
      'communicationNeeds',
      'disabilities',
      'history',
      'allegedPerpetrator',
      'existingAssessments',
      'developmentalNeeds',
      'parentalCapacity',
    ]) {
      assert.ok(names.includes(needed), needed)
    }
  })

  it('refuses text no keyboard makes, and text over the limit', () => {
    const r = validateProfessionalReferral(
      { ...good, details: { ...good.details, concern: 'a\u0007b', history: 'x'.repeat(5_001) } },
      '2A',
    )
    assert.ok(!r.ok)
    assert.match(r.error.fields?.concern ?? '', /control characters/)
    assert.match(r.error.fields?.history ?? '', /5,000 characters or fewer/)
  })
})

describe('the child’s details when there is no record', () => {
  it('needs a professional to name the child', () => {
    const r = validateChildDetails({ givenName: '', familyName: ' ' }, today, 'professional')
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}), ['childGivenName', 'childFamilyName'])
  })

  it('lets the public describe a child whose name they do not know', () => {
    assert.ok(!validateChildDetails({}, today, 'public').ok)
    const r = validateChildDetails(
      { description: 'Girl of about 6 at number 14, often outside late at night', age: 'about 6' },
      today,
      'public',
    )
    assert.ok(r.ok)
    assert.equal(childDetailsName(r.value), 'Name not known')
    assert.equal(r.value.age, 'about 6')
  })

  it('refuses a date of birth in the future or of an adult', () => {
    const future = validateChildDetails(
      { givenName: 'A', familyName: 'B', dateOfBirth: day(2026, 11, 24) },
      today,
      'professional',
    )
    assert.ok(!future.ok)
    const adult = validateChildDetails(
      { givenName: 'A', familyName: 'B', dateOfBirth: day(2008, 11, 23) },
      today,
      'professional',
    )
    assert.ok(!adult.ok)
    const child = validateChildDetails(
      { givenName: 'A', familyName: 'B', dateOfBirth: day(2008, 11, 24) },
      today,
      'professional',
    )
    assert.ok(child.ok)
    assert.equal(child.value.dateOfBirth, '2008-11-24')
  })
})

describe('a report from a member of the public', () => {
  const report = {
    referrerKind: 'acquaintance',
    immediateDanger: false,
    child: { givenName: 'Sam' },
    concern: 'Shouting and crying every night',
    parentsAware: 'not_sure',
    referrerEmail: 'me@example.com',
    referrerName: 'Alex',
  }

  it('codes the source from who they are and keeps contact details', () => {
    const r = validatePublicReferral(report, today)
    assert.ok(r.ok)
    assert.equal(r.value.sourceCode, '1B')
    assert.equal(r.value.parentsAware, null)
    assert.equal(r.value.referrerEmail, 'me@example.com')
    assert.equal(r.value.referrerName, 'Alex')
  })

  it('keeps no name for an anonymous report', () => {
    const r = validatePublicReferral({ ...report, referrerKind: 'anonymous' }, today)
    assert.ok(r.ok)
    assert.equal(r.value.sourceCode, '9')
    assert.equal(r.value.referrerName, '')
  })

  it('refuses a bad email and missing answers', () => {
    const r = validatePublicReferral({ child: {}, concern: ' ', referrerEmail: 'not an email' }, today)
    assert.ok(!r.ok)
    assert.deepEqual(Object.keys(r.error.fields ?? {}).sort(), [
      'childGivenName',
      'concern',
      'immediateDanger',
      'parentsAware',
      'referrerEmail',
      'referrerKind',
    ])
    assert.equal(r.error.fields?.referrerEmail, publicMessages.emailInvalid)
  })

  it('refuses an email address with characters no keyboard makes', () => {
    const r = validatePublicReferral({ ...report, referrerEmail: 'me\uD800@example.com' }, today)
    assert.ok(!r.ok)
    assert.equal(r.error.fields?.referrerEmail, publicMessages.emailInvalid)
  })

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.option(fc.boolean(), { nil: undefined }),
        (kind, concern, email, danger) => {
          const r = validatePublicReferral(
            {
              referrerKind: kind,
              concern,
              referrerEmail: email,
              immediateDanger: danger,
              child: { givenName: concern },
              parentsAware: 'yes',
            },
            today,
          )
          return typeof r.ok === 'boolean'
        },
      ),
    )
  })
})

describe('requests for information', () => {
  it('need a question and an answer within their limits', () => {
    assert.ok(validateQuestion('Any police history at 14 Elm Road?').ok)
    assert.ok(!validateQuestion('   ').ok)
    assert.ok(!validateQuestion('x'.repeat(2_001)).ok)
    assert.ok(validateAnswer('Two call-outs for domestic incidents in 2026').ok)
    assert.ok(!validateAnswer('').ok)
  })
})

describe('the front door’s decision', () => {
  const decide = (input: Parameters<typeof validateFrontDoorDecision>[0]) =>
    validateFrontDoorDecision(input, now, today)

  it('offers exactly the decide_referral outcomes of the episode table', () => {
    assert.deepEqual(
      frontDoorOutcomes.map((t) => t.outcome),
      ['no_further_action', 'early_help', 'assessment', 'strategy_discussion', 'immediate_protection'],
    )
  })

  it('needs reasons for every decision', () => {
    const r = decide({ outcome: 'strategy_discussion', rationale: '' })
    assert.ok(!r.ok)
    assert.deepEqual(r.error.fields, { rationale: decisionMessages.rationaleMissing })
    const fine = decide({ outcome: 'strategy_discussion', rationale: 'Reasonable cause to suspect significant harm' })
    assert.ok(fine.ok)
    assert.equal(fine.value.signposting, undefined)
  })

  it('needs signposting for no further action', () => {
    const r = decide({ outcome: 'no_further_action', rationale: 'Below threshold' })
    assert.ok(!r.ok)
    assert.deepEqual(r.error.fields, { signposting: decisionMessages.signpostingMissing })
    const fine = decide({
      outcome: 'no_further_action',
      rationale: 'Below threshold',
      signposting: 'Parenting course at the family hub',
    })
    assert.ok(fine.ok)
    assert.equal(fine.value.signposting, 'Parenting course at the family hub')
  })

  it('records which immediate protection: police protection with time and reference', () => {
    const missing = decide({ outcome: 'immediate_protection', rationale: 'Child found alone' })
    assert.ok(!missing.ok)
    assert.deepEqual(missing.error.fields, { protectionKind: decisionMessages.protectionKindMissing })
    const partial = decide({
      outcome: 'immediate_protection',
      rationale: 'Child found alone',
      protectionKind: 'police_protection',
      policeProtectionAtMs: now + 60_000,
    })
    assert.ok(!partial.ok)
    assert.deepEqual(partial.error.fields, {
      policeProtectionAt: decisionMessages.policeProtectionAtFuture,
      policeReference: decisionMessages.policeReferenceMissing,
    })
    const fine = decide({
      outcome: 'immediate_protection',
      rationale: 'Child found alone',
      protectionKind: 'police_protection',
      policeProtectionAtMs: now - 3_600_000,
      policeReference: 'NP-2026-1',
    })
    assert.ok(fine.ok)
    assert.deepEqual(fine.value.immediateProtection, {
      kind: 'police_protection',
      atMs: Date.parse('2026-11-23T09:00:00Z'),
      policeReference: 'NP-2026-1',
    })
  })

  it('records which immediate protection: an emergency protection order with the day it was made', () => {
    const future = decide({
      outcome: 'immediate_protection',
      rationale: 'r',
      protectionKind: 'emergency_protection_order',
      orderMadeOn: day(2026, 11, 24),
    })
    assert.ok(!future.ok)
    assert.deepEqual(future.error.fields, { orderMadeOn: decisionMessages.orderMadeOnFuture })
    const fine = decide({
      outcome: 'immediate_protection',
      rationale: 'r',
      protectionKind: 'emergency_protection_order',
      orderMadeOn: today,
    })
    assert.ok(fine.ok)
    assert.deepEqual(fine.value.immediateProtection, { kind: 'emergency_protection_order', orderMadeOn: '2026-11-23' })
    assert.deepEqual(fine.value.orderMadeOn, today)
  })

  it('ignores immediate protection fields for other decisions', () => {
    const r = decide({ outcome: 'assessment', rationale: 'Child in need', protectionKind: 'police_protection' })
    assert.ok(r.ok)
    assert.equal(r.value.immediateProtection, undefined)
  })

  it('refuses an unknown decision', () => {
    const r = decide({ outcome: 'send_to_court', rationale: 'r' })
    assert.ok(!r.ok)
    assert.deepEqual(r.error.fields, { outcome: decisionMessages.outcomeMissing })
  })
})
