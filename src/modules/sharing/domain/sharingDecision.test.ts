import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { date } from '../../../platform/calendar/testing.js'
import { sharingMessages, validateSharingDecision, type SharingDecisionInput } from './sharingDecision.js'
import { decideSharing } from './policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'

const context = { today: date('2026-11-27'), section16LaInForce: false }
const gp = '6f1c2a8e-5b1d-4c1e-9a55-0b8e3c1d2e3f'

/** The journey's share: the school DSL shares a summary with the GP practice (public task; consent not needed). */
const share: SharingDecisionInput = {
  direction: 'proactive',
  decision: 'share',
  lawfulBasis: 'public_task',
  specialCategory: 'none',
  consent: 'not_needed_risk',
  told: 'no',
  toldReason: 'Telling mother’s partner could increase the risk to Maya',
  identitiesAtRisk: 'no',
  detriment: 'no',
  necessity: 'The GP sees Maya and her mother; they need to know about the bruising to look for signs',
  summary: 'Finger-shaped bruising to both upper arms seen on 23 November; referred to children’s social care.',
  recipientOrganisationId: gp,
  recipientPerson: 'Dr Asha Rahman',
  sharedOn: '2026-11-27',
}
const refusal: SharingDecisionInput = {
  direction: 'answering_request',
  decision: 'not_share',
  requestedBy: 'Northshire Youth Club',
  consent: 'not_sought',
  consentNotSoughtReason: 'Not sharing, so no consent was needed',
  recipientOrganisationId: gp,
  refusalReasons: 'The club has no safeguarding or support role for Maya (golden rule 6)',
}
const advice: SharingDecisionInput = {
  direction: 'proactive',
  decision: 'seek_advice',
  consent: 'not_needed_risk',
  recipientOrganisationId: gp,
  adviceFrom: 'Local authority designated officer',
  adviceSoughtOn: '2026-11-26',
}

describe('validating an information-sharing decision', () => {
  it('accepts a share with everything the golden rules ask for', () => {
    const r = validateSharingDecision(share, context)
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error))
    assert.equal(r.value.decision, 'share')
    assert.ok(r.value.decision === 'share' && r.value.told === false && r.value.toldReason?.startsWith('Telling'))
  })
  it('accepts a refusal with its reasons, and advice sought', () => {
    assert.ok(validateSharingDecision(refusal, context).ok)
    assert.ok(validateSharingDecision(advice, context).ok)
  })

  const refused: [why: string, input: SharingDecisionInput, field: string, message?: string][] = [
    ['a share without a lawful basis', { ...share, lawfulBasis: '' }, 'lawfulBasis', sharingMessages.lawfulBasis],
    ['a share with a made-up lawful basis', { ...share, lawfulBasis: 'because' }, 'lawfulBasis'],
    [
      'consent as the basis when consent was not given',
      { ...share, lawfulBasis: 'consent' },
      'lawfulBasis',
      sharingMessages.consentBasis,
    ],
    ['a share without a consent state', { ...share, consent: undefined }, 'consent', sharingMessages.consent],
    ['a refusal without a consent state', { ...refusal, consent: '' }, 'consent', sharingMessages.consent],
    ['consent not asked for, without why', { ...share, consent: 'not_sought' }, 'consentNotSoughtReason'],
    [
      'a refusal without reasons',
      { ...refusal, refusalReasons: '  ' },
      'refusalReasons',
      sharingMessages.refusalReasons,
    ],
    ['a refusal direction with a share decision', { ...share, direction: 'refusal' }, 'decision'],
    ['no direction', { ...share, direction: undefined }, 'direction'],
    ['no decision', { ...share, decision: 'maybe' }, 'decision'],
    ['answering a request without who asked', { ...share, direction: 'answering_request' }, 'requestedBy'],
    ['special category not answered', { ...share, specialCategory: undefined }, 'specialCategory'],
    [
      's16LA before it commences',
      { ...share, gateways: ['ca2004_s16la'] },
      'gateways',
      sharingMessages.gatewayNotInForce,
    ],
    ['a made-up gateway', { ...share, gateways: ['s999'] }, 'gateways'],
    ['not told, without why', { ...share, toldReason: '' }, 'toldReason'],
    ['identities at risk, without redactions', { ...share, identitiesAtRisk: 'yes' }, 'redactions'],
    ['the detriment test not answered', { ...share, detriment: undefined }, 'detriment'],
    ['a share more harmful than not sharing', { ...share, detriment: 'yes' }, 'decision'],
    ['no reason it is necessary', { ...share, necessity: '' }, 'necessity'],
    ['nothing chosen or written to share', { ...share, summary: '', entryIds: [] }, 'summary', sharingMessages.summary],
    ['no recipient organisation', { ...share, recipientOrganisationId: '' }, 'recipientOrganisationId'],
    ['no recipient person', { ...share, recipientPerson: '' }, 'recipientPerson'],
    ['shared in the future', { ...share, sharedOn: '2026-11-28' }, 'sharedOn', sharingMessages.sharedOnFuture],
    ['shared on no date', { ...share, sharedOn: '27/11/2026' }, 'sharedOn'],
    ['advice without from whom', { ...advice, adviceFrom: '' }, 'adviceFrom'],
    ['advice without when', { ...advice, adviceSoughtOn: undefined }, 'adviceSoughtOn'],
    ['a summary far too long', { ...share, summary: 'x'.repeat(10_001) }, 'summary', sharingMessages.tooLong],
  ]
  for (const [why, input, field, message] of refused) {
    it(`refuses ${why}, naming the field`, () => {
      const r = validateSharingDecision(input, context)
      assert.equal(r.ok, false)
      assert.ok(!r.ok && r.error.code === 'SHARING.INVALID')
      assert.ok(!r.ok && r.error.fields?.[field] !== undefined, `${field}: ${JSON.stringify(!r.ok && r.error.fields)}`)
      if (message !== undefined) assert.equal(!r.ok && r.error.fields?.[field], message)
    })
  }

  it('offers s16LA once the partnership records it as commenced', () => {
    const r = validateSharingDecision(
      { ...share, gateways: ['ca2004_s16la', 'ca2004_s11'] },
      { ...context, section16LaInForce: true },
    )
    assert.ok(r.ok && r.value.decision === 'share' && r.value.gateways.length === 2)
  })

  it('never throws and every refusal names a field, whatever is sent', () => {
    const s = fc.option(fc.string(), { nil: undefined })
    fc.assert(
      fc.property(
        fc.record({
          direction: s,
          decision: s,
          lawfulBasis: s,
          consent: s,
          told: s,
          summary: s,
          sharedOn: s,
          refusalReasons: s,
        }),
        (input) => {
          const r = validateSharingDecision(input, context)
          if (!r.ok) assert.ok(Object.keys(r.error.fields ?? {}).length > 0)
        },
      ),
    )
  })
})

describe('who may share, open a record with a reason, and see who has seen it', () => {
  const actor = (...roles: Role[]): Actor => ({ roles }) as unknown as Actor
  const table: [roles: Role[], action: Parameters<typeof decideSharing>[1], allowed: boolean][] = [
    [['dsl'], { kind: 'sharing.record', organisationInvolved: true }, true],
    [['dsl'], { kind: 'sharing.record', organisationInvolved: false }, false],
    [['staff'], { kind: 'sharing.record', organisationInvolved: true }, false],
    [['health_lead'], { kind: 'sharing.list', organisationInvolved: true }, true],
    [['org_admin'], { kind: 'sharing.list', organisationInvolved: true }, false],
    [['health_lead'], { kind: 'record.open_with_reason', organisationInvolved: false }, true],
    [['police_officer'], { kind: 'record.open_with_reason', organisationInvolved: false }, true],
    [['front_door'], { kind: 'record.open_with_reason', organisationInvolved: false }, true],
    [['health_lead'], { kind: 'record.open_with_reason', organisationInvolved: true }, false],
    [['staff'], { kind: 'record.open_with_reason', organisationInvolved: false }, false],
    [['social_worker'], { kind: 'record.open_with_reason', organisationInvolved: false }, false],
    [['dsl'], { kind: 'record.view_access', organisationInvolved: true, organisationIsLocalAuthority: false }, true],
    [
      ['team_manager'],
      { kind: 'record.view_access', organisationInvolved: true, organisationIsLocalAuthority: true },
      true,
    ],
    [
      ['front_door'],
      { kind: 'record.view_access', organisationInvolved: true, organisationIsLocalAuthority: true },
      true,
    ],
    [
      ['health_lead'],
      { kind: 'record.view_access', organisationInvolved: true, organisationIsLocalAuthority: false },
      false,
    ],
    [['dsl'], { kind: 'record.view_access', organisationInvolved: false, organisationIsLocalAuthority: false }, false],
  ]
  for (const [roles, action, allowed] of table) {
    it(`${roles.join(', ')} ${allowed ? 'may' : 'may not'} ${action.kind}${'organisationInvolved' in action && !action.organisationInvolved ? ' (not involved)' : ''}`, () => {
      const d = decideSharing(actor(...roles), action)
      assert.equal(d.allowed, allowed)
      assert.ok(d.reason.length > 0)
    })
  }
})
