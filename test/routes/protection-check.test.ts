import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createUser } from '../../src/modules/people/steps/createUser.js'
import { newId } from '../../src/platform/security/secrets.js'
import {
  caseWithPlan,
  endPlan,
  NORTHSHIRE,
  openCase,
  organisationId,
  referralFromDsl,
  type CaseWithPlan,
} from '../support/caseloadFixtures.js'
import { ApiClient, auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const checks = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('protection_check')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

const maya = {
  givenName: 'Maya',
  familyName: 'Example',
  dateOfBirth: '2016-05-14',
  nhsNumber: '4010232137',
  postcode: 'ne1 4st',
}
const leo = { givenName: 'Leo', familyName: 'Example', dateOfBirth: '2018-09-02', nhsNumber: '4010232145' }
const noah = { givenName: 'Noah', familyName: 'Sample', dateOfBirth: '2015-01-20', nhsNumber: '4010232153' }
/** A valid NHS number that no child in Together has. */
const unknownNhs = '4010232161'
const reason = 'Attending a domestic incident at the family home tonight'
const southshireOfficer = 'dc.officer@southshire-police.example'

let mayaCase: CaseWithPlan
let northshireArea: string
let southshireArea: string

interface CheckBody {
  id: string
  checkedAt: string
  reason: string
  searched: string
  planFound: boolean
  plans: {
    child: { name: string; dateOfBirth: string; postcodeDistrict: string | null; matchedOtherName: string | null }
    startedOn: string
    category: string
    categoryLabel: string
    leadPractitioner: string | null
    localAuthority: { id: string; name: string; phone: string | null; email: string | null }
  }[]
  areaContacts: { name: string; phone: string | null; email: string | null }[]
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  mayaCase = await caseWithPlan(ctx, maya)
  // Leo is known to children's social care (an assessment) but has no plan.
  const leoReferral = await referralFromDsl(ctx, leo)
  await openCase(ctx, leoReferral.referralId, { outcome: 'assessment' })
  northshireArea = (
    await ctx.db.selectFrom('local_area').select('id').where('name', '=', 'Northshire').executeTakeFirstOrThrow()
  ).id
  // A neighbouring area with its own police force and no children's social care in Together.
  southshireArea = newId()
  await ctx.db
    .insertInto('local_area')
    .values({ id: southshireArea, name: 'Southshire', created_at: ctx.clock.now() })
    .execute()
  await ctx.db
    .insertInto('organisation')
    .values({
      id: newId(),
      local_area_id: southshireArea,
      name: 'Southshire Police',
      kind: 'police_force',
      statutory_partner: true,
      created_at: ctx.clock.now(),
    })
    .execute()
  const made = await createUser(ctx.deps, {
    organisation: 'Southshire Police',
    email: southshireOfficer,
    displayName: 'DC Sam Hill',
    roles: ['police_officer'],
    password: DEMO.password,
    isDemo: true,
    operator: 'test',
  })
  assert.ok(made.ok)
})
after(async () => ctx.close())

describe('checking for a child protection plan (API)', () => {
  test('a police officer checks by NHS number: yes, when the plan started, its category and whom to call', async () => {
    const res = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: '401 023 2137', reason })
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json() as CheckBody
    assert.equal(body.planFound, true)
    assert.equal(body.plans.length, 1)
    const plan = body.plans[0]
    assert.equal(plan?.startedOn, '2026-11-23')
    assert.equal(plan?.category, 'PHY')
    assert.equal(plan?.categoryLabel, 'Physical abuse')
    assert.equal(plan?.leadPractitioner, 'Tom Bennett')
    assert.deepEqual(
      { ...plan?.localAuthority, id: undefined },
      { id: undefined, name: NORTHSHIRE.la, phone: '01632 960 123', email: 'mash@northshire-council.example' },
    )
    assert.equal(body.searched, 'NHS number 401 023 2137')
    assert.deepEqual(
      plan?.child,
      { name: 'Maya Example', dateOfBirth: '2016-05-14', postcodeDistrict: 'NE1', matchedOtherName: null },
      'which child matched: name, date of birth and postcode district',
    )
    assert.doesNotMatch(res.body, /4ST|Safety plan|boyfriend|Father/, 'nothing else about the child or the plan')

    const row = await ctx.db
      .selectFrom('protection_check')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.found_plan, true)
    assert.equal(row.child_id, mayaCase.childId)
    assert.equal(row.reason, reason)
    assert.deepEqual(row.notified_organisation_ids, [await organisationId(ctx, NORTHSHIRE.la)])
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'reason'])
      .where('action', '=', 'protection.checked')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual([audit.subject_type, audit.subject_id], ['child', mayaCase.childId])
    assert.match(audit.reason ?? '', /domestic incident/)
  })

  test('the local authority is told by one email, to its front door mailbox, with no child’s details', async () => {
    const last = await ctx.db
      .selectFrom('protection_check')
      .select('id')
      .where('found_plan', '=', true)
      .orderBy('checked_at', 'desc')
      .executeTakeFirstOrThrow()
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'subject', 'body', 'kind'])
      .where('related_id', '=', last.id)
      .execute()
    assert.deepEqual(
      mail.map((m) => m.recipient),
      ['mash@northshire-council.example'],
      'one email per check, not one per person as well',
    )
    for (const m of mail) {
      assert.equal(m.kind, 'protection.checked')
      assert.equal(m.subject, 'Child protection plan check by Northshire Police')
      assert.match(m.body, /a current child protection plan was found/)
      assert.doesNotMatch(`${m.subject} ${m.body}`, /Maya|Example|4010232137|401 023 2137|domestic/)
    }
  })

  test('a health safeguarding lead checks by exact name and date of birth; case, spaces and accents do not matter', async () => {
    const res = await api(NORTHSHIRE.designatedNurse, 'POST', '/api/v1/protection-checks', {
      givenName: ' MAYA ',
      familyName: 'éxample',
      dateOfBirth: '2016-05-14',
      reason: 'Maya is in the emergency department with a fracture',
    })
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json() as CheckBody
    assert.equal(body.planFound, true)
    assert.equal(body.plans[0]?.child.name, 'Maya Example')
    const wrongBirthday = await api(NORTHSHIRE.designatedNurse, 'POST', '/api/v1/protection-checks', {
      givenName: 'Maya',
      familyName: 'Example',
      dateOfBirth: '2016-05-15',
      reason: 'Checking',
    })
    assert.equal((wrongBirthday.json() as CheckBody).planFound, false, 'a different date of birth is a different child')
  })

  test('near misses (Lea and Leon Marsh born on Leo Marsh’s birthday, a misspelling) answer as if no child existed', async () => {
    const leoMarsh = { givenName: 'Leo', familyName: 'Marsh', dateOfBirth: '2019-06-12', postcode: 'NE3 1AB' }
    await caseWithPlan(ctx, leoMarsh)
    const check = (payload: object) =>
      api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { ...payload, reason })
    const strip = (b: CheckBody) => ({ ...b, id: '', checkedAt: '', searched: '' })
    const nobody = strip(
      (await check({ givenName: 'Nobody', familyName: 'Known', dateOfBirth: '2019-06-12' })).json() as CheckBody,
    )
    assert.equal(nobody.planFound, false)
    const auditedBefore = (await auditActions(ctx.db)).filter((a) => a === 'protection.checked').length
    const nearMisses = [
      { givenName: 'Lea', familyName: 'Marsh', dateOfBirth: '2019-06-12' },
      { givenName: 'Leon', familyName: 'Marsh', dateOfBirth: '2019-06-12' },
      { givenName: 'Leo', familyName: 'Marsch', dateOfBirth: '2019-06-12' },
      { givenName: 'Marsh', familyName: 'Leo', dateOfBirth: '2019-06-12' },
      { givenName: 'Leo', familyName: 'Marsh', dateOfBirth: '2019-06-21' },
      { givenName: 'Maia', familyName: 'Example', dateOfBirth: '2016-05-14' },
    ]
    for (const payload of nearMisses) {
      const res = await check(payload)
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(strip(res.json() as CheckBody), nobody, `${payload.givenName} ${payload.familyName}`)
      // Only what was typed is echoed back ("searched"): nothing about any recorded child.
      assert.doesNotMatch(JSON.stringify(strip(res.json() as CheckBody)), /Marsh|Example|NE3|NE1\b|2019-06-12/)
    }
    const audited = (await auditActions(ctx.db)).filter((a) => a === 'protection.checked').length
    assert.equal(audited - auditedBefore, nearMisses.length, 'every check is audited')
    const exact = (
      await check({ givenName: 'leo', familyName: ' MARSH ', dateOfBirth: '2019-06-12' })
    ).json() as CheckBody
    assert.equal(exact.planFound, true)
    assert.deepEqual(
      exact.plans.map((p) => p.child),
      [{ name: 'Leo Marsh', dateOfBirth: '2019-06-12', postcodeDistrict: 'NE3', matchedOtherName: null }],
    )
  })

  test('a child known without a plan and a child unknown to Together get exactly the same answer', async () => {
    const known = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      nhsNumber: leo.nhsNumber,
      reason,
    })
    const unknown = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: unknownNhs, reason })
    assert.equal(known.statusCode, 201)
    assert.equal(unknown.statusCode, 201)
    const strip = (b: CheckBody) => ({ ...b, id: '', checkedAt: '', searched: '' })
    assert.deepEqual(strip(known.json() as CheckBody), strip(unknown.json() as CheckBody))
    const answer = known.json() as CheckBody
    assert.equal(answer.planFound, false)
    assert.deepEqual(answer.plans, [])
    assert.deepEqual(
      answer.areaContacts.map((c) => [c.name, c.phone]),
      [[NORTHSHIRE.la, '01632 960 123']],
      'whom to call if worried',
    )
    for (const id of [answer.id, (unknown.json() as CheckBody).id]) {
      const row = await ctx.db
        .selectFrom('protection_check')
        .select(['child_id', 'found_plan'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(
        row,
        { child_id: null, found_plan: false },
        'a child without a plan is never named in the record',
      )
    }
  })

  test('an ended plan is not a current plan', async () => {
    const noahCase = await caseWithPlan(ctx, noah)
    assert.equal(
      (
        (
          await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: noah.nhsNumber, reason })
        ).json() as CheckBody
      ).planFound,
      true,
    )
    await endPlan(ctx, noahCase.episodeId, noahCase.planId, 'Risk reduced: stepped down to a child in need plan')
    assert.equal(
      (
        (
          await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: noah.nhsNumber, reason })
        ).json() as CheckBody
      ).planFound,
      false,
    )
  })

  test('a reason is required and the child must be named properly; nothing is written', async () => {
    const before = await checks()
    const cases: [object, string][] = [
      [{ nhsNumber: maya.nhsNumber }, 'reason'],
      [{ nhsNumber: maya.nhsNumber, reason: '   ' }, 'reason'],
      [{ nhsNumber: '4010232138', reason }, 'nhsNumber'],
      [{ reason }, 'nhsNumber'],
      [{ givenName: 'Maya', familyName: 'Example', reason }, 'dateOfBirth'],
      [{ givenName: 'Maya', dateOfBirth: '2016-05-14', reason }, 'familyName'],
      [{ givenName: 'Maya', familyName: 'Example', dateOfBirth: '14/05/2016', reason }, 'dateOfBirth'],
      [{ givenName: 'Maya', familyName: 'Example', dateOfBirth: '2030-01-01', reason }, 'dateOfBirth'],
      [{ nhsNumber: maya.nhsNumber, reason: 'x'.repeat(1001) }, 'reason'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', payload)
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
      assert.ok(
        (res.json() as { errors: { field: string }[] }).errors.some((e) => e.field === field),
        `${field}: ${res.body}`,
      )
    }
    for (const hostile of [{ nhsNumber: 12 }, { reason: ['a'] }, []]) {
      assert.equal((await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', hostile)).statusCode, 400)
    }
    assert.equal(await checks(), before)
  })

  test('only police and health safeguarding roles may check: staff, DSLs and social workers are refused and audited', async () => {
    const before = await checks()
    for (const email of [
      NORTHSHIRE.teacher,
      NORTHSHIRE.dsl,
      NORTHSHIRE.socialWorker,
      NORTHSHIRE.frontDoor,
      NORTHSHIRE.gp,
    ]) {
      const res = await api(email, 'POST', '/api/v1/protection-checks', { nhsNumber: maya.nhsNumber, reason })
      assert.equal(res.statusCode, 403, email)
      assert.doesNotMatch(res.body, /PHY|Physical|Tom Bennett/)
    }
    assert.equal(await checks(), before)
    assert.ok((await auditActions(ctx.db)).includes('protection.check_denied'))
    const gpLead = await api(NORTHSHIRE.gpLead, 'POST', '/api/v1/protection-checks', {
      nhsNumber: maya.nhsNumber,
      reason: 'Mother has brought Maya to the surgery with bruising',
    })
    assert.equal(gpLead.statusCode, 201, 'a GP practice’s health safeguarding lead may check')
  })

  test('police in another local area are refused this area, and their own area’s check finds nothing here', async () => {
    const before = await checks()
    const refused = await api(southshireOfficer, 'POST', '/api/v1/protection-checks', {
      nhsNumber: maya.nhsNumber,
      reason,
      localAreaId: northshireArea,
    })
    assert.equal(refused.statusCode, 403)
    assert.match(refused.body, /your own local area/)
    const theOtherWay = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      nhsNumber: maya.nhsNumber,
      reason,
      localAreaId: southshireArea,
    })
    assert.equal(theOtherWay.statusCode, 403)
    const madeUp = await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', {
      nhsNumber: maya.nhsNumber,
      reason,
      localAreaId: 'not-an-area',
    })
    assert.equal(madeUp.statusCode, 403)
    assert.equal(await checks(), before)
    const own = await api(southshireOfficer, 'POST', '/api/v1/protection-checks', { nhsNumber: maya.nhsNumber, reason })
    assert.equal(own.statusCode, 201)
    const body = own.json() as CheckBody
    assert.equal(body.planFound, false)
    assert.deepEqual(body.areaContacts, [])
    const row = await ctx.db
      .selectFrom('protection_check')
      .select(['local_area_id', 'notified_organisation_ids'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { local_area_id: southshireArea, notified_organisation_ids: [] })
  })

  test('the local authority lists the checks it was told about; the child is named only for a plan it holds', async () => {
    const res = await api(NORTHSHIRE.frontDoor, 'GET', '/api/v1/protection-checks')
    assert.equal(res.statusCode, 200, res.body)
    const list = res.json() as {
      total: number
      items: {
        checkedBy: string
        organisation: string
        planFound: boolean
        child: { id: string; name: string } | null
        searched: string
        reason: string
      }[]
    }
    const withPlan = list.items.filter((i) => i.planFound)
    assert.ok(
      withPlan.some(
        (i) =>
          i.child?.id === mayaCase.childId &&
          i.child.name === 'Maya Example' &&
          i.checkedBy === 'DC Laura Price' &&
          i.organisation === 'Northshire Police',
      ),
    )
    assert.ok(list.items.filter((i) => !i.planFound).every((i) => i.child === null))
    assert.ok(
      list.items.some((i) => i.searched === `NHS number 401 023 2161`),
      'a check about an unknown child is still listed by what was searched',
    )
    assert.ok(
      !list.items.some((i) => i.checkedBy === 'DC Sam Hill'),
      'another area’s checks are not this local authority’s',
    )
    assert.equal((await api(NORTHSHIRE.teamManager, 'GET', '/api/v1/protection-checks')).statusCode, 200)
    for (const email of [
      NORTHSHIRE.police,
      NORTHSHIRE.gpLead,
      NORTHSHIRE.dsl,
      'conference.chair@northshire-council.example',
    ]) {
      assert.equal((await api(email, 'GET', '/api/v1/protection-checks')).statusCode, 403, email)
    }
  })

  test('only the person who checked sees the answer again', async () => {
    const made = (
      await api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: maya.nhsNumber, reason })
    ).json() as CheckBody
    const again = await api(NORTHSHIRE.police, 'GET', `/api/v1/protection-checks/${made.id}`)
    assert.equal(again.statusCode, 200)
    assert.deepEqual({ ...(again.json() as CheckBody) }, made)
    for (const email of [NORTHSHIRE.designatedNurse, NORTHSHIRE.frontDoor, southshireOfficer]) {
      assert.equal((await api(email, 'GET', `/api/v1/protection-checks/${made.id}`)).statusCode, 404, email)
    }
    assert.equal((await api(NORTHSHIRE.police, 'GET', '/api/v1/protection-checks/not-a-uuid')).statusCode, 404)
    assert.ok((await auditActions(ctx.db)).includes('protection.check_view_denied'))
  })
})

describe('checking for a child protection plan (pages)', () => {
  test('a police officer checks through the form and sees “yes” and whom to call', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.police, DEMO.password)
    const home = await b.get('/')
    assert.match(home.body, /href="\/protection-check"/)
    const form = await b.get('/protection-check')
    assert.equal(form.statusCode, 200)
    const empty = await b.post('/protection-check', { nhsNumber: '', givenName: '', familyName: '', reason: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /There is a problem/)
    assert.match(empty.body, /Give the reason for the check/)
    assert.match(empty.body, /Enter the child’s NHS number, or their first name, last name and date of birth/)
    const partDate = await b.post('/protection-check', {
      givenName: 'Maya',
      familyName: 'Example',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '2016',
      reason,
    })
    assert.equal(partDate.statusCode, 400)
    assert.match(partDate.body, /href="#dateOfBirth-day"/)
    assert.match(partDate.body, /value="Maya"/, 'what was typed is kept')
    const sent = await b.post('/protection-check', {
      givenName: 'Maya',
      familyName: 'Example',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2016',
      reason,
    })
    assert.equal(sent.statusCode, 303)
    const location = String(sent.headers.location)
    assert.match(location, /^\/protection-check\/[0-9a-f-]{36}$/)
    const result = await b.get(location)
    assert.equal(result.statusCode, 200)
    assert.match(result.body, /A current child protection plan was found: check this is the child you mean/)
    const childAt = result.body.indexOf('Maya Example')
    assert.ok(childAt > 0, 'the matched child is named')
    assert.ok(childAt < result.body.indexOf('Physical abuse'), 'the child is shown before anything about the plan')
    assert.match(result.body, /14 May 2016/)
    assert.match(result.body, />\s*NE1\s*</)
    assert.match(result.body, /Physical abuse/)
    assert.match(result.body, /Tom Bennett/)
    assert.match(result.body, /01632 960 123/)
    assert.match(result.body, /23 November 2026/)
    const other = new TestBrowser(ctx.app)
    await other.signIn(NORTHSHIRE.designatedNurse, DEMO.password)
    assert.equal((await other.get(location)).statusCode, 404)
  })

  test('the form sent twice checks once: one row, one email, one audit row, the same answer', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.police, DEMO.password)
    const form = await b.get('/protection-check')
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    assert.notEqual(submissionKey, '')
    const before = await checks()
    const audited = async () => (await auditActions(ctx.db)).filter((a) => a === 'protection.checked').length
    const auditedBefore = await audited()
    const send = () => b.post('/protection-check', { nhsNumber: maya.nhsNumber, reason, submissionKey })
    const first = await send()
    const second = await send()
    assert.equal(first.statusCode, 303)
    assert.equal(second.statusCode, 303)
    assert.equal(second.headers.location, first.headers.location, 'the first answer again')
    assert.equal(await checks(), before + 1)
    assert.equal((await audited()) - auditedBefore, 1)
    const id = String(first.headers.location).split('/').pop() ?? ''
    const mail = await ctx.db.selectFrom('notification_outbox').select('id').where('related_id', '=', id).execute()
    assert.equal(mail.length, 1)
    // The audit row as it has always been, with the step's name beside it.
    const row = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'subject_type', 'subject_id', 'reason', 'details'])
      .where('action', '=', 'protection.checked')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, {
      action: 'protection.checked',
      subject_type: 'child',
      subject_id: mayaCase.childId,
      reason: `police or health professional checking for a child protection plan: ${reason}`,
      details: {
        step: 'checkProtectionPlan',
        checkId: id,
        by: 'nhs_number',
        foundPlan: true,
        notified: [await organisationId(ctx, NORTHSHIRE.la)],
      },
    })
  })

  test('the API with the same submission key answers the first answer again (200) and writes nothing', async () => {
    const before = await checks()
    const submissionKey = newId()
    const call = () =>
      api(NORTHSHIRE.police, 'POST', '/api/v1/protection-checks', { nhsNumber: unknownNhs, reason, submissionKey })
    const first = await call()
    const again = await call()
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(again.statusCode, 200, again.body)
    assert.deepEqual(again.json(), first.json())
    assert.equal(await checks(), before + 1)
  })

  test('no plan found says so, and gives the front door to call if worried', async () => {
    const b = new TestBrowser(ctx.app)
    await b.signIn(NORTHSHIRE.designatedNurse, DEMO.password)
    await b.get('/protection-check')
    const sent = await b.post('/protection-check', { nhsNumber: unknownNhs, reason: 'Child attending A&E' })
    const result = await b.get(String(sent.headers.location))
    assert.match(result.body, /No exact match with a current child protection plan/)
    assert.match(result.body, /01632 960 123/)
  })

  test('people who may not check are told so; the local authority sees its list', async () => {
    const teacher = new TestBrowser(ctx.app)
    await teacher.signIn(NORTHSHIRE.teacher, DEMO.password)
    assert.equal((await teacher.get('/protection-check')).statusCode, 403)
    const frontDoor = new TestBrowser(ctx.app)
    await frontDoor.signIn(NORTHSHIRE.frontDoor, DEMO.password)
    assert.match((await frontDoor.get('/')).body, /href="\/protection-checks"/)
    const list = await frontDoor.get('/protection-checks')
    assert.equal(list.statusCode, 200)
    assert.match(list.body, new RegExp(`href="/children/${mayaCase.childId}">Maya Example`))
    assert.match(list.body, /DC Laura Price/)
    assert.match(list.body, /Plan found/)
    assert.match(list.body, /No plan found/)
    const police = new TestBrowser(ctx.app)
    await police.signIn(NORTHSHIRE.police, DEMO.password)
    assert.equal((await police.get('/protection-checks')).statusCode, 403)
  })
})
