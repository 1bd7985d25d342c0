import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE, organisationId, referralFromDsl } from '../support/caseloadFixtures.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

const maya = { givenName: 'Maya', familyName: 'Example', dateOfBirth: '2016-05-14', nhsNumber: '4010232137' }
const trustLead = 'safeguarding.lead@northshire-nhs.example'
const riversideDsl = 'dsl@riverside-academy.example'

let childId: string
let concernId: string
let surgeryId: string
let youthClubId: string

const decisions = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('sharing_decision')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/** The journey's share: a summary and the school's concern, to the GP practice's safeguarding lead. */
const share = () => ({
  direction: 'proactive',
  decision: 'share',
  lawfulBasis: 'public_task',
  specialCategory: 'none',
  consent: 'not_needed_risk',
  told: 'no',
  toldReason: 'Telling mother’s partner could increase the risk to Maya',
  identitiesAtRisk: 'no',
  detriment: 'no',
  necessity: 'The GP sees Maya and her mother and needs to know about the bruising',
  summary: 'Finger-shaped bruising to both upper arms; referred to children’s social care.',
  entryIds: [concernId],
  recipientOrganisationId: surgeryId,
  recipientPerson: 'Dr James Reid',
  sharedOn: '2026-11-23',
})

const refusal = () => ({
  direction: 'answering_request',
  decision: 'not_share',
  requestedBy: 'Kevin Doyle, Northshire Youth Football Club',
  consent: 'not_sought',
  consentNotSoughtReason: 'Nothing is being shared',
  recipientOrganisationId: youthClubId,
  refusalReasons: 'The club has no safeguarding or support role for Maya at present (golden rule 6)',
})

const openings = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('record_opening')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

interface Entry {
  type: string
  summary: string
  organisation: string
  reference: string
  concernId: string | null
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  childId = (await referralFromDsl(ctx, maya)).childId
  concernId = (
    await ctx.db
      .selectFrom('concern_child')
      .select('concern_id')
      .where('child_id', '=', childId)
      .executeTakeFirstOrThrow()
  ).concern_id
  surgeryId = await organisationId(ctx, NORTHSHIRE.surgery)
  youthClubId = await organisationId(ctx, 'Northshire Youth Football Club')
})
after(async () => ctx.close())

describe('information-sharing decisions (API)', () => {
  test('the GP practice sees nothing of the child before anything is shared', async () => {
    const res = await api(NORTHSHIRE.gpLead, 'GET', `/api/v1/children/${childId}/chronology`)
    assert.equal(res.statusCode, 404)
  })

  test('the school DSL shares a summary and one concern with the GP practice: recorded, involved, emailed, audited', async () => {
    const res = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, {
      ...share(),
      submissionKey: 'share-1',
    })
    assert.equal(res.statusCode, 201, res.body)
    const { id, reference } = res.json() as { id: string; reference: string }
    assert.match(reference, /^ISD-\d{5}$/)
    const row = await ctx.db.selectFrom('sharing_decision').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    assert.equal(row.lawful_basis, 'public_task')
    assert.equal(row.consent, 'not_needed_risk')
    assert.equal(row.recipient_person, 'Dr James Reid')
    const involvement = await ctx.db
      .selectFrom('involvement')
      .select('reason')
      .where('child_id', '=', childId)
      .where('organisation_id', '=', surgeryId)
      .execute()
    assert.deepEqual(
      involvement.map((i) => i.reason),
      ['information_shared'],
    )
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('related_id', '=', id)
      .execute()
    assert.deepEqual(
      mail.map((m) => m.recipient),
      [NORTHSHIRE.gpLead],
    )
    assert.doesNotMatch(`${mail[0]?.subject ?? ''} ${mail[0]?.body ?? ''}`, /Maya|Example|bruising/)
    assert.ok((await auditActions(ctx.db)).includes('sharing.decision_recorded'))

    const again = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, {
      ...share(),
      submissionKey: 'share-1',
    })
    assert.equal(again.statusCode, 200, 'sent twice, written once')
    assert.deepEqual(again.json(), { id, reference, repeated: true })
    assert.equal((res.json() as { repeated: boolean }).repeated, false)
    assert.equal(await decisions(), 1)
  })

  test('the GP lead sees exactly what was shared, and nothing else of the child’s records', async () => {
    const res = await api(NORTHSHIRE.gpLead, 'GET', `/api/v1/children/${childId}/chronology`)
    assert.equal(res.statusCode, 200, res.body)
    const entries = (res.json() as { entries: Entry[] }).entries
    assert.deepEqual(entries.map((e) => e.type).sort(), ['shared_information', 'shared_information'])
    assert.ok(
      entries.some((e) => e.summary.startsWith('Finger-shaped bruising') && e.organisation === NORTHSHIRE.school),
    )
    assert.ok(entries.some((e) => e.summary === 'Bruising to both upper arms, in the shape of fingers.'))
    assert.ok(
      entries.every((e) => e.concernId === null),
      'no link into the school’s concern record',
    )
    assert.doesNotMatch(res.body, /Acknowledged|Mum’s boyfriend grabbed me|Referral/)
    // The surgery's other staff member sees nothing: the share was for its safeguarding lead.
    assert.equal((await api(NORTHSHIRE.gp, 'GET', `/api/v1/children/${childId}/chronology`)).statusCode, 404)
  })

  test('the GP lead confirms receipt, once; the sharer confirms nothing; others are refused', async () => {
    const [decision] = (
      (await api(NORTHSHIRE.gpLead, 'GET', `/api/v1/children/${childId}/sharing-decisions`)).json() as {
        decisions: { id: string; receiptConfirmedAt: string | null; awaitingYourReceipt: boolean }[]
      }
    ).decisions
    assert.ok(decision?.awaitingYourReceipt)
    const bySharer = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-receipts`)
    assert.deepEqual(bySharer.json(), { confirmed: 0 }, 'the sharer does not confirm its own share')
    assert.equal((await api(riversideDsl, 'POST', `/api/v1/children/${childId}/sharing-receipts`)).statusCode, 404)
    const confirmed = await api(NORTHSHIRE.gpLead, 'POST', `/api/v1/children/${childId}/sharing-receipts`)
    assert.equal(confirmed.statusCode, 200, confirmed.body)
    assert.deepEqual(confirmed.json(), { confirmed: 1 })
    const twice = await api(NORTHSHIRE.gpLead, 'POST', `/api/v1/children/${childId}/sharing-receipts`)
    assert.deepEqual(twice.json(), { confirmed: 0 })
    const seen = (
      (await api(NORTHSHIRE.dsl, 'GET', `/api/v1/children/${childId}/sharing-decisions`)).json() as {
        decisions: { receiptConfirmedAt: string | null }[]
      }
    ).decisions
    assert.ok(seen[0]?.receiptConfirmedAt !== null)
  })

  test('bad input is refused with field errors and nothing is written', async () => {
    const before = await decisions()
    const cases: [object, string][] = [
      [{ ...share(), lawfulBasis: undefined }, 'lawfulBasis'],
      [{ ...share(), consent: undefined }, 'consent'],
      [{ ...refusal(), consent: '' }, 'consent'],
      [{ ...refusal(), refusalReasons: '' }, 'refusalReasons'],
      [{ ...share(), summary: '', entryIds: [] }, 'summary'],
      [{ ...share(), recipientOrganisationId: '00000000-0000-4000-8000-000000000000' }, 'recipientOrganisationId'],
      [{ ...share(), entryIds: ['00000000-0000-4000-8000-000000000000'] }, 'entryIds'],
      [{ ...share(), gateways: ['ca2004_s16la'] }, 'gateways'],
      [{ ...share(), sharedOn: '2030-01-01' }, 'sharedOn'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(
        (res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        `${field}: ${res.body}`,
      )
    }
    for (const hostile of [{ gateways: 'x' }, { entryIds: [1] }, []]) {
      const res = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, hostile)
      assert.equal(res.statusCode, 400)
    }
    assert.equal(await decisions(), before)
  })

  test('only safeguarding leads of an involved organisation record or list decisions; refusals are audited', async () => {
    const before = await decisions()
    for (const email of [NORTHSHIRE.teacher, riversideDsl, trustLead]) {
      // Refused exactly as if there were no such child: a refusal does not confirm the child exists.
      const res = await api(email, 'POST', `/api/v1/children/${childId}/sharing-decisions`, share())
      assert.equal(res.statusCode, 404, email)
      assert.doesNotMatch(res.body, /Maya|Example/)
      assert.equal((await api(email, 'GET', `/api/v1/children/${childId}/sharing-decisions`)).statusCode, 404, email)
    }
    assert.equal(
      (
        await api(
          NORTHSHIRE.dsl,
          'POST',
          '/api/v1/children/00000000-0000-4000-8000-000000000000/sharing-decisions',
          share(),
        )
      ).statusCode,
      404,
    )
    assert.equal(await decisions(), before)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('sharing.record_denied'))
    assert.ok(actions.includes('sharing.list_denied'))
  })

  test('a decision not to share is recorded and listed with its reasons; it involves no one', async () => {
    const res = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, refusal())
    assert.equal(res.statusCode, 201, res.body)
    const list = (
      (await api(NORTHSHIRE.dsl, 'GET', `/api/v1/children/${childId}/sharing-decisions`)).json() as {
        decisions: { decision: string; refusalReasons: string | null; recipientOrganisation: string }[]
      }
    ).decisions
    const refused = list.find((d) => d.decision === 'not_share')
    assert.equal(refused?.refusalReasons, refusal().refusalReasons)
    assert.equal(refused?.recipientOrganisation, 'Northshire Youth Football Club')
    const clubInvolved = await ctx.db
      .selectFrom('involvement')
      .select('reason')
      .where('child_id', '=', childId)
      .where('organisation_id', '=', youthClubId)
      .execute()
    assert.deepEqual(clubInvolved, [])
    // The GP practice sees shares made to it, not the school's other decisions.
    const gpList = (
      (await api(NORTHSHIRE.gpLead, 'GET', `/api/v1/children/${childId}/sharing-decisions`)).json() as {
        decisions: { decision: string }[]
      }
    ).decisions
    assert.deepEqual(
      gpList.map((d) => d.decision),
      ['share'],
    )
  })
  test('copies of one decision sent at once are recorded once, and every copy answers the first decision', async () => {
    for (let round = 0; round < 3; round++) {
      const before = await decisions()
      const body = { ...refusal(), submissionKey: `refuse-race-${round}` }
      const url = `/api/v1/children/${childId}/sharing-decisions`
      const answers = await Promise.all(Array.from({ length: 6 }, () => api(NORTHSHIRE.dsl, 'POST', url, body)))
      assert.deepEqual(
        answers.map((a) => a.statusCode).sort(),
        [200, 200, 200, 200, 200, 201],
        `round ${round}: ${answers.map((a) => a.body).join(' | ')}`,
      )
      assert.equal(new Set(answers.map((a) => (a.json() as { id: string }).id)).size, 1)
      assert.equal(await decisions(), before + 1)
    }
  })
})

describe('who else is involved', () => {
  test('everyone who may see the child sees the organisations involved and whom to contact', async () => {
    for (const email of [NORTHSHIRE.gpLead, NORTHSHIRE.dsl, NORTHSHIRE.teacher, NORTHSHIRE.frontDoor]) {
      const res = await api(email, 'GET', `/api/v1/children/${childId}/involved-organisations`)
      assert.equal(res.statusCode, 200, `${email}: ${res.body}`)
      const orgs = (
        res.json() as {
          organisations: {
            name: string
            reasons: string[]
            contacts: { name: string; email: string }[]
            phone: string | null
          }[]
        }
      ).organisations
      const school = orgs.find((o) => o.name === NORTHSHIRE.school)
      assert.ok(
        school?.contacts.some((c) => c.name === 'Jane Morgan' && c.email === NORTHSHIRE.dsl),
        email,
      )
      assert.ok(orgs.find((o) => o.name === NORTHSHIRE.surgery)?.reasons.includes('Information was shared with it'))
      assert.equal(orgs.find((o) => o.name === NORTHSHIRE.la)?.phone, '01632 960 123')
    }
    for (const email of [riversideDsl, trustLead, NORTHSHIRE.gp]) {
      assert.equal(
        (await api(email, 'GET', `/api/v1/children/${childId}/involved-organisations`)).statusCode,
        404,
        email,
      )
    }
  })
})

describe('opening a record with a reason', () => {
  const reason = 'Maya was brought to our emergency department by ambulance tonight with a head injury'

  test('bad input and the wrong people are refused; a near miss is “no exact match”; nothing is opened', async () => {
    const before = await openings()
    const noReason = await api(trustLead, 'POST', '/api/v1/record-openings', { nhsNumber: maya.nhsNumber })
    assert.equal(noReason.statusCode, 400)
    assert.ok((noReason.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'reason'))
    const noChild = await api(trustLead, 'POST', '/api/v1/record-openings', { reason })
    assert.equal(noChild.statusCode, 400)
    const nearMiss = await api(trustLead, 'POST', '/api/v1/record-openings', {
      givenName: 'Maia',
      familyName: 'Example',
      dateOfBirth: maya.dateOfBirth,
      reason,
    })
    const nobody = await api(trustLead, 'POST', '/api/v1/record-openings', {
      givenName: 'Nobody',
      familyName: 'Known',
      dateOfBirth: maya.dateOfBirth,
      reason,
    })
    assert.equal(nearMiss.statusCode, 404)
    assert.equal(nearMiss.body, nobody.body, 'a near miss says no more than an unknown child')
    assert.equal(
      (await api(NORTHSHIRE.teacher, 'POST', '/api/v1/record-openings', { nhsNumber: maya.nhsNumber, reason }))
        .statusCode,
      403,
    )
    assert.equal(
      (await api(NORTHSHIRE.gpLead, 'POST', '/api/v1/record-openings', { nhsNumber: maya.nhsNumber, reason }))
        .statusCode,
      403,
      'an involved organisation already sees the record',
    )
    assert.equal(await openings(), before)
    assert.ok((await auditActions(ctx.db)).includes('record.open_no_exact_match'))
  })

  test('a health lead of an uninvolved trust opens the record by exact identity; the holders are emailed; it closes after 24 hours', async () => {
    assert.equal((await api(trustLead, 'GET', `/api/v1/children/${childId}/chronology`)).statusCode, 404)
    const res = await api(trustLead, 'POST', '/api/v1/record-openings', {
      givenName: ' maya ',
      familyName: 'EXAMPLE',
      dateOfBirth: maya.dateOfBirth,
      reason,
    })
    assert.equal(res.statusCode, 201, res.body)
    const opened = res.json() as { id: string; childId: string; expiresAt: string }
    assert.equal(opened.childId, childId)
    assert.equal(new Date(opened.expiresAt).getTime() - ctx.clock.now().getTime(), 24 * 3_600_000)
    assert.equal((await api(trustLead, 'GET', `/api/v1/children/${childId}/chronology`)).statusCode, 200)
    assert.equal((await api(trustLead, 'GET', `/api/v1/children/${childId}/involved-organisations`)).statusCode, 200)
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('related_id', '=', opened.id)
      .execute()
    const recipients = mail.map((m) => m.recipient)
    for (const r of [NORTHSHIRE.dsl, NORTHSHIRE.frontDoor, NORTHSHIRE.gpLead]) assert.ok(recipients.includes(r), r)
    assert.ok(mail.every((m) => !/Maya|Example|ambulance/.test(m.body)))

    const access = await api(NORTHSHIRE.dsl, 'GET', `/api/v1/children/${childId}/record-access`)
    assert.equal(access.statusCode, 200, access.body)
    const body = access.json() as {
      openings: { person: string; organisation: string; reason: string }[]
      rows: { person: string; what: string; why: string }[]
    }
    assert.deepEqual(
      body.openings.map((o) => [o.person, o.organisation, o.reason]),
      [['Yvonne Baker', 'Northshire NHS Foundation Trust', reason]],
    )
    assert.ok(body.rows.some((r) => r.person === 'Yvonne Baker' && r.what === 'Opened the record with a reason'))
    assert.ok(body.rows.some((r) => r.person === 'Yvonne Baker' && r.what === 'Viewed the chronology'))

    ctx.clock.advance(24 * 3_600_000 + 60_000)
    // API tokens expire too: sign in afresh.
    client = new ApiClient(ctx)
    assert.equal(
      (await api(trustLead, 'GET', `/api/v1/children/${childId}/chronology`)).statusCode,
      404,
      'closed after 24 hours',
    )
  })
})

describe('who has seen this child', () => {
  test('DSLs, team managers and the local authority see it; others are refused', async () => {
    for (const email of [NORTHSHIRE.dsl, NORTHSHIRE.teamManager, NORTHSHIRE.frontDoor])
      assert.equal((await api(email, 'GET', `/api/v1/children/${childId}/record-access`)).statusCode, 200, email)
    for (const email of [NORTHSHIRE.gpLead, NORTHSHIRE.teacher, riversideDsl, NORTHSHIRE.police])
      assert.equal((await api(email, 'GET', `/api/v1/children/${childId}/record-access`)).statusCode, 404, email)
    assert.ok((await auditActions(ctx.db)).includes('record.access_view_denied'))
  })

  test('filters by organisation and downloads as CSV', async () => {
    const filtered = (
      (
        await api(
          NORTHSHIRE.dsl,
          'GET',
          `/api/v1/children/${childId}/record-access?organisation=${encodeURIComponent(NORTHSHIRE.surgery)}`,
        )
      ).json() as { rows: { organisation: string }[] }
    ).rows
    assert.ok(filtered.length > 0)
    assert.ok(filtered.every((r) => r.organisation === NORTHSHIRE.surgery))
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.dsl, DEMO.password)
    const page = await b.get(`/children/${childId}/access`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Yvonne Baker/)
    const csv = await b.get(`/children/${childId}/access.csv`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.match(csv.body, /^"When","Person","Organisation","What","Why"\r\n/)
    assert.match(csv.body, /"Yvonne Baker","Northshire NHS Foundation Trust","Opened the record with a reason"/)
    assert.ok((await auditActions(ctx.db)).includes('record.access_exported'))
  })
})

describe('information sharing (pages)', () => {
  test('the guided form refuses bad input with an error summary, and records a refusal', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.dsl, DEMO.password)
    const child = await b.get(`/children/${childId}`)
    assert.equal(child.statusCode, 200)
    assert.match(child.body, /Who else is involved/)
    assert.match(child.body, /Elm Tree Surgery/)
    const form = await b.get(`/children/${childId}/sharing/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Record an information-sharing decision/)
    // Its questions reveal further questions: the script that keeps the radios valid ARIA (axe) comes with them.
    assert.match(form.body, /src="\/static\/conditional-reveals\.js"/)
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const empty = await b.post(`/children/${childId}/sharing/new`, { submissionKey: key })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /There is a problem/)
    assert.match(empty.body, /Select how this decision came about/)
    assert.match(empty.body, /Select whether consent was needed, asked for or given/)
    const before = await decisions()
    const sent = await b.post(`/children/${childId}/sharing/new`, {
      submissionKey: key,
      direction: 'refusal',
      decision: 'not_share',
      recipientOrganisationId: await organisationId(ctx, 'Riverside Academy'),
      consent: 'not_needed_risk',
      refusalReasons: 'Riverside has no role with Maya',
    })
    assert.equal(sent.statusCode, 303, sent.body)
    const again = await b.post(`/children/${childId}/sharing/new`, {
      submissionKey: key,
      direction: 'refusal',
      decision: 'not_share',
      recipientOrganisationId: await organisationId(ctx, 'Riverside Academy'),
      consent: 'not_needed_risk',
      refusalReasons: 'Riverside has no role with Maya',
    })
    assert.equal(again.statusCode, 303)
    assert.equal(await decisions(), before + 1, 'a form sent twice writes once')
    const list = await b.get(String(sent.headers.location))
    assert.match(list.body, /Decisions not to share/)
    assert.match(list.body, /Riverside has no role with Maya/)
  })

  test('the GP lead sees the share and the shared items on the child’s page', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.gpLead, DEMO.password)
    const page = await b.get(`/children/${childId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Information shared with you/)
    assert.match(page.body, /Finger-shaped bruising/)
    const sharing = await b.get(`/children/${childId}/sharing`)
    assert.equal(sharing.statusCode, 200)
    assert.doesNotMatch(sharing.body, /Riverside has no role/, 'not the school’s other decisions')
  })

  test('opening a record through the form, and a near miss; the form sent twice opens once', async () => {
    const before = await openings()
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.police, DEMO.password)
    await b.get('/open-record')
    const miss = await b.post('/open-record', {
      givenName: 'Mya',
      familyName: 'Example',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2016',
      reason: 'Attending an incident',
    })
    assert.equal(miss.statusCode, 404)
    // The step engine's form again, with the refusal above it (the bespoke page's heading was "No exact match").
    assert.match(miss.body, /No single child in your area exactly matches the details you gave/)
    assert.equal(await openings(), before, 'a near miss opens nothing')
    const form = {
      nhsNumber: maya.nhsNumber,
      reason: 'Attending an incident at the family home',
      submissionKey: 'open-1',
    }
    const opened = await b.post('/open-record', form)
    assert.equal(opened.statusCode, 303, opened.body)
    assert.equal(opened.headers.location, `/children/${childId}`)
    assert.equal((await b.post('/open-record', form)).headers.location, `/children/${childId}`)
    assert.equal(await openings(), before + 1, 'sent twice, opened once')
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'reason'])
      .where('action', '=', 'record.opened_with_reason')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual([audit.subject_type, audit.subject_id], ['child', childId])
    assert.match(audit.reason ?? '', /: Attending an incident at the family home$/)
    const teacher = new TestBrowser(ctx.app)
    await teacher.signIn(NORTHSHIRE.teacher, DEMO.password)
    assert.equal((await teacher.get('/open-record')).statusCode, 403)
  })
})
