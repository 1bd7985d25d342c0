/**
 * Referrals through the JSON API: a professional's referral, the front door's queue, acknowledgement, requests
 * for information answered by the police, linking a public report to a child record, and the decision that
 * opens the episode. Bad input, foreign ids and double decisions are refused with nothing written.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { ApiClient, auditActions, buildTestApp, DEMO, type TestContext } from '../support/testApp.js'
import { sendPublicReportFromCode } from '../support/publicReport.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

const FRONT_DOOR = 'front.door@northshire-council.example'
const TEAM_MANAGER = 'team.manager@northshire-council.example'
const POLICE = 'dc.officer@northshire-police.example'
const OTHER_DSL = 'dsl@riverside-academy.example'

const count = async (
  table:
    | 'referral'
    | 'episode'
    | 'episode_step'
    | 'information_request'
    | 'information_response'
    | 'notification_outbox'
    | 'deadline',
) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const userId = async (email: string) =>
  (await ctx.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
const orgId = async (name: string) =>
  (await ctx.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
const mailTo = async (recipient: string, relatedId: string) =>
  ctx.db
    .selectFrom('notification_outbox')
    .select(['subject', 'body', 'kind'])
    .where('recipient', '=', recipient)
    .where('related_id', '=', relatedId)
    .orderBy('created_at')
    .execute()
/** Moves the clock; bearer tokens last an hour, so everyone signs in again. */
const setClock = (iso: string) => {
  ctx.clock.set(new Date(iso))
  client = new ApiClient(ctx)
}
const fieldsOf = (body: string) => (JSON.parse(body) as { errors: { field: string }[] }).errors.map((e) => e.field)

let childId: string
let referralId: string
let reference: string

const referral = (overrides: object = {}) => ({
  childId,
  immediateDanger: false,
  details: {
    concern: 'Ella has come to school hungry every day this week and says there is no food at home. <b>not bold</b>',
    childLocation: 'At school until 3:15pm',
    household: 'Mum and two younger brothers',
  },
  parentalFactors: ['mental_health'],
  parentsAware: 'yes',
  parentalConsent: 'given',
  parentsViews: 'Mum says she is struggling and wants help',
  referrerRelationship: 'Class teacher',
  ...overrides,
})

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  setClock('2026-11-23T10:00:00Z')
  const c = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Ella',
    familyName: 'Hughes',
    dateOfBirth: '2018-04-09',
    sex: 'female',
  })
  childId = (c.json() as { id: string }).id
})
after(async () => ctx.close())

describe('a professional’s referral', () => {
  test('a teacher refers a child the school knows; the front door is emailed and the one working day clock starts', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral())
    assert.equal(res.statusCode, 201, res.body)
    ;({ id: referralId, reference } = res.json() as { id: string; reference: string })
    assert.match(reference, /^R-2026-\d{6}$/)
    const row = await ctx.db.selectFrom('referral').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow()
    assert.equal(row.channel, 'professional')
    assert.equal(row.source_code, '2A', 'a school is 2A by default')
    assert.equal(row.child_id, childId)
    assert.equal(row.parents_aware, true)
    assert.equal(row.parental_consent, 'given')
    assert.equal(row.immediate_danger, false)
    assert.equal((row.details as { concern: string }).concern, referral().details.concern, 'stored verbatim')
    assert.deepEqual((row.details as { parentalFactors: string[] }).parentalFactors, ['mental_health'])
    assert.equal(row.to_organisation_id, await orgId("Northshire Council children's social care"))
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on', 'child_id'])
      .where('subject_type', '=', 'referral')
      .where('subject_id', '=', referralId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(clock, { rule_id: 'referral-decision', due_on: '2026-11-24', child_id: childId })
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('related_id', '=', referralId)
      .execute()
    assert.deepEqual(
      mail.map((m) => m.recipient),
      [FRONT_DOOR],
    )
    assert.equal(mail[0]?.subject, `New referral ${reference}`)
    assert.doesNotMatch(mail[0]?.body ?? '', /Ella|Hughes/, 'no child’s name in email')
    const audited = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'reason', 'details'])
      .where('action', '=', 'referral.made')
      .where('subject_id', '=', referralId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(audited, {
      subject_type: 'referral',
      subject_id: referralId,
      reason: 'anyone who works with children may make a referral',
      details: {
        step: 'makeReferral',
        childId,
        toOrganisationId: row.to_organisation_id,
        channel: 'professional',
        sourceCode: '2A',
        immediateDanger: false,
      },
    })
  })

  test('the census source defaults from the organisation, and can be chosen (a school nurse is 3C)', async () => {
    setClock('2026-11-23T10:05:00Z')
    const nurse = 'school.nurse@northshire-nhs.example'
    const child = await api(nurse, 'POST', '/api/v1/children', {
      givenName: 'Omar',
      familyName: 'Said',
      dateOfBirth: '2015-01-20',
      sex: 'male',
    })
    const omar = (child.json() as { id: string }).id
    const byDefault = await api(nurse, 'POST', '/api/v1/referrals', referral({ childId: omar }))
    assert.equal(byDefault.statusCode, 201, byDefault.body)
    const chosen = await api(nurse, 'POST', '/api/v1/referrals', referral({ childId: omar, sourceCode: '3C' }))
    assert.equal(chosen.statusCode, 201, chosen.body)
    const codes = await ctx.db
      .selectFrom('referral')
      .select('source_code')
      .where('child_id', '=', omar)
      .orderBy('received_at')
      .orderBy('reference')
      .execute()
    assert.deepEqual(
      codes.map((c) => c.source_code),
      ['3F', '3C'],
    )
  })

  test('a child the organisation has no record of is described, and waits for the front door to link a record', async () => {
    const unnamed = await api(
      'coach@northshire-youth-fc.example',
      'POST',
      '/api/v1/referrals',
      referral({ childId: undefined, child: { givenName: '', familyName: '' } }),
    )
    assert.equal(unnamed.statusCode, 400)
    assert.deepEqual(fieldsOf(unnamed.body).sort(), ['childFamilyName', 'childGivenName'])
    const res = await api(
      'coach@northshire-youth-fc.example',
      'POST',
      '/api/v1/referrals',
      referral({ childId: undefined, child: { givenName: 'Jack', familyName: 'Doyle', address: '3 Mill Lane' } }),
    )
    assert.equal(res.statusCode, 201, res.body)
    const row = await ctx.db
      .selectFrom('referral')
      .select(['child_id', 'child_details', 'source_code'])
      .where('id', '=', (res.json() as { id: string }).id)
      .executeTakeFirstOrThrow()
    assert.equal(row.child_id, null)
    assert.equal(row.source_code, '8', 'a sports club is 8')
    assert.deepEqual(row.child_details, { givenName: 'Jack', familyName: 'Doyle', address: '3 Mill Lane' })
  })

  test('bad input gets field errors and writes nothing', async () => {
    const before = await count('referral')
    const cases: [object, string][] = [
      [referral({ immediateDanger: undefined }), 'immediateDanger'],
      [referral({ details: { childLocation: 'school' } }), 'concern'],
      [referral({ details: { concern: 'x' } }), 'childLocation'],
      [referral({ parentsAware: undefined }), 'parentsAware'],
      [referral({ parentalConsent: 'maybe' }), 'parentalConsent'],
      [referral({ parentalConsent: 'not_sought' }), 'consentNotSoughtReason'],
      [referral({ parentalConsent: 'not_sought', consentNotSoughtReason: '   ' }), 'consentNotSoughtReason'],
      [referral({ sourceCode: '11' }), 'sourceCode'],
      [referral({ parentalFactors: ['gambling'] }), 'parentalFactors'],
      [referral({ details: { concern: 'x'.repeat(10_001), childLocation: 'y' } }), 'concern'],
      [referral({ details: { concern: 'x', childLocation: 'y', madeUp: 'z' } }), 'details'],
      [referral({ child: { dateOfBirth: '2026-02-30' }, childId: undefined }), 'child.dateOfBirth'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/referrals', payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(fieldsOf(res.body).includes(field), `${field}: ${res.body}`)
    }
    assert.equal(await count('referral'), before)
  })

  test('naming a child the organisation cannot see is “not found”, audited, and writes nothing', async () => {
    const before = await count('referral')
    for (const id of [childId, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await api(OTHER_DSL, 'POST', '/api/v1/referrals', referral({ childId: id }))
      assert.equal(res.statusCode, 404, id)
      assert.doesNotMatch(res.body, /Ella|Hughes/)
    }
    assert.equal(await count('referral'), before)
    // Refused on the child's own trail, with the reason.
    const refused = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'reason'])
      .where('action', '=', 'referral.make_denied')
      .where('subject_id', '=', childId)
      .execute()
    assert.deepEqual(refused, [
      {
        subject_type: 'child',
        subject_id: childId,
        reason: 'the child is unknown or not visible to your organisation',
      },
    ])
  })
})

describe('the front door’s queue', () => {
  let urgentId: string

  test('immediate danger first, then oldest first, each with its decision clock', async () => {
    setClock('2026-11-23T10:30:00Z')
    const urgent = await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral({ immediateDanger: true }))
    assert.equal(urgent.statusCode, 201, urgent.body)
    urgentId = (urgent.json() as { id: string }).id
    const urgentMail = await mailTo(FRONT_DOOR, urgentId)
    assert.match(urgentMail[0]?.subject ?? '', /^URGENT: New referral R-/)
    const res = await api(FRONT_DOOR, 'GET', '/api/v1/front-door')
    assert.equal(res.statusCode, 200, res.body)
    const view = res.json() as {
      items: {
        id: string
        immediateDanger: boolean
        receivedAt: string
        tag: { text: string }
        childName: string
        childLinked: boolean
      }[]
      counts: { open: number; immediateDanger: number; notAcknowledged: number }
      total: number
    }
    assert.equal(view.items[0]?.id, urgentId)
    assert.equal(view.items[1]?.id, referralId, 'then the oldest')
    const times = view.items.filter((i) => !i.immediateDanger).map((i) => Date.parse(i.receivedAt))
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    )
    assert.equal(view.items[1]?.tag.text, 'Due soon')
    assert.equal(view.counts.immediateDanger, 1)
    assert.equal(view.counts.open, view.total)
    assert.ok(view.items.some((i) => i.childName === 'Jack Doyle' && !i.childLinked))
  })

  test('filters: urgent only, channel, not yet acknowledged, overdue', async () => {
    const urgentOnly = (await api(FRONT_DOOR, 'GET', '/api/v1/front-door?urgent=true')).json() as {
      items: { id: string }[]
    }
    assert.deepEqual(
      urgentOnly.items.map((i) => i.id),
      [urgentId],
    )
    const professional = (await api(FRONT_DOOR, 'GET', '/api/v1/front-door?channel=public')).json() as { total: number }
    assert.equal(professional.total, 0)
    setClock('2026-11-25T10:00:00Z')
    const overdue = (await api(FRONT_DOOR, 'GET', '/api/v1/front-door?due=overdue')).json() as {
      items: { tag: { text: string } }[]
      total: number
    }
    assert.ok(overdue.total >= 2)
    assert.ok(overdue.items.every((i) => i.tag.text === 'Overdue'))
    const bad = await api(FRONT_DOOR, 'GET', '/api/v1/front-door?due=yesterday&page=0')
    assert.equal(bad.statusCode, 400)
    setClock('2026-11-23T10:40:00Z')
  })

  test('only the local authority’s front door, managers and social workers see the queue', async () => {
    assert.equal((await api('social.worker@northshire-council.example', 'GET', '/api/v1/front-door')).statusCode, 200)
    assert.equal((await api(TEAM_MANAGER, 'GET', '/api/v1/front-door')).statusCode, 200)
    for (const email of [DEMO.teacher, DEMO.dsl, POLICE, 'partnership.lead@northshire-council.example']) {
      assert.equal((await api(email, 'GET', '/api/v1/front-door')).statusCode, 403, email)
    }
    assert.ok((await auditActions(ctx.db)).includes('front_door.viewed'))
  })
})

describe('one referral', () => {
  test('the front door sees everything received; the referrer sees their own; anyone else gets 404, audited', async () => {
    const fd = await api(FRONT_DOOR, 'GET', `/api/v1/referrals/${referralId}`)
    assert.equal(fd.statusCode, 200, fd.body)
    const view = fd.json() as {
      details: { concern: string }
      child: { id: string }
      parentsViews?: string
      informationRequests: unknown[]
      frontDoor: boolean
      mayDecide: boolean
    }
    assert.equal(view.child.id, childId)
    assert.equal(view.frontDoor, true)
    assert.equal(view.mayDecide, true)
    assert.deepEqual(view.informationRequests, [])
    const own = await api(DEMO.teacher, 'GET', `/api/v1/referrals/${referralId}`)
    assert.equal(own.statusCode, 200)
    assert.equal((own.json() as { informationRequests?: unknown }).informationRequests, undefined)
    assert.equal(
      (await api(DEMO.dsl, 'GET', `/api/v1/referrals/${referralId}`)).statusCode,
      200,
      'the school’s DSL sees its referrals',
    )
    for (const [email, id] of [
      [OTHER_DSL, referralId],
      [POLICE, referralId],
      ['teacher@riverside-academy.example', referralId],
      [FRONT_DOOR, '00000000-0000-4000-8000-000000000000'],
      [FRONT_DOOR, 'nonsense'],
    ] as const) {
      const res = await api(email, 'GET', `/api/v1/referrals/${id}`)
      assert.equal(res.statusCode, 404, `${email} ${id}`)
      assert.doesNotMatch(res.body, /Ella|Hughes|hungry/)
    }
    const denied = await ctx.db
      .selectFrom('audit_event')
      .select('subject_id')
      .where('action', '=', 'referral.view_denied')
      .execute()
    assert.ok(denied.some((d) => d.subject_id === referralId))
  })

  test('acknowledging tells the referrer in Together and by email, once', async () => {
    assert.equal(
      (await api(DEMO.teacher, 'POST', `/api/v1/referrals/${referralId}/acknowledge`)).statusCode,
      403,
      'the referrer cannot acknowledge',
    )
    assert.equal((await api(OTHER_DSL, 'POST', `/api/v1/referrals/${referralId}/acknowledge`)).statusCode, 404)
    const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/acknowledge`)
    assert.equal(res.statusCode, 200, res.body)
    assert.equal((res.json() as { referrerTold: boolean }).referrerTold, true)
    const again = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/acknowledge`)
    assert.equal((again.json() as { referrerTold: boolean }).referrerTold, false)
    const mail = await mailTo(DEMO.teacher, referralId)
    assert.deepEqual(
      mail.map((m) => m.subject),
      [`Your referral ${reference} has been received`],
    )
    assert.doesNotMatch(mail[0]?.body ?? '', /Ella|Hughes/)
    const mine = (await api(DEMO.teacher, 'GET', '/api/v1/referrals')).json() as {
      items: { id: string; acknowledgedAt: string | null; decision: unknown }[]
    }
    const item = mine.items.find((i) => i.id === referralId)
    assert.ok(item?.acknowledgedAt)
    assert.equal(item.decision, null)
  })
})

describe('requests for information', () => {
  let requestId: string

  test('the front door asks the police; their leads are emailed without the child’s name', async () => {
    const police = await orgId('Northshire Police')
    const before = await count('information_request')
    const bad: [object, string][] = [
      [{ organisationId: police, question: '  ' }, 'question'],
      [
        { organisationId: await orgId("Northshire Council children's social care"), question: 'Anything?' },
        'organisationId',
      ],
      [{ organisationId: '00000000-0000-4000-8000-000000000000', question: 'Anything?' }, 'organisationId'],
      [{ organisationId: police, question: 'q'.repeat(2001) }, 'question'],
    ]
    for (const [payload, field] of bad) {
      const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/information-requests`, payload)
      assert.equal(res.statusCode, 400, res.body)
      assert.ok(fieldsOf(res.body).includes(field), res.body)
    }
    assert.equal(
      (
        await api(DEMO.teacher, 'POST', `/api/v1/referrals/${referralId}/information-requests`, {
          organisationId: police,
          question: 'x',
        })
      ).statusCode,
      403,
    )
    assert.equal(await count('information_request'), before)
    const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/information-requests`, {
      organisationId: police,
      question: 'Any police call-outs to the family home in the last year?',
    })
    assert.equal(res.statusCode, 201, res.body)
    requestId = (res.json() as { id: string }).id
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('related_id', '=', requestId)
      .execute()
    assert.deepEqual(
      mail.map((m) => m.recipient),
      [POLICE],
      'the police officer, not the partnership lead',
    )
    assert.doesNotMatch(mail[0]?.body ?? '', /Ella|Hughes/)
  })

  test('the police officer reads only the question and who the child is, and answers; each step is audited', async () => {
    const list = await api(POLICE, 'GET', '/api/v1/information-requests')
    assert.equal(list.statusCode, 200)
    const items = (
      list.json() as { items: { id: string; childName: string; childDateOfBirth: string; answers: number }[] }
    ).items
    assert.deepEqual(
      items.map((i) => [i.id, i.childName, i.childDateOfBirth, i.answers]),
      [[requestId, 'Ella Hughes', '2018-04-09', 0]],
    )
    const one = await api(POLICE, 'GET', `/api/v1/information-requests/${requestId}`)
    assert.equal(one.statusCode, 200)
    assert.match(one.body, /police call-outs/)
    assert.doesNotMatch(
      one.body,
      /hungry|Mum and two|struggling|mental_health|Class teacher/,
      'nothing else of the referral',
    )
    const blank = await api(POLICE, 'POST', `/api/v1/information-requests/${requestId}/responses`, { answer: '' })
    assert.equal(blank.statusCode, 400)
    const answer = await api(POLICE, 'POST', `/api/v1/information-requests/${requestId}/responses`, {
      answer: 'Two domestic incidents attended at the address in 2026; no arrests.',
    })
    assert.equal(answer.statusCode, 201, answer.body)
    const involved = await ctx.db
      .selectFrom('involvement')
      .select('reason')
      .where('child_id', '=', childId)
      .where('organisation_id', '=', await orgId('Northshire Police'))
      .executeTakeFirst()
    assert.equal(involved?.reason, 'information_request')
    const told = await mailTo(FRONT_DOOR, referralId)
    assert.ok(told.some((m) => m.kind === 'information_request.answered'))
    const actions = await auditActions(ctx.db)
    for (const a of [
      'information_request.sent',
      'information_requests.listed',
      'information_request.viewed',
      'information_request.answered',
    ])
      assert.ok(actions.includes(a), a)
  })

  test('nobody else may read or answer it; they are told it does not exist, and that is audited', async () => {
    for (const email of [DEMO.dsl, OTHER_DSL, 'partnership.lead@northshire-police.example', FRONT_DOOR]) {
      assert.equal((await api(email, 'GET', `/api/v1/information-requests/${requestId}`)).statusCode, 404, email)
      assert.equal(
        (await api(email, 'POST', `/api/v1/information-requests/${requestId}/responses`, { answer: 'x' })).statusCode,
        404,
        email,
      )
    }
    assert.equal((await api(DEMO.teacher, 'GET', '/api/v1/information-requests')).statusCode, 403)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('information_request.view_denied'))
    assert.ok(actions.includes('answerInformationRequest.denied'))
    assert.equal(await count('information_response'), 1)
  })

  test('the answer shows on the referral for the front door, not for the referrer', async () => {
    const view = (await api(FRONT_DOOR, 'GET', `/api/v1/referrals/${referralId}`)).json() as {
      informationRequests: { organisationName: string; answers: { answer: string }[] }[]
    }
    assert.equal(view.informationRequests[0]?.organisationName, 'Northshire Police')
    assert.equal(
      view.informationRequests[0]?.answers[0]?.answer,
      'Two domestic incidents attended at the address in 2026; no arrests.',
    )
    const own = await api(DEMO.teacher, 'GET', `/api/v1/referrals/${referralId}`)
    assert.doesNotMatch(own.body, /domestic incidents/)
  })
})

describe('the front door’s decision', () => {
  test('bad decisions get field errors; people who may not decide are refused; nothing is written', async () => {
    const before = [await count('episode'), await count('episode_step')]
    const cases: [object, string][] = [
      [{ outcome: 'strategy_discussion', rationale: '' }, 'rationale'],
      [{ outcome: 'sideways', rationale: 'r' }, 'outcome'],
      [{ outcome: 'no_further_action', rationale: 'Below threshold' }, 'signposting'],
      [{ outcome: 'immediate_protection', rationale: 'r' }, 'protectionKind'],
      [
        {
          outcome: 'immediate_protection',
          rationale: 'r',
          immediateProtection: { kind: 'police_protection', at: '2026-11-23T12:00:00Z' },
        },
        'policeProtectionAt',
      ],
      [
        {
          outcome: 'immediate_protection',
          rationale: 'r',
          immediateProtection: { kind: 'police_protection', at: '2026-11-23T09:00:00Z' },
        },
        'policeReference',
      ],
      [
        {
          outcome: 'immediate_protection',
          rationale: 'r',
          immediateProtection: { kind: 'emergency_protection_order' },
        },
        'orderMadeOn',
      ],
      [
        {
          outcome: 'immediate_protection',
          rationale: 'r',
          immediateProtection: { kind: 'emergency_protection_order', orderMadeOn: '2026-11-31' },
        },
        'immediateProtection.orderMadeOn',
      ],
      [{ outcome: 'assessment', rationale: 'r', leadUserId: await userId(FRONT_DOOR) }, 'leadUserId'],
      [
        {
          outcome: 'assessment',
          rationale: 'r',
          teamManagerUserId: await userId('social.worker@northshire-council.example'),
        },
        'teamManagerUserId',
      ],
      [
        { outcome: 'early_help', rationale: 'r', leadUserId: await userId('social.worker@northshire-council.example') },
        'leadUserId',
      ],
      [{ rationale: 'r' }, 'outcome'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/decision`, payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(fieldsOf(res.body).includes(field), `${field}: ${res.body}`)
    }
    const ok = { outcome: 'assessment', rationale: 'Child in need' }
    assert.equal(
      (await api(DEMO.teacher, 'POST', `/api/v1/referrals/${referralId}/decision`, ok)).statusCode,
      403,
      'the referrer',
    )
    assert.equal(
      (await api('social.worker@northshire-council.example', 'POST', `/api/v1/referrals/${referralId}/decision`, ok))
        .statusCode,
      403,
      'a social worker sees but does not decide',
    )
    assert.equal((await api(OTHER_DSL, 'POST', `/api/v1/referrals/${referralId}/decision`, ok)).statusCode, 404)
    assert.equal(
      (await api(FRONT_DOOR, 'POST', '/api/v1/referrals/00000000-0000-4000-8000-000000000000/decision', ok)).statusCode,
      404,
    )
    assert.deepEqual([await count('episode'), await count('episode_step')], before)
  })

  test('strategy discussion: the episode opens through the transition table, clocks move, the case is allocated and the referrer told', async () => {
    const socialWorker = await userId('social.worker@northshire-council.example')
    const manager = await userId(TEAM_MANAGER)
    const res = await api(TEAM_MANAGER, 'POST', `/api/v1/referrals/${referralId}/decision`, {
      outcome: 'strategy_discussion',
      rationale: 'Hunger, police call-outs for domestic incidents: reasonable cause to suspect significant harm.',
      leadUserId: socialWorker,
      teamManagerUserId: manager,
      submissionKey: 'decision-key-0001',
    })
    assert.equal(res.statusCode, 200, res.body)
    const decided = res.json() as { episodeId: string; episodeReference: string; phase: string }
    assert.equal(decided.phase, 'strategy_discussion')
    assert.match(decided.episodeReference, /^E-2026-\d{6}$/)
    const episode = await ctx.db
      .selectFrom('episode')
      .selectAll()
      .where('id', '=', decided.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [
        episode.referral_id,
        episode.child_id,
        episode.phase,
        episode.lead_user_id,
        episode.team_manager_user_id,
        episode.referral_date,
      ],
      [referralId, childId, 'strategy_discussion', socialWorker, manager, '2026-11-23'],
    )
    const step = await ctx.db
      .selectFrom('episode_step')
      .selectAll()
      .where('episode_id', '=', decided.episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [step.step, step.outcome, step.from_phase, step.to_phase, step.submission_key],
      ['decide_referral', 'strategy_discussion', 'front_door', 'strategy_discussion', 'decision-key-0001'],
    )
    const row = await ctx.db
      .selectFrom('referral')
      .select(['state', 'acknowledged_at'])
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 'decided')
    const clocks = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'completed_at', 'due_on', 'assigned_user_id'])
      .where('subject_id', 'in', [referralId, decided.episodeId])
      .orderBy('rule_id')
      .execute()
    assert.deepEqual(
      clocks.map((c) => [c.rule_id, c.completed_at !== null]),
      [
        ['child-and-family-assessment', false],
        ['referral-decision', true],
      ],
    )
    assert.equal(clocks[0]?.assigned_user_id, socialWorker)
    const mail = await mailTo(DEMO.teacher, referralId)
    assert.ok(
      mail.some(
        (m) => m.subject === `Decision on your referral ${reference}` && m.body.includes('Strategy discussion'),
      ),
    )
    assert.ok(mail.every((m) => !/Ella|Hughes/.test(m.body)))
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('referral.decided'))
    assert.ok(actions.includes('episode.step_taken'))
    // Whether the referrer was told is on the audit row (the run's own detail), never in the published answer.
    const audited = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'referral.decided')
      .where('subject_id', '=', referralId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(audited.details, {
      step: 'decideReferral',
      episodeId: decided.episodeId,
      outcome: 'strategy_discussion',
      childId,
      referrerTold: true,
    })
    assert.ok(!('referrerTold' in decided))
  })

  test('a double submission, or a second decision, is refused with nothing written', async () => {
    const before = [
      await count('episode'),
      await count('episode_step'),
      await count('deadline'),
      await count('notification_outbox'),
    ]
    const same = await api(TEAM_MANAGER, 'POST', `/api/v1/referrals/${referralId}/decision`, {
      outcome: 'strategy_discussion',
      rationale: 'again',
      submissionKey: 'decision-key-0001',
    })
    assert.equal(same.statusCode, 409)
    assert.equal((same.json() as { error: string }).error, 'EPISODE.ALREADY_SUBMITTED')
    const second = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/decision`, {
      outcome: 'no_further_action',
      rationale: 'changed my mind',
      signposting: 'x',
    })
    assert.equal(second.statusCode, 409)
    assert.equal((second.json() as { error: string }).error, 'REFERRAL.ALREADY_DECIDED')
    const ask = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/information-requests`, {
      organisationId: await orgId('Northshire Police'),
      question: 'More?',
    })
    assert.equal(ask.statusCode, 409)
    assert.deepEqual(
      [
        await count('episode'),
        await count('episode_step'),
        await count('deadline'),
        await count('notification_outbox'),
      ],
      before,
    )
  })

  test('two decisions at once: one wins, the other is refused', async () => {
    const r = await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral())
    const id = (r.json() as { id: string }).id
    const [a, b] = await Promise.all([
      api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/decision`, {
        outcome: 'assessment',
        rationale: 'Child in need',
        submissionKey: 'race-key-a-0001',
      }),
      api(TEAM_MANAGER, 'POST', `/api/v1/referrals/${id}/decision`, {
        outcome: 'early_help',
        rationale: 'Support',
        submissionKey: 'race-key-b-0001',
      }),
    ])
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409])
    assert.equal(
      Number(
        (
          await ctx.db
            .selectFrom('episode')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('referral_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
      1,
    )
  })

  test('the referrer sees the decision and the reasons on Your referrals; the DSL sees the school’s', async () => {
    for (const email of [DEMO.teacher, DEMO.dsl]) {
      const mine = (await api(email, 'GET', '/api/v1/referrals')).json() as {
        items: { id: string; decision: { outcomeLabel: string; rationale: string } | null }[]
      }
      const item = mine.items.find((i) => i.id === referralId)
      assert.equal(
        item?.decision?.outcomeLabel,
        'Strategy discussion (reasonable cause to suspect significant harm)',
        email,
      )
      assert.match(item?.decision?.rationale ?? '', /reasonable cause/)
    }
    const other = (await api(OTHER_DSL, 'GET', '/api/v1/referrals')).json() as { items: { id: string }[] }
    assert.ok(!other.items.some((i) => i.id === referralId))
  })

  test('immediate protection: an emergency protection order starts its clock; police protection records time and reference', async () => {
    const epo = (await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral())).json() as { id: string }
    const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${epo.id}/decision`, {
      outcome: 'immediate_protection',
      rationale: 'Court granted an EPO this morning',
      immediateProtection: { kind: 'emergency_protection_order', orderMadeOn: '2026-11-23' },
    })
    assert.equal(res.statusCode, 200, res.body)
    const episodeId = (res.json() as { episodeId: string }).episodeId
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['due_on', 'subject_type'])
      .where('rule_id', '=', 'emergency-protection-order')
      .where('subject_id', '=', episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(clock, { due_on: '2026-12-01', subject_type: 'episode' })

    const pp = (await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral())).json() as { id: string }
    const res2 = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${pp.id}/decision`, {
      outcome: 'immediate_protection',
      rationale: 'Found alone at night',
      immediateProtection: { kind: 'police_protection', at: '2026-11-23T02:15:00Z', policeReference: 'NP/2026/771' },
    })
    assert.equal(res2.statusCode, 200, res2.body)
    const step = await ctx.db
      .selectFrom('episode_step')
      .select('details')
      .where('episode_id', '=', (res2.json() as { episodeId: string }).episodeId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(step.details, {
      immediateProtection: {
        kind: 'police_protection',
        at: '2026-11-23T02:15:00.000Z',
        policeReference: 'NP/2026/771',
      },
    })
  })

  test('no further action records the signposting and closes the episode', async () => {
    const nfa = (await api(DEMO.teacher, 'POST', '/api/v1/referrals', referral())).json() as { id: string }
    const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${nfa.id}/decision`, {
      outcome: 'no_further_action',
      rationale: 'Needs are met by the school',
      signposting: 'Family hub parenting course; food bank on Church Street',
    })
    assert.equal(res.statusCode, 200, res.body)
    const episode = await ctx.db
      .selectFrom('episode')
      .select(['phase', 'referral_nfa', 'closed_on'])
      .where('referral_id', '=', nfa.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(episode, { phase: 'closed', referral_nfa: true, closed_on: '2026-11-23' })
    const mine = (await api(DEMO.teacher, 'GET', '/api/v1/referrals')).json() as {
      items: { id: string; decision: { signposting: string } | null }[]
    }
    assert.equal(
      mine.items.find((i) => i.id === nfa.id)?.decision?.signposting,
      'Family hub parenting course; food bank on Church Street',
    )
  })
})

describe('a public report, linked to a child record by the front door', () => {
  let publicId: string
  let requestId: string

  test('it cannot be decided until it is linked; the police can be asked meanwhile', async () => {
    const area = await ctx.db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()
    const made = await sendPublicReportFromCode(ctx.deps, {
      localAreaId: area.id,
      referrerKind: 'family',
      immediateDanger: 'no',
      knowsName: 'yes',
      childGivenName: 'Mia',
      childFamilyName: 'Stone',
      childAge: '5',
      concern: 'Her mum’s partner shouts at her and she has bruises',
      parentsAware: 'no',
      referrerEmail: 'gran@example.com',
      identityWithheld: 'no',
    })
    assert.ok(made.ok)
    publicId = made.value.id
    const res = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${publicId}/decision`, {
      outcome: 'assessment',
      rationale: 'r',
    })
    assert.equal(res.statusCode, 409)
    assert.equal((res.json() as { error: string }).error, 'REFERRAL.CHILD_NOT_LINKED')
    const ask = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${publicId}/information-requests`, {
      organisationId: await orgId('Northshire Police'),
      question: 'Anything known about Mia Stone, about 5?',
    })
    assert.equal(ask.statusCode, 201)
    requestId = (ask.json() as { id: string }).id
    const seen = (await api(POLICE, 'GET', `/api/v1/information-requests/${requestId}`)).json() as { childName: string }
    assert.equal(seen.childName, 'Mia Stone')
    assert.equal(
      (
        await api(POLICE, 'POST', `/api/v1/information-requests/${requestId}/responses`, {
          answer: 'Partner known to police for violence.',
        })
      ).statusCode,
      201,
    )
  })

  test('acknowledging emails the public referrer the reference and nothing else', async () => {
    assert.equal((await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${publicId}/acknowledge`)).statusCode, 200)
    const mail = await mailTo('gran@example.com', publicId)
    assert.equal(mail.length, 1)
    const ref = (
      await ctx.db.selectFrom('referral').select('reference').where('id', '=', publicId).executeTakeFirstOrThrow()
    ).reference
    assert.match(mail[0]?.body ?? '', new RegExp(ref))
    assert.doesNotMatch(
      `${mail[0]?.subject ?? ''} ${mail[0]?.body ?? ''}`,
      /Mia|Stone|bruises|partner|\/referrals|http/,
    )
  })

  test('linking: a child the local authority cannot see is “not found”; a record it creates links, and the police become involved', async () => {
    const area = await ctx.db.selectFrom('local_area').select('id').executeTakeFirstOrThrow()
    const made = await sendPublicReportFromCode(ctx.deps, {
      localAreaId: area.id,
      referrerKind: 'anonymous',
      immediateDanger: 'yes',
      knowsName: 'no',
      childDescription: 'Boy about 8 at number 12',
      concern: 'Left alone for days',
      parentsAware: 'not_sure',
      identityWithheld: 'no',
    })
    assert.ok(made.ok)
    const id = made.value.id
    const schoolChild = await api(OTHER_DSL, 'POST', '/api/v1/children', {
      givenName: 'Noah',
      familyName: 'Kerr',
      dateOfBirth: '2018-06-01',
      sex: 'male',
    })
    const noah = (schoolChild.json() as { id: string }).id
    assert.equal(
      (await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/child`, { childId: noah })).statusCode,
      404,
      'a child known only to a school',
    )
    // Refused in the step's transaction, which rolls back; the engine then records the refusal on its own.
    assert.ok((await auditActions(ctx.db)).includes('linkReferralChild.refused'))
    const ask = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/information-requests`, {
      organisationId: await orgId('Northshire Police'),
      question: 'Anyone known at number 12?',
    })
    const rq = (ask.json() as { id: string }).id
    assert.equal(
      (await api(POLICE, 'POST', `/api/v1/information-requests/${rq}/responses`, { answer: 'Yes: the Kerr family.' }))
        .statusCode,
      201,
    )
    const created = await api(FRONT_DOOR, 'POST', '/api/v1/children', {
      givenName: 'Noah',
      familyName: 'Kerr',
      dateOfBirth: '2018-06-01',
      sex: 'male',
    })
    const record = (created.json() as { id: string }).id
    const link = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/child`, { childId: record })
    assert.equal(link.statusCode, 200, link.body)
    assert.equal(
      (await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/child`, { childId: record })).statusCode,
      200,
      'linking again to the same child changes nothing',
    )
    assert.equal(
      (await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/child`, { childId })).statusCode,
      409,
      'another child',
    )
    const involved = await ctx.db
      .selectFrom('involvement')
      .select('organisation_id')
      .where('child_id', '=', record)
      .execute()
    assert.deepEqual(
      new Set(involved.map((i) => i.organisation_id)),
      new Set([await orgId("Northshire Council children's social care"), await orgId('Northshire Police')]),
    )
    const clock = await ctx.db
      .selectFrom('deadline')
      .select('child_id')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(clock.child_id, record)
    const decided = await api(FRONT_DOOR, 'POST', `/api/v1/referrals/${id}/decision`, {
      outcome: 'strategy_discussion',
      rationale: 'Left alone, young child',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const row = await ctx.db
      .selectFrom('referral')
      .select(['source_code', 'referrer_anonymous', 'referrer_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { source_code: '9', referrer_anonymous: true, referrer_name: null })
  })

  test('the same submission key again answers the first referral (200) and writes nothing (after the queue’s tests, which count referrals)', async () => {
    const body = referral({ submissionKey: 'api-referral-key-1' })
    const first = await api(DEMO.teacher, 'POST', '/api/v1/referrals', body)
    assert.equal(first.statusCode, 201, first.body)
    const before = [await count('referral'), await count('notification_outbox')]
    const again = await api(DEMO.teacher, 'POST', '/api/v1/referrals', body)
    assert.equal(again.statusCode, 200, again.body)
    assert.deepEqual(again.json(), first.json())
    assert.deepEqual([await count('referral'), await count('notification_outbox')], before)
  })

  test('the audit chain holds', async () => {
    assert.equal((await verifyAuditChain(ctx.db)).ok, true)
  })
})
