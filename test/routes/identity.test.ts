import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { caseWithPlan, NORTHSHIRE, type CaseWithPlan } from '../support/caseloadFixtures.js'
import { pdfText } from '../support/pdfText.js'
import { buildFileExport } from '../../src/modules/transfers/queries/fileExport.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const corrections = async (childId?: string) =>
  Number(
    (
      await ctx.db
        .selectFrom('child_correction')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .$if(childId !== undefined, (q) => q.where('child_id', '=', childId!))
        .executeTakeFirstOrThrow()
    ).n,
  )

const ruby = { givenName: 'Rubi', familyName: 'Hartly', dateOfBirth: '2016-03-04', nhsNumber: '4010232137' }
/** Valid NHS numbers no other child has. */
const correctedNhs = '4010232145'
const otherNhs = '4010232153'
const invalidNhs = '4010232138'
const reason = 'The birth certificate shows a different spelling'
const checkReason = 'Attending a domestic incident at the family home tonight'

let rubyCase: CaseWithPlan

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  rubyCase = await caseWithPlan(ctx, ruby)
})
after(async () => ctx.close())

describe('correcting a child’s identity', () => {
  test('a correction without a reason, an invalid NHS number, a date of birth in the future: 400 with field errors, nothing written', async () => {
    const url = `/api/v1/children/${rubyCase.childId}/corrections`
    const before = await corrections()
    const noReason = await api(NORTHSHIRE.socialWorker, 'POST', url, { change: 'nhs_number', nhsNumber: correctedNhs })
    assert.equal(noReason.statusCode, 400, noReason.body)
    assert.deepEqual(
      (noReason.json() as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['reason'],
    )
    const badNhs = await api(NORTHSHIRE.socialWorker, 'POST', url, {
      change: 'nhs_number',
      nhsNumber: invalidNhs,
      reason,
    })
    assert.equal(badNhs.statusCode, 400, badNhs.body)
    assert.match(badNhs.body, /"field":"nhsNumber","message":"Enter a valid NHS number/)
    const future = await api(NORTHSHIRE.socialWorker, 'POST', url, {
      change: 'date_of_birth',
      dateOfBirth: '2030-01-01',
      reason,
    })
    assert.equal(future.statusCode, 400, future.body)
    assert.match(future.body, /"field":"dateOfBirth","message":"Date of birth must be today or in the past"/)
    const missingValue = await api(NORTHSHIRE.socialWorker, 'POST', url, { change: 'name', reason })
    assert.equal(missingValue.statusCode, 400)
    assert.match(missingValue.body, /givenName/)
    assert.equal(await corrections(), before)
  })

  test('the page shows the GOV.UK error summary and field errors, and writes nothing', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(NORTHSHIRE.socialWorker, 'Northshire-demo-2026')
    const page = `/children/${rubyCase.childId}/corrections/new`
    const form = await browser.get(page)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Correct the child’s details/)
    const res = await browser.post(page, {
      change: 'date_of_birth',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2030',
      reason: '',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /href="#reason"[^>]*>Enter why this is being corrected/)
    // What was typed is shown again.
    assert.match(res.body, /id="dateOfBirth-year" name="dateOfBirth-year" type="text" value="2030"/)
    // With a reason, the rule that needs today: the date is in the future.
    const future = await browser.post(page, {
      change: 'date_of_birth',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2030',
      reason,
    })
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /href="#dateOfBirth[^"]*"[^>]*>Date of birth must be today or in the past/)
    assert.match(future.body, /govuk-error-message/)
    assert.equal(await corrections(), 0)
  })

  test('someone who may not see the child gets 404 (audited); a concern author who sees it is refused (403)', async () => {
    const url = `/api/v1/children/${rubyCase.childId}/corrections`
    const body = { change: 'nhs_number', nhsNumber: correctedNhs, reason }
    const gp = await api(NORTHSHIRE.gp, 'POST', url, body)
    assert.equal(gp.statusCode, 404)
    assert.doesNotMatch(gp.body, /Rubi|Hartly/)
    const teacher = await api(NORTHSHIRE.teacher, 'POST', url, body)
    assert.equal(teacher.statusCode, 403, teacher.body)
    const police = await api(NORTHSHIRE.police, 'POST', url, body)
    assert.equal(police.statusCode, 403, police.body)
    const unknown = await api(
      NORTHSHIRE.socialWorker,
      'POST',
      `/api/v1/children/${crypto.randomUUID()}/corrections`,
      body,
    )
    assert.equal(unknown.statusCode, 404)
    const gpPage = new TestBrowser(ctx.app)
    await gpPage.signIn(NORTHSHIRE.gp, 'Northshire-demo-2026')
    assert.equal((await gpPage.get(`/children/${rubyCase.childId}/corrections/new`)).statusCode, 404)
    assert.equal(await corrections(), 0)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.filter((a) => a === 'recordChildCorrection.denied').length >= 4)
  })

  test('corrections are addenda: the record shows the child as corrected and the identity history; the first record is unchanged', async () => {
    const url = `/api/v1/children/${rubyCase.childId}/corrections`
    const name = await api(NORTHSHIRE.socialWorker, 'POST', url, {
      change: 'name',
      givenName: 'Ruby',
      familyName: 'Hartley',
      reason,
    })
    assert.equal(name.statusCode, 201, name.body)
    assert.equal((name.json() as { kind: string }).kind, 'name')
    ctx.clock.advance(60_000)
    const nhs = await api(NORTHSHIRE.dsl, 'POST', url, {
      change: 'nhs_number',
      nhsNumber: '401 023 2145',
      reason: 'Health gave us the right number',
    })
    assert.equal(nhs.statusCode, 201, nhs.body)
    ctx.clock.advance(60_000)
    const alias = await api(NORTHSHIRE.socialWorker, 'POST', url, {
      change: 'alias',
      aliasGivenName: 'Roo',
      aliasFamilyName: 'Hartley',
      reason: 'Known as Roo at home',
    })
    assert.equal(alias.statusCode, 201, alias.body)
    assert.equal(await corrections(rubyCase.childId), 3)

    const first = await ctx.db
      .selectFrom('child')
      .select(['given_name', 'family_name', 'nhs_number'])
      .where('id', '=', rubyCase.childId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(first, { given_name: 'Rubi', family_name: 'Hartly', nhs_number: ruby.nhsNumber })

    const chronology = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children/${rubyCase.childId}/chronology`)
    const child = (chronology.json() as { child: Record<string, unknown> }).child
    assert.equal(child.givenName, 'Ruby')
    assert.equal(child.familyName, 'Hartley')
    assert.equal(child.nhsNumber, correctedNhs)

    const browser = new TestBrowser(ctx.app)
    await browser.signIn(NORTHSHIRE.socialWorker, 'Northshire-demo-2026')
    const page = await browser.get(`/children/${rubyCase.childId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Identity history/)
    assert.match(page.body, /Rubi Hartly<\/td>\s*<td class="govuk-table__cell">Ruby Hartley/)
    assert.match(page.body, /401 023 2137<\/td>\s*<td class="govuk-table__cell">401 023 2145/)
    assert.match(page.body, /The birth certificate shows a different spelling/)
    assert.match(page.body, /Also known as: Roo Hartley/)

    const actions = await auditActions(ctx.db)
    assert.equal(actions.filter((a) => a === 'child.identity_corrected').length, 3)
    // The database itself refuses to edit a correction.
    await assert.rejects(ctx.db.updateTable('child_correction').set({ reason: 'changed' }).execute(), /append-only/)
  })

  test('the same NHS number cannot be corrected onto a second child', async () => {
    const other = await caseWithPlan(ctx, {
      givenName: 'Otto',
      familyName: 'Brand',
      dateOfBirth: '2017-07-07',
      nhsNumber: otherNhs,
    })
    const res = await api(NORTHSHIRE.socialWorker, 'POST', `/api/v1/children/${other.childId}/corrections`, {
      change: 'nhs_number',
      nhsNumber: correctedNhs,
      reason,
    })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /Another child’s record has this NHS number/)
  })

  test('the plan check and the search match the corrected NHS number and name, not the old ones', async () => {
    const byNewNhs = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      nhsNumber: correctedNhs,
      reason: checkReason,
    })
    assert.equal(byNewNhs.statusCode, 201, byNewNhs.body)
    const found = byNewNhs.json() as { planFound: boolean; plans: { child: { name: string } }[] }
    assert.equal(found.planFound, true)
    assert.equal(found.plans[0]?.child.name, 'Ruby Hartley')
    const byOldNhs = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      nhsNumber: ruby.nhsNumber,
      reason: checkReason,
    })
    assert.equal((byOldNhs.json() as { planFound: boolean }).planFound, false)
    const byNewName = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      givenName: 'Ruby',
      familyName: 'Hartley',
      dateOfBirth: ruby.dateOfBirth,
      reason: checkReason,
    })
    assert.equal((byNewName.json() as { planFound: boolean }).planFound, true, byNewName.body)
    const byOldName = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      givenName: 'Rubi',
      familyName: 'Hartly',
      dateOfBirth: ruby.dateOfBirth,
      reason: checkReason,
    })
    assert.equal((byOldName.json() as { planFound: boolean }).planFound, false)
    const byAlias = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      givenName: 'Roo',
      familyName: 'Hartley',
      dateOfBirth: ruby.dateOfBirth,
      reason: checkReason,
    })
    assert.equal((byAlias.json() as { planFound: boolean }).planFound, true)

    const search = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children?nhsNumber=${correctedNhs}`)
    const matches = (search.json() as { children: { id: string; givenName: string }[] }).children
    assert.deepEqual(
      matches.map((m) => [m.id, m.givenName]),
      [[rubyCase.childId, 'Ruby']],
    )
    const oldSearch = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children?nhsNumber=${ruby.nhsNumber}`)
    assert.deepEqual((oldSearch.json() as { children: unknown[] }).children, [])
    const byName = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/children?givenName=Ruby&familyName=Hartley`)
    assert.ok((byName.json() as { children: { id: string }[] }).children.some((c) => c.id === rubyCase.childId))

    // The case shows her as corrected too.
    const kase = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/cases/${rubyCase.episodeId}`)
    assert.equal(kase.statusCode, 200, kase.body)
    const shown = (kase.json() as { child: { givenName: string; familyName: string; nhsNumber: string } }).child
    assert.deepEqual([shown.givenName, shown.familyName, shown.nhsNumber], ['Ruby', 'Hartley', correctedNhs])

    // A referral form started from her record names her as corrected.
    const dslPage = new TestBrowser(ctx.app)
    await dslPage.signIn(NORTHSHIRE.dsl, DEMO.password)
    const form = await dslPage.get(`/referrals/new/details?childId=${rubyCase.childId}&immediateDanger=no`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Ruby Hartley/)
    assert.doesNotMatch(form.body, /Rubi|Hartly/)

    // Opening the record with a reason names the child as the plan check does: as corrected. The superseded
    // NHS number and name no longer identify her; the corrected ones do.
    const trustLead = 'safeguarding.lead@northshire-nhs.example'
    const openingReason = 'Brought to the emergency department by ambulance tonight'
    const openings = '/api/v1/record-openings'
    const oldNumber = await api(trustLead, 'POST', openings, { nhsNumber: ruby.nhsNumber, reason: openingReason })
    assert.equal(oldNumber.statusCode, 404, oldNumber.body)
    const oldName = await api(trustLead, 'POST', openings, {
      givenName: 'Rubi',
      familyName: 'Hartly',
      dateOfBirth: ruby.dateOfBirth,
      reason: openingReason,
    })
    assert.equal(oldName.statusCode, 404, oldName.body)
    const newNumber = await api(trustLead, 'POST', openings, { nhsNumber: correctedNhs, reason: openingReason })
    assert.equal(newNumber.statusCode, 201, newNumber.body)
    assert.equal((newNumber.json() as { childId: string }).childId, rubyCase.childId)
  })

  test('the child protection file, the school moves list and the referral name the child as corrected', async () => {
    // Oakfield's DSL sends Ruby's file to Riverside: the receiving school gets the corrected identity.
    const sent = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${rubyCase.childId}/child-protection-file`, {
      movedOn: '2026-11-23',
      reason: 'in_year',
      destination: 'on_together',
      toUrn: '100002',
    })
    assert.equal(sent.statusCode, 201, sent.body)
    const transferId = (sent.json() as { id: string }).id
    const riverside = new TestBrowser(ctx.app)
    await riverside.signIn('dsl@riverside-academy.example', DEMO.password)
    for (const url of [`/school-moves/${transferId}`, '/school-moves']) {
      const page = await riverside.get(url)
      assert.equal(page.statusCode, 200, url)
      assert.match(page.body, /Ruby Hartley/, url)
      assert.doesNotMatch(page.body, /Rubi|Hartly/, url)
    }
    // The file itself (its PDF and JSON) carries the corrected name and NHS number.
    const file = await buildFileExport(ctx.db, transferId)
    const sentChild = file?.child
    assert.deepEqual(
      [sentChild?.givenName, sentChild?.familyName, sentChild?.nhsNumber],
      ['Ruby', 'Hartley', correctedNhs],
    )

    // The referral the case came from shows her as corrected too.
    const referral = await api(NORTHSHIRE.socialWorker, 'GET', `/api/v1/referrals/${rubyCase.referralId}`)
    assert.equal(referral.statusCode, 200, referral.body)
    const child = (referral.json() as { child: { givenName: string; familyName: string } }).child
    assert.deepEqual([child.givenName, child.familyName], ['Ruby', 'Hartley'])
  })

  test('adding a child finds the corrected record by its corrected NHS number; the old number is refused, not a failure', async () => {
    const same = await api(NORTHSHIRE.dsl, 'POST', '/api/v1/children', {
      givenName: 'Ruby',
      familyName: 'Hartley',
      dateOfBirth: ruby.dateOfBirth,
      sex: 'female',
      nhsNumber: correctedNhs,
    })
    assert.equal(same.statusCode, 200, same.body)
    assert.deepEqual(same.json(), { id: rubyCase.childId, existing: true })
    const old = await api(NORTHSHIRE.dsl, 'POST', '/api/v1/children', {
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: '2019-02-02',
      sex: 'male',
      nhsNumber: ruby.nhsNumber,
    })
    assert.equal(old.statusCode, 400, old.body)
    assert.match(old.body, /"field":"nhsNumber"/)
  })

  test('a birth recorded for an unborn child replaces the expected date of delivery', async () => {
    const made = await api(NORTHSHIRE.dsl, 'POST', '/api/v1/children', {
      givenName: '',
      familyName: 'Newborn',
      expectedDateOfDelivery: '2027-01-10',
      sex: 'unknown',
    })
    assert.equal(made.statusCode, 201, made.body)
    const childId = (made.json() as { id: string }).id
    const url = `/api/v1/children/${childId}/corrections`
    const wrongKind = await api(NORTHSHIRE.dsl, 'POST', url, {
      change: 'date_of_birth',
      dateOfBirth: '2026-11-20',
      reason,
    })
    assert.equal(wrongKind.statusCode, 400)
    assert.match(wrongKind.body, /record the birth|Record the birth/)
    const futureBirth = await api(NORTHSHIRE.dsl, 'POST', url, { change: 'birth', birthDate: '2026-12-01', reason })
    assert.equal(futureBirth.statusCode, 400)
    const born = await api(NORTHSHIRE.dsl, 'POST', url, {
      change: 'birth',
      birthDate: '2026-11-20',
      birthSex: 'female',
      reason: 'Born at the maternity unit',
    })
    assert.equal(born.statusCode, 201, born.body)
    const now = await ctx.db
      .selectFrom('child_current')
      .select(['date_of_birth', 'expected_date_of_delivery', 'sex'])
      .where('id', '=', childId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(now, { date_of_birth: '2026-11-20', expected_date_of_delivery: null, sex: 'female' })
    const again = await api(NORTHSHIRE.dsl, 'POST', url, { change: 'birth', birthDate: '2026-11-19', reason })
    assert.equal(again.statusCode, 400)
  })
})

describe('a subject access request for a child’s record', () => {
  const base = () => `/api/v1/children/${rubyCase.childId}/subject-access`
  const requests = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('subject_access_request')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const request = {
    requester: 'parent',
    requesterName: 'Jo Hartley',
    receivedOn: '2026-10-31',
    identityVerified: 'no',
  }

  test('bad input and people who may not answer it: 400 / 403 / 404, nothing written, refusals audited', async () => {
    const empty = await api(NORTHSHIRE.dsl, 'POST', base(), {})
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(
      (empty.json() as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['requester', 'requesterName', 'receivedOn', 'identityVerified'],
    )
    const future = await api(NORTHSHIRE.dsl, 'POST', base(), { ...request, receivedOn: '2026-12-01' })
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /"field":"receivedOn"/)
    // A social worker and the teacher who recorded the concern see the record, but do not answer these requests.
    assert.equal((await api(NORTHSHIRE.socialWorker, 'POST', base(), request)).statusCode, 403)
    assert.equal((await api(NORTHSHIRE.teacher, 'POST', base(), request)).statusCode, 403)
    const gp = await api(NORTHSHIRE.gp, 'POST', base(), request)
    assert.equal(gp.statusCode, 404)
    assert.doesNotMatch(gp.body, /Ruby|Hartley/)
    assert.equal((await api(NORTHSHIRE.gp, 'POST', `${base()}/export`)).statusCode, 404)
    assert.equal((await api(NORTHSHIRE.socialWorker, 'POST', `${base()}/export`)).statusCode, 403)
    const gpPage = new TestBrowser(ctx.app)
    await gpPage.signIn(NORTHSHIRE.gp, 'Northshire-demo-2026')
    assert.equal((await gpPage.get(`/children/${rubyCase.childId}/subject-access`)).statusCode, 404)
    assert.equal(await requests(), 0)
    const actions = await auditActions(ctx.db)
    assert.ok(actions.includes('recordSubjectAccessRequest.denied'))
    assert.ok(actions.includes('exportSubjectAccess.denied'))
    assert.ok(actions.includes('viewSubjectAccess.denied'))
  })

  test('recorded, verified, extended, an entry withheld, exported as a PDF: the clock starts, moves and stops', async () => {
    const made = await api(NORTHSHIRE.dsl, 'POST', base(), request)
    assert.equal(made.statusCode, 201, made.body)
    const { id, dueOn } = made.json() as { id: string; dueOn: string }
    // 31 October + 1 calendar month = 30 November 2026 (a Monday).
    assert.equal(dueOn, '2026-11-30')
    const clock = () =>
      ctx.db
        .selectFrom('deadline')
        .select(['rule_id', 'due_on', 'completed_at'])
        .where('subject_type', '=', 'subject_access_request')
        .where('subject_id', '=', id)
        .executeTakeFirstOrThrow()
    assert.deepEqual(await clock(), { rule_id: 'subject-access-response', due_on: '2026-11-30', completed_at: null })
    assert.equal((await api(NORTHSHIRE.dsl, 'POST', base(), request)).statusCode, 409)

    // Nothing is released before the requester's identity is verified.
    const early = await api(NORTHSHIRE.dsl, 'POST', `${base()}/export`)
    assert.equal(early.statusCode, 409)
    assert.match(early.body, /Verify the requester’s identity/)
    assert.equal((await api(NORTHSHIRE.dsl, 'POST', `${base()}/verify`, { verified: ['yes'] })).statusCode, 201)

    const noReason = await api(NORTHSHIRE.dsl, 'POST', `${base()}/extend`, {})
    assert.equal(noReason.statusCode, 400)
    const extended = await api(NORTHSHIRE.dsl, 'POST', `${base()}/extend`, { reason: 'Records from three agencies' })
    assert.equal(extended.statusCode, 201, extended.body)
    // 31 October + 3 months = Sunday 31 January 2027: back to Friday 29 January.
    assert.equal((extended.json() as { dueOn: string }).dueOn, '2027-01-29')
    assert.equal((await clock()).due_on, '2027-01-29')
    assert.equal((await api(NORTHSHIRE.dsl, 'POST', `${base()}/extend`, { reason: 'Again' })).statusCode, 409)

    // The DSL chooses an entry on the page and withholds it.
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(NORTHSHIRE.dsl, 'Northshire-demo-2026')
    const overview = await browser.get(`/children/${rubyCase.childId}/subject-access`)
    assert.equal(overview.statusCode, 200)
    assert.match(overview.body, /Jo Hartley/)
    const keys = [...overview.body.matchAll(/subject-access\/withhold\?entry=([0-9a-f]+)/g)].map((m) => m[1]!)
    assert.ok(keys.length >= 2, 'the chronology has entries to choose from')
    const form = await browser.get(`/children/${rubyCase.childId}/subject-access/withhold?entry=${keys[0]}`)
    assert.match(form.body, new RegExp(`name="entry" type="text" value="${keys[0]}"`))
    const withheld = await browser.post(`/children/${rubyCase.childId}/subject-access/withhold`, {
      entry: keys[0]!,
      ground: 'third_party',
      explanation: 'Names the neighbour who reported the concern',
    })
    assert.equal(withheld.statusCode, 303, withheld.body)
    const unknownEntry = await api(NORTHSHIRE.dsl, 'POST', `${base()}/withhold`, {
      entry: 'abc123',
      ground: 'serious_harm',
      explanation: 'x',
    })
    assert.equal(unknownEntry.statusCode, 400)
    assert.match(unknownEntry.body, /"field":"entry"/)
    const again = await api(NORTHSHIRE.dsl, 'POST', `${base()}/withhold`, {
      entry: keys[0],
      ground: 'serious_harm',
      explanation: 'x',
    })
    assert.match(again.body, /already withheld/)
    const page = await browser.get(`/children/${rubyCase.childId}/subject-access`)
    assert.match(page.body, /Withheld<\/strong>|govuk-tag--red/)

    const exported = await api(NORTHSHIRE.dsl, 'POST', `${base()}/export`)
    assert.equal(exported.statusCode, 200, exported.body)
    assert.equal(exported.headers['content-type'], 'application/pdf')
    const text = pdfText(exported.rawPayload)
    assert.match(text, /Withheld: information about another person/)
    assert.match(text, /Subject access request from Jo Hartley/)
    assert.match(text, /Ruby Hartley/)
    const done = await clock()
    assert.ok(done.completed_at !== null, 'the clock stopped')
    const row = await ctx.db
      .selectFrom('subject_access_request')
      .select(['exported_at', 'extension_reason', 'identity_verified'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.ok(row.exported_at !== null)
    assert.equal(row.identity_verified, true)
    assert.equal((await api(NORTHSHIRE.dsl, 'POST', `${base()}/export`)).statusCode, 409)
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', 'like', 'subject_access.%')
      .orderBy('seq')
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'subject_access.request_recorded',
        'subject_access.identity_verified',
        'subject_access.extended',
        'subject_access.entry_withheld',
        'subject_access.exported',
      ],
    )
    assert.equal((audit.at(-1)?.details as { withheld: number }).withheld, 1)
    // A new request may be recorded once the last is answered.
    assert.equal((await api(NORTHSHIRE.dsl, 'POST', base(), { ...request, identityVerified: 'yes' })).statusCode, 201)
  })

  test('the pages: record a request with the GOV.UK form, see the entries, export the PDF', async () => {
    const otto = await caseWithPlan(ctx, { givenName: 'Ada', familyName: 'Page', dateOfBirth: '2015-05-05' })
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(NORTHSHIRE.dsl, 'Northshire-demo-2026')
    const start = await browser.get(`/children/${otto.childId}/subject-access`)
    assert.equal(start.statusCode, 200)
    assert.match(start.body, /Record a subject access request/)
    const nothingOpen = await browser.post(`/children/${otto.childId}/subject-access/export`, {})
    assert.equal(nothingOpen.statusCode, 409)
    assert.match(nothingOpen.body, /<h1[^>]*>\s*This cannot be done now/)
    assert.match(nothingOpen.body, /There is no open subject access request about this child/)
    const form = `/children/${otto.childId}/subject-access/new`
    const bad = await browser.submit(form, { requester: 'child', requesterName: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /govuk-error-summary/)
    assert.match(bad.body, /Enter the name of the person asking/)
    const made = await browser.post(form, {
      requester: 'child',
      requesterName: 'Ada Page',
      'receivedOn-day': '20',
      'receivedOn-month': '11',
      'receivedOn-year': '2026',
      identityVerified: 'yes',
    })
    assert.equal(made.statusCode, 303, made.body)
    assert.equal(made.headers.location, `/children/${otto.childId}/subject-access`)
    const overview = await browser.get(`/children/${otto.childId}/subject-access`)
    assert.match(overview.body, /Ada Page/)
    assert.match(overview.body, /subject-access-entries/)
    assert.match(overview.body, /Export the PDF and answer the request/)
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(overview.body)?.[1]
    assert.ok(submissionKey, 'the export form carries a submission key')
    const pdf = await browser.post(`/children/${otto.childId}/subject-access/export`, { submissionKey })
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(pdf.headers['content-disposition'], `attachment; filename="subject-access-${otto.childId}.pdf"`)
    assert.match(pdfText(pdf.rawPayload), /Nothing has been withheld/)
    // The same form sent twice: the file is not kept, so the second is refused (the request is answered once).
    const again = await browser.post(`/children/${otto.childId}/subject-access/export`, { submissionKey })
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /This request has already been answered/)
    const after = await browser.get(`/children/${otto.childId}/subject-access`)
    assert.match(after.body, /Answered requests/)
  })
})
