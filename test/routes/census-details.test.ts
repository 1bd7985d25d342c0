import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { caseAfterFrontDoor, PEOPLE, type CaseFixture } from '../support/protectionFixtures.js'

let ctx: TestContext
let api: ApiClient
let kase: CaseFixture
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  api = new ApiClient(ctx)
  kase = await caseAfterFrontDoor(ctx.deps, { outcome: 'strategy_discussion' })
})
after(async () => ctx.close())

const records = async () =>
  ctx.db
    .selectFrom('child_census_detail')
    .select(['ethnicity', 'disabilities', 'reason'])
    .where('child_id', '=', kase.childId)
    .orderBy('seq')
    .execute()
const censusChild = async () => {
  const res = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', {
    errorsListed: true,
  })
  assert.equal(res.statusCode, 200, res.body)
  return res.body
}

describe('a child’s census ethnicity and disability (recordChildCensusDetails)', () => {
  test('bad input shows the error summary and writes nothing', async () => {
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.signIn(PEOPLE.socialWorker, DEMO.password)).statusCode, 303)
    const url = `/children/${kase.childId}/census-details/new`
    const form = await browser.get(url)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /White British/)
    assert.doesNotMatch(form.body, />\s*WBRI\s*</, 'the codes are never shown')
    for (const [fields, message] of [
      [{ disabled: 'no' }, /Select the child’s ethnicity/],
      [{ ethnicity: 'WBRI' }, /Select whether the child has a disability/],
      [{ ethnicity: 'WBRI', disabled: 'yes' }, /Select the child’s disabilities/],
      [{ ethnicity: 'XXXX', disabled: 'no' }, /Select the child’s ethnicity/],
      [{ ethnicity: 'WBRI', disabled: 'yes', disabilities: 'NONE' }, /Select the child’s disabilities/],
    ] as const) {
      const res = await browser.submit(url, fields)
      assert.equal(res.statusCode, 400, JSON.stringify(fields))
      assert.match(res.body, /govuk-error-summary/)
      assert.match(res.body, message)
    }
    const api400 = await api.call(PEOPLE.socialWorker, 'POST', `/api/v1/children/${kase.childId}/census-details`, {
      ethnicity: 'WBRI',
      disabled: 'maybe',
    })
    assert.equal(api400.statusCode, 400, api400.body)
    assert.deepEqual(await records(), [])
  })

  test('social care records them on the page; the record shows them in words; the census sends the codes', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(PEOPLE.socialWorker, DEMO.password)
    const res = await browser.submit(`/children/${kase.childId}/census-details/new`, {
      ethnicity: 'MWBA',
      disabled: 'yes',
      disabilities: ['HEAR', 'COMM'],
    })
    assert.equal(res.statusCode, 303, res.body)
    assert.deepEqual(await records(), [{ ethnicity: 'MWBA', disabilities: ['COMM', 'HEAR'], reason: null }])
    const page = await browser.get(`/children/${kase.childId}`)
    assert.match(page.body, /White and Black African/)
    assert.match(page.body, /Communication, Hearing/)
    assert.ok((await auditActions(ctx.db)).includes('child.census_details_recorded'))
    const xml = await censusChild()
    assert.match(xml, /<Ethnicity>MWBA<\/Ethnicity>/)
    assert.match(xml, /<Disabilities><Disability>COMM<\/Disability><Disability>HEAR<\/Disability><\/Disabilities>/)
  })

  test('a correction needs a reason and a change; it is kept with the first, and the census reads the newest', async () => {
    const url = `/api/v1/children/${kase.childId}/census-details`
    const noReason = await api.call(PEOPLE.socialWorker, 'POST', url, { ethnicity: 'BAFR', disabled: 'no' })
    assert.equal(noReason.statusCode, 400, noReason.body)
    assert.match(noReason.body, /Enter why the details are being corrected/)
    const same = await api.call(PEOPLE.socialWorker, 'POST', url, {
      ethnicity: 'MWBA',
      disabled: 'yes',
      disabilities: ['HEAR', 'COMM'],
      reason: 'Again',
    })
    assert.equal(same.statusCode, 400, same.body)
    assert.equal((await records()).length, 1)
    const ok = await api.call(PEOPLE.socialWorker, 'POST', url, {
      ethnicity: 'BAFR',
      disabled: 'no',
      reason: 'The family corrected us at the visit',
    })
    assert.equal(ok.statusCode, 201, ok.body)
    assert.equal((ok.json() as { correction: boolean }).correction, true)
    assert.equal((await records()).length, 2)
    const xml = await censusChild()
    assert.match(xml, /<Ethnicity>BAFR<\/Ethnicity>/)
    assert.match(xml, /<Disability>NONE<\/Disability>/)
    assert.doesNotMatch(xml, /<Ethnicity>MWBA<\/Ethnicity>/)
    await assert.rejects(ctx.db.updateTable('child_census_detail').set({ reason: 'x' }).execute(), /append-only/)
  })

  test('a school’s DSL who sees the child is refused; someone not involved is told there is no such child', async () => {
    const body = { ethnicity: 'WBRI', disabled: 'no', reason: 'Not mine' }
    const url = `/api/v1/children/${kase.childId}/census-details`
    assert.equal((await api.call(PEOPLE.dsl, 'POST', url, body)).statusCode, 403)
    assert.equal((await api.call(PEOPLE.riversideDsl, 'POST', url, body)).statusCode, 404)
    assert.equal((await records()).length, 2)
  })
})
