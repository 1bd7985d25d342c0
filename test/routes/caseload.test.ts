import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { newId } from '../../src/platform/security/secrets.js'
import {
  actorFor,
  concludeSection47WithConference,
  holdInitialConferenceWithPlan,
  NORTHSHIRE,
  openCase,
  recordCoreGroup,
  referralFromDsl,
  referralsFromDsl,
  scheduleConference,
  strategyDiscussionStartingSection47,
} from '../support/caseloadFixtures.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, url: string) => client.call(email, 'GET', url)

const secondWorker = 'second.worker@northshire-council.example'
const otherManager = 'team.manager@southshire-council.example'

interface Item {
  episodeId: string
  reference: string
  child: { id: string; givenName: string; familyName: string }
  phase: string
  phaseLabel: string
  leadPractitioner: { id: string; name: string } | null
  role: string | null
  next: { ruleId: string; dueOn: string; tag: { text: string; classes: string }; label: string } | null
}
interface Page {
  total: number
  page: number
  pages: number
  counts: Record<'overdue' | 'due_today' | 'due_soon' | 'not_due' | 'none', number>
  items: Item[]
}
interface Team extends Page {
  workers: { workerId: string | null; name: string; open: number; counts: Page['counts'] }[]
  totals: Page['counts']
  worker?: string
}

/** Episodes in the tests, by name. */
const ep: Record<string, string> = {}
const child: Record<string, string> = {}

/** The earliest open deadline of an episode, read from the clock engine's table (what the page must show). */
async function earliestOpen(episodeId: string) {
  return ctx.db
    .selectFrom('deadline')
    .select(['rule_id', 'due_on'])
    .where('subject_type', '=', 'episode')
    .where('subject_id', '=', episodeId)
    .where('completed_at', 'is', null)
    .orderBy('due_on')
    .orderBy('id')
    .executeTakeFirst()
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  // An old referral first, so its assessment is overdue today (23 November 2026).
  ctx.clock.set(new Date('2026-09-01T10:00:00Z'))
  client = new ApiClient(ctx)
  const old = await referralFromDsl(ctx, { givenName: 'Olivia', familyName: 'Overdue', dateOfBirth: '2014-02-03' })
  child.overdue = old.childId
  ep.overdue = await openCase(ctx, old.referralId, { outcome: 'assessment' })

  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  client = new ApiClient(ctx)
  const made = await createUser(ctx.deps, {
    organisation: NORTHSHIRE.la,
    email: secondWorker,
    displayName: 'Asha Roy',
    roles: ['social_worker'],
    password: DEMO.password,
    isDemo: true,
    operator: 'test',
  })
  assert.ok(made.ok)

  const [s47, assessed, unallocated, asha, closed] = await referralsFromDsl(ctx, [
    { givenName: 'Sam', familyName: 'Section', dateOfBirth: '2015-06-01' },
    { givenName: 'Ava', familyName: 'Assessed', dateOfBirth: '2016-07-02' },
    { givenName: 'Una', familyName: 'Unallocated', dateOfBirth: '2017-08-03' },
    { givenName: 'Amir', familyName: 'Ashas', dateOfBirth: '2018-09-04' },
    { givenName: 'Cleo', familyName: 'Closed', dateOfBirth: '2019-10-05' },
  ])
  if (
    s47 === undefined ||
    assessed === undefined ||
    unallocated === undefined ||
    asha === undefined ||
    closed === undefined
  )
    throw new Error('referrals missing')
  ctx.clock.advance(60_000)
  ep.s47 = await openCase(ctx, s47.referralId, { outcome: 'strategy_discussion' })
  child.s47 = s47.childId
  ep.assessed = await openCase(ctx, assessed.referralId, { outcome: 'assessment' })
  ep.unallocated = await openCase(ctx, unallocated.referralId, { outcome: 'assessment', lead: null })
  ep.asha = await openCase(ctx, asha.referralId, { outcome: 'assessment', lead: secondWorker, manager: null })
  ep.closed = await openCase(ctx, closed.referralId, { outcome: 'no_further_action' })
  ctx.clock.advance(60_000)
  const { enquiryId } = await strategyDiscussionStartingSection47(ctx, ep.s47)
  await concludeSection47WithConference(ctx, ep.s47, enquiryId)
  await scheduleConference(ctx, ep.s47, enquiryId, [NORTHSHIRE.school])

  // Another local authority in another area, with its own team manager.
  const area = newId()
  await ctx.db.insertInto('local_area').values({ id: area, name: 'Southshire', created_at: ctx.clock.now() }).execute()
  await ctx.db
    .insertInto('organisation')
    .values({
      id: newId(),
      local_area_id: area,
      name: 'Southshire Council children’s social care',
      kind: 'la_childrens_social_care',
      statutory_partner: true,
      created_at: ctx.clock.now(),
    })
    .execute()
  const other = await createUser(ctx.deps, {
    organisation: 'Southshire Council children’s social care',
    email: otherManager,
    displayName: 'Pat Other',
    roles: ['team_manager'],
    password: DEMO.password,
    isDemo: true,
    operator: 'test',
  })
  assert.ok(other.ok)
})
after(async () => ctx.close())

describe('my cases', () => {
  test('a social worker sees the cases they lead, soonest deadline first, each deadline as the clock engine holds it', async () => {
    const res = await api(NORTHSHIRE.socialWorker, '/api/v1/caseload')
    assert.equal(res.statusCode, 200, res.body)
    const page = res.json() as Page
    assert.deepEqual(
      page.items.map((i) => i.episodeId),
      [ep.overdue, ep.s47, ep.assessed],
    )
    for (const item of page.items) {
      const earliest = await earliestOpen(item.episodeId)
      assert.deepEqual([item.next?.ruleId, item.next?.dueOn], [earliest?.rule_id, earliest?.due_on], item.reference)
      assert.equal(item.role, 'lead_practitioner')
      assert.equal(item.leadPractitioner?.name, 'Tom Bennett')
    }
    const [overdue, s47, assessed] = page.items
    assert.equal(overdue?.next?.tag.text, 'Overdue')
    assert.equal(overdue?.next?.tag.classes, 'govuk-tag--red')
    assert.match(overdue?.next?.label ?? '', /^Overdue by \d+ working days?$/)
    assert.equal(s47?.phaseLabel, 'Initial child protection conference due')
    assert.equal(s47?.next?.ruleId, 'initial-child-protection-conference')
    assert.equal(assessed?.phaseLabel, 'Child and family assessment')
    assert.equal(assessed?.next?.ruleId, 'child-and-family-assessment')
    assert.deepEqual(page.counts, { overdue: 1, due_today: 0, due_soon: 0, not_due: 2, none: 0 })
    assert.equal(page.total, 3)
  })

  test('filter by status and sort by referral date', async () => {
    const overdue = (await api(NORTHSHIRE.socialWorker, '/api/v1/caseload?status=overdue')).json() as Page
    assert.deepEqual(
      overdue.items.map((i) => i.episodeId),
      [ep.overdue],
    )
    assert.equal(overdue.total, 1)
    const byReferral = (await api(NORTHSHIRE.socialWorker, '/api/v1/caseload?sort=referral')).json() as Page
    assert.equal(byReferral.items[0]?.episodeId, ep.overdue, 'the oldest referral first')
    const none = (await api(NORTHSHIRE.socialWorker, '/api/v1/caseload?status=none')).json() as Page
    assert.deepEqual(none.items, [])
  })

  test('the next deadline moves on as the clock engine meets clocks: plan, then core group', async () => {
    const conference = await ctx.db
      .selectFrom('conference')
      .select('id')
      .where('episode_id', '=', ep.s47 ?? '')
      .executeTakeFirstOrThrow()
    const planId = await holdInitialConferenceWithPlan(ctx, ep.s47 ?? '', conference.id, {
      coreGroup: [NORTHSHIRE.school],
    })
    const find = async () =>
      ((await api(NORTHSHIRE.socialWorker, '/api/v1/caseload')).json() as Page).items.find(
        (i) => i.episodeId === ep.s47,
      )
    assert.equal((await find())?.next?.ruleId, 'first-core-group')
    assert.equal((await find())?.phaseLabel, 'Child protection plan')
    await recordCoreGroup(ctx, ep.s47 ?? '', planId, 'First core group: plan agreed')
    const after = await find()
    assert.equal(after?.next?.ruleId, (await earliestOpen(ep.s47 ?? ''))?.rule_id)
    assert.notEqual(after?.next?.ruleId, 'first-core-group')
  })

  test('a team manager’s own list holds the cases they manage; a chair’s the cases they chair', async () => {
    const manager = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload')).json() as Page
    assert.deepEqual(
      new Set(manager.items.map((i) => i.episodeId)),
      new Set([ep.overdue, ep.s47, ep.assessed, ep.unallocated]),
    )
    assert.ok(manager.items.every((i) => i.role === 'team_manager'))
    const chair = (await api(NORTHSHIRE.chair, '/api/v1/caseload')).json() as Page
    assert.deepEqual(
      chair.items.map((i) => [i.episodeId, i.role]),
      [[ep.s47, 'conference_chair']],
    )
    const asha = (await api(secondWorker, '/api/v1/caseload')).json() as Page
    assert.deepEqual(
      asha.items.map((i) => i.episodeId),
      [ep.asha],
    )
  })

  test('closed cases are not on anyone’s list', async () => {
    for (const email of [NORTHSHIRE.socialWorker, NORTHSHIRE.teamManager]) {
      const page = (await api(email, '/api/v1/caseload')).json() as Page
      assert.ok(!page.items.some((i) => i.episodeId === ep.closed))
    }
    const team = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team')).json() as Team
    assert.ok(!team.items.some((i) => i.episodeId === ep.closed))
  })

  test('only social care staff hold a caseload', async () => {
    for (const email of [
      NORTHSHIRE.teacher,
      NORTHSHIRE.dsl,
      NORTHSHIRE.police,
      NORTHSHIRE.designatedNurse,
      'partnership.lead@northshire-council.example',
    ]) {
      const res = await api(email, '/api/v1/caseload')
      assert.equal(res.statusCode, 403, email)
      assert.doesNotMatch(res.body, /Olivia|Overdue|Section/)
    }
    assert.ok((await auditActions(ctx.db)).includes('caseload.viewed'))
  })
})

describe('the team view', () => {
  test('every open case of the local authority by worker, with the unallocated and due and overdue counts', async () => {
    const res = await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team')
    assert.equal(res.statusCode, 200, res.body)
    const team = res.json() as Team
    assert.deepEqual(
      new Set(team.items.map((i) => i.episodeId)),
      new Set([ep.overdue, ep.s47, ep.assessed, ep.unallocated, ep.asha]),
    )
    assert.equal(team.items[0]?.episodeId, ep.overdue, 'most urgent first')
    const worker = (name: string) => team.workers.find((w) => w.name === name)
    assert.equal(team.workers[0]?.name, 'Unallocated')
    assert.equal(worker('Unallocated')?.open, 1)
    assert.equal(worker('Tom Bennett')?.open, 3)
    assert.equal(worker('Tom Bennett')?.counts.overdue, 1)
    assert.equal(worker('Asha Roy')?.open, 1)
    assert.equal(team.totals.overdue, 1)
    assert.equal(
      Object.values(team.totals).reduce((a, b) => a + b, 0),
      5,
    )
    assert.ok(
      team.workers.every((w) => w.name !== 'Grace Okafor' || w.open === 0),
      'the manager holds no cases as lead',
    )
  })

  test('filtered by worker, and to the unallocated cases', async () => {
    const ashaId = (await actorFor(ctx, secondWorker)).userId
    const asha = (await api(NORTHSHIRE.teamManager, `/api/v1/caseload/team?worker=${ashaId}`)).json() as Team
    assert.deepEqual(
      asha.items.map((i) => i.episodeId),
      [ep.asha],
    )
    assert.equal(asha.total, 1)
    const unallocated = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team?worker=unallocated')).json() as Team
    assert.deepEqual(
      unallocated.items.map((i) => [i.episodeId, i.leadPractitioner]),
      [[ep.unallocated, null]],
    )
    const overdue = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team?status=overdue')).json() as Team
    assert.deepEqual(
      overdue.items.map((i) => i.episodeId),
      [ep.overdue],
    )
  })

  test('pages of 25, most urgent first; a page past the end shows the last', async () => {
    // A concern names at most 20 children: two families of 13.
    const family = (surname: string) =>
      Array.from({ length: 13 }, (_, i) => ({
        givenName: `Pat${String.fromCharCode(97 + i)}`,
        familyName: surname,
        dateOfBirth: `2012-01-${String(i + 1).padStart(2, '0')}`,
      }))
    const many = [...(await referralsFromDsl(ctx, family('Paging'))), ...(await referralsFromDsl(ctx, family('Pager')))]
    for (const r of many) await openCase(ctx, r.referralId, { outcome: 'assessment', lead: null })
    const first = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team?worker=unallocated')).json() as Team
    assert.equal(first.total, 27)
    assert.equal(first.pages, 2)
    assert.equal(first.items.length, 25)
    const last = (await api(NORTHSHIRE.teamManager, '/api/v1/caseload/team?worker=unallocated&page=99')).json() as Team
    assert.equal(last.page, 2)
    assert.equal(last.items.length, 2)
    const all = [...first.items, ...last.items]
    assert.equal(new Set(all.map((i) => i.episodeId)).size, 27, 'no case twice, none missing')
    const dues = all.map((i) => i.next?.dueOn ?? '9999')
    assert.deepEqual(dues, [...dues].sort(), 'sorted by next due date')
  })

  test('only team managers, and only for their own local authority', async () => {
    for (const email of [
      NORTHSHIRE.socialWorker,
      NORTHSHIRE.frontDoor,
      NORTHSHIRE.chair,
      NORTHSHIRE.police,
      NORTHSHIRE.teacher,
    ]) {
      assert.equal((await api(email, '/api/v1/caseload/team')).statusCode, 403, email)
    }
    const other = (await api(otherManager, '/api/v1/caseload/team')).json() as Team
    assert.equal(other.total, 0)
    assert.deepEqual(other.items, [])
    assert.ok(!other.workers.some((w) => w.name === 'Tom Bennett'))
    assert.ok((await auditActions(ctx.db)).includes('caseload.team_viewed'))
  })

  test('odd query strings fall back to the defaults, never an error', async () => {
    for (const q of [
      '?page=-1',
      '?page=abc',
      '?status=bogus',
      '?sort=evil',
      '?worker=not-a-worker',
      '?worker[]=x',
      `?worker=${'a'.repeat(150)}`,
    ]) {
      const res = await api(NORTHSHIRE.teamManager, `/api/v1/caseload/team${q}`)
      assert.equal(res.statusCode, 200, `${q}: ${res.body.slice(0, 200)}`)
    }
  })
})

describe('caseload pages', () => {
  test('a social worker’s home page links to their cases; the page lists them with their deadlines', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.socialWorker, DEMO.password)
    assert.match((await b.get('/')).body, /href="\/caseload"/)
    const page = await b.get('/caseload')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<h1 class="govuk-heading-l">My cases<\/h1>/)
    assert.match(page.body, new RegExp(`href="/children/${child.overdue}">Olivia Overdue`))
    assert.match(page.body, new RegExp(`href="/cases/${ep.overdue}"`))
    assert.match(page.body, /govuk-tag--red">\s*Overdue/)
    assert.match(page.body, /Child and family assessment/)
    assert.doesNotMatch(page.body, /Amir Ashas/, 'another worker’s case')
    assert.doesNotMatch(page.body, /See your team’s caseload/)
  })

  test('a team manager sees the team page, with each worker linking to their cases', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.teamManager, DEMO.password)
    assert.match((await b.get('/')).body, /href="\/caseload\/team"/)
    const page = await b.get('/caseload/team')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Team caseload/)
    assert.match(page.body, /href="\/caseload\/team\?worker=unallocated">Unallocated/)
    assert.match(page.body, /Asha Roy/)
    const one = await b.get('/caseload/team?worker=unallocated&status=not_due')
    assert.equal(one.statusCode, 200)
    assert.match(one.body, /Team caseload: Unallocated/)
    // The demo area has other unallocated cases too, so Una may be on a later page.
    const pages = Number(/page 1 of (\d+)/.exec(one.body)?.[1] ?? '1')
    const bodies = [one.body]
    for (let n = 2; n <= pages; n++)
      bodies.push((await b.get(`/caseload/team?worker=unallocated&status=not_due&page=${n}`)).body)
    assert.ok(bodies.some((body) => /Una Unallocated/.test(body)))
    for (const body of bodies) assert.doesNotMatch(body, /Olivia Overdue/)
  })

  test('people without a caseload are told so', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.teacher, DEMO.password)
    assert.equal((await b.get('/caseload')).statusCode, 403)
    const sw = new TestBrowser(ctx.app)
    await sw.signIn(NORTHSHIRE.socialWorker, DEMO.password)
    assert.equal((await sw.get('/caseload/team')).statusCode, 403)
  })
})
