import { randomUUID } from 'node:crypto'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { ApiClient, auditActions, buildTestApp, TestBrowser, type TestContext } from '../support/testApp.js'
import { caseAfterFrontDoor, PEOPLE } from '../support/protectionFixtures.js'
import { xmllint } from '../support/xmllint.js'
import { annexAHeadings } from '../../src/modules/returns/domain/annexA.js'
import { laChildIdFor } from '../../src/modules/returns/domain/census.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { parseLocalDate } from '../../src/platform/calendar/localDate.js'
import { actorFor } from '../support/caseloadFixtures.js'
import { importOrganisations } from '../../src/modules/organisations/steps/importArea.js'

const LA_ADMIN = 'admin@northshire-council.example'
let ctx: TestContext
let api: ApiClient
before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  api = new ApiClient(ctx)
  await ctx.db.updateTable('local_area').set({ la_code: '938' }).where('name', '=', 'Northshire').execute()
  await caseAfterFrontDoor(ctx.deps, { outcome: 'strategy_discussion' })
  await caseAfterFrontDoor(ctx.deps, { outcome: 'no_further_action', givenName: 'Leo', familyName: 'Marsh' })
})
after(async () => ctx.close())

describe('the children in need census', () => {
  test('the validation lists every finding with the rule, its severity and the case, and is audited', async () => {
    const res = await api.call(PEOPLE.teamManager, 'GET', '/api/v1/returns/cin-census/2027/validation')
    assert.equal(res.statusCode, 200)
    const body = res.json() as {
      children: number
      errors: number
      queries: number
      findings: { ruleId: string; severity: string; episodeReference: string | null }[]
    }
    assert.equal(body.children, 2)
    const rules = body.findings.map((f) => f.ruleId)
    // The case waiting for its strategy discussion has no primary need yet (8610) and no disability recorded (8540).
    assert.ok(rules.includes('8610'), rules.join(','))
    assert.ok(rules.includes('8540'), rules.join(','))
    assert.ok(body.errors > 0)
    assert.ok((await auditActions(ctx.db)).includes('returns.cin_census_validated'))
  })

  test('exports made at the same moment each get their own serial number', async () => {
    const exports = await Promise.all(
      [PEOPLE.teamManager, LA_ADMIN, PEOPLE.teamManager, LA_ADMIN].map((who) =>
        api.call(who, 'POST', '/api/v1/returns/cin-census/2026/export', { errorsListed: true }),
      ),
    )
    for (const res of exports) assert.equal(res.statusCode, 200, res.body)
    const serials = exports.map((res) => /<SerialNo>(\d+)<\/SerialNo>/.exec(res.body)?.[1]).sort()
    assert.deepEqual(serials, ['001', '002', '003', '004'])
  })

  test('exports only after the errors are listed, and the XML validates against the schema', async () => {
    const refused = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', {})
    assert.equal(refused.statusCode, 409)
    assert.ok(((refused.json() as { findings: unknown[] }).findings ?? []).length > 0)
    const res = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', {
      errorsListed: true,
    })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /application\/xml/)
    assert.match(res.body, /<LEA>938<\/LEA>/)
    assert.match(res.body, /<SerialNo>001<\/SerialNo>/)
    assert.equal((res.body.match(/<Child>/g) ?? []).length, 2)
    assert.match(res.body, /<ReferralNFA>true<\/ReferralNFA>/)
    assert.match(res.body, /<Ethnicity>NOBT<\/Ethnicity>/, 'ethnicity not yet recorded: NOBT')
    const checked = xmllint(res.body, '2026-27')
    assert.equal(checked.valid, true, checked.output)
    const again = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', {
      errorsListed: true,
    })
    assert.match(again.body, /<SerialNo>002<\/SerialNo>/, 'each file sent has the next serial number')
  })

  test('the page’s button answers the file; the same form sent twice is refused and takes no second serial', async () => {
    const exports = async () =>
      (await ctx.db.selectFrom('census_export').select('serial_no').where('collection_year', '=', 2027).execute())
        .length
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.signIn(PEOPLE.teamManager, 'Northshire-demo-2026')).statusCode, 303)
    const page = await browser.get('/returns/cin-census/2027')
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1]
    assert.ok(submissionKey, 'the export form carries a submission key')
    const before = await exports()
    const file = await browser.post('/returns/cin-census/2027/export', { submissionKey, errorsListed: 'yes' })
    assert.equal(file.statusCode, 200, file.body)
    assert.match(file.headers['content-type'] as string, /^application\/xml/)
    const serial = /<SerialNo>(\d+)<\/SerialNo>/.exec(file.body)?.[1]
    assert.equal(file.headers['content-disposition'], `attachment; filename="cin-census-2027-${serial}.xml"`)
    assert.equal(file.headers['cache-control'], 'no-store')
    const again = await browser.post('/returns/cin-census/2027/export', { submissionKey, errorsListed: 'yes' })
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /The census cannot be exported yet/)
    assert.match(again.body, /This export has already been made/)
    assert.equal(await exports(), before + 1, 'one export, one serial number')

    const once = { errorsListed: true, submissionKey: 'census-export-once' }
    assert.equal(
      (await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', once)).statusCode,
      200,
    )
    const repeated = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', once)
    assert.equal(repeated.statusCode, 409)
    assert.equal((repeated.json() as { error: string }).error, 'STEP.ALREADY_SUBMITTED')
    assert.equal(await exports(), before + 2)
    assert.equal((await browser.post('/returns/cin-census/1999/export', { errorsListed: 'yes' })).statusCode, 404)
  })

  test('without the area’s DfE number the census cannot be exported yet, page and API alike', async () => {
    const area = () => ctx.db.updateTable('local_area').where('name', '=', 'Northshire')
    await area().set({ la_code: null }).execute()
    try {
      const browser = new TestBrowser(ctx.app)
      assert.equal((await browser.signIn(PEOPLE.teamManager, 'Northshire-demo-2026')).statusCode, 303)
      await browser.get('/returns/cin-census/2027')
      const page = await browser.post('/returns/cin-census/2027/export', { errorsListed: 'yes' })
      assert.equal(page.statusCode, 409)
      assert.match(page.body, /<h1[^>]*>\s*The census cannot be exported yet/)
      assert.match(page.body, /Record your local authority’s three-digit DfE number for the area first/)
      const res = await api.call(PEOPLE.teamManager, 'POST', '/api/v1/returns/cin-census/2027/export', {
        errorsListed: true,
      })
      assert.equal(res.statusCode, 409)
      assert.equal((res.json() as { error: string }).error, 'CENSUS.NO_LA_CODE')
    } finally {
      await area().set({ la_code: '938' }).execute()
    }
  })

  test('the validation page links each finding to its case, and the findings download as CSV', async () => {
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.signIn(PEOPLE.teamManager, 'Northshire-demo-2026')).statusCode, 303)
    const page = await browser.get('/returns/cin-census/2027')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /href="\/cases\/[0-9a-f-]{36}"/)
    assert.match(page.body, /8610/)
    const csv = await browser.get('/returns/cin-census/2027/findings.csv')
    assert.equal(csv.statusCode, 200)
    assert.match(csv.body, /^Rule,Error or query,Message,LA child ID,Case reference\r\n/)
  })

  test('only the local authority’s team managers and administrators make returns', async () => {
    for (const who of [PEOPLE.socialWorker, PEOPLE.police, PEOPLE.dsl]) {
      const res = await api.call(who, 'GET', '/api/v1/returns/cin-census/2027/validation')
      assert.equal(res.statusCode, 403, who)
      assert.equal((await api.call(who, 'GET', '/api/v1/returns/annex-a')).statusCode, 403, who)
    }
  })
})

describe('Ofsted Annex A', () => {
  test('the workbook opens with lists 1 to 7 and the published headings', async () => {
    const res = await api.call(PEOPLE.teamManager, 'GET', '/api/v1/returns/annex-a')
    assert.equal(res.statusCode, 200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      [
        'List 1 Contacts',
        'List 2 Early Help',
        'List 3 Referrals',
        'List 4 Assessments',
        'List 5 Section 47',
        'List 6 Children in Need',
        'List 7 Child Protection',
      ],
    )
    for (const [i, sheet] of workbook.worksheets.entries()) {
      const headings = (sheet.getRow(1).values as unknown[]).slice(1)
      assert.deepEqual(headings, annexAHeadings[i + 1], sheet.name)
    }
    const referrals = workbook.getWorksheet('List 3 Referrals')
    assert.equal(referrals?.rowCount, 3, 'two referrals in the last six months')
    const csv = await api.call(PEOPLE.teamManager, 'GET', '/api/v1/returns/annex-a?format=csv&list=3')
    assert.match(csv.body, /^Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child \(Years\),Date of referral/)
  })
})

describe('Ofsted Annex A list 2: early help assessments', () => {
  test('an assessment recorded in family help is a row of list 2, for each child, with the organisation', async () => {
    const teacher = await actorFor(ctx, 'teacher@oakfield-primary.example')
    const dsl = 'dsl@oakfield-primary.example'
    const born = parseLocalDate('2017-03-02')
    assert.ok(born.ok)
    const child = await createChild(
      ctx.deps,
      teacher,
      { givenName: 'Ola', familyName: 'Listtwo', dateOfBirth: born.value, sex: 'female' },
      { correlationId: 'annex-a-list-2' },
    )
    assert.ok(child.ok)
    const opened = await api.call(dsl, 'POST', `/api/v1/family-help/episodes/for-child/${child.value.id}`, {
      level: 'early_help',
      openerRole: 'teacher',
    })
    assert.equal(opened.statusCode, 201, opened.body)
    const episode = (opened.json() as { id: string }).id
    const steps: [string, object][] = [
      [
        'consent',
        {
          outcome: 'given',
          givenBy: 'parent_or_carer',
          givenByName: 'Sam Listtwo',
          scope: 'Help with routines',
          decidedOn: '2026-11-23',
        },
      ],
      ['lead-practitioner', { email: dsl, familyHadSay: 'yes', startsOn: '2026-11-23' }],
      [
        'assessments',
        {
          startedOn: '2026-11-23',
          completedOn: '2026-11-23',
          needs: ['education'],
          needsSummary: 'Attendance 80%.',
          strengths: 'Grandmother nearby.',
          childVoice: 'I want to be on time.',
          parentsVoice: 'Mornings are hard.',
        },
      ],
    ]
    for (const [path, body] of steps) {
      const res = await api.call(dsl, 'POST', `/api/v1/family-help/${episode}/${path}`, body)
      assert.equal(res.statusCode, 201, `${path}: ${res.body}`)
    }
    // Ethnicity as social care recorded it for the census (the newest record), not the empty one on the child.
    for (const [ethnicity, seconds] of [
      ['WBRI', 1],
      ['MWBC', 2],
    ] as const)
      await ctx.db
        .insertInto('child_census_detail')
        .values({
          id: randomUUID(),
          child_id: child.value.id,
          ethnicity,
          disabilities: ['NONE'],
          reason: null,
          recorded_by: teacher.userId,
          recorded_by_organisation_id: teacher.organisationId,
          recorded_at: new Date(`2026-11-23T10:00:0${seconds}Z`),
        })
        .execute()
    const res = await api.call(PEOPLE.teamManager, 'GET', '/api/v1/returns/annex-a')
    assert.equal(res.statusCode, 200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const list2 = workbook.getWorksheet('List 2 Early Help')
    assert.ok(list2)
    assert.deepEqual((list2.getRow(1).values as unknown[]).slice(1), [
      'Child Unique ID',
      'Gender',
      'Ethnicity',
      'Date of Birth',
      'Age of Child (Years)',
      'Assessment start date',
      'Assessment completion date',
      'Organisation completing assessment',
    ])
    assert.equal(list2.rowCount, 2, 'one assessment of one child')
    assert.deepEqual((list2.getRow(2).values as unknown[]).slice(1), [
      laChildIdFor(child.value.id),
      'b) Female',
      'MWBC',
      '02/03/2017',
      9,
      '23/11/2026',
      '23/11/2026',
      'Oakfield Primary School',
    ])
    const csv = await api.call(PEOPLE.teamManager, 'GET', '/api/v1/returns/annex-a?format=csv&list=2')
    assert.ok(csv.body.includes(',23/11/2026,23/11/2026,Oakfield Primary School'), csv.body)
  })
})

describe('importing an area from CSV', () => {
  const count = async (table: 'organisation' | 'app_user') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  test('a file with bad rows lists every one and writes nothing', async () => {
    const before = await count('organisation')
    const csv = [
      'name,kind,urn,ods_code',
      'Hilltop Primary,school,1234,',
      'Moon Base,spaceship,,',
      'Brook Surgery,gp_practice,,XX',
      'Fine Club,sports_youth_club,,',
    ].join('\n')
    const res = await api.call(LA_ADMIN, 'POST', '/api/v1/area/organisations/import', { csv })
    assert.equal(res.statusCode, 400)
    const body = res.json() as { errors: { row: number; field: string }[] }
    assert.deepEqual(
      body.errors.map((e) => [e.row, e.field]),
      [
        [2, 'urn'],
        [3, 'kind'],
        [4, 'ods_code'],
      ],
    )
    assert.equal(await count('organisation'), before)
  })

  test('a good file imports organisations, then their people, who sign in from their invitation', async () => {
    const orgs =
      'name,kind,urn,ods_code,safeguarding_lead,safeguarding_lead_email\nHilltop Primary,school,123456,,Ann Lee,ann@hilltop.example\nBrook Surgery,GP practice,,B81002,,\n'
    const imported = await api.call(LA_ADMIN, 'POST', '/api/v1/area/organisations/import', { csv: orgs })
    assert.equal(imported.statusCode, 201, imported.body)
    const people =
      'organisation,email,name,roles\nHilltop Primary,ann@hilltop.example,Ann Lee,dsl\nBrook Surgery,gp@brook.example,Dr Raj Patel,staff;health_lead\n'
    const dry = await api.call(LA_ADMIN, 'POST', '/api/v1/area/users/import', { csv: people, dryRun: true })
    assert.equal(dry.statusCode, 200)
    assert.equal(
      await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'ann@hilltop.example').executeTakeFirst(),
      undefined,
      'a preview writes nothing',
    )
    const bad = await api.call(LA_ADMIN, 'POST', '/api/v1/area/users/import', {
      csv: people + 'Hilltop Primary,x@hilltop.example,X,social_worker\n',
    })
    assert.equal(bad.statusCode, 400, 'a role the kind does not allow')
    const done = await api.call(LA_ADMIN, 'POST', '/api/v1/area/users/import', { csv: people })
    assert.equal(done.statusCode, 201, done.body)
    const mail = await ctx.db
      .selectFrom('notification_outbox')
      .select('body')
      .where('recipient', '=', 'ann@hilltop.example')
      .executeTakeFirstOrThrow()
    const path = /\/invitations\/[\w-]+/.exec(mail.body)?.[0]
    assert.ok(path)
    const ann = new TestBrowser(ctx.app)
    const accepted = await ann.submit(path, {
      password: 'hilltop safeguarding lead',
      confirm: 'hilltop safeguarding lead',
    })
    assert.equal(accepted.headers.location, '/sign-in')
    assert.equal((await ann.signIn('ann@hilltop.example', 'hilltop safeguarding lead')).statusCode, 303)
  })

  test('one organisation is added with the same checks as an import row', async () => {
    const bad = await api.call(LA_ADMIN, 'POST', '/api/v1/area/organisations', {
      name: 'Elm School',
      kind: 'school',
      urn: '12',
    })
    assert.equal(bad.statusCode, 400, bad.body)
    assert.match(bad.body, /A URN is 6 numbers/)
    const good = await api.call(LA_ADMIN, 'POST', '/api/v1/area/organisations', {
      name: 'Elm School',
      kind: 'school',
      urn: '654321',
    })
    assert.equal(good.statusCode, 201, good.body)
    const row = await ctx.db
      .selectFrom('organisation')
      .select(['urn', 'kind'])
      .where('name', '=', 'Elm School')
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { urn: '654321', kind: 'school' })
    assert.ok((await auditActions(ctx.db)).includes('organisations.organisation_created'))
  })

  test('the page checks the rows first, lists bad ones, and its preview sent twice imports once', async () => {
    const browser = new TestBrowser(ctx.app)
    assert.equal((await browser.signIn(LA_ADMIN, 'Northshire-demo-2026')).statusCode, 303)
    assert.equal((await browser.get('/area/import')).statusCode, 200)
    const missing = await browser.post('/area/import', { csv: '' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Choose what the file holds/)
    assert.match(missing.body, /Paste the contents of the CSV file/)
    const bad = await browser.post('/area/import', { what: 'organisations', csv: 'name,kind\nMoon Base,spaceship\n' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<title>Error: /)
    assert.match(bad.body, /Nothing was imported. Correct these rows and try again./)
    assert.match(bad.body, /<td class="govuk-table__cell">2<\/td><td class="govuk-table__cell">kind<\/td>/)
    const before = await count('organisation')
    const csv = 'name,kind\nPage Faith Group,faith_group\nPage Youth Club,sports_youth_club\n'
    const preview = await browser.post('/area/import', { what: 'organisations', csv })
    assert.equal(preview.statusCode, 200, preview.body)
    assert.match(preview.body, /Check the rows before importing/)
    assert.match(preview.body, /<li>Page Faith Group<\/li>/)
    assert.equal(await count('organisation'), before, 'a preview writes nothing')
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(preview.body)?.[1]
    assert.ok(submissionKey, 'the preview’s button carries a submission key')
    const form = { what: 'organisations', csv, confirm: 'yes', submissionKey }
    const importsBefore = (await auditActions(ctx.db)).filter((a) => a === 'organisations.area_imported').length
    const imported = await browser.post('/area/import', form)
    assert.equal(imported.statusCode, 303)
    assert.equal(imported.headers.location, '/area?imported=2')
    const again = await browser.post('/area/import', form)
    assert.equal(again.headers.location, '/area?imported=2')
    assert.equal(await count('organisation'), before + 2, 'the same form sent twice imports once')
    const actions = await auditActions(ctx.db)
    assert.equal(actions.filter((a) => a === 'organisations.area_imported').length, importsBefore + 1)
    assert.ok(actions.includes('organisations.organisation_imported'))
  })

  test('the command line imports as an operator through the same all-or-nothing import', async () => {
    const who = { kind: 'operator' as const, operator: 'route-tests' }
    const csv = 'name,kind\nOperator Faith Group,faith_group\n'
    const before = await count('organisation')
    const dry = await importOrganisations(ctx.deps, who, { localArea: 'Northshire', csv, dryRun: true })
    assert.equal(dry.ok && dry.value.written, false)
    assert.equal(await count('organisation'), before, 'a dry run writes nothing')
    const done = await importOrganisations(ctx.deps, who, { localArea: 'northshire', csv })
    assert.equal(done.ok && done.value.written, true)
    assert.equal(await count('organisation'), before + 1)
    const nowhere = await importOrganisations(ctx.deps, who, { localArea: 'Nowhere', csv })
    assert.equal(nowhere.ok ? undefined : nowhere.error.code, 'AREA.NOT_FOUND')
  })

  test('only partnership leads and local authority administrators import', async () => {
    const res = await api.call(PEOPLE.dsl, 'POST', '/api/v1/area/organisations/import', {
      csv: 'name,kind\nX,faith_group\n',
    })
    assert.equal(res.statusCode, 403)
  })
})
