import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE, referralFromDsl } from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

const LEADS = {
  la: 'partnership.lead@northshire-council.example',
  icb: 'partnership.lead@northshire-icb.example',
  police: 'partnership.lead@northshire-police.example',
}
const BM = 'business.manager@northshire-council.example'
const SCRUTINEER = 'independent.scrutineer@northshire-council.example'
const maya = { givenName: 'Maya', familyName: 'Example', dateOfBirth: '2016-05-14', nhsNumber: '4010232137' }

const count = async (table: 'serious_incident' | 'partnership_sign_off' | 'recommendation' | 'rapid_review_agency') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

const notification = {
  awareOn: '2026-11-17',
  notifiedPanelOn: '2026-11-20',
  incidentOn: '2026-11-16',
  location: 'The family home, Northshire',
  harm: 'serious_harm',
  abuseOrNeglect: 'suspected',
  child1NhsNumber: maya.nhsNumber,
  child1Status: 'child_in_need',
  happenedIn: 'Northshire',
  childLivesIn: 'Northshire',
}

/** The named controls of the page's form posting to `action`, in page order, as tags. */
function formControls(html: string, action: string): string[] {
  const start = html.indexOf(`action="${action}"`)
  assert.notEqual(start, -1, `a form posting to ${action}`)
  const form = html.slice(start, html.indexOf('</form>', start))
  return [...form.matchAll(/<(?:input|textarea)\b[^>]*>/g)].map((m) => m[0])
}
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

/** The names of the form's text boxes and text areas, in page order (repeats included). */
function textBoxes(html: string, action: string): string[] {
  return formControls(html, action)
    .filter((tag) => tag.startsWith('<textarea') || !/\stype="(hidden|radio|checkbox)"/.test(tag))
    .map((tag) => attr(tag, 'name') ?? '')
}

/**
 * What a browser without JavaScript sends for the form: every text box (the first of a name with what the person
 * typed, any other empty), the hidden submission key, and the radios and checkboxes they chose. The CSRF token is
 * added by TestBrowser.post.
 */
function browserSubmission(html: string, action: string, typed: Record<string, string>): Record<string, string[]> {
  const sent: [string, string][] = []
  const filled = new Set<string>()
  for (const tag of formControls(html, action)) {
    const name = attr(tag, 'name') ?? ''
    const type = tag.startsWith('<textarea') ? 'textarea' : (attr(tag, 'type') ?? 'text')
    if (name === '_csrf') continue
    if (type === 'hidden') sent.push([name, attr(tag, 'value') ?? ''])
    else if (type === 'radio' || type === 'checkbox') {
      if (typed[name] === attr(tag, 'value')) sent.push([name, typed[name] ?? ''])
    } else {
      sent.push([name, filled.has(name) ? '' : (typed[name] ?? '')])
      filled.add(name)
    }
  }
  const form: Record<string, string[]> = {}
  for (const [name, value] of sent) (form[name] ??= []).push(value)
  return form
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  await referralFromDsl(ctx, maya)
})
after(async () => ctx.close())

describe('learning from a serious incident', () => {
  let incidentId = ''

  test('a notification without its children or awareness date is refused and writes nothing', async () => {
    const { child1NhsNumber: _c, child1Status: _s, ...noChildren } = notification
    const res = await api(NORTHSHIRE.teamManager, 'POST', '/api/v1/partnership/incidents', noChildren)
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /child1NhsNumber/)
    const { awareOn: _a, ...noDate } = notification
    const res2 = await api(NORTHSHIRE.teamManager, 'POST', '/api/v1/partnership/incidents', noDate)
    assert.equal(res2.statusCode, 400)
    assert.match(res2.body, /awareOn/)
    assert.equal(await count('serious_incident'), 0)
  })

  test('only the local authority notifies; an unknown NHS number says so', async () => {
    const res = await api(NORTHSHIRE.police, 'POST', '/api/v1/partnership/incidents', notification)
    assert.equal(res.statusCode, 403)
    const unknown = await api(NORTHSHIRE.teamManager, 'POST', '/api/v1/partnership/incidents', {
      ...notification,
      child1NhsNumber: '4010232161',
    })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.body, /No child with this NHS number/)
    assert.equal(await count('serious_incident'), 0)
  })

  test('the local authority notifies, the clocks start and the partners are told by email', async () => {
    const res = await api(NORTHSHIRE.teamManager, 'POST', '/api/v1/partnership/incidents', {
      ...notification,
      submissionKey: 'notify-once',
    })
    assert.equal(res.statusCode, 201, res.body)
    incidentId = (res.json() as { id: string }).id
    const again = await api(NORTHSHIRE.teamManager, 'POST', '/api/v1/partnership/incidents', {
      ...notification,
      submissionKey: 'notify-once',
    })
    assert.equal(again.statusCode, 200)
    assert.equal(await count('serious_incident'), 1)
    const clocks = await ctx.db
      .selectFrom('deadline')
      .select(['rule_id', 'due_on', 'completed_at'])
      .where('subject_id', '=', incidentId)
      .orderBy('rule_id')
      .execute()
    assert.deepEqual(
      clocks.map((c) => [c.rule_id, c.due_on, c.completed_at !== null]),
      [
        // 15 working days from Friday 20 November 2026; 5 from Tuesday 17 November.
        ['rapid-review', '2026-12-11', false],
        ['serious-incident-notification', '2026-11-24', true],
      ],
    )
    const emails = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('kind', '=', 'partnership.serious_incident')
      .execute()
    assert.ok(emails.some((e) => e.recipient === LEADS.police))
    assert.ok(emails.some((e) => e.recipient === BM))
    for (const e of emails) assert.doesNotMatch(e.body, /Maya/)
    // The email says where to look.
    for (const e of emails) assert.ok(e.body.includes(`/partnership/incidents/${incidentId}`), e.body)
  })

  test('a decision before every asked agency has answered is refused', async () => {
    const started = await api(BM, 'POST', `/api/v1/partnership/incidents/${incidentId}/rapid-review`, {
      agencies: ['police', 'health', 'education'],
      summariesDueOn: '2026-12-01',
    })
    assert.equal(started.statusCode, 201, started.body)
    const asked = await ctx.db
      .selectFrom('rapid_review_agency as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select('o.name')
      .where('a.incident_id', '=', incidentId)
      .orderBy('o.name')
      .execute()
    assert.deepEqual(
      asked.map((a) => a.name),
      ['Northshire ICB', 'Northshire Police', 'Oakfield Primary School'],
    )
    // Each agency's safeguarding leads are asked by email, with where to answer: nothing else links there.
    const asking = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'body'])
      .where('kind', '=', 'partnership.agency_summary_requested')
      .execute()
    assert.ok(asking.some((e) => e.recipient === NORTHSHIRE.dsl))
    for (const e of asking) assert.ok(e.body.includes('/partnership/summaries'), e.body)
    const decision = {
      meetingOn: '2026-11-23',
      decision: 'practice_review',
      immediateActions: 'Safety plan for Maya’s brother',
      learning: 'Information about the new partner was not shared',
    }
    const early = await api(BM, 'POST', `/api/v1/partnership/incidents/${incidentId}/decision`, decision)
    assert.equal(early.statusCode, 409)
    assert.match(early.body, /Waiting for a summary from/)
    // The scrutineer reads but cannot act.
    const scrutineer = await api(SCRUTINEER, 'POST', `/api/v1/partnership/incidents/${incidentId}/decision`, decision)
    assert.equal(scrutineer.statusCode, 403)
    // Agencies answer: police and the school with summaries, health says it holds nothing.
    const summary = {
      answer: 'summary',
      involvement: 'Attended on 16 November',
      analysis: 'Timely',
      learning: 'Share sooner',
    }
    assert.equal(
      (await api(NORTHSHIRE.police, 'POST', `/api/v1/partnership/incidents/${incidentId}/summary`, summary)).statusCode,
      201,
    )
    assert.equal(
      (await api(NORTHSHIRE.dsl, 'POST', `/api/v1/partnership/incidents/${incidentId}/summary`, summary)).statusCode,
      201,
    )
    const twice = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/partnership/incidents/${incidentId}/summary`, summary)
    assert.equal(twice.statusCode, 409)
    // A GP practice that was not asked cannot even see the form.
    const gp = await api(NORTHSHIRE.gpLead, 'POST', `/api/v1/partnership/incidents/${incidentId}/summary`, summary)
    assert.equal(gp.statusCode, 404)
    assert.equal(
      (
        await api(NORTHSHIRE.designatedNurse, 'POST', `/api/v1/partnership/incidents/${incidentId}/summary`, {
          answer: 'holds_nothing',
        })
      ).statusCode,
      201,
    )
    const decided = await api(BM, 'POST', `/api/v1/partnership/incidents/${incidentId}/decision`, decision)
    assert.equal(decided.statusCode, 201, decided.body)
  })

  test('sign-off only by the three leads; the third completes the review', async () => {
    const bm = await api(BM, 'POST', `/api/v1/partnership/incidents/${incidentId}/sign-off`, { confirm: ['yes'] })
    assert.equal(bm.statusCode, 403)
    assert.equal(await count('partnership_sign_off'), 0)
    for (const [i, lead] of [LEADS.la, LEADS.police].entries()) {
      const res = await api(lead, 'POST', `/api/v1/partnership/incidents/${incidentId}/sign-off`, { confirm: ['yes'] })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal((res.json() as { remaining: string[] }).remaining.length, 1 - i + 1)
    }
    const again = await api(LEADS.la, 'POST', `/api/v1/partnership/incidents/${incidentId}/sign-off`, {
      confirm: ['yes'],
    })
    assert.equal(again.statusCode, 409)
    const last = await api(LEADS.icb, 'POST', `/api/v1/partnership/incidents/${incidentId}/sign-off`, {
      confirm: ['yes'],
    })
    assert.equal(last.statusCode, 201)
    const incident = await ctx.db
      .selectFrom('serious_incident')
      .select(['stage', 'sent_to_panel_on'])
      .executeTakeFirstOrThrow()
    assert.equal(incident.stage, 'practice_review')
    assert.equal(incident.sent_to_panel_on, '2026-11-23')
    const rr = await ctx.db
      .selectFrom('deadline')
      .select('completed_at')
      .where('subject_id', '=', incidentId)
      .where('rule_id', '=', 'rapid-review')
      .executeTakeFirstOrThrow()
    assert.ok(rr.completed_at !== null)
  })

  test('the practice review: stages in order; publication at least 7 working days after the Panel has it', async () => {
    const url = `/api/v1/partnership/incidents/${incidentId}/practice-review`
    const outOfOrder = await api(BM, 'POST', url, { stage: 'draft', occurredOn: '2026-11-23' })
    assert.equal(outOfOrder.statusCode, 400)
    for (const body of [
      { stage: 'commissioned', occurredOn: '2026-11-23', reviewer: 'A. Reviewer', termsOfReference: 'Scope' },
      { stage: 'draft', occurredOn: '2026-11-23' },
      { stage: 'final', occurredOn: '2026-11-23', plannedPublicationOn: '2027-01-20' },
    ])
      assert.equal((await api(BM, 'POST', url, body)).statusCode, 201)
    const due = await ctx.db
      .selectFrom('deadline')
      .select('due_on')
      .where('subject_id', '=', incidentId)
      .where('rule_id', '=', 'practice-review-to-panel')
      .executeTakeFirstOrThrow()
    assert.equal(due.due_on, '2027-01-11') // 7 working days before Wednesday 20 January 2027
    assert.equal((await api(BM, 'POST', url, { stage: 'sent', occurredOn: '2026-11-23' })).statusCode, 201)
    const tooSoon = await api(BM, 'POST', url, {
      stage: 'published',
      occurredOn: '2026-11-23',
      url: 'https://example.org/r',
    })
    assert.equal(tooSoon.statusCode, 400)
    assert.match(tooSoon.body, /7 working days/)
  })

  test('a recommendation’s action appears on its owner’s Due and overdue, and completes only with evidence', async () => {
    const res = await api(BM, 'POST', '/api/v1/partnership/recommendations', {
      source: 'rapid_review',
      incidentReference: 'SI-2026-0001',
      text: 'Share information about new adults in the household',
      themes: ['information_sharing'],
      actionDescription: 'Add a prompt to the referral form',
      ownerEmail: NORTHSHIRE.teamManager,
      dueOn: '2026-12-18',
    })
    assert.equal(res.statusCode, 201, res.body)
    const { actionId } = res.json() as { actionId: string }
    const due = await api(NORTHSHIRE.teamManager, 'GET', '/api/v1/deadlines?scope=mine')
    assert.match(due.body, /Action from recommendation R-2026-0001/)
    const noEvidence = await api(NORTHSHIRE.teamManager, 'POST', `/api/v1/partnership/actions/${actionId}/update`, {
      status: 'completed',
    })
    assert.equal(noEvidence.statusCode, 400)
    const done = await api(NORTHSHIRE.teamManager, 'POST', `/api/v1/partnership/actions/${actionId}/update`, {
      status: 'completed',
      evidenceOfImpact: 'Audit of 20 referrals: all now record new adults',
    })
    assert.equal(done.statusCode, 201, done.body)
    const other = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/partnership/actions/${actionId}/update`, {
      status: 'in_progress',
    })
    assert.equal(other.statusCode, 404)
  })

  test('the recommendation form, sent by a browser without JavaScript, links the incident typed under its review', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(BM, DEMO.password)
    const page = await browser.get('/partnership/recommendations/new')
    assert.equal(page.statusCode, 200)
    const boxes = textBoxes(page.body, '/partnership/recommendations/new')
    // A browser sends every text box, hidden or not: a name used twice would be sent twice.
    assert.deepEqual(
      boxes.filter((name, i) => boxes.indexOf(name) !== i),
      [],
      'each text box has a name of its own',
    )
    const res = await browser.post(
      '/partnership/recommendations/new',
      browserSubmission(page.body, '/partnership/recommendations/new', {
        source: 'rapid_review',
        incidentReference: 'SI-2026-0001',
        text: 'Ask about new adults in the household',
        actionDescription: 'Brief response officers',
        ownerEmail: LEADS.police,
        'dueOn-day': '18',
        'dueOn-month': '12',
        'dueOn-year': '2026',
      }),
    )
    assert.equal(res.statusCode, 303, res.body)
    assert.equal(res.headers.location, '/partnership/actions?recorded=1')
    const linked = await ctx.db
      .selectFrom('recommendation as r')
      .innerJoin('serious_incident as i', 'i.id', 'r.incident_id')
      .select(['r.source', 'i.reference'])
      .where('r.text', '=', 'Ask about new adults in the household')
      .executeTakeFirst()
    assert.deepEqual(linked, { source: 'rapid_review', reference: 'SI-2026-0001' })
  })

  test('a practice review’s recommendation keeps its incident; a review’s without a reference is refused', async () => {
    const body = {
      source: 'practice_review',
      text: 'Practice review: share information about new adults',
      actionDescription: 'Add a prompt to the referral form',
      ownerEmail: NORTHSHIRE.teamManager,
      dueOn: '2026-12-18',
    }
    const before = await count('recommendation')
    const missing = await api(BM, 'POST', '/api/v1/partnership/recommendations', body)
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Enter the serious incident reference/)
    assert.equal(await count('recommendation'), before)
    const res = await api(BM, 'POST', '/api/v1/partnership/recommendations', {
      ...body,
      incidentReference: 'si-2026-0001',
    })
    assert.equal(res.statusCode, 201, res.body)
    const stored = await ctx.db
      .selectFrom('recommendation')
      .select('incident_id')
      .where('id', '=', (res.json() as { id: string }).id)
      .executeTakeFirstOrThrow()
    assert.equal(stored.incident_id, incidentId)
    // Scrutiny and audits need no incident.
    const scrutiny = await api(BM, 'POST', '/api/v1/partnership/recommendations', { ...body, source: 'scrutiny' })
    assert.equal(scrutiny.statusCode, 201, scrutiny.body)
  })

  test('the incident page names the children only to the partnership, and audits the view', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(SCRUTINEER, DEMO.password)
    const page = await browser.get(`/partnership/incidents/${incidentId}`)
    assert.equal(page.statusCode, 200)
    const register = await browser.get('/partnership')
    assert.equal(register.statusCode, 200, register.body)
    assert.match(register.body, /Ruth Adeyemi/)
    assert.match(register.body, /Det Supt Mark Ellis/)
    for (const url of [
      '/partnership/incidents',
      '/partnership/actions',
      '/partnership/data-set',
      '/partnership/yearly-reports',
    ])
      assert.equal((await browser.get(url)).statusCode, 200, url)
    assert.match(page.body, /Maya Example/)
    const police = new TestBrowser(ctx.app)
    await police.signIn(NORTHSHIRE.police, DEMO.password)
    assert.equal((await police.get(`/partnership/incidents/${incidentId}`)).statusCode, 404)
  })
})

describe('the data set and the yearly report', () => {
  test('dashboards suppress small numbers and never name a child', async () => {
    const res = await api(BM, 'GET', '/api/v1/partnership/data-set/referrals-by-source?year=2026')
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json() as {
      months: { thisYear: number | null }[]
      breakdowns: Record<string, { numerator: number | null }[]>
    }
    // One referral this year: every figure is under 5 and hidden.
    assert.ok(body.months.every((m) => m.thisYear === null))
    for (const rows of Object.values(body.breakdowns)) for (const r of rows) assert.equal(r.numerator, null)
    assert.doesNotMatch(res.body, /Maya/)
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(BM, DEMO.password)
    const page = await browser.get('/partnership/data-set/referrals-by-source')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<svg[^>]+role="img"/)
    assert.match(page.body, /Not shown \(small number\)/)
    const csv = await browser.get('/partnership/data-set/referrals-by-source/csv?year=2026')
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    const list = await api(SCRUTINEER, 'GET', '/api/v1/partnership/data-set')
    assert.equal(list.statusCode, 200)
    assert.equal((await api(NORTHSHIRE.dsl, 'GET', '/api/v1/partnership/data-set')).statusCode, 403)
  })

  test('the figures count Together’s records: by month, by sex, by ethnicity, with small groups hidden', async () => {
    // Six more referrals this November about girls recorded as White British, one about a boy: 8 in all with Maya's.
    const la = await ctx.db
      .selectFrom('organisation')
      .select(['id', 'local_area_id'])
      .where('name', '=', NORTHSHIRE.la)
      .executeTakeFirstOrThrow()
    const maya = await ctx.db
      .selectFrom('child')
      .select(['id', 'created_by', 'created_by_organisation_id'])
      .executeTakeFirstOrThrow()
    for (let i = 0; i < 7; i++) {
      const child = randomUUID()
      await ctx.db
        .insertInto('child')
        .values({
          id: child,
          local_area_id: la.local_area_id,
          given_name: 'Count',
          family_name: `Child${i}`,
          search_name: `count child${i}`,
          date_of_birth: '2015-03-01',
          expected_date_of_delivery: null,
          sex: i < 6 ? 'female' : 'male',
          nhs_number: null,
          upn: null,
          mother_person_id: null,
          created_by: maya.created_by,
          created_by_organisation_id: maya.created_by_organisation_id,
          created_at: new Date(),
          ethnicity: 'WBRI',
        })
        .execute()
      await ctx.db
        .insertInto('referral')
        .values({
          id: randomUUID(),
          reference: `COUNT-${i}`,
          child_id: child,
          from_organisation_id: null,
          to_organisation_id: la.id,
          concern_id: null,
          referred_by: null,
          summary: 'Counted',
          received_at: new Date('2026-11-10T10:00:00Z'),
          state: 'decided',
          referrer_name: null,
          referrer_contact: null,
          referrer_relationship: null,
          parents_aware: null,
          parental_consent: null,
          consent_not_sought_reason: null,
          acknowledged_at: null,
          submitted_from: null,
        })
        .execute()
    }
    const res = await api(BM, 'GET', '/api/v1/partnership/data-set/referrals-by-source?year=2026')
    const body = res.json() as {
      thisYear: string
      months: { month: string; thisYear: number | null }[]
      breakdowns: Record<string, { label: string; numerator: number | null }[]>
    }
    assert.equal(body.thisYear, '8')
    assert.equal(body.months.find((m) => m.month === '2026-11')?.thisYear, 8)
    const sex = Object.fromEntries((body.breakdowns.sex ?? []).map((r) => [r.label, r.numerator]))
    // The one boy is hidden; so are the 7 girls, or 8 − 7 would give him away (secondary suppression).
    assert.deepEqual(sex, { Female: null, Male: null })
    const ethnicity = Object.fromEntries((body.breakdowns.ethnic_group ?? []).map((r) => [r.label, r.numerator]))
    assert.deepEqual(ethnicity, { White: null, 'Not recorded or refused': null })
    const age = Object.fromEntries((body.breakdowns.age_band ?? []).map((r) => [r.label, r.numerator]))
    assert.equal(age['10 to 15'], 8)
  })

  test('the yearly report is drafted, signed off by the three leads, and published as PDF', async () => {
    const sections = {
      activity: 'We met monthly.',
      reviews_and_learning: 'One rapid review.',
      scrutiny: 'Scrutineer attended.',
      education: 'Schools on every subgroup.',
      impact: 'See the data.',
      disproportionality: 'Too few to analyse.',
      priorities: 'Information sharing.',
    }
    const missing = await api(BM, 'POST', '/api/v1/partnership/yearly-reports', {
      startYear: '2025',
      ...sections,
      impact: '',
    })
    assert.equal(missing.statusCode, 400)
    const res = await api(BM, 'POST', '/api/v1/partnership/yearly-reports', { startYear: '2025', ...sections })
    assert.equal(res.statusCode, 201, res.body)
    const { id } = res.json() as { id: string }
    const clock = await ctx.db
      .selectFrom('deadline')
      .select('due_on')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(clock.due_on, '2026-09-30')
    for (const lead of [LEADS.la, LEADS.police, LEADS.icb])
      assert.equal(
        (await api(lead, 'POST', `/api/v1/partnership/yearly-reports/${id}/sign-off`, { confirm: ['yes'] })).statusCode,
        201,
      )
    const report = await ctx.db.selectFrom('yearly_report').select('state').executeTakeFirstOrThrow()
    assert.equal(report.state, 'published')
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(SCRUTINEER, DEMO.password)
    const html = await browser.get(`/partnership/yearly-reports/${id}`)
    assert.equal(html.statusCode, 200)
    assert.match(html.body, /Published/)
    assert.match(html.body, /R-2026-0001/)
    const pdf = await browser.get(`/partnership/yearly-reports/${id}/pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-')
  })
})
