import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date } from '../../../platform/calendar/testing.js'
import { organisationKinds, type OrganisationKind } from '../../../platform/identity/organisations.js'
import type { DomainError, Result } from '../../../platform/shared/result.js'
import { isReferralSource } from '../../protection/domain/codes.js'
import {
  childDetailsMessages,
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

const today = date('2026-11-23')
const now = Date.parse('2026-11-23T10:00:00Z')

type Checked<T> = Result<T, DomainError<string>>
/** What a check accepted; the test fails, naming the fields, when it refused. */
function accepted<T>(r: Checked<T>): T {
  if (!r.ok) assert.fail(`refused: ${JSON.stringify(r.error.fields)}`)
  return r.value
}
/** A refusal's messages by field; the test fails when the check accepted. */
function refused(r: Checked<unknown>): Readonly<Record<string, string>> {
  if (r.ok) assert.fail('accepted')
  return r.error.fields ?? {}
}

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
      british_transport_police: '6',
      prison: '7',
      secure_training_centre: '7',
      district_council: '8',
      housing: '4',
      independent_sector: '8',
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
    assert.deepEqual(
      accepted(validateConsent({ parentsAware: 'yes', parentalConsent: 'given', parentsViews: 'Mum wants help' })),
      { parentsAware: true, parentalConsent: 'given', parentsViews: 'Mum wants help' },
    )
  })

  it('needs the reason when consent was not sought, and keeps it verbatim', () => {
    const notSought = (consentNotSoughtReason: string) =>
      validateConsent({ parentsAware: 'no', parentalConsent: 'not_sought', consentNotSoughtReason })
    assert.deepEqual(refused(notSought('  ')), { consentNotSoughtReason: consentMessages.reasonMissing })
    const reason = 'Asking would put the child at risk: alleged abuser is the father'
    assert.equal(accepted(notSought(reason)).consentNotSoughtReason, reason)
  })

  it('ignores a reason when consent was sought', () => {
    const r = validateConsent({ parentsAware: 'yes', parentalConsent: 'refused', consentNotSoughtReason: 'left over' })
    assert.equal(accepted(r).consentNotSoughtReason, undefined)
  })

  it('reports every missing answer at once', () => {
    assert.deepEqual(Object.keys(refused(validateConsent({}))), ['parentsAware', 'parentalConsent'])
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
    const r = accepted(validateProfessionalReferral(good, '2A'))
    assert.equal(r.sourceCode, '2A')
    assert.deepEqual(r.details, {
      concern: good.details.concern,
      childLocation: good.details.childLocation,
      household: good.details.household,
      parentalFactors: ['domestic_abuse'],
    })
  })

  it('lets the referrer choose another census source, but only a real one', () => {
    assert.equal(accepted(validateProfessionalReferral({ ...good, sourceCode: '3C' }, '3F')).sourceCode, '3C')
    assert.ok(refused(validateProfessionalReferral({ ...good, sourceCode: '99' }, '3F')).sourceCode)
  })

  it('needs the concern, where the child is, the immediate danger answer and consent', () => {
    const r = validateProfessionalReferral(
      { details: {}, parentalFactors: ['nonsense'], consent: { parentsAware: 'no', parentalConsent: 'not_sought' } },
      '2A',
    )
    assert.deepEqual(Object.keys(refused(r)).sort(), [
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
    const fields = refused(
      validateProfessionalReferral(
        { ...good, details: { ...good.details, concern: 'a\u0007b', history: 'x'.repeat(5_001) } },
        '2A',
      ),
    )
    assert.match(fields.concern ?? '', /control characters/)
    assert.match(fields.history ?? '', /5,000 characters or fewer/)
  })
})

describe('the child’s details when there is no record', () => {
  it('needs a professional to name the child', () => {
    const r = validateChildDetails({ givenName: '', familyName: ' ' }, today, 'professional')
    assert.deepEqual(Object.keys(refused(r)), ['childGivenName', 'childFamilyName'])
  })

  it('lets the public describe a child whose name they do not know', () => {
    refused(validateChildDetails({}, today, 'public'))
    const r = accepted(
      validateChildDetails(
        { description: 'Girl of about 6 at number 14, often outside late at night', age: 'about 6' },
        today,
        'public',
      ),
    )
    assert.equal(childDetailsName(r), 'Name not known')
    assert.equal(r.age, 'about 6')
  })

  it('refuses a date of birth in the future or of an adult', () => {
    const born = (iso: string) =>
      validateChildDetails({ givenName: 'A', familyName: 'B', dateOfBirth: date(iso) }, today, 'professional')
    assert.deepEqual(refused(born('2026-11-24')), { childDateOfBirth: childDetailsMessages.dateOfBirthInFuture })
    assert.deepEqual(refused(born('2008-11-23')), { childDateOfBirth: childDetailsMessages.notUnder18 })
    assert.equal(accepted(born('2008-11-24')).dateOfBirth, '2008-11-24')
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
    const r = accepted(validatePublicReferral(report, today))
    assert.equal(r.sourceCode, '1B')
    assert.equal(r.parentsAware, null)
    assert.equal(r.referrerEmail, 'me@example.com')
    assert.equal(r.referrerName, 'Alex')
  })

  it('keeps no name for an anonymous report', () => {
    const r = accepted(validatePublicReferral({ ...report, referrerKind: 'anonymous' }, today))
    assert.equal(r.sourceCode, '9')
    assert.equal(r.referrerName, '')
  })

  it('refuses a bad email and missing answers', () => {
    const fields = refused(validatePublicReferral({ child: {}, concern: ' ', referrerEmail: 'not an email' }, today))
    assert.deepEqual(Object.keys(fields).sort(), [
      'childGivenName',
      'concern',
      'immediateDanger',
      'parentsAware',
      'referrerEmail',
      'referrerKind',
    ])
    assert.equal(fields.referrerEmail, publicMessages.emailInvalid)
  })

  it('refuses an email address with characters no keyboard makes', () => {
    const r = validatePublicReferral({ ...report, referrerEmail: 'me\uD800@example.com' }, today)
    assert.equal(refused(r).referrerEmail, publicMessages.emailInvalid)
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
    assert.deepEqual(refused(decide({ outcome: 'strategy_discussion', rationale: '' })), {
      rationale: decisionMessages.rationaleMissing,
    })
    const fine = decide({ outcome: 'strategy_discussion', rationale: 'Reasonable cause to suspect significant harm' })
    assert.equal(accepted(fine).signposting, undefined)
  })

  it('needs signposting for no further action', () => {
    const nfa = (signposting?: string) =>
      decide({ outcome: 'no_further_action', rationale: 'Below threshold', signposting })
    assert.deepEqual(refused(nfa()), { signposting: decisionMessages.signpostingMissing })
    assert.equal(accepted(nfa('Parenting course at the family hub')).signposting, 'Parenting course at the family hub')
  })

  it('records which immediate protection: police protection with time and reference', () => {
    const protect = (more: Omit<Parameters<typeof decide>[0], 'outcome' | 'rationale'>) =>
      decide({ outcome: 'immediate_protection', rationale: 'Child found alone', ...more })
    assert.deepEqual(refused(protect({})), { protectionKind: decisionMessages.protectionKindMissing })
    assert.deepEqual(refused(protect({ protectionKind: 'police_protection', policeProtectionAtMs: now + 60_000 })), {
      policeProtectionAt: decisionMessages.policeProtectionAtFuture,
      policeReference: decisionMessages.policeReferenceMissing,
    })
    const fine = protect({
      protectionKind: 'police_protection',
      policeProtectionAtMs: now - 3_600_000,
      policeReference: 'NP-2026-1',
    })
    assert.deepEqual(accepted(fine).immediateProtection, {
      kind: 'police_protection',
      atMs: Date.parse('2026-11-23T09:00:00Z'),
      policeReference: 'NP-2026-1',
    })
  })

  it('records which immediate protection: an emergency protection order with the day it was made', () => {
    const order = (orderMadeOn: LocalDate) =>
      decide({
        outcome: 'immediate_protection',
        rationale: 'r',
        protectionKind: 'emergency_protection_order',
        orderMadeOn,
      })
    assert.deepEqual(refused(order(date('2026-11-24'))), { orderMadeOn: decisionMessages.orderMadeOnFuture })
    const fine = accepted(order(today))
    assert.deepEqual(fine.immediateProtection, { kind: 'emergency_protection_order', orderMadeOn: '2026-11-23' })
    assert.deepEqual(fine.orderMadeOn, today)
  })

  it('ignores immediate protection fields for other decisions', () => {
    const r = decide({ outcome: 'assessment', rationale: 'Child in need', protectionKind: 'police_protection' })
    assert.equal(accepted(r).immediateProtection, undefined)
  })

  it('refuses an unknown decision', () => {
    assert.deepEqual(refused(decide({ outcome: 'send_to_court', rationale: 'r' })), {
      outcome: decisionMessages.outcomeMissing,
    })
  })
})
