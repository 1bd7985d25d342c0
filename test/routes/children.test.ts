import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ApiClient, auditActions, buildTestApp, DEMO, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) => client.call(email, method, url, payload)

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
})
after(async () => ctx.close())

describe('children: find before create', () => {
  let childId: string

  test('a teacher creates a child record', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', { givenName: 'Jonathan', familyName: 'Smith-Okoro', dateOfBirth: '2016-05-14', sex: 'male', nhsNumber: '943 476 5919' })
    assert.equal(res.statusCode, 201, res.body)
    childId = (res.json() as { id: string }).id
    assert.ok((await auditActions(ctx.db)).includes('child.created'))
  })

  test('the search finds them despite typos, swapped names and nicknames', async () => {
    for (const q of ['name=Jonathon%20Smith-Okoro', 'givenName=Smith-Okoro&familyName=Jonathan', 'givenName=Jon&familyName=Smith-Okoro', 'nhsNumber=9434765919', 'dob=2016-05-14']) {
      const res = await api(DEMO.teacher, 'GET', `/api/v1/children?${q}`)
      assert.equal(res.statusCode, 200, q)
      const ids = (res.json() as { children: { id: string }[] }).children.map((c) => c.id)
      assert.ok(ids.includes(childId), `${q} should find the child`)
    }
  })

  test('another school finds nothing, not even by NHS number', async () => {
    const res = await api('teacher@riverside-academy.example', 'GET', '/api/v1/children?nhsNumber=9434765919')
    assert.deepEqual((res.json() as { children: unknown[] }).children, [])
    const chronology = await api('dsl@riverside-academy.example', 'GET', `/api/v1/children/${childId}/chronology`)
    assert.equal(chronology.statusCode, 404)
    assert.doesNotMatch(chronology.body, /Smith-Okoro/)
    assert.ok((await auditActions(ctx.db)).includes('child.view_denied'))
  })

  test('answers with a child’s details are never stored by a browser or proxy', async () => {
    for (const url of [`/api/v1/children/${childId}/chronology`, '/api/v1/children?nhsNumber=9434765919']) {
      const res = await api(DEMO.dsl, 'GET', url)
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.headers['cache-control'], 'no-store', url)
    }
    const refused = await api('dsl@riverside-academy.example', 'GET', `/api/v1/children/${childId}/chronology`)
    assert.equal(refused.headers['cache-control'], 'no-store')
  })

  test('the same NHS number with a different name is refused without saying whose it is', async () => {
    const res = await api('teacher@riverside-academy.example', 'POST', '/api/v1/children', { givenName: 'Someone', familyName: 'Else', dateOfBirth: '2015-01-01', sex: 'female', nhsNumber: '9434765919' })
    assert.equal(res.statusCode, 400)
    assert.doesNotMatch(res.body, /Smith|Jonathan/)
    assert.match(res.body, /already recorded for a different child/)
  })

  test('the same child entered again at another school links to the existing record', async () => {
    const res = await api('teacher@riverside-academy.example', 'POST', '/api/v1/children', { givenName: 'Jonathan', familyName: 'Smith-Okoro', dateOfBirth: '2016-05-14', sex: 'male', nhsNumber: '9434765919' })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { id: childId, existing: true })
  })

  test('bad input is refused with field errors and writes nothing', async () => {
    const count = async () => Number((await ctx.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    const cases: [object, string][] = [
      [{ givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'male' }, 'dateOfBirth'],
      [{ givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', sex: 'male', nhsNumber: '9434765918' }, 'nhsNumber'],
      [{ givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', sex: 'male', upn: 'A12345678901X' }, 'upn'],
      [{ givenName: '', familyName: 'B', dateOfBirth: '2015-01-01', sex: 'male' }, 'givenName'],
      [{ givenName: 'A', familyName: 'B', dateOfBirth: '2025-02-30', sex: 'male' }, 'dateOfBirth'],
      [{ givenName: 'A', familyName: 'B', sex: 'male' }, 'dateOfBirth'],
    ]
    for (const [payload, field] of cases) {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/children', payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      const fields = (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field)
      assert.ok(fields.includes(field), `${JSON.stringify(payload)} → ${fields.join(',')}`)
    }
    assert.equal(await count(), before)
  })

  test('an impossible date of birth in a search is a field error, not a server error', async () => {
    const res = await api(DEMO.teacher, 'GET', '/api/v1/children?dob=2025-13-45')
    assert.equal(res.statusCode, 400)
  })

  test('an unborn child is recorded with an expected date of delivery', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', { givenName: 'Baby', familyName: 'Smith-Okoro', expectedDateOfDelivery: '2027-03-01', sex: 'unknown' })
    assert.equal(res.statusCode, 201, res.body)
  })
})
