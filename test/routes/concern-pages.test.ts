import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { auditActions, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let teacher: TestBrowser
let draftPath: string
let concernPath: string
/** The finished draft as it was just before it was sent, to send again in copies. */
let sentDraft: { data: unknown; user_id: string }
/** A new draft of the teacher's holding these answers (a copy of the one sent, or that copy changed). */
async function draftLike(data: unknown): Promise<string> {
  const id = randomUUID()
  const now = new Date()
  await ctx.db
    .insertInto('concern_draft')
    .values({ id, user_id: sentDraft.user_id, data: JSON.stringify(data), created_at: now, updated_at: now })
    .execute()
  return id
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  teacher = new TestBrowser(ctx.app)
  await teacher.signIn(DEMO.teacher, DEMO.password)
})
after(async () => ctx.close())

describe('recording a concern through the pages', () => {
  test('starting gives a private draft', async () => {
    const res = await teacher.get('/concerns/new')
    assert.equal(res.statusCode, 303)
    draftPath = String(res.headers.location).replace(/\/child$/, '')
    const other = new TestBrowser(ctx.app)
    await other.signIn('teacher@riverside-academy.example', DEMO.password)
    const refused = await other.get(`${draftPath}/child`)
    assert.equal(refused.statusCode, 404, 'another person cannot open the draft')
    const row = await ctx.db
      .selectFrom('audit_event')
      .select(['action', 'reason'])
      .where('subject_id', '=', draftPath.split('/').pop() as string)
      .executeTakeFirst()
    assert.deepEqual(
      row,
      { action: 'concern_draft.view_denied', reason: 'the draft is another person’s' },
      'and the attempt is audited',
    )
  })

  test('the child is not found, so the teacher adds their details', async () => {
    const search = await teacher.get(`${draftPath}/child?givenName=Leo&familyName=Brown`)
    assert.match(search.body, /No matching children/)
    const bad = await teacher.submit(
      `${draftPath}/new-child?givenName=Leo&familyName=Brown`,
      { givenName: 'Leo', familyName: 'Brown', 'dob-day': '30', 'dob-month': '2', 'dob-year': '2017', sex: 'male' },
      `${draftPath}/new-child`,
    )
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter a real date/)
    const added = await teacher.submit(`${draftPath}/new-child`, {
      givenName: 'Leo',
      familyName: 'Brown',
      'dob-day': '3',
      'dob-month': '2',
      'dob-year': '2017',
      sex: 'male',
    })
    assert.equal(added.statusCode, 303)
    const page = await teacher.get(`${draftPath}/child`)
    assert.match(page.body, /Leo Brown/)
    assert.equal(
      (await teacher.post(`${draftPath}/child`, { continue: 'yes' })).headers.location,
      `${draftPath}/danger`,
    )
  })

  test('immediate danger must be answered', async () => {
    const none = await teacher.submit(`${draftPath}/danger`, {})
    assert.equal(none.statusCode, 400)
    assert.match(none.body, /Select yes if the child is in immediate danger/)
    const badTime = await teacher.submit(`${draftPath}/danger`, {
      immediateDanger: 'yes',
      policeCalledTime: 'lunchtime',
    })
    assert.equal(badTime.statusCode, 400)
    assert.match(badTime.body, /href="#policeCalledTime"/)
    assert.equal((await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'no' })).statusCode, 303)
  })

  test('what happened: the future is refused; opinion words get a gentle hint', async () => {
    const future = await teacher.submit(`${draftPath}/what-happened`, {
      'observed-day': '25',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '09:00',
      place: 'Playground',
      facts: 'x',
    })
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /must be in the past/)
    const ok = await teacher.submit(`${draftPath}/what-happened`, {
      'observed-day': '23',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '09:10',
      place: 'Playground',
      facts: 'Leo had a cut lip. I think his brother probably hit him.',
      childWords: 'It was Jay',
      othersPresent: '',
      actionTaken: 'First aid',
    })
    assert.equal(ok.statusCode, 303)
    const again = await teacher.get(`${draftPath}/what-happened`)
    assert.match(again.body, /id="opinion-hint"/)
  })

  test('categories and a body-map mark, then check your answers and send', async () => {
    const none = await teacher.submit(`${draftPath}/categories`, { continue: 'yes' })
    assert.equal(none.statusCode, 400)
    const mark = await teacher.submit(`${draftPath}/categories`, {
      categories: ['physical_abuse'],
      markRegion: 'mouth',
      markDescription: 'Split lower lip',
    })
    assert.equal(mark.statusCode, 303)
    const cont = await teacher.submit(`${draftPath}/categories`, { categories: ['physical_abuse'], continue: 'yes' })
    assert.equal(cont.headers.location, `${draftPath}/check`)
    const check = await teacher.get(`${draftPath}/check`)
    assert.match(check.body, /Check your answers before sending/)
    assert.match(check.body, /Split lower lip/)
    assert.match(check.body, /It was Jay/)
    sentDraft = await ctx.db
      .selectFrom('concern_draft')
      .select(['data', 'user_id'])
      .where('id', '=', draftPath.split('/').pop() as string)
      .executeTakeFirstOrThrow()
    const sent = await teacher.post(`${draftPath}/check`, {})
    assert.equal(sent.statusCode, 303)
    concernPath = String(sent.headers.location).replace(/\/recorded$/, '')
    const confirmation = await teacher.get(String(sent.headers.location))
    assert.match(confirmation.body, /Concern recorded/)
    assert.match(confirmation.body, /C-2026-\d{6}/)
    const back = await teacher.get(`${draftPath}/check`)
    assert.match(back.body, /This concern has already been sent/, 'Back after sending says so, not “Page not found”')
    assert.match(back.body, new RegExp(`href="${concernPath}"`))
    assert.match(confirmation.body, /href="\/concerns\/new">Record another concern/)
    assert.match(confirmation.body, /href="\/">Go to your home page/)
  })

  test('the DSL sees it in the inbox, acknowledges and refers; the teacher sees the outcome', async () => {
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(DEMO.dsl, DEMO.password)
    const inbox = await dsl.get('/inbox')
    assert.match(inbox.body, /Leo Brown/)
    await dsl.get(concernPath)
    assert.equal((await dsl.post(`${concernPath}/acknowledge`, {})).statusCode, 303)
    const page = await dsl.get(concernPath)
    assert.match(page.body, /Acknowledged/)
    const missing = await dsl.post(`${concernPath}/decision`, { rationale: '' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /govuk-error-summary/)
    const noConsent = await dsl.post(`${concernPath}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Injury and a named person.',
    })
    assert.equal(noConsent.statusCode, 400)
    assert.match(noConsent.body, /Select whether the child’s parents or carers know about this referral/)
    const decided = await dsl.post(`${concernPath}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Injury and a named person.',
      parentsAware: 'yes',
      parentalConsent: 'given',
      identityWithheld: 'no',
    })
    assert.equal(decided.statusCode, 303)
    const mine = await teacher.get('/concerns/mine')
    assert.match(mine.body, /Refer to children/)
    const chronology = await dsl.get(
      `/children/${(/href="\/children\/([0-9a-f-]{36})"/.exec((await dsl.get(concernPath)).body) ?? [])[1]}`,
    )
    assert.equal(chronology.statusCode, 200)
    assert.match(chronology.body, /Referral/)
    const childId = (/href="\/children\/([0-9a-f-]{36})\/chronology.pdf/.exec(chronology.body) ?? [])[1]
    const pdf = await dsl.get(`/children/${childId}/chronology.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
  })

  test('the teacher adds an addendum; another school cannot open the concern', async () => {
    await teacher.get(concernPath)
    const add = await teacher.post(`${concernPath}/addenda`, { text: 'Leo later said it happened at home.' })
    assert.equal(add.statusCode, 303)
    assert.match((await teacher.get(concernPath)).body, /happened at home/)
    const other = new TestBrowser(ctx.app)
    await other.signIn('dsl@riverside-academy.example', DEMO.password)
    const res = await other.get(concernPath)
    assert.equal(res.statusCode, 404)
    assert.doesNotMatch(res.body, /Leo/)
  })

  test('another school cannot see the confirmation or add someone to the child; each refusal is audited', async () => {
    const other = new TestBrowser(ctx.app)
    await other.signIn('dsl@riverside-academy.example', DEMO.password)
    const before = (await auditActions(ctx.db)).length
    const confirmation = await other.get(`${concernPath}/recorded`)
    assert.equal(confirmation.statusCode, 404)
    assert.doesNotMatch(confirmation.body, /C-2026-/)
    const dsl = new TestBrowser(ctx.app)
    await dsl.signIn(DEMO.dsl, DEMO.password)
    const childId = (/href="\/children\/([0-9a-f-]{36})"/.exec((await dsl.get(concernPath)).body) ?? [])[1] as string
    await other.get('/concerns/mine')
    const added = await other.post(`/children/${childId}/people`, {
      givenName: 'Some',
      familyName: 'One',
      relationship: 'carer',
    })
    assert.equal(added.statusCode, 404)
    assert.doesNotMatch(added.body, /Leo|Brown/)
    assert.equal(
      (
        await other.post('/children/not-a-child/people', {
          givenName: 'Some',
          familyName: 'One',
          relationship: 'carer',
        })
      ).statusCode,
      404,
    )
    assert.deepEqual(
      (await auditActions(ctx.db)).slice(before).filter((a) => a.endsWith('denied')),
      // The step engine audits a refused step as addRelationship.denied; an address that is not an id names no
      // record, and is answered 404 before anything is read.
      ['concern.view_denied', 'addRelationship.denied'],
    )
    assert.equal(
      (await ctx.db.selectFrom('child_relationship').select('id').where('child_id', '=', childId).execute()).length,
      0,
    )
  })

  test('copies of the check page sent at once record the concern once; the others are told it was sent', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await draftLike(sentDraft.data)
      const before = (await ctx.db.selectFrom('concern').select('id').execute()).length
      const answers = await Promise.all([1, 2, 3, 4].map(() => teacher.post(`/concerns/new/${id}/check`, {})))
      assert.equal((await ctx.db.selectFrom('concern').select('id').execute()).length, before + 1, `round ${round}`)
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 200, 303])
      for (const a of answers.filter((x) => x.statusCode === 200))
        assert.match(a.body, /This concern has already been sent/)
    }
  })

  test('a draft naming a child the person may not name: the check page says choose the child; refused on its trail', async () => {
    const hidden = randomUUID()
    const data = sentDraft.data as { childIds: string[] }
    const id = await draftLike({ ...data, childIds: [...data.childIds, hidden] })
    const before = (await ctx.db.selectFrom('concern').select('id').execute()).length
    const sent = await teacher.post(`/concerns/new/${id}/check`, {})
    assert.equal(sent.statusCode, 400, sent.body)
    assert.match(sent.body, /Choose the child from the search results/)
    assert.equal((await ctx.db.selectFrom('concern').select('id').execute()).length, before)
    assert.ok(await ctx.db.selectFrom('concern_draft').select('id').where('id', '=', id).executeTakeFirst(), 'kept')
    const row = await ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'reason'])
      .where('action', '=', 'concern.record_denied')
      .where('subject_id', '=', hidden)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { subject_type: 'child', reason: 'named a child the organisation is not involved with' })
  })
})
