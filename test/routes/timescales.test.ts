import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { registerDeadline } from '../../src/modules/timescales/steps/registerDeadline.js'
import { loadPartnershipTimescalesFrom } from '../../src/modules/timescales/steps/partnershipClock.js'
import { date } from '../../src/platform/calendar/testing.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let lead: TestBrowser
let areaId: string
let councilId: string
let socialWorkerId: string

const count = async (table: 'timescale_override' | 'local_non_working_day') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

const dueOf = async (title: string) =>
  await ctx.db
    .selectFrom('deadline')
    .select(['due_on', 'national_due_on'])
    .where('title', '=', title)
    .executeTakeFirstOrThrow()

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  // Monday 23 November 2026, 10:00 in London.
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  const council = await ctx.db
    .selectFrom('organisation')
    .select(['id', 'local_area_id'])
    .where('name', '=', "Northshire Council children's social care")
    .executeTakeFirstOrThrow()
  areaId = council.local_area_id
  councilId = council.id
  socialWorkerId = (
    await ctx.db.selectFrom('app_user').select('id').where('email', '=', DEMO.socialWorker).executeTakeFirstOrThrow()
  ).id
  // Register clocks the way a workflow will: inside its own transaction.
  const items: [string, string, string][] = [
    ['referral-decision', '2026-11-20', 'Referral A (overdue)'], // Fri 20 Nov + 1 WD = Mon 23 Nov: due today
    ['referral-decision', '2026-11-18', 'Referral B'], // Wed + 1 WD = Thu 19 Nov: overdue
    ['child-and-family-assessment', '2026-11-02', 'Assessment C'], // 45 WD from 2 Nov 2026
    ['initial-child-protection-conference', '2026-11-20', 'Conference D'], // 15 WD
  ]
  await ctx.db.transaction().execute(async (tx) => {
    for (const [ruleId, started, title] of items) {
      const r = await registerDeadline(
        tx,
        {
          localAreaId: areaId,
          organisationId: councilId,
          assignedUserId: socialWorkerId,
          ruleId,
          subjectType: 'test',
          subjectId: title,
          title,
          startedOn: date(started),
        },
        ctx.clock.now(),
      )
      assert.equal(r.ok, true)
    }
  })
  lead = new TestBrowser(ctx.app)
  assert.equal((await lead.signIn('partnership.lead@northshire-council.example', DEMO.password)).statusCode, 303)
})
after(async () => ctx.close())

describe('registering a clock', () => {
  test('computes the due date from the partnership calendar', async () => {
    assert.equal((await dueOf('Referral A (overdue)')).due_on, '2026-11-23')
    assert.equal((await dueOf('Referral B')).due_on, '2026-11-19')
    // 45 working days from Mon 2 Nov 2026, skipping 25 and 28 Dec 2026 and 1 Jan 2027: Thu 7 Jan 2027.
    assert.equal((await dueOf('Assessment C')).due_on, '2027-01-07')
  })
})

describe('the due and overdue page', () => {
  test('a partnership lead sees the whole partnership with counts by state', async () => {
    const res = await lead.get('/deadlines')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /id="count-overdue">1</)
    assert.match(res.body, /id="count-due_today">1</)
    assert.match(res.body, /Referral B/)
    assert.match(res.body, /Overdue by 2 working days/)
    assert.match(res.body, /Due today/)
    assert.ok((await auditActions(ctx.db)).includes('deadlines.viewed'))
  })

  test('filters by rule and status, and sorts', async () => {
    const res = await lead.get('/deadlines?rule=referral-decision&sort=due_desc')
    assert.doesNotMatch(res.body, /Assessment C/)
    assert.ok(res.body.indexOf('Referral A') < res.body.indexOf('Referral B'), 'latest due first')
    const overdue = await lead.get('/deadlines?status=overdue')
    assert.match(overdue.body, /Referral B/)
    assert.doesNotMatch(overdue.body, /Referral A/)
    const junk = await lead.get('/deadlines?rule=%3Cscript%3E&status=nope&page=-4&sort=x')
    assert.equal(junk.statusCode, 200)
  })

  test('a social worker sees their own work; a staff member cannot see the partnership', async () => {
    const sw = new TestBrowser(ctx.app)
    await sw.signIn(DEMO.socialWorker, DEMO.password)
    const mine = await sw.get('/deadlines')
    assert.match(mine.body, /Assessment C/)
    assert.equal((await sw.get('/deadlines?scope=partnership')).statusCode, 403)
    const teacher = new TestBrowser(ctx.app)
    await teacher.signIn(DEMO.teacher, DEMO.password)
    const own = await teacher.get('/deadlines')
    assert.match(own.body, /There is nothing open/)
    assert.equal((await teacher.get('/deadlines?scope=team')).statusCode, 403)
  })

  test('the same list is available as JSON', async () => {
    const tokenRes = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'partnership.lead@northshire-council.example', password: DEMO.password },
    })
    const token = (tokenRes.json() as { token: string }).token
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/deadlines?scope=partnership&rule=referral-decision',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(res.statusCode, 200)
    const body = res.json() as {
      counts: Record<string, number>
      items: { title: string; tag: { text: string }; dueOn: string }[]
    }
    assert.equal(body.counts.overdue, 1)
    assert.equal(body.items.length, 2)
    assert.equal(body.items[0]?.dueOn, '2026-11-19')
    assert.equal(body.items[0]?.tag.text, 'Overdue')
  })
})

describe('local timescales', () => {
  test('a partnership lead sets a local value: open deadlines move and both values are shown', async () => {
    const res = await lead.submit('/timescales/child-and-family-assessment/local', {
      amount: '35',
      reason: 'Agreed by the partnership board, October 2026',
      action: 'set',
    })
    assert.equal(res.headers.location, '/timescales')
    const due = await dueOf('Assessment C')
    assert.equal(due.national_due_on, '2027-01-07')
    // 35 working days from Mon 2 Nov 2026: Thu 24 Dec 2026 is the 39th... count: Nov has 21 WD after the 2nd (3–30 Nov minus weekends) -> 20; Dec 1–22 gives 16 -> the 35th is Mon 21 Dec.
    assert.equal(due.due_on, '2026-12-21')
    const page = await lead.get('/deadlines?rule=child-and-family-assessment')
    assert.match(page.body, /National: 45 working days\. Local: 35 working days/)
    assert.match(page.body, /National: 7 January 2027/)
    const timescales = await lead.get('/timescales')
    assert.match(timescales.body, /Agreed by the partnership board/)
    assert.ok((await auditActions(ctx.db)).includes('timescales.override_set'))
  })

  test('a rule set in legislation cannot be changed locally, and nothing is written', async () => {
    const before = await count('timescale_override')
    await lead.get('/timescales/child-and-family-assessment/local')
    const res = await lead.post('/timescales/serious-incident-notification/local', {
      amount: '10',
      reason: 'We would like more time',
      action: 'set',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /cannot be changed locally/)
    assert.equal(await count('timescale_override'), before)
  })

  test('a local value may not lengthen a national maximum: 60 working days for the assessment is refused', async () => {
    const before = await count('timescale_override')
    const res = await lead.submit('/timescales/child-and-family-assessment/local', {
      amount: '60',
      reason: 'We are short of staff',
      action: 'set',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /Enter 45 working days or fewer: the national maximum is 45 working days/)
    assert.equal(await count('timescale_override'), before)
    // With no reason either, both problems are said at once.
    const both = await lead.submit('/timescales/child-and-family-assessment/local', { amount: '60', action: 'set' })
    assert.equal(both.statusCode, 400)
    assert.match(both.body, /Enter 45 working days or fewer: the national maximum is 45 working days/)
    assert.match(both.body, /Give the reason for the local timescale/)
    assert.equal(await count('timescale_override'), before)
  })

  test('local practice has no national limit, so a partnership may set its own value', async () => {
    const res = await lead.submit('/timescales/pre-birth-review-after-birth/local', {
      amount: '15',
      reason: 'Our pre-birth procedure, agreed March 2026',
      action: 'set',
    })
    assert.equal(res.headers.location, '/timescales')
  })

  test('the timescales page says plainly what each rule is and where it comes from', async () => {
    const res = await lead.get('/timescales')
    assert.equal(res.statusCode, 200)
    assert.doesNotMatch(res.body, /not yet verified/)
    assert.doesNotMatch(res.body, /<code>/)
    // Neither rule ids nor the web sites domain.md read are shown.
    assert.doesNotMatch(res.body, />[^<]*child-and-family-assessment[^<]*</)
    assert.doesNotMatch(res.body, /sussexchildprotection|thegrid\.org\.uk|bromleychildcare/)
    assert.match(res.body, /Local practice/)
    assert.match(res.body, /National guidance: may be shortened locally, not lengthened/)
    assert.match(res.body, /Set in law/)
  })

  test('zero, negative and non-numeric amounts are refused with a clear message', async () => {
    const before = await count('timescale_override')
    for (const amount of ['0', '-5', 'ten', '']) {
      const res = await lead.submit('/timescales/first-core-group/local', { amount, reason: 'x', action: 'set' })
      assert.equal(res.statusCode, 400, amount)
      assert.match(res.body, /govuk-error-summary/)
    }
    assert.equal(await count('timescale_override'), before)
  })

  test('only partnership leads may change local timescales', async () => {
    const sw = new TestBrowser(ctx.app)
    await sw.signIn(DEMO.socialWorker, DEMO.password)
    assert.equal((await sw.get('/timescales/first-core-group/local')).statusCode, 403)
    await sw.get('/timescales')
    const res = await sw.post('/timescales/first-core-group/local', { amount: '5', reason: 'x', action: 'set' })
    assert.equal(res.statusCode, 403)
  })

  test('through the API a longer value is refused with the national maximum, never silently; a key sent twice writes once', async () => {
    const api = new ApiClient(ctx)
    const lead = 'partnership.lead@northshire-council.example'
    const before = await count('timescale_override')
    const longer = await api.call(lead, 'POST', '/api/v1/timescales/child-and-family-assessment/local', {
      amount: 46,
      reason: 'We are short of staff',
    })
    assert.equal(longer.statusCode, 400, longer.body)
    assert.deepEqual((longer.json() as { errors: unknown[] }).errors, [
      { field: 'amount', message: 'Enter 45 working days or fewer: the national maximum is 45 working days' },
    ])
    assert.equal(await count('timescale_override'), before)
    const body = { amount: 40, reason: 'Agreed by the board', submissionKey: 'override-twice' }
    const first = await api.call(lead, 'POST', '/api/v1/timescales/child-and-family-assessment/local', body)
    assert.equal(first.statusCode, 201, first.body)
    assert.deepEqual((first.json() as { local: unknown }).local, { amount: 40, unit: 'working_days' })
    const again = await api.call(lead, 'POST', '/api/v1/timescales/child-and-family-assessment/local', body)
    assert.equal(again.statusCode, 200)
    assert.equal(await count('timescale_override'), before + 1, 'sent twice, written once')
    const other = { amount: 5, reason: 'x' }
    const sw = await api.call(DEMO.socialWorker, 'POST', '/api/v1/timescales/first-core-group/local', other)
    assert.equal(sw.statusCode, 403)
    assert.equal((await api.call(lead, 'POST', '/api/v1/timescales/no-such-rule/local', other)).statusCode, 404)
  })

  test('going back to the national value moves deadlines back', async () => {
    const res = await lead.submit('/timescales/child-and-family-assessment/local', {
      amount: '',
      reason: 'Pilot ended',
      action: 'remove',
    })
    assert.equal(res.headers.location, '/timescales')
    assert.equal((await dueOf('Assessment C')).due_on, '2027-01-07')
    assert.ok((await auditActions(ctx.db)).includes('timescales.override_removed'))
  })
})

describe('local non-working days', () => {
  test('adding one moves open deadlines, is audited, and is used by the CLI loader', async () => {
    // Close on Mon 23 Nov 2026: Referral A (started Fri 20 Nov) is now due Tue 24 Nov.
    const res = await lead.submit(
      '/timescales',
      { 'day-day': '23', 'day-month': '11', 'day-year': '2026', description: 'Council offices closed' },
      '/timescales/non-working-days',
    )
    assert.equal(res.statusCode, 303)
    assert.equal((await dueOf('Referral A (overdue)')).due_on, '2026-11-24')
    const loaded = await loadPartnershipTimescalesFrom(ctx.db, areaId)
    assert.deepEqual(
      loaded.extraNonWorkingDays.map((d) => `${d.year}-${d.month}-${d.day}`),
      ['2026-11-23'],
    )
    assert.ok((await auditActions(ctx.db)).includes('calendar.non_working_day_added'))
  })

  test('impossible, duplicate and missing dates are refused and write nothing', async () => {
    const before = await count('local_non_working_day')
    const impossible = await lead.submit(
      '/timescales',
      { 'day-day': '30', 'day-month': '2', 'day-year': '2025', description: 'x' },
      '/timescales/non-working-days',
    )
    assert.equal(impossible.statusCode, 400)
    assert.match(impossible.body, /must be a real date/)
    const duplicate = await lead.submit(
      '/timescales',
      { 'day-day': '23', 'day-month': '11', 'day-year': '2026', description: 'again' },
      '/timescales/non-working-days',
    )
    assert.match(duplicate.body, /already a local non-working day/)
    const missing = await lead.submit(
      '/timescales',
      { 'day-day': '', 'day-month': '', 'day-year': '', description: '' },
      '/timescales/non-working-days',
    )
    assert.match(missing.body, /Enter the date/)
    assert.equal(await count('local_non_working_day'), before)
  })

  test('the form sent twice adds the day once', async () => {
    const before = await count('local_non_working_day')
    const page = await lead.get('/timescales')
    const key = /name="submissionKey" value="([^"]+)"/.exec(
      page.body.slice(page.body.indexOf('action="/timescales/non-working-days"')),
    )?.[1]
    assert.ok(key !== undefined)
    const form = {
      submissionKey: key,
      'day-day': '30',
      'day-month': '12',
      'day-year': '2026',
      description: 'Offices closed',
    }
    assert.equal((await lead.post('/timescales/non-working-days', form)).statusCode, 303)
    assert.equal((await lead.post('/timescales/non-working-days', form)).statusCode, 303)
    assert.equal(await count('local_non_working_day'), before + 1)
    const id = (
      await ctx.db
        .selectFrom('local_non_working_day')
        .select('id')
        .where('day', '=', '2026-12-30')
        .executeTakeFirstOrThrow()
    ).id
    assert.equal((await lead.post(`/timescales/non-working-days/${id}/remove`, {})).statusCode, 303)
  })

  test('removing it moves deadlines back', async () => {
    const day = await ctx.db
      .selectFrom('local_non_working_day')
      .select('id')
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow()
    await lead.get('/timescales')
    const res = await lead.post(`/timescales/non-working-days/${day.id}/remove`, {})
    assert.equal(res.statusCode, 303)
    assert.equal((await dueOf('Referral A (overdue)')).due_on, '2026-11-23')
    assert.equal(
      (await lead.post('/timescales/non-working-days/not-a-uuid/remove', {}, { csrf: lead.csrfToken() })).statusCode,
      404,
    )
  })
})
