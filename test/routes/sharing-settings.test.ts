/**
 * The partnership's settings for working together (issue 11, items 5 and 7): the safeguarding partnership lead sees
 * the repeated-concerns threshold and how long a record opened with a reason stays open, each with its default and
 * where it comes from, and changes them with a reason. The next concern uses the new threshold and the next record
 * opened uses the new duration; every change is in the history and the audit trail, in the same transaction; other
 * roles are refused; bad input is refused with GOV.UK messages and writes nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NORTHSHIRE } from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

const LEAD = 'partnership.lead@northshire-council.example'
const BUSINESS_MANAGER = 'business.manager@northshire-council.example'
const TRUST_LEAD = 'safeguarding.lead@northshire-nhs.example'
const HOUR = 3_600_000

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

async function signedIn(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, `sign in ${email}`)
  return b
}

const submissionKey = (html: string): string => {
  const m = /name="submissionKey" value="([^"]+)"/.exec(html)
  assert.ok(m?.[1], 'the form carries a submission key')
  return m[1]
}

const written = async () => ({
  changes: (await ctx.db.selectFrom('sharing_setting_change').selectAll().execute()).length,
  settings: await ctx.db.selectFrom('sharing_setting').selectAll().execute(),
  audits: (
    await ctx.db.selectFrom('audit_event').select('seq').where('action', '=', 'sharing.settings_changed').execute()
  ).length,
})

async function newChild(givenName: string, nhsNumber?: string): Promise<string> {
  const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName,
    familyName: 'Settings',
    dateOfBirth: '2016-02-03',
    sex: 'female',
    ...(nhsNumber === undefined ? {} : { nhsNumber }),
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

async function concern(childId: string, facts: string): Promise<void> {
  const res = await api(DEMO.teacher, 'POST', '/api/v1/concerns', {
    childIds: [childId],
    observedAt: new Date(ctx.clock.now().getTime() - HOUR).toISOString(),
    place: 'Playground',
    facts,
    childWords: '',
    othersPresent: '',
    categories: ['neglect'],
    immediateDanger: false,
    actionTaken: 'Told the DSL',
    bodyMap: [],
  })
  assert.equal(res.statusCode, 201, res.body)
}

/** Moves the clock on; API tokens last an hour, so the next calls fetch new ones. */
function advance(ms: number): void {
  ctx.clock.advance(ms)
  client = new ApiClient(ctx)
}

const alertsFor = async (childId: string) =>
  ctx.db
    .selectFrom('repeated_concern_alert')
    .select(['threshold_count', 'threshold_days', 'threshold_source'])
    .where('child_id', '=', childId)
    .execute()

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-10-05T09:00:00Z'))
})
after(async () => ctx.close())

describe('the partnership’s settings for working together', () => {
  test('the lead sees each setting with its default, the value in force and where it comes from; found beside local timescales', async () => {
    const lead = await signedIn(LEAD)
    const timescales = await lead.get('/timescales')
    assert.ok(timescales.body.includes('href="/settings/working-together"'), 'linked from the timescales page')
    const page = await lead.get('/settings/working-together')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Repeated concerns: how many concerns/)
    assert.match(page.body, /3 concerns/)
    assert.match(page.body, /90 days/)
    assert.match(page.body, /24 hours/)
    assert.match(page.body, /Together’s default: the partnership has not set its own/)
    assert.match(page.body, /No changes yet/)
    const res = await api(LEAD, 'GET', '/api/v1/sharing-settings')
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json() as {
      settings: {
        setting: string
        default: number
        current: number
        setByPartnership: boolean
        defaultSource: string
      }[]
      history: unknown[]
    }
    assert.deepEqual(
      body.settings.map((s) => [s.setting, s.default, s.current, s.setByPartnership]),
      [
        ['repeated_concerns_count', 3, 3, false],
        ['repeated_concerns_days', 90, 90, false],
        ['open_record_hours', 24, 24, false],
      ],
    )
    assert.ok(body.settings.every((s) => /not a rule in law/.test(s.defaultSource)))
    assert.deepEqual(body.history, [])
    // The change form starts from the values in force (the page's link fills them in).
    const form = await lead.get(
      `/settings/working-together/change?repeatedConcernsCount=3&repeatedConcernsDays=90&openRecordHours=24`,
    )
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /name="repeatedConcernsCount"[^>]*value="3"|value="3"[^>]*name="repeatedConcernsCount"/)
  })

  test('other roles may not see or change the settings (403), and nothing is written', async () => {
    const before = await written()
    for (const email of [BUSINESS_MANAGER, DEMO.dsl, NORTHSHIRE.frontDoor, TRUST_LEAD, DEMO.teacher]) {
      assert.equal((await api(email, 'GET', '/api/v1/sharing-settings')).statusCode, 403, email)
      const change = await api(email, 'POST', '/api/v1/sharing-settings', {
        repeatedConcernsCount: 2,
        repeatedConcernsDays: 30,
        openRecordHours: 4,
        reason: 'Not mine to change',
      })
      assert.equal(change.statusCode, 403, email)
      const b = await signedIn(email)
      assert.equal((await b.get('/settings/working-together')).statusCode, 403, email)
      assert.equal((await b.get('/settings/working-together/change')).statusCode, 403, email)
    }
    assert.deepEqual(await written(), before)
    const denied = await ctx.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'changeSharingSettings.denied')
      .execute()
    assert.ok(denied.length >= 5, 'refused attempts are audited')
    // Signed out: the sign-in page, or 401.
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/sharing-settings' })
    assert.equal(anonymous.statusCode, 401)
  })

  test('bad input is refused with field errors and writes nothing', async () => {
    const before = await written()
    const cases: [object, string, RegExp][] = [
      [
        { repeatedConcernsDays: 30, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsCount',
        /Enter the number of concerns/,
      ],
      [
        { repeatedConcernsCount: 1, repeatedConcernsDays: 30, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsCount',
        /between 2 and 20/,
      ],
      [
        { repeatedConcernsCount: 21, repeatedConcernsDays: 30, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsCount',
        /between 2 and 20/,
      ],
      [
        { repeatedConcernsCount: '2.5', repeatedConcernsDays: 30, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsCount',
        /whole number/,
      ],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 6, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsDays',
        /between 7 and 365/,
      ],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 366, openRecordHours: 4, reason: 'x' },
        'repeatedConcernsDays',
        /between 7 and 365/,
      ],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 30, openRecordHours: 0, reason: 'x' },
        'openRecordHours',
        /between 1 and 72/,
      ],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 30, openRecordHours: 73, reason: 'x' },
        'openRecordHours',
        /between 1 and 72/,
      ],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 30, openRecordHours: true, reason: 'x' },
        'openRecordHours',
        /whole number/,
      ],
      [{ repeatedConcernsCount: 2, repeatedConcernsDays: 30, openRecordHours: 4, reason: '  ' }, 'reason', /Enter why/],
      [
        { repeatedConcernsCount: 2, repeatedConcernsDays: 30, openRecordHours: 4, reason: 'x'.repeat(2001) },
        'reason',
        /2,000 characters/,
      ],
      // The values already in force change nothing: refused, so no empty change is kept.
      [
        { repeatedConcernsCount: 3, repeatedConcernsDays: 90, openRecordHours: 24, reason: 'No change' },
        'repeatedConcernsCount',
        /Change at least one setting/,
      ],
    ]
    for (const [payload, field, message] of cases) {
      const res = await api(LEAD, 'POST', '/api/v1/sharing-settings', payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      const errors = (res.json() as { errors: { field: string; message: string }[] }).errors
      const error = errors.find((e) => e.field === field)
      assert.ok(error, `${field} in ${res.body}`)
      assert.match(error.message, message)
    }
    // The page: the GOV.UK error summary, what was typed kept, nothing written.
    const lead = await signedIn(LEAD)
    const form = await lead.get('/settings/working-together/change')
    const page = await lead.post('/settings/working-together/change', {
      submissionKey: submissionKey(form.body),
      repeatedConcernsCount: '40',
      repeatedConcernsDays: '30',
      openRecordHours: '',
      reason: '',
    })
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /govuk-error-summary/)
    assert.match(page.body, /The number of concerns must be between 2 and 20/)
    assert.match(page.body, /Enter the number of hours/)
    assert.match(page.body, /Enter why the partnership is making this change/)
    assert.match(page.body, /value="40"/)
    assert.deepEqual(await written(), before)
  })

  test('the lead changes the threshold: the next concern uses it, with its source; the change is in the history and the audit trail', async () => {
    const before = await written()
    const child = await newChild('Ivy')
    await concern(child, 'First worry.')
    advance(HOUR)
    await concern(child, 'Second worry.')
    assert.equal((await alertsFor(child)).length, 0, 'two concerns do not reach the default of 3')
    const res = await api(LEAD, 'POST', '/api/v1/sharing-settings', {
      repeatedConcernsCount: '2',
      repeatedConcernsDays: 30,
      openRecordHours: 24,
      reason: 'Partnership board, 1 October 2026: tell sooner',
      submissionKey: 'settings-change-1',
    })
    assert.equal(res.statusCode, 201, res.body)
    const out = res.json() as { changes: { setting: string; from: number | null; to: number }[] }
    assert.deepEqual(out.changes, [
      { setting: 'repeated_concerns_count', from: null, to: 2 },
      { setting: 'repeated_concerns_days', from: null, to: 30 },
    ])
    // Sent again with the same key: the first answer again, nothing new written.
    const again = await api(LEAD, 'POST', '/api/v1/sharing-settings', {
      repeatedConcernsCount: '2',
      repeatedConcernsDays: 30,
      openRecordHours: 24,
      reason: 'Partnership board, 1 October 2026: tell sooner',
      submissionKey: 'settings-change-1',
    })
    assert.equal(again.statusCode, 200)
    const after = await written()
    assert.equal(after.changes, before.changes + 2)
    assert.equal(after.audits, before.audits + 1)
    // Who, when, old and new, and why, in the audit row too.
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['details', 'actor_user_id', 'occurred_at', 'subject_type'])
      .where('action', '=', 'sharing.settings_changed')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(audit.subject_type, 'local_area')
    assert.equal((audit.details as { why: string }).why, 'Partnership board, 1 October 2026: tell sooner')
    assert.equal((audit.details as { changes: unknown[] }).changes.length, 2)

    // A new child: two concerns within 30 days now cross the threshold.
    const rose = await newChild('Rose')
    await concern(rose, 'First worry about Rose.')
    advance(HOUR)
    await concern(rose, 'Second worry about Rose.')
    const alerts = await alertsFor(rose)
    assert.equal(alerts.length, 1, 'the second concern crosses the new threshold of 2')
    assert.equal(alerts[0]?.threshold_count, 2)
    assert.equal(alerts[0]?.threshold_days, 30)
    assert.match(
      alerts[0]?.threshold_source ?? '',
      /Set by the safeguarding partnership \(Helen Carter, .*\): Partnership board/,
    )

    // The page shows the value in force, its source, and the history.
    const lead = await signedIn(LEAD)
    const page = await lead.get('/settings/working-together')
    assert.match(page.body, /2 concerns/)
    assert.match(page.body, /30 days/)
    assert.match(page.body, /Helen Carter, Northshire Council/)
    assert.match(page.body, /3 concerns \(Together’s default\)/)
    assert.match(page.body, /Partnership board, 1 October 2026: tell sooner/)
  })

  test('the lead changes how long a record opened with a reason stays open: the next opening uses it', async () => {
    const nhsNumber = '4010232137'
    const child = await newChild('Hazel', nhsNumber)
    const lead = await signedIn(LEAD)
    const form = await lead.get(
      '/settings/working-together/change?repeatedConcernsCount=2&repeatedConcernsDays=30&openRecordHours=24',
    )
    const saved = await lead.post('/settings/working-together/change', {
      submissionKey: submissionKey(form.body),
      repeatedConcernsCount: '2',
      repeatedConcernsDays: '30',
      openRecordHours: '8',
      reason: 'Out-of-hours health teams need a shift, not a day',
    })
    assert.equal(saved.statusCode, 303, saved.body)
    assert.equal(saved.headers.location, '/settings/working-together?changed=1')
    const history = (await api(LEAD, 'GET', '/api/v1/sharing-settings')).json() as {
      settings: { setting: string; current: number; source: string }[]
      history: { setting: string; from: number | null; to: number; reason: string; changedBy: string }[]
    }
    assert.deepEqual(
      history.history.map((h) => [h.setting, h.from, h.to]),
      [
        ['open_record_hours', null, 8],
        ['repeated_concerns_count', null, 2],
        ['repeated_concerns_days', null, 30],
      ],
    )
    assert.equal(history.settings.find((s) => s.setting === 'open_record_hours')?.current, 8)
    assert.match(history.settings.find((s) => s.setting === 'open_record_hours')?.source ?? '', /a shift, not a day/)

    const opened = await api(TRUST_LEAD, 'POST', '/api/v1/record-openings', {
      nhsNumber,
      reason: 'Brought to the emergency department at night',
    })
    assert.equal(opened.statusCode, 201, opened.body)
    const body = opened.json() as { childId: string; expiresAt: string }
    assert.equal(body.childId, child)
    assert.equal(new Date(body.expiresAt).getTime() - ctx.clock.now().getTime(), 8 * HOUR)
    // The history is append-only: the database refuses to rewrite it.
    await assert.rejects(
      ctx.db.updateTable('sharing_setting_change').set({ reason: 'rewritten' }).execute(),
      /append-only/,
    )
  })
})
