import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

const LA_ADMIN = 'admin@northshire-council.example'
let ctx: TestContext
let api: ApiClient
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  api = new ApiClient(ctx)
})
after(async () => ctx.close())

const northshire = async () =>
  ctx.db.selectFrom('local_area').select(['id', 'la_code']).where('name', '=', 'Northshire').executeTakeFirstOrThrow()
const history = async (areaId: string) =>
  ctx.db
    .selectFrom('local_area_change')
    .select(['old_la_code', 'new_la_code', 'reason'])
    .where('local_area_id', '=', areaId)
    .orderBy('seq')
    .execute()

describe('the local area’s local authority number (updateLocalArea)', () => {
  test('the administrator sees the number and corrects it on the page; the change is kept with its reason', async () => {
    const before = await northshire()
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.signIn(LA_ADMIN, DEMO.password)).statusCode, 303)
    const area = await browser.get('/area')
    assert.equal(area.statusCode, 200)
    assert.match(area.body, /Local authority number/)
    assert.match(area.body, new RegExp(`>\\s*${before.la_code ?? 'Not recorded'}`))
    const done = await browser.submit('/area/local-authority-number', {
      laCode: ' 873 ',
      reason: 'The demo number was a placeholder',
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal((await northshire()).la_code, '873')
    const rows = await history(before.id)
    assert.deepEqual(rows.at(-1), {
      old_la_code: before.la_code,
      new_la_code: '873',
      reason: 'The demo number was a placeholder',
    })
    const shown = await browser.get('/area')
    assert.match(shown.body, /873/)
    assert.match(shown.body, /The demo number was a placeholder/)
    assert.ok((await auditActions(ctx.db)).includes('organisations.local_area_updated'))
  })

  test('bad input shows the error summary and writes nothing', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(LA_ADMIN, DEMO.password)
    const current = await northshire()
    const changes = (await history(current.id)).length
    for (const [laCode, message] of [
      ['', 'Enter the local authority number'],
      ['87', 'Enter the local authority number as 3 digits, like 873'],
      ['8731', 'Enter the local authority number as 3 digits, like 873'],
      ['87a', 'Enter the local authority number as 3 digits, like 873'],
      [current.la_code ?? '', 'This is already the area’s local authority number'],
    ] as const) {
      const res = await browser.submit('/area/local-authority-number', { laCode, reason: 'Testing' })
      assert.equal(res.statusCode, 400, laCode)
      assert.match(res.body, /govuk-error-summary/)
      assert.match(res.body, new RegExp(message.replace(/’/g, '(’|&#8217;|&rsquo;)')), laCode)
    }
    const noReason = await browser.submit('/area/local-authority-number', { laCode: '874', reason: '' })
    assert.equal(noReason.statusCode, 400)
    assert.equal((await northshire()).la_code, current.la_code)
    assert.equal((await history(current.id)).length, changes)
  })

  test('by API: another area’s number is refused, a new one is set; a social worker is refused', async () => {
    const current = await northshire()
    await ctx.db
      .insertInto('local_area')
      .values({ id: randomUUID(), name: 'Eastshire', la_code: '875', created_at: new Date() })
      .execute()
    const taken = await api.call(LA_ADMIN, 'POST', '/api/v1/area', { laCode: '875', reason: 'Typo' })
    assert.equal(taken.statusCode, 400, taken.body)
    assert.match(taken.body, /Another area already has this local authority number/)
    assert.equal((await northshire()).la_code, current.la_code)
    const res = await api.call(LA_ADMIN, 'POST', '/api/v1/area', { laCode: '876', reason: 'Corrected' })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json(), { id: current.id, laCode: '876', previousLaCode: current.la_code })
    const refused = await api.call('social.worker@northshire-council.example', 'POST', '/api/v1/area', {
      laCode: '877',
      reason: 'Not mine to change',
    })
    assert.equal(refused.statusCode, 403, refused.body)
    assert.equal((await northshire()).la_code, '876')
  })

  test('the history is append-only in the database', async () => {
    await assert.rejects(ctx.db.updateTable('local_area_change').set({ reason: 'rewritten' }).execute(), /append-only/)
    await assert.rejects(ctx.db.deleteFrom('local_area_change').execute(), /append-only/)
  })
})
