/**
 * Multi-agency visibility of the protection work in a child's chronology: the holding local authority sees it
 * all; each other agency sees the part it has a reason to see (src/domain/protection/chronologyVisibility.ts).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import {
  caseWithPlan,
  NORTHSHIRE,
  openCase,
  recordCoreGroup,
  referralFromDsl,
  requestInformation,
  step,
  submitReport,
  type CaseWithPlan,
} from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
let maya: CaseWithPlan
let leo: { childId: string; episodeId: string }

const trustLead = 'safeguarding.lead@northshire-nhs.example'

interface Entry {
  type: string
  organisation: string
  author: string
  summary: string
  reference: string
  at: string
  dateOnly: boolean
}

async function chronology(
  email: string,
  childId: string,
  query = '',
): Promise<{ status: number; entries: Entry[]; body: string }> {
  const res = await client.call(email, 'GET', `/api/v1/children/${childId}/chronology${query}`)
  return {
    status: res.statusCode,
    entries: res.statusCode === 200 ? (res.json() as { entries: Entry[] }).entries : [],
    body: res.body,
  }
}
const types = (entries: readonly Entry[]) => [...new Set(entries.map((e) => e.type))].sort()

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  // The school refers Maya; the conference invites the school and the police; only the police join the core group.
  maya = await caseWithPlan(
    ctx,
    { givenName: 'Maya', familyName: 'Example', dateOfBirth: '2016-05-14' },
    { invite: [NORTHSHIRE.school, NORTHSHIRE.policeForce], coreGroup: [NORTHSHIRE.policeForce] },
  )
  await submitReport(
    ctx,
    maya.conferenceId,
    NORTHSHIRE.dsl,
    'School report: attendance 81%, bruising seen twice this term.',
  )
  await submitReport(
    ctx,
    maya.conferenceId,
    NORTHSHIRE.police,
    'Police report: two call-outs to the address this year.',
  )
  ctx.clock.advance(60_000)
  await recordCoreGroup(ctx, maya.episodeId, maya.planId, 'Core group: safety plan reviewed with mother.')
  // The front door asked the NHS trust (which answered) and the ICB (which has not answered yet).
  await requestInformation(ctx, maya.referralId, 'Northshire NHS Foundation Trust', 'Any A&E attendances this year?', {
    email: trustLead,
    text: 'Two attendances: a wrist sprain in March and a head injury in August.',
  })
  await requestInformation(ctx, maya.referralId, NORTHSHIRE.icb, 'Is the family registered with a GP?')
  // Leo: an assessment during which a strategy discussion is asked for (a step with no record of its own).
  const leoReferral = await referralFromDsl(ctx, { givenName: 'Leo', familyName: 'Example', dateOfBirth: '2018-09-02' })
  const leoEpisode = await openCase(ctx, leoReferral.referralId, { outcome: 'assessment' })
  await step(ctx, NORTHSHIRE.socialWorker, leoEpisode, {
    step: 'request_strategy_discussion',
    outcome: 'strategy_discussion',
    rationale: 'New disclosure at school.',
  })
  leo = { childId: leoReferral.childId, episodeId: leoEpisode }
})
after(async () => ctx.close())

describe('the holding local authority', () => {
  test('its social care staff see every part of the protection work', async () => {
    const { status, entries } = await chronology(NORTHSHIRE.socialWorker, maya.childId)
    assert.equal(status, 200)
    assert.deepEqual(types(entries), [
      'agency_information_given',
      'agency_information_requested',
      'conference_held',
      'conference_invitation',
      'conference_report',
      'core_group_meeting',
      'plan_started',
      'referral',
      'referral_decided',
      'section47_concluded',
      'section47_started',
      'strategy_discussion',
    ])
    assert.equal(entries.filter((e) => e.type === 'conference_invitation').length, 3, 'school, police and the mother')
    assert.equal(entries.filter((e) => e.type === 'conference_report').length, 2)
    assert.equal(entries.filter((e) => e.type === 'agency_information_requested').length, 2)
    const held = entries.find((e) => e.type === 'conference_held')
    assert.match(held?.summary ?? '', /Decision: Child protection plan \(Physical abuse\)/)
    assert.match(held?.summary ?? '', /Dissent: Father disagreed/, 'dissent stays with the local authority')
    assert.match(entries.find((e) => e.type === 'referral_decided')?.summary ?? '', /Rationale: Reasonable cause/)
    assert.match(entries.find((e) => e.type === 'strategy_discussion')?.summary ?? '', /Immediate safety actions/)
    const at = entries.map((e) => Date.parse(e.at))
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      'in time order',
    )
    assert.equal(
      entries.find((e) => e.type === 'section47_concluded')?.dateOnly,
      true,
      'a conclusion has a date, not a time',
    )
    assert.equal(entries.find((e) => e.type === 'strategy_discussion')?.dateOnly, false)
  })

  test('steps without a record of their own appear as case decisions', async () => {
    const { entries } = await chronology(NORTHSHIRE.socialWorker, leo.childId)
    const decision = entries.find((e) => e.type === 'episode_step')
    assert.match(
      decision?.summary ?? '',
      /^Strategy discussion asked for: Hold a strategy discussion\.\nRationale: New disclosure at school\.$/,
    )
    assert.equal(decision?.author, 'Tom Bennett')
  })

  test('entries can be filtered by kind', async () => {
    const { entries } = await chronology(NORTHSHIRE.socialWorker, maya.childId, '?type=conference_report')
    assert.equal(entries.length, 2)
    assert.ok(entries.every((e) => e.type === 'conference_report'))
  })
})

describe('other agencies see their part, and nothing more', () => {
  test('the invited school sees its own invitation and report, the conference’s date and decision, and its referral', async () => {
    const { status, entries, body } = await chronology(NORTHSHIRE.dsl, maya.childId)
    assert.equal(status, 200)
    const protection = entries.filter((e) => e.type !== 'concern' && e.type !== 'acknowledged' && e.type !== 'decision')
    assert.deepEqual(types(protection), [
      'conference_held',
      'conference_invitation',
      'conference_report',
      'referral',
      'referral_decided',
    ])
    assert.deepEqual(
      protection.filter((e) => e.type === 'conference_invitation').map((e) => e.summary),
      ['Oakfield Primary School invited to the initial child protection conference on 23 November 2026.'],
    )
    assert.deepEqual(
      protection.filter((e) => e.type === 'conference_report').map((e) => e.organisation),
      [NORTHSHIRE.school],
    )
    assert.match(
      protection.find((e) => e.type === 'conference_held')?.summary ?? '',
      /^Initial child protection conference held on 23 November 2026\. Decision: Child protection plan \(Physical abuse\)\.$/,
    )
    assert.doesNotMatch(
      body,
      /Police report|Dissent|Father|Rationale|Strategy discussion held|Section 47 enquiry|Safety plan|Core group|A&E|Sarah Example|Northshire Police invited/,
    )
  })

  test('a core group member sees the plan and core group meetings, its own report, but not the school’s', async () => {
    const { status, entries, body } = await chronology(NORTHSHIRE.police, maya.childId)
    assert.equal(status, 200)
    assert.deepEqual(types(entries), [
      'conference_held',
      'conference_invitation',
      'conference_report',
      'core_group_meeting',
      'plan_started',
    ])
    assert.match(
      entries.find((e) => e.type === 'plan_started')?.summary ?? '',
      /^Child protection plan started\. Category: Physical abuse\. Lead practitioner: Tom Bennett\.$/,
    )
    assert.match(entries.find((e) => e.type === 'core_group_meeting')?.summary ?? '', /safety plan reviewed/)
    assert.doesNotMatch(body, /School report|Oakfield Primary School invited|Rationale|Dissent/)
  })

  test('an agency that answered a request for information sees that request and its answer only', async () => {
    const { status, entries } = await chronology(trustLead, maya.childId)
    assert.equal(status, 200)
    assert.deepEqual(
      entries.map((e) => [e.type, e.summary]),
      [
        ['agency_information_requested', 'Asked Northshire NHS Foundation Trust: Any A&E attendances this year?'],
        ['agency_information_given', 'Two attendances: a wrist sprain in March and a head injury in August.'],
      ],
    )
  })

  test('an agency asked but yet to answer sees none of the protection work', async () => {
    const { status, entries } = await chronology(NORTHSHIRE.designatedNurse, maya.childId)
    assert.equal(status, 200)
    assert.deepEqual(entries, [])
  })

  test('a teacher who raised the concern sees the referral it led to, not the conference', async () => {
    const { entries } = await chronology(NORTHSHIRE.teacher, maya.childId)
    assert.ok(entries.some((e) => e.type === 'referral'))
    assert.ok(!entries.some((e) => e.type.startsWith('conference') || e.type === 'plan_started'))
    const decided = entries.find((e) => e.type === 'referral_decided')
    assert.equal(decided?.summary, 'Decision: Strategy discussion (reasonable cause to suspect significant harm).')
  })

  test('an uninvolved GP practice sees nothing at all: the child is “not found”', async () => {
    for (const email of [NORTHSHIRE.gp, NORTHSHIRE.gpLead]) {
      const res = await chronology(email, maya.childId)
      assert.equal(res.status, 404, email)
      assert.doesNotMatch(res.body, /Maya|conference|plan/i)
    }
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.gpLead, DEMO.password)
    assert.equal((await b.get(`/children/${maya.childId}`)).statusCode, 404)
    assert.equal((await b.get(`/children/${maya.childId}/chronology.pdf`)).statusCode, 404)
  })
})

describe('the chronology page and PDF', () => {
  test('the invited school’s page shows its part; its PDF is made', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.dsl, DEMO.password)
    const page = await b.get(`/children/${maya.childId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Conference invitation/)
    assert.match(page.body, /Oakfield Primary School invited to the initial child protection conference/)
    assert.match(page.body, /Child protection conference/)
    assert.doesNotMatch(page.body, /Northshire Police invited|Police report|Strategy discussion held/)
    assert.match(page.body, /<option value="conference_report">Report to conference<\/option>/)
    const pdf = await b.get(`/children/${maya.childId}/chronology.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-')
  })

  test('the local authority’s page shows every kind, with dates where there is no time of day', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.socialWorker, DEMO.password)
    const page = await b.get(`/children/${maya.childId}`)
    assert.equal(page.statusCode, 200)
    for (const label of [
      'Strategy discussion',
      'Section 47 enquiry started',
      'Section 47 enquiry concluded',
      'Child protection plan started',
      'Core group meeting',
      'Information given by an agency',
    ]) {
      assert.match(page.body, new RegExp(`<strong>${label}</strong>`), label)
    }
  })
})

describe('a long chronology comes a page at a time', () => {
  test('the API gives pages from the oldest, says how many there are, and audits the page seen', async () => {
    const whole = await client.call(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children/${maya.childId}/chronology`)
    const all = whole.json() as { entries: Entry[]; totalEntries: number; page: { number: number; pages: number } }
    assert.equal(all.totalEntries, all.entries.length, 'a short chronology fits on the first page')
    assert.deepEqual(all.page, { number: 1, size: 200, pages: 1 })
    assert.ok(all.totalEntries > 6)
    const pageOf = async (query: string) => {
      const res = await client.call(
        NORTHSHIRE.socialWorker,
        'GET',
        `/api/v1/children/${maya.childId}/chronology${query}`,
      )
      return res.json() as { entries: Entry[]; totalEntries: number; page: { number: number; pages: number } }
    }
    const first = await pageOf('?pageSize=3')
    const second = await pageOf('?pageSize=3&page=2')
    assert.equal(first.totalEntries, all.totalEntries)
    assert.equal(first.page.pages, Math.ceil(all.totalEntries / 3))
    assert.deepEqual(
      [...first.entries, ...second.entries].map((e) => e.reference + e.type + e.at),
      all.entries.slice(0, 6).map((e) => e.reference + e.type + e.at),
      'pages follow one another in time order',
    )
    const beyond = await pageOf('?pageSize=3&page=999')
    assert.equal(beyond.page.number, first.page.pages, 'a page past the end gives the last')
    assert.deepEqual(
      beyond.entries,
      all.entries.slice((first.page.pages - 1) * 3).map((e) => ({ ...e })),
    )
    for (const bad of ['?page=0', '?page=two', '?pageSize=0', '?pageSize=99999'])
      assert.equal(
        (await client.call(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children/${maya.childId}/chronology${bad}`))
          .statusCode,
        400,
        bad,
      )
    const audited = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'child.chronology_viewed')
      .where('subject_id', '=', maya.childId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual(audited.details, { entries: all.totalEntries, page: first.page.pages, pageSize: 3 })
  })

  test('every page in turn gives the whole story once, the concern’s entries and the protection work’s interleaved', async () => {
    // The school's DSL sees the school's concern and its events (read by the chronology's statement) and its part
    // of the protection work (built by the visibility rule); an addendum written now comes after the conference.
    const { concern_id: concernId } = await ctx.db
      .selectFrom('referral')
      .select('concern_id')
      .where('id', '=', maya.referralId)
      .executeTakeFirstOrThrow()
    ctx.clock.advance(60_000)
    const added = await client.call(NORTHSHIRE.teacher, 'POST', `/api/v1/concerns/${String(concernId)}/addenda`, {
      text: 'Maya said today that she is frightened to go home.',
    })
    assert.equal(added.statusCode, 201, added.body)
    const read = async (query: string) =>
      (await client.call(NORTHSHIRE.dsl, 'GET', `/api/v1/children/${maya.childId}/chronology${query}`)).json() as {
        entries: Entry[]
        page: { pages: number }
      }
    const all = await read('?pageSize=1000')
    const fromConcerns = (e: Entry) => ['concern', 'addendum', 'acknowledged', 'decision'].includes(e.type)
    assert.ok(
      all.entries.findIndex((e) => !fromConcerns(e)) < all.entries.findLastIndex(fromConcerns),
      'the two kinds of entry interleave',
    )
    for (const size of [1, 2, 5]) {
      const pages: Entry[] = []
      const { page } = await read(`?pageSize=${size}`)
      for (let n = 1; n <= page.pages; n++) pages.push(...(await read(`?pageSize=${size}&page=${n}`)).entries)
      assert.deepEqual(pages, all.entries, `pages of ${size}`)
    }
  })

  test('the child’s page opens on the newest entries and links to older ones; the PDF keeps them all', async () => {
    // 150 concerns recorded by Oakfield about Leo, written as recordConcern writes them (150 through the form
    // would take minutes): the school's DSL sees them all.
    const dsl = await ctx.db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('email', '=', NORTHSHIRE.dsl)
      .executeTakeFirstOrThrow()
    const area = await ctx.db
      .selectFrom('organisation')
      .select('local_area_id')
      .where('id', '=', dsl.organisation_id)
      .executeTakeFirstOrThrow()
    await sql`INSERT INTO concern (id, reference, organisation_id, local_area_id, author_user_id, observed_at, place, facts, child_words, others_present, categories, immediate_danger, action_taken, created_at, state, state_changed_at)
      SELECT gen_random_uuid(), 'C-PAGE-' || lpad(g::text, 4, '0'), ${dsl.organisation_id}, ${area.local_area_id}, ${dsl.id},
        timestamptz '2024-01-01 09:00Z' + g * interval '1 day', 'Classroom', 'Paged concern number ' || g, '', '', ARRAY['neglect'], false, '',
        timestamptz '2024-01-01 10:00Z' + g * interval '1 day', 'decided', now()
      FROM generate_series(1, 150) AS g`.execute(ctx.db)
    await sql`INSERT INTO concern_child (concern_id, child_id) SELECT id, ${leo.childId} FROM concern WHERE reference LIKE 'C-PAGE-%'`.execute(
      ctx.db,
    )
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.dsl, DEMO.password)
    const newest = await b.get(`/children/${leo.childId}`)
    assert.equal(newest.statusCode, 200)
    const total = Number(/Entries \d+ to \d+ of (\d+), oldest first/.exec(newest.body)?.[1])
    assert.ok(total >= 150, 'the caption says how many entries there are')
    assert.match(newest.body, /Page 2 of 2: the most recent entries/)
    assert.match(newest.body, /Paged concern number 150/)
    assert.doesNotMatch(newest.body, /Paged concern number 1</)
    assert.match(newest.body, /href="\/children\/[^"]+\?page=1#chronology"[^>]*>[\s\S]*?Older entries/)
    const older = await b.get(`/children/${leo.childId}?page=1`)
    assert.match(older.body, /Paged concern number 1</)
    assert.doesNotMatch(older.body, /Paged concern number 150/)
    assert.match(older.body, /Newer entries/)
    const filtered = await b.get(`/children/${leo.childId}?category=neglect&page=1`)
    assert.match(filtered.body, /category=neglect&amp;page=2#chronology/, 'pages keep the filters')
    const pdf = await b.get(`/children/${leo.childId}/chronology.pdf`)
    assert.equal(pdf.statusCode, 200)
  })
})
