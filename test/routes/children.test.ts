import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ApiClient, auditActions, buildTestApp, DEMO, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
})
after(async () => ctx.close())

describe('children: find before create', () => {
  let childId: string

  test('a teacher creates a child record', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Jonathan',
      familyName: 'Smith-Okoro',
      dateOfBirth: '2016-05-14',
      sex: 'male',
      nhsNumber: '943 476 5919',
    })
    assert.equal(res.statusCode, 201, res.body)
    childId = (res.json() as { id: string }).id
    assert.ok((await auditActions(ctx.db)).includes('child.created'))
  })

  test('the search finds them despite typos, swapped names and nicknames', async () => {
    for (const q of [
      'name=Jonathon%20Smith-Okoro',
      'givenName=Smith-Okoro&familyName=Jonathan',
      'givenName=Jon&familyName=Smith-Okoro',
      'nhsNumber=9434765919',
      'dob=2016-05-14',
    ]) {
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
    const res = await api('teacher@riverside-academy.example', 'POST', '/api/v1/children', {
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: '2015-01-01',
      sex: 'female',
      nhsNumber: '9434765919',
    })
    assert.equal(res.statusCode, 400)
    assert.doesNotMatch(res.body, /Smith|Jonathan/)
    assert.match(res.body, /already recorded for a different child/)
  })

  test('the same child entered again at another school links to the existing record', async () => {
    const res = await api('teacher@riverside-academy.example', 'POST', '/api/v1/children', {
      givenName: 'Jonathan',
      familyName: 'Smith-Okoro',
      dateOfBirth: '2016-05-14',
      sex: 'male',
      nhsNumber: '9434765919',
    })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { id: childId, existing: true })
  })

  test('bad input is refused with field errors and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('child')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const cases: [object, string][] = [
      [{ givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'male' }, 'dateOfBirth'],
      [
        { givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', sex: 'male', nhsNumber: '9434765918' },
        'nhsNumber',
      ],
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

  test('the same submission key again answers the first answer and adds no second child', async () => {
    const body = {
      givenName: 'Idem',
      familyName: 'Potent',
      dateOfBirth: '2017-02-02',
      sex: 'female',
      submissionKey: 'create-child-once',
    }
    const send = () => api(DEMO.teacher, 'POST', '/api/v1/children', body)
    const first = await send()
    assert.equal(first.statusCode, 201, first.body)
    const again = await send()
    assert.equal(again.statusCode, 200)
    assert.deepEqual(again.json(), first.json())
    const made = await ctx.db.selectFrom('child').select('id').where('family_name', '=', 'Potent').execute()
    assert.equal(made.length, 1)
  })

  test('an impossible date of birth in a search is a field error, not a server error', async () => {
    const res = await api(DEMO.teacher, 'GET', '/api/v1/children?dob=2025-13-45')
    assert.equal(res.statusCode, 400)
  })

  test('an unborn child is recorded with an expected date of delivery', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Baby',
      familyName: 'Smith-Okoro',
      expectedDateOfDelivery: '2027-03-01',
      sex: 'unknown',
    })
    assert.equal(res.statusCode, 201, res.body)
  })
})

describe('children: searching by name among many', () => {
  const names = [
    ['Oliver', 'Smith'],
    ['Oliver', 'Jones'],
    ['Olivia', 'Smyth'],
    ['William', 'Nowak'],
    ['Mary Ann', 'Evans'],
    ['Amelia', 'Edwards'],
  ] as const
  const ids = new Map<string, string>()
  before(async () => {
    for (const [n, [givenName, familyName]] of names.entries()) {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
        givenName,
        familyName,
        dateOfBirth: `2015-0${n + 1}-1${n}`,
        sex: 'unknown',
      })
      assert.ok(res.statusCode === 201, res.body)
      ids.set(`${givenName} ${familyName}`, (res.json() as { id: string }).id)
    }
  })
  const found = async (query: string) =>
    (
      (await api(DEMO.teacher, 'GET', `/api/v1/children?${query}`)).json() as {
        children: { givenName: string; familyName: string }[]
      }
    ).children.map((c) => `${c.givenName} ${c.familyName}`)

  test('one slip in either name, or the names swapped, still finds the child', async () => {
    for (const [query, wanted] of [
      ['givenName=Olivr&familyName=Smith', 'Oliver Smith'],
      ['givenName=Oliver&familyName=Smiht', 'Oliver Smith'],
      ['givenName=Oliver&familyName=Jnoes', 'Oliver Jones'],
      ['givenName=Jones&familyName=Oliver', 'Oliver Jones'],
      ['givenName=Bill&familyName=Nowka', 'William Nowak'],
      ['givenName=Mary&familyName=Evans', 'Mary Ann Evans'],
      ['givenName=Amelia&familyName=Ewdards', 'Amelia Edwards'],
      ['name=Amelia%20Edwards', 'Amelia Edwards'],
    ] as const) {
      const result = await found(query)
      assert.equal(result[0], wanted, `${query} → ${result.join(', ')}`)
    }
  })

  test('sharing one whole name with the search is not enough', async () => {
    const result = await found('givenName=Oliver&familyName=Smiht')
    assert.ok(!result.includes('Oliver Jones'), result.join(', '))
    assert.ok(!(await found('givenName=Amelia&familyName=Nowak')).includes('Amelia Edwards'))
  })

  test('each search is audited with what it found, in the order shown', async () => {
    const res = await api(DEMO.teacher, 'GET', '/api/v1/children?givenName=Olivr&familyName=Smith')
    const shown = (res.json() as { children: { id: string }[] }).children.map((c) => c.id)
    assert.ok(shown.length >= 2)
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'child.searched')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    assert.deepEqual(audit.details, { criteria: { given: 'Olivr', family: 'Smith' }, results: shown })
  })

  test('an identifier match comes first, whatever the name scores', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Oliver',
      familyName: 'Smithson',
      dateOfBirth: '2013-04-04',
      sex: 'male',
      nhsNumber: '401 023 2137',
    })
    assert.equal(res.statusCode, 201, res.body)
    const found = (
      (
        await api(DEMO.teacher, 'GET', '/api/v1/children?givenName=Olivr&familyName=Smith&nhsNumber=4010232137')
      ).json() as { children: { familyName: string; matchedOn: string[]; score: number }[] }
    ).children
    assert.deepEqual(
      [found[0]?.familyName, found[0]?.matchedOn, found[0]?.score],
      ['Smithson', ['NHS number', 'name'], 1],
    )
    assert.ok(found.some((c) => c.familyName === 'Smith'))
  })

  test('a whole name typed in one field still searches whole names', async () => {
    assert.equal((await found('givenName=Olivia%20Smiyth'))[0], 'Olivia Smyth')
  })

  test('a child added later is found by the words of its name straight away', async () => {
    const res = await api(DEMO.teacher, 'POST', '/api/v1/children', {
      givenName: 'Zebedee',
      familyName: 'Quorthwaite',
      dateOfBirth: '2014-03-03',
      sex: 'male',
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.deepEqual(await found('givenName=Zebedee&familyName=Quorthwiate'), ['Zebedee Quorthwaite'])
  })
})
