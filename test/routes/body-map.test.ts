import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let teacher: TestBrowser
let draftPath: string
let draftId: string

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  teacher = new TestBrowser(ctx.app)
  await teacher.signIn(DEMO.teacher, DEMO.password)
})
after(async () => ctx.close())

async function draftMarks(id: string): Promise<unknown> {
  const row = await ctx.db.selectFrom('concern_draft').select('data').where('id', '=', id).executeTakeFirstOrThrow()
  return (row.data as { marks?: unknown }).marks ?? []
}

const DOT_CHEST = 'Chest'

describe('the body map', () => {
  test('a draft about a child, up to the kind of concern', async () => {
    const res = await teacher.get('/concerns/new')
    draftPath = String(res.headers.location).replace(/\/child$/, '')
    draftId = draftPath.split('/').pop() ?? ''
    assert.equal(
      (
        await teacher.submit(`${draftPath}/new-child`, {
          givenName: 'Mia',
          familyName: 'Stone',
          'dob-day': '4',
          'dob-month': '6',
          'dob-year': '2016',
          sex: 'female',
        })
      ).statusCode,
      303,
    )
    assert.equal((await teacher.submit(`${draftPath}/danger`, { immediateDanger: 'no' })).statusCode, 303)
    const happened = await teacher.submit(`${draftPath}/what-happened`, {
      'observed-day': '23',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '09:10',
      place: 'Classroom',
      facts: 'A round bruise on her chest, seen when she changed for PE.',
      childWords: '',
      othersPresent: '',
      actionTaken: '',
    })
    assert.equal(happened.statusCode, 303)
  })

  test('without JavaScript the outlines are on the page, with the region list and the hidden position fields', async () => {
    const page = await teacher.get(`${draftPath}/categories`)
    assert.equal(page.statusCode, 200)
    assert.match(
      page.body,
      /<svg class="app-body-map__svg"[^>]*role="img"[^>]*aria-label="Body outline, front \(the child’s right is on the left of the picture\)\."/,
    )
    assert.match(
      page.body,
      /<svg class="app-body-map__svg"[^>]*role="img"[^>]*aria-label="Body outline, back \(the child’s left is on the left of the picture\)\."/,
    )
    assert.match(page.body, /<select class="govuk-select" id="markRegion" name="markRegion"/)
    for (const name of ['markSide', 'markX', 'markY'])
      assert.match(page.body, new RegExp(`<input type="hidden" name="${name}" value="">`))
    // Scripts and styles are external files, so the Content Security Policy allows them; no inline styles.
    assert.match(page.body, /<script type="module" src="\/static\/body-map.js"><\/script>/)
    assert.match(page.body, /<link rel="stylesheet" href="\/static\/body-map.css">/)
    assert.doesNotMatch(page.body, /<(svg|g|path|circle|ellipse|rect|text)\b[^>]*\sstyle=/)
    assert.doesNotMatch(page.body, /\son[a-z]+="/, 'no inline event handlers')
    const script = await teacher.get('/static/body-map.js')
    assert.equal(script.statusCode, 200)
    assert.match(String(script.headers['content-type']), /javascript/)
    assert.equal((await teacher.get('/static/body-map.css')).statusCode, 200)
  })

  test('a mark placed on the outline is added with its side and position', async () => {
    await teacher.get(`${draftPath}/categories`)
    const res = await teacher.post(`${draftPath}/categories`, {
      categories: ['physical_abuse'],
      markSide: 'front',
      markX: '50',
      markY: '28.5',
      markRegion: '',
      markDescription: 'Round bruise about 2cm across, purple',
      addMark: 'yes',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `${draftPath}/categories#body-map`)
    assert.deepEqual(await draftMarks(draftId), [
      { side: 'front', x: 50, y: 28.5, description: 'Round bruise about 2cm across, purple' },
    ])
    const page = await teacher.get(`${draftPath}/categories`)
    assert.match(page.body, new RegExp(`<li>${DOT_CHEST}: Round bruise about 2cm across, purple`))
    assert.match(
      page.body,
      /<g class="app-body-map__dot" transform="translate\(100 114\)"><circle r="12"\/><text dy="5.5">1<\/text><\/g>/,
    )
    assert.match(page.body, /aria-label="Body outline, front \([^)]*\)\. Shows mark 1\."/)
  })

  test('a region from the list still works, and can be given with a place on the same side', async () => {
    await teacher.get(`${draftPath}/categories`)
    assert.equal(
      (
        await teacher.post(`${draftPath}/categories`, {
          categories: ['physical_abuse'],
          markRegion: 'upper_back',
          markDescription: 'Two red lines',
        })
      ).statusCode,
      303,
    )
    await teacher.get(`${draftPath}/categories`)
    assert.equal(
      (
        await teacher.post(`${draftPath}/categories`, {
          categories: ['physical_abuse'],
          markSide: 'back',
          markX: '61.25',
          markY: '62',
          markRegion: 'back_of_right_thigh',
          markDescription: 'Graze',
        })
      ).statusCode,
      303,
    )
    assert.deepEqual(await draftMarks(draftId), [
      { side: 'front', x: 50, y: 28.5, description: 'Round bruise about 2cm across, purple' },
      { side: 'back', region: 'upper_back', description: 'Two red lines' },
      { side: 'back', x: 61.25, y: 62, region: 'back_of_right_thigh', description: 'Graze' },
    ])
  })

  test('a position off the outline, an unknown side or not a number is a GOV.UK error and changes nothing', async () => {
    const before = await draftMarks(draftId)
    const cases: [Record<string, string | string[]>, string][] = [
      [{ markSide: 'front', markX: '150', markY: '20' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'front', markX: '-1', markY: '20' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'left', markX: '40', markY: '20' }, 'Select front or back'],
      [{ markSide: 'front', markX: 'abc', markY: '20' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'front', markX: '1e2', markY: '20' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'front', markX: 'Infinity', markY: 'NaN' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'front', markX: ['10', '20'], markY: '20' }, 'Place the mark on the outline of the body'],
      [{ markSide: 'front', markX: '40' }, 'Place the mark on the outline of the body'],
    ]
    for (const [fields, message] of cases) {
      await teacher.get(`${draftPath}/categories`)
      const res = await teacher.post(`${draftPath}/categories`, {
        categories: ['physical_abuse'],
        markRegion: '',
        markDescription: 'Bruise',
        addMark: 'yes',
        ...fields,
      })
      assert.equal(res.statusCode, 400, JSON.stringify(fields))
      assert.match(res.body, /<title>Error: /)
      assert.match(res.body, new RegExp(`<a href="#markPosition">${message}</a>`), JSON.stringify(fields))
      assert.match(
        res.body,
        new RegExp(`id="markPosition-error"><span class="govuk-visually-hidden">Error:</span> ${message}`),
      )
      assert.match(
        res.body,
        /id="markDescription" name="markDescription" type="text" value="Bruise"/,
        'the description is kept',
      )
      assert.match(res.body, /<input type="hidden" name="markX" value="">/, 'an invalid position is not sent back')
      assert.deepEqual(await draftMarks(draftId), before)
    }
    // A region on the other side from the place, and a place with no description.
    await teacher.get(`${draftPath}/categories`)
    const wrongSide = await teacher.post(`${draftPath}/categories`, {
      markSide: 'front',
      markX: '40',
      markY: '20',
      markRegion: 'upper_back',
      markDescription: 'Bruise',
    })
    assert.equal(wrongSide.statusCode, 400)
    assert.match(wrongSide.body, /<a href="#markRegion">Select a part of the body on the side you chose<\/a>/)
    await teacher.get(`${draftPath}/categories`)
    const noDescription = await teacher.post(`${draftPath}/categories`, {
      markSide: 'back',
      markX: '40',
      markY: '20',
      markDescription: '   ',
      addMark: 'yes',
    })
    assert.equal(noDescription.statusCode, 400)
    assert.match(noDescription.body, /<a href="#markDescription">Enter a description of the mark<\/a>/)
    assert.match(
      noDescription.body,
      /<input type="hidden" name="markX" value="40">/,
      'a valid place is kept for the next try',
    )
    assert.match(noDescription.body, /New mark: Back of neck/)
    // Without JavaScript nobody sees "Select front or back": the region list is what is missing.
    await teacher.get(`${draftPath}/categories`)
    const noWhere = await teacher.post(`${draftPath}/categories`, {
      markRegion: '',
      markDescription: 'Bruise',
      addMark: 'yes',
    })
    assert.equal(noWhere.statusCode, 400)
    assert.match(noWhere.body, /<a href="#markRegion">Select where on the body the mark is<\/a>/)
    assert.doesNotMatch(noWhere.body, /Select front or back/)
    await teacher.get(`${draftPath}/categories`)
    const unknownRegion = await teacher.post(`${draftPath}/categories`, {
      markRegion: 'tail',
      markDescription: 'Bruise',
    })
    assert.equal(unknownRegion.statusCode, 400)
    assert.match(unknownRegion.body, /<a href="#markRegion">Select a part of the body from the list<\/a>/)
    assert.deepEqual(await draftMarks(draftId), before)
  })

  test('check your answers shows the outline with the numbered dot and the numbered list of marks', async () => {
    await teacher.get(`${draftPath}/categories`)
    assert.equal(
      (await teacher.post(`${draftPath}/categories`, { categories: ['physical_abuse'], continue: 'yes' })).headers
        .location,
      `${draftPath}/check`,
    )
    const check = await teacher.get(`${draftPath}/check`)
    assert.equal(check.statusCode, 200)
    assert.match(
      check.body,
      /<g class="app-body-map__dot" transform="translate\(100 114\)"><circle r="12"\/><text dy="5.5">1<\/text><\/g>/,
    )
    assert.match(
      check.body,
      /<g class="app-body-map__dot" transform="translate\(122.5 248\)"><circle r="12"\/><text dy="5.5">3<\/text><\/g>/,
    )
    assert.match(check.body, /aria-label="Body outline, front \([^)]*\)\. Shows mark 1\."/)
    assert.match(check.body, /aria-label="Body outline, back \([^)]*\)\. Shows mark 3\."/)
    const list =
      /<ol class="govuk-list govuk-list--number app-body-map__list">([\s\S]*?)<\/ol>/.exec(check.body)?.[1] ?? ''
    assert.deepEqual(
      [...list.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]),
      [
        `${DOT_CHEST}: Round bruise about 2cm across, purple`,
        'Upper back: Two red lines',
        'Back of right thigh: Graze',
      ],
    )
    assert.doesNotMatch(
      check.body,
      /tabindex|data-body-map=/,
      'the outlines on the check page are pictures, not controls',
    )
  })

  test('the recorded concern shows the same map and list', async () => {
    const sent = await teacher.post(`${draftPath}/check`, {})
    assert.equal(sent.statusCode, 303)
    const concernPath = String(sent.headers.location).replace(/\/recorded$/, '')
    const page = await teacher.get(concernPath)
    assert.equal(page.statusCode, 200)
    assert.match(
      page.body,
      /<g class="app-body-map__dot" transform="translate\(100 114\)"><circle r="12"\/><text dy="5.5">1<\/text><\/g>/,
    )
    assert.match(page.body, new RegExp(`<li>${DOT_CHEST}: Round bruise about 2cm across, purple</li>`))
    assert.match(page.body, /<link rel="stylesheet" href="\/static\/body-map.css">/)
  })

  test('marks chosen from the list only: no outlines on check your answers, just the list', async () => {
    const res = await teacher.get('/concerns/new')
    const path = String(res.headers.location).replace(/\/child$/, '')
    await teacher.get(`${path}/categories`)
    assert.equal(
      (await teacher.post(`${path}/categories`, { markRegion: 'left_forearm', markDescription: 'Purple bruise' }))
        .statusCode,
      303,
    )
    const check = await teacher.get(`${path}/check`)
    assert.doesNotMatch(check.body, /app-body-map__svg/)
    assert.match(check.body, /<li>Left forearm: Purple bruise<\/li>/)
  })

  test('marks are named by the part of the body, never by percentages, and no label says its side twice', async () => {
    const res = await teacher.get('/concerns/new')
    const path = String(res.headers.location).replace(/\/child$/, '')
    const page = await teacher.get(`${path}/categories`)
    assert.doesNotMatch(page.body, /\((front|back)\) \((front|back)\)/)
    assert.match(page.body, /<option value="neck">Neck \(front\)<\/option>/)
    // 56% across and 11% down on the front is on the child's left cheek (their left is on our right).
    assert.equal(
      (
        await teacher.post(`${path}/categories`, {
          markSide: 'front',
          markX: '56',
          markY: '12',
          markDescription: 'Red hand-shaped mark',
        })
      ).statusCode,
      303,
    )
    const after = await teacher.get(`${path}/categories`)
    assert.match(after.body, /<li>Left cheek: Red hand-shaped mark/)
    assert.doesNotMatch(after.body, /% across|% down/)
  })

  test('with two children, each mark says which child it is on', async () => {
    const res = await teacher.get('/concerns/new')
    const path = String(res.headers.location).replace(/\/child$/, '')
    for (const [givenName, day] of [
      ['Ava', '3'],
      ['Noah', '9'],
    ] as const) {
      const added = await teacher.submit(`${path}/new-child`, {
        givenName,
        familyName: 'Quill',
        'dob-day': day,
        'dob-month': '3',
        'dob-year': '2018',
        sex: 'female',
      })
      assert.equal(added.statusCode, 303)
    }
    const page = await teacher.get(`${path}/categories`)
    const noah = /<option value="([0-9a-f-]{36})">Noah Quill<\/option>/.exec(page.body)?.[1]
    assert.ok(noah, 'the mark form asks which child')
    const missing = await teacher.post(`${path}/categories`, { markRegion: 'left_forearm', markDescription: 'Bruise' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /<a href="#markChild">Select which child the mark is on<\/a>/)
    await teacher.get(`${path}/categories`)
    const added = await teacher.post(`${path}/categories`, {
      markChild: noah,
      markRegion: 'left_forearm',
      markDescription: 'Bruise',
    })
    assert.equal(added.statusCode, 303)
    assert.match((await teacher.get(`${path}/check`)).body, /<li>Noah Quill, left forearm: Bruise<\/li>/)
  })
})
