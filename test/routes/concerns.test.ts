import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sealAll, verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { captureLog } from '../support/captureLog.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const count = async (table: 'concern' | 'concern_event' | 'notification_outbox' | 'referral' | 'deadline') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

let childId: string
let siblingId: string
let concernId: string

const concern = (overrides: object = {}) => ({
  childIds: [childId],
  observedAt: '2026-11-23T09:15:00Z',
  place: 'Year 4 classroom',
  facts: 'Bruise on left forearm, about 3cm, purple. <script>alert(1)</script>',
  childWords: 'Dad grabbed me when I spilt the milk',
  othersPresent: 'Teaching assistant',
  categories: ['physical_abuse'],
  immediateDanger: false,
  actionTaken: 'None yet',
  bodyMap: [{ side: 'front', region: 'left_forearm', description: 'Purple bruise about 3cm' }],
  ...overrides,
})

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  const a = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Maya',
    familyName: 'Patel',
    dateOfBirth: '2017-03-02',
    sex: 'female',
  })
  childId = (a.json() as { id: string }).id
  const b = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Ravi',
    familyName: 'Patel',
    dateOfBirth: '2019-07-11',
    sex: 'male',
  })
  siblingId = (b.json() as { id: string }).id
})
after(async () => ctx.close())

describe('recording a concern', () => {
  test('a teacher records a concern about two siblings; the DSLs are emailed through the outbox', async () => {
    const before = await count('notification_outbox')
    const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern({ childIds: [childId, siblingId] }))
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json() as { id: string; reference: string; dslsNotified: number }
    concernId = body.id
    assert.match(body.reference, /^C-2026-\d{6}$/)
    assert.equal(body.dslsNotified, 2)
    assert.equal(await count('notification_outbox'), before + 2)
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('related_id', '=', concernId)
      .execute()
    assert.deepEqual(mail.map((m) => m.recipient).sort(), [
      'deputy.dsl@oakfield-primary.example',
      'dsl@oakfield-primary.example',
    ])
    assert.ok(
      mail.every((m) => !m.body.includes('Maya')),
      'no child’s name in email',
    )
    assert.ok(
      mail.every(
        (m) =>
          m.subject === `New safeguarding concern ${body.reference}` &&
          m.body.includes(`Reference: ${body.reference}\n`) &&
          m.body.includes(`/concerns/${concernId}`),
      ),
      JSON.stringify(mail),
    )
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['details', 'subject_id'])
      .where('action', '=', 'concern.recorded')
      .where('subject_id', '=', concernId)
      .executeTakeFirstOrThrow()
    const details = audit.details as { childIds: string[] }
    assert.deepEqual(
      { ...details, childIds: [...details.childIds].sort() },
      {
        step: 'recordConcern',
        reference: body.reference,
        childIds: [childId, siblingId].sort(),
        immediateDanger: false,
        fgmDuty: false,
        dslsNotified: 2,
      },
    )
  })

  test('what the author is called goes into the email as it is, format codes and all', async () => {
    const { display_name: name } = await ctx.db
      .selectFrom('app_user')
      .select('display_name')
      .where('email', '=', DEMO.teacher)
      .executeTakeFirstOrThrow()
    await ctx.db
      .updateTable('app_user')
      .set({ display_name: 'Ms 100% Sure %1$s %s' })
      .where('email', '=', DEMO.teacher)
      .execute()
    try {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern())
      assert.equal(res.statusCode, 201, res.body)
      const { id, reference } = res.json() as { id: string; reference: string }
      const mail = await ctx.db
        .selectFrom('notification_outbox')
        .select(['body'])
        .where('related_id', '=', id)
        .execute()
      assert.ok(
        mail.length > 0 &&
          mail.every(
            (m) => m.body.includes('Recorded by: Ms 100% Sure %1$s %s\n') && m.body.includes(`Reference: ${reference}`),
          ),
        JSON.stringify(mail),
      )
    } finally {
      await ctx.db.updateTable('app_user').set({ display_name: name }).where('email', '=', DEMO.teacher).execute()
    }
  })

  test('“other” concerns keep their description', async () => {
    const res = await api(
      DEMO.teacher,
      'POST',
      '/api/v1/concerns',
      concern({ categories: ['other'], otherCategory: 'Left alone overnight' }),
    )
    assert.equal(res.statusCode, 201, res.body)
    const view = await api(DEMO.teacher, 'GET', `/api/v1/concerns/${(res.json() as { id: string }).id}`)
    assert.equal((view.json() as { otherCategory: string }).otherCategory, 'Left alone overnight')
  })

  test('text is stored exactly as typed, HTML included, and escaped on the page', async () => {
    const res = await api(DEMO.teacher, 'GET', `/api/v1/concerns/${concernId}`)
    assert.equal(
      (res.json() as { facts: string }).facts,
      'Bruise on left forearm, about 3cm, purple. <script>alert(1)</script>',
    )
  })

  test('bad input gets field errors and writes nothing', async () => {
    const before = await count('concern')
    const cases: [object, string][] = [
      [concern({ facts: '' }), 'facts'],
      [concern({ observedAt: '2026-11-24T10:00:00Z' }), 'observedAt'],
      [concern({ categories: [] }), 'categories'],
      [concern({ categories: ['made_up'] }), 'categories'],
      [concern({ childIds: [] }), 'children'],
      [concern({ facts: 'x'.repeat(10_001) }), 'facts'],
      [concern({ place: '' }), 'place'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(
        (res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        `${field}: ${res.body}`,
      )
    }
    const otherSchool = await api('teacher@riverside-academy.example', 'POST', '/api/v1/concerns', concern())
    assert.equal(otherSchool.statusCode, 404, 'another school cannot name a child it cannot see')
    assert.doesNotMatch(otherSchool.body, /Maya|Patel/)
    assert.ok((await auditActions(ctx.db)).includes('concern.record_denied'))
    assert.equal(await count('concern'), before)
  })

  test('a child the organisation may not name: 404, nothing written, the attempt on that child’s trail', async () => {
    const before = await count('concern')
    const res = await api('teacher@riverside-academy.example', 'POST', '/api/v1/concerns', concern())
    assert.equal(res.statusCode, 404, res.body)
    assert.deepEqual(res.json(), { error: 'not_found', message: 'There is nothing at this address' })
    assert.equal(await count('concern'), before)
    const rows = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'reason', 'details'])
      .where('action', '=', 'concern.record_denied')
      .execute()
    assert.ok(rows.length > 0)
    for (const row of rows)
      assert.deepEqual(row, {
        subject_type: 'child',
        subject_id: childId,
        reason: 'named a child the organisation is not involved with',
        details: { childIds: [childId] },
      })
  })

  test('the body’s own shape is checked field by field, keyed by where it is in the body', async () => {
    const res = await api(
      DEMO.teacher,
      'POST',
      '/api/v1/concerns',
      concern({ bodyMap: [{ side: 'front', x: 'left', y: 0.5, description: 'Bruise' }], immediateDanger: 'no' }),
    )
    assert.equal(res.statusCode, 400, res.body)
    const { error, errors } = res.json() as { error: string; errors: { field: string; message: string }[] }
    assert.equal(error, 'bad_request')
    assert.deepEqual(errors.map((e) => e.field).sort(), ['bodyMap.0.x', 'immediateDanger'])
  })

  test('the same submission key or Idempotency-Key again answers the first answer and records nothing', async () => {
    const first = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern({ submissionKey: 'concern-once-1' }))
    assert.equal(first.statusCode, 201, first.body)
    const before = await count('concern')
    const mail = await count('notification_outbox')
    const again = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern({ submissionKey: 'concern-once-1' }))
    assert.equal(again.statusCode, 200, again.body)
    assert.deepEqual(again.json(), first.json())
    const headers = { authorization: `Bearer ${await client.token(DEMO.teacher)}`, 'idempotency-key': 'concern-once-2' }
    const sent = () => ctx.app.inject({ method: 'POST', url: '/api/v1/concerns', headers, payload: concern() })
    const [a, b] = [await sent(), await sent()]
    assert.deepEqual([a.statusCode, b.statusCode], [201, 200])
    assert.deepEqual(b.json(), a.json())
    assert.equal(await count('concern'), before + 1)
    assert.equal(await count('notification_outbox'), mail + 2)
  })

  test('an immediate danger concern is marked urgent and tops the inbox', async () => {
    const res = await api(
      DEMO.teacher,
      'POST',
      '/api/v1/concerns',
      concern({ immediateDanger: true, policeCalledAt: '2026-11-23T09:40:00Z', policeReference: 'NP-123' }),
    )
    assert.equal(res.statusCode, 201)
    const urgentId = (res.json() as { id: string }).id
    const inbox = await api(DEMO.dsl, 'GET', '/api/v1/dsl/inbox')
    const items = (inbox.json() as { items: { id: string; immediateDanger: boolean }[] }).items
    assert.equal(items[0]?.id, urgentId)
    const urgentMail = await ctx.db
      .selectFrom('notification_outbox')
      .select('subject')
      .where('related_id', '=', urgentId)
      .execute()
    assert.ok(urgentMail.every((m) => m.subject.startsWith('URGENT')))
  })

  test('a concern about someone who has turned 18 is refused with a clear notice', async () => {
    const adult = await ctx.db.selectFrom('child').select('id').where('id', '=', childId).executeTakeFirstOrThrow()
    // Move the clock to Maya's 18th birthday (born 2 March 2017).
    const saved = ctx.clock.now()
    ctx.clock.set(new Date('2035-03-02T12:00:00Z'))
    client.forget(DEMO.teacher)
    const res = await api(
      DEMO.teacher,
      'POST',
      '/api/v1/concerns',
      concern({ childIds: [adult.id], observedAt: '2035-03-02T11:00:00Z' }),
    )
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /18 or over/)
    ctx.clock.set(saved)
    client.forget(DEMO.teacher)
  })

  test('known FGM reported by a teacher starts the FGM police report clock', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern({ categories: ['fgm'], fgmKnown: true }))
    assert.equal(res.statusCode, 201, res.body)
    assert.equal((res.json() as { fgmDuty: boolean }).fgmDuty, true)
    const clock = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on'])
      .where('subject_id', '=', (res.json() as { id: string }).id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(clock, { rule_id: 'fgm-police-report', due_on: '2026-11-24' })
  })
})

describe('health organisations', () => {
  test('a concern recorded at a GP practice reaches its health safeguarding lead', async () => {
    const child = await api('gp@elmtree-surgery.example', 'POST', '/api/v1/children', {
      givenName: 'Noah',
      familyName: 'Green',
      dateOfBirth: '2020-01-01',
      sex: 'male',
    })
    const res = await api(
      'gp@elmtree-surgery.example',
      'POST',
      '/api/v1/concerns',
      concern({ childIds: [(child.json() as { id: string }).id] }),
    )
    assert.equal(res.statusCode, 201, res.body)
    assert.equal((res.json() as { dslsNotified: number }).dslsNotified, 1)
  })
})

describe('need to know', () => {
  test('only the author and their organisation’s leads see the concern; others get 404 and are audited', async () => {
    assert.equal((await api(DEMO.dsl, 'GET', `/api/v1/concerns/${concernId}`)).statusCode, 200)
    for (const email of [
      'dsl@riverside-academy.example',
      'teacher@riverside-academy.example',
      DEMO.socialWorker,
      'deputy.dsl@oakfield-primary.example',
    ]) {
      const res = await api(email, 'GET', `/api/v1/concerns/${concernId}`)
      if (email.startsWith('deputy')) assert.equal(res.statusCode, 200)
      else {
        assert.equal(res.statusCode, 404, email)
        assert.doesNotMatch(res.body, /Maya|Patel|Bruise/)
      }
    }
    assert.ok((await auditActions(ctx.db)).includes('concern.view_denied'))
    assert.equal((await api(DEMO.teacher, 'GET', '/api/v1/concerns/not-a-uuid')).statusCode, 404)
  })

  test('staff have no inbox', async () => {
    assert.equal((await api(DEMO.teacher, 'GET', '/api/v1/dsl/inbox')).statusCode, 403)
  })
})

describe('the DSL’s work', () => {
  test('acknowledge, ask for more, the author answers, then refer to children’s social care', async () => {
    assert.equal(
      (await api(DEMO.teacher, 'POST', `/api/v1/concerns/${concernId}/acknowledge`)).statusCode,
      404,
      'the author cannot acknowledge',
    )
    assert.equal(
      (
        await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/decision`, {
          kind: 'no_further_action',
          rationale: 'x',
        })
      ).statusCode,
      409,
      'must acknowledge first',
    )
    assert.equal((await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/acknowledge`)).statusCode, 200)
    const ask = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/information-requests`, {
      text: 'Did Maya say when this happened?',
    })
    assert.equal(ask.statusCode, 201, ask.body)
    const answer = await api(DEMO.teacher, 'POST', `/api/v1/concerns/${concernId}/information`, {
      text: 'She said it was last night.',
    })
    assert.equal(answer.statusCode, 201, answer.body)
    const referralsBefore = await count('referral')
    // A referral records whether the parents know and agreed; not asking needs a reason. Nothing is written without.
    const noConsent = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Injury with a disclosure naming a parent.',
      parentsAware: 'no',
      parentalConsent: 'not_sought',
    })
    assert.equal(noConsent.statusCode, 400, noConsent.body)
    assert.ok(
      (noConsent.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'consentNotSoughtReason'),
    )
    assert.equal(await count('referral'), referralsBefore)
    const decision = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${concernId}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Injury with a disclosure naming a parent.',
      parentsAware: 'no',
      parentalConsent: 'not_sought',
      consentNotSoughtReason: 'The disclosure names a parent: telling them first could put Maya at risk.',
    })
    assert.equal(decision.statusCode, 200, decision.body)
    assert.equal((decision.json() as { referralIds: string[] }).referralIds.length, 2, 'one referral per child')
    assert.equal(await count('referral'), referralsBefore + 2)
    const clocks = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on'])
      .where('rule_id', '=', 'referral-decision')
      .execute()
    assert.equal(clocks.length, 2)
    assert.equal(clocks[0]?.due_on, '2026-11-24')
    const referral = await ctx.db
      .selectFrom('referral')
      .select(['channel', 'source_code', 'parents_aware', 'parental_consent', 'consent_not_sought_reason'])
      .where('concern_id', '=', concernId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(referral, {
      channel: 'dsl_decision',
      source_code: '2A',
      parents_aware: false,
      parental_consent: 'not_sought',
      consent_not_sought_reason: 'The disclosure names a parent: telling them first could put Maya at risk.',
    })
    const view = (await api(DEMO.teacher, 'GET', `/api/v1/concerns/${concernId}`)).json() as {
      state: string
      events: { kind: string }[]
    }
    assert.equal(view.state, 'decided')
    assert.deepEqual(
      view.events.map((e) => e.kind),
      ['acknowledged', 'information_requested', 'information_provided', 'decision'],
    )
  })

  test('the local authority can now see the child’s chronology; the other school still cannot', async () => {
    const la = await api('front.door@northshire-council.example', 'GET', `/api/v1/children/${childId}/chronology`)
    assert.equal(la.statusCode, 200, la.body)
    const entries = (la.json() as { entries: { type: string }[] }).entries
    assert.ok(entries.some((e) => e.type === 'referral'))
    assert.ok(
      !entries.some((e) => e.type === 'concern'),
      'the school’s concern text is not shared by the referral alone',
    )
    assert.equal(
      (await api('dsl@riverside-academy.example', 'GET', `/api/v1/children/${childId}/chronology`)).statusCode,
      404,
    )
  })

  test('the DSL’s chronology: every entry in time order, filtered on request, each view audited with how many entries it showed', async () => {
    type Entry = { type: string; at: string; organisation: string; categories: string[]; concernId: string | null }
    const get = async (query = '') =>
      (await api(DEMO.dsl, 'GET', `/api/v1/children/${childId}/chronology${query}`)).json() as {
        entries: Entry[]
        organisations: string[]
      }
    const all = await get()
    assert.ok(
      all.entries.every((e, i) => i === 0 || Date.parse(e.at) >= Date.parse((all.entries[i - 1] as Entry).at)),
      'in time order',
    )
    const story = all.entries.filter((e) => e.concernId === concernId).map((e) => e.type)
    assert.deepEqual(story, [
      'concern',
      'acknowledged',
      'information_requested',
      'information_provided',
      'decision',
      'referral',
    ])
    assert.deepEqual(all.organisations, ["Northshire Council children's social care", 'Oakfield Primary School'])
    const decisions = await get('?type=decision')
    assert.ok(decisions.entries.length > 0 && decisions.entries.every((e) => e.type === 'decision'))
    assert.deepEqual(decisions.organisations, all.organisations, 'the filter list still offers every organisation')
    const school = await get('?organisation=Oakfield%20Primary%20School&category=physical_abuse')
    assert.deepEqual(
      school.entries,
      all.entries.filter(
        (e) => e.organisation === 'Oakfield Primary School' && e.categories.includes('physical_abuse'),
      ),
    )
    assert.deepEqual((await get('?category=no_such_category')).entries, [])
    const views = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'child.chronology_viewed')
      .where('subject_id', '=', childId)
      .orderBy('seq', 'desc')
      .limit(4)
      .execute()
    assert.deepEqual(
      views.map((v) => v.details),
      [
        // The API gives a page at a time (200 entries unless asked): the audit says which page was seen.
        { entries: 0, page: 1, pageSize: 200 },
        { entries: school.entries.length, page: 1, pageSize: 200 },
        { entries: decisions.entries.length, page: 1, pageSize: 200 },
        { entries: all.entries.length, page: 1, pageSize: 200 },
      ],
    )
    // The API sends exactly what the use case returns (its compiled serialiser drops nothing).
    const { findUserByEmail } = await import('../../src/modules/people/queries/loadActor.js')
    const { childChronology } = await import('../../src/modules/children/queries/childChronology.js')
    const actor = (await findUserByEmail(ctx.db, DEMO.dsl))?.actor
    assert.ok(actor !== undefined)
    const direct = await childChronology(
      ctx.deps,
      actor,
      childId,
      { page: { number: 1, size: 200 } },
      { correlationId: 'test' },
    )
    assert.ok(direct.ok)
    if (direct.ok)
      assert.deepEqual(
        (await api(DEMO.dsl, 'GET', `/api/v1/children/${childId}/chronology`)).json(),
        JSON.parse(JSON.stringify(direct.value)),
      )
  })

  test('addenda: the author adds one; the concern itself never changes', async () => {
    const before = await ctx.db
      .selectFrom('concern')
      .select(['facts', 'place'])
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow()
    const res = await api(DEMO.teacher, 'POST', `/api/v1/concerns/${concernId}/addenda`, {
      text: 'Correction: the bruise was on the right forearm.',
    })
    assert.equal(res.statusCode, 201)
    assert.deepEqual(
      await ctx.db
        .selectFrom('concern')
        .select(['facts', 'place'])
        .where('id', '=', concernId)
        .executeTakeFirstOrThrow(),
      before,
    )
    assert.equal(
      (await api(DEMO.teacher, 'POST', `/api/v1/concerns/${concernId}/addenda`, { text: '' })).statusCode,
      400,
    )
  })

  test('a monitor decision needs a review date in the future', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern())
    const id = (res.json() as { id: string }).id
    await api(DEMO.dsl, 'POST', `/api/v1/concerns/${id}/acknowledge`)
    const missing = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${id}/decision`, {
      kind: 'monitor',
      rationale: 'Watch closely',
    })
    assert.equal(missing.statusCode, 400)
    const ok = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${id}/decision`, {
      kind: 'monitor',
      rationale: 'Watch closely',
      reviewOn: '2026-12-07',
    })
    assert.equal(ok.statusCode, 200, ok.body)
  })

  test('a decision sent twice is recorded once, with its audit row; the page keeps the choice after an error', async () => {
    // What one decision writes: its event on the concern and its audit row, counted together.
    const written = async (id: string) => {
      const view = (await api(DEMO.dsl, 'GET', `/api/v1/concerns/${id}`)).json() as { events: { kind: string }[] }
      const audited = await ctx.db
        .selectFrom('audit_event')
        .select('action')
        .where('subject_id', '=', id)
        .where('action', '=', 'concern.decided')
        .execute()
      return [view.events.filter((e) => e.kind === 'decision').length, audited.length]
    }
    // The API: the same submission key again answers what it recorded, and writes nothing.
    const one = (await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern())).json() as { id: string }
    await api(DEMO.dsl, 'POST', `/api/v1/concerns/${one.id}/acknowledge`)
    const body = { kind: 'internal_support', rationale: 'Pastoral support', submissionKey: `twice-${one.id}` }
    const first = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${one.id}/decision`, body)
    assert.equal(first.statusCode, 200, first.body)
    assert.deepEqual(first.json(), { kind: 'internal_support', referralIds: [] })
    const again = await api(DEMO.dsl, 'POST', `/api/v1/concerns/${one.id}/decision`, body)
    assert.equal(again.statusCode, 200, again.body)
    assert.deepEqual(again.json(), first.json())
    assert.deepEqual(await written(one.id), [1, 1])

    // The page: a refused form is shown again with the option chosen and its questions inside it; the same form
    // sent twice (a double press) goes to the decision both times and records it once.
    const two = (await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern())).json() as { id: string }
    await api(DEMO.dsl, 'POST', `/api/v1/concerns/${two.id}/acknowledge`)
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(DEMO.dsl, DEMO.password)
    const page = await dsl.get(`/concerns/${two.id}`)
    const key =
      /name="submissionKey" value="([^"]+)">\s*<div class="govuk-form-group[^"]*">\s*<fieldset[^>]*>\s*<legend[^>]*>\s*Record a decision/.exec(
        page.body,
      )?.[1]
    assert.ok(key, 'the decision form carries its own submission key')
    const bad = await dsl.post(`/concerns/${two.id}/decision`, { kind: 'monitor', rationale: '', submissionKey: key })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /value="monitor"[^>]*checked/)
    assert.match(bad.body, /id="conditional-kind-2"[^>]*>[\s\S]*?name="reviewOn-day"/)
    assert.match(bad.body, /href="#rationale">Enter the reason for your decision/)
    assert.match(bad.body, /href="#reviewOn-day">Enter a review date/)
    const form = { kind: 'internal_support', rationale: 'A mentor', submissionKey: key }
    const sent = await dsl.post(`/concerns/${two.id}/decision`, form)
    const twice = await dsl.post(`/concerns/${two.id}/decision`, form)
    assert.deepEqual(
      [sent.statusCode, twice.statusCode, twice.headers.location],
      [303, 303, `/concerns/${two.id}?decided=1`],
    )
    assert.deepEqual(await written(two.id), [1, 1])
  })

  test('an urgent concern nobody acknowledges goes to the deputies, the head and the administrator after an hour, once', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', concern({ immediateDanger: true }))
    const id = (res.json() as { id: string }).id
    const { escalateUnacknowledgedConcerns } =
      await import('../../src/modules/concerns/steps/escalateUnacknowledged.js')
    ctx.clock.advance(30 * 60_000)
    await escalateUnacknowledgedConcerns(ctx.deps)
    const none = await ctx.db
      .selectFrom('notification_outbox')
      .select('recipient')
      .where('kind', '=', 'concern.escalated')
      .where('related_id', '=', id)
      .execute()
    assert.equal(none.length, 0, 'not yet')
    ctx.clock.advance(31 * 60_000)
    // As from several app servers at once, then once more: escalated once, and the log says so once.
    const captured = captureLog('info')
    const deps = { ...ctx.deps, log: captured.log }
    await Promise.all(Array.from({ length: 4 }, () => escalateUnacknowledgedConcerns(deps)))
    await escalateUnacknowledgedConcerns(deps)
    // One line, from the one pass that escalated (this concern and any other of this file's that is overdue).
    const lines = captured.lines()
    assert.equal(lines.length, 1, captured.text())
    assert.equal(lines[0]?.component, 'escalation')
    assert.match(lines[0]?.msg ?? '', /^escalated \d+ concerns? not acknowledged in time$/)
    const sent = await ctx.db
      .selectFrom('notification_outbox')
      .select('recipient')
      .where('kind', '=', 'concern.escalated')
      .where('related_id', '=', id)
      .execute()
    assert.deepEqual(sent.map((s) => s.recipient).sort(), [
      'admin@oakfield-primary.example',
      'deputy.dsl@oakfield-primary.example',
      'head@oakfield-primary.example',
    ])
    client.forget(DEMO.dsl) // an hour has passed: the old token has expired
    const inbox = (await api(DEMO.dsl, 'GET', '/api/v1/dsl/inbox')).json() as {
      items: { id: string; escalated: boolean }[]
    }
    assert.equal(inbox.items.find((i) => i.id === id)?.escalated, true)
  })

  test('the audit chain holds', async () => {
    await sealAll(ctx.db)
    assert.equal((await verifyAuditChain(ctx.db)).ok, true)
  })
})
