import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { findMeasure } from '../../src/modules/partnership/index.js'
import { measureFigures, type MeasureFigures } from '../../src/modules/partnership/queries/dataSet.js'
import { parseLocalDate, type LocalDate } from '../../src/platform/calendar/localDate.js'
import { actorFor, NORTHSHIRE, openCase, referralFromDsl, step } from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, type TestContext } from '../support/testApp.js'

/*
 * The data set's measures for family help, school moves and training (issue 13), counted from records made through
 * the product's own steps: six children each get family help, are stepped up and closed; one child is stepped down
 * from social care; six child protection files are sent to Riverside and five confirmed by their due date; a teacher
 * records the training she must hold. The raw figures are asserted first, then what the API shows once small numbers
 * are suppressed.
 */
let ctx: TestContext
let client: ApiClient
let localAreaId = ''
const meta = { correlationId: 'partnership-data-set-test' }
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const COORDINATOR = 'early.help@northshire-council.example'
const RIVERSIDE_DSL = 'dsl@riverside-academy.example'
const TODAY = '2026-11-23'
const YEAR = { startYear: 2026 }

const date = (text: string): LocalDate => {
  const d = parseLocalDate(text)
  assert.ok(d.ok)
  return d.value
}

async function figures(id: string, today = TODAY): Promise<MeasureFigures> {
  const measure = findMeasure(id)
  assert.ok(measure, id)
  return measureFigures(ctx.db, localAreaId, measure, YEAR, date(today))
}
const month = (f: MeasureFigures, m: string) => f.months.find((r) => r.month === m)?.thisYear
const cells = (f: MeasureFigures, b: keyof MeasureFigures['breakdowns']) =>
  Object.fromEntries((f.breakdowns[b] ?? []).map((c) => [c.label, c.tally]))

interface Shown {
  thisYear: string
  months: { month: string; thisYear: number | null }[]
  breakdowns: Record<string, { label: string; numerator: number | null; denominator: number | null }[]>
}
async function shown(id: string): Promise<Shown> {
  const res = await api(
    'business.manager@northshire-council.example',
    'GET',
    `/api/v1/partnership/data-set/${id}?year=2026`,
  )
  assert.equal(res.statusCode, 200, res.body)
  assert.doesNotMatch(res.body, /Data(set)?child/i)
  return res.json() as Shown
}
const shownBy = (s: Shown, b: string) =>
  Object.fromEntries((s.breakdowns[b] ?? []).map((r) => [r.label, [r.numerator, r.denominator]]))

const childIds: string[] = []

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date(`${TODAY}T10:00:00Z`))
  const teacher = await actorFor(ctx, NORTHSHIRE.teacher)
  localAreaId = teacher.localAreaId
  // Six girls aged 9, known to Oakfield (the teacher records them, so the school is involved).
  for (let i = 0; i < 6; i++) {
    const child = await createChild(
      ctx.deps,
      teacher,
      { givenName: `Datasetchild${i}`, familyName: 'Counted', dateOfBirth: date('2017-03-02'), sex: 'female' },
      meta,
    )
    assert.ok(child.ok)
    childIds.push(child.value.id)
  }
})
after(async () => ctx.close())

describe('family help in the data set', () => {
  test('opened, stepped up and closed: counted per child, by how it started and why it ended', async () => {
    const episodes: string[] = []
    for (const childId of childIds) {
      const opened = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/episodes/for-child/${childId}`, {
        level: 'early_help',
        openerRole: 'teacher',
      })
      assert.equal(opened.statusCode, 201, opened.body)
      episodes.push((opened.json() as { id: string }).id)
    }
    for (const id of episodes) {
      const up = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/family-help/${id}/step-up`, {
        reason: 'Neglect is getting worse.',
        parentsAware: 'yes',
        parentalConsent: 'given',
      })
      assert.equal(up.statusCode, 201, up.body)
      const closed = await api(COORDINATOR, 'POST', `/api/v1/family-help/${id}/closure`, {
        reason: 'stepped_up',
        closedOn: TODAY,
        notes: 'Social care is working with the family.',
      })
      assert.equal(closed.statusCode, 201, closed.body)
    }

    const opened = await figures('family-help-opened')
    assert.deepEqual(opened.thisYear, { numerator: 6, denominator: 6 })
    assert.deepEqual(month(opened, '2026-11'), { numerator: 6, denominator: 6 })
    assert.deepEqual(month(opened, '2026-10'), { numerator: 0, denominator: 0 })
    assert.deepEqual(cells(opened, 'category'), {
      'A practitioner started it with the family': { numerator: 6, denominator: 6 },
    })
    assert.deepEqual(cells(opened, 'organisation_kind'), { School: { numerator: 6, denominator: 6 } })
    assert.deepEqual(cells(opened, 'sex'), { Female: { numerator: 6, denominator: 6 } })
    assert.deepEqual(cells(opened, 'age_band'), { '5 to 9': { numerator: 6, denominator: 6 } })

    const up = await figures('family-help-stepped-up')
    assert.deepEqual(up.thisYear, { numerator: 6, denominator: 6 })
    assert.equal(up.breakdowns.category, undefined, 'stepping up has no categories of its own')

    const closed = await figures('family-help-closed')
    assert.deepEqual(closed.thisYear, { numerator: 6, denominator: 6 })
    assert.deepEqual(cells(closed, 'category'), {
      'Stepped up to children’s social care': { numerator: 6, denominator: 6 },
    })
    // Nothing was stepped down yet.
    assert.deepEqual((await figures('family-help-stepped-down')).thisYear, { numerator: 0, denominator: 0 })

    // What the partnership sees: six is not a small number, so it is shown, with no child named.
    const s = await shown('family-help-opened')
    assert.equal(s.thisYear, '6')
    assert.equal(s.months.find((m) => m.month === '2026-11')?.thisYear, 6)
    assert.deepEqual(shownBy(s, 'sex'), { Female: [6, null] })
    assert.deepEqual(shownBy(s, 'category'), { 'A practitioner started it with the family': [6, null] })
  })

  test('a step-down from social care counts once, and is hidden as a small number', async () => {
    const { referralId } = await referralFromDsl(ctx, {
      givenName: 'Stepdown',
      familyName: 'Counted',
      dateOfBirth: '2014-01-09',
    })
    const caseId = await openCase(ctx, referralId, { outcome: 'assessment' })
    await step(ctx, NORTHSHIRE.teamManager, caseId, {
      step: 'complete_assessment',
      outcome: 'early_help',
      rationale: 'Family help can meet the needs.',
    })
    const down = await api(NORTHSHIRE.socialWorker, 'POST', `/api/v1/family-help/step-downs/${caseId}`, {
      level: 'early_help',
      leadEmail: NORTHSHIRE.teacher,
      leadRole: 'teacher',
      familyHadSay: 'yes',
      handoverOn: '2026-11-26',
      handoverTime: '10:00',
      handoverPlace: 'Oakfield Primary School',
    })
    assert.equal(down.statusCode, 201, down.body)
    const f = await figures('family-help-stepped-down')
    assert.deepEqual(f.thisYear, { numerator: 1, denominator: 1 })
    assert.deepEqual(cells(f, 'organisation_kind'), {
      "Local authority children's social care": { numerator: 1, denominator: 1 },
    })
    // Opened now counts seven children: the step-down is also a start, by its own route.
    assert.deepEqual(cells(await figures('family-help-opened'), 'category'), {
      'A practitioner started it with the family': { numerator: 6, denominator: 6 },
      'Stepped down from children’s social care': { numerator: 1, denominator: 1 },
    })
    const s = await shown('family-help-stepped-down')
    assert.equal(s.months.find((m) => m.month === '2026-11')?.thisYear, null)
    for (const rows of Object.values(s.breakdowns)) for (const r of rows) assert.equal(r.numerator, null)
  })
})

describe('school moves and training in the data set', () => {
  test('training currency: a teacher’s records make her current this month, and only this month', async () => {
    const before = await figures('training-currency')
    assert.equal(before.breakdowns.sex, undefined, 'people, not children: no breakdown by a child’s characteristics')
    assert.ok(before.breakdowns.organisation_kind !== undefined)
    for (const course of ['induction', 'annual_update']) {
      const res = await api(DEMO.teacher, 'POST', '/api/v1/training/records', {
        course,
        title: `Oakfield ${course}`,
        provider: 'Northshire Safeguarding Partnership',
        completedOn: '2026-11-10',
        hours: '3',
      })
      assert.equal(res.statusCode, 201, res.body)
    }
    const after = await figures('training-currency')
    const nov = (f: MeasureFigures) => month(f, '2026-11') ?? { numerator: -1, denominator: -1 }
    const oct = (f: MeasureFigures) => month(f, '2026-10') ?? { numerator: -1, denominator: -1 }
    assert.ok(nov(before).denominator > 0, 'the area has people who must hold training')
    assert.equal(nov(after).denominator, nov(before).denominator)
    assert.equal(nov(after).numerator, nov(before).numerator + 1)
    assert.deepEqual(oct(after), oct(before), 'a course done in November does not change October')
    // Months not yet reached have no one in them.
    assert.deepEqual(month(after, '2026-12'), { numerator: 0, denominator: 0 })
    const school = (f: MeasureFigures) => cells(f, 'organisation_kind')['School']
    assert.equal(school(after)?.numerator, (school(before)?.numerator ?? 0) + 1)
  })

  test('files received by their due date count as on time; one confirmed late does not', async () => {
    const transfers: { id: string; dueOn: string }[] = []
    for (const childId of childIds) {
      const res = await api(DEMO.dsl, 'POST', `/api/v1/children/${childId}/child-protection-file`, {
        movedOn: TODAY,
        reason: 'in_year',
        destination: 'on_together',
        toUrn: '100002',
      })
      assert.equal(res.statusCode, 201, res.body)
      transfers.push(res.json() as { id: string; dueOn: string })
    }
    assert.ok(transfers.every((t) => t.dueOn === '2026-11-30'))
    for (const t of transfers.slice(0, 5)) {
      const ok = await api(RIVERSIDE_DSL, 'POST', `/api/v1/school-moves/${t.id}/receipt`, { received: ['yes'] })
      assert.equal(ok.statusCode, 201, ok.body)
    }
    // None is due yet: none has been met or missed.
    assert.deepEqual((await figures('file-transfers-on-time')).thisYear, { numerator: 0, denominator: 0 })

    // A week later the sixth is confirmed, a day after its due date.
    ctx.clock.set(new Date('2026-12-01T10:00:00Z'))
    client = new ApiClient(ctx)
    const last = transfers[5]
    assert.ok(last)
    const late = await api(RIVERSIDE_DSL, 'POST', `/api/v1/school-moves/${last.id}/receipt`, { received: ['yes'] })
    assert.equal(late.statusCode, 201, late.body)

    const f = await figures('file-transfers-on-time', '2026-12-01')
    assert.deepEqual(f.thisYear, { numerator: 5, denominator: 6 })
    assert.deepEqual(month(f, '2026-11'), { numerator: 5, denominator: 6 })
    assert.deepEqual(cells(f, 'category'), {
      'Moving school during the school year': { numerator: 5, denominator: 6 },
    })
    assert.deepEqual(cells(f, 'organisation_kind'), { School: { numerator: 5, denominator: 6 } })
    assert.deepEqual(cells(f, 'sex'), { Female: { numerator: 5, denominator: 6 } })

    const s = await shown('file-transfers-on-time')
    assert.equal(s.thisYear, '83.3%')
    assert.equal(s.months.find((m) => m.month === '2026-11')?.thisYear, 83.3)
    assert.deepEqual(shownBy(s, 'category'), { 'Moving school during the school year': [5, 6] })
  })
})

describe('characteristics as the child is known now', () => {
  test('a corrected sex and date of birth count, not the first record', async () => {
    const count = (f: MeasureFigures, b: 'sex' | 'age_band', label: string) => cells(f, b)[label]?.numerator ?? 0
    const before = await figures('family-help-opened')
    const url = `/api/v1/children/${childIds[0]}/corrections`
    const sex = await api(NORTHSHIRE.dsl, 'POST', url, { change: 'sex', sex: 'male', reason: 'The birth certificate.' })
    assert.equal(sex.statusCode, 201, sex.body)
    const born = await api(NORTHSHIRE.dsl, 'POST', url, {
      change: 'date_of_birth',
      dateOfBirth: '2012-03-02',
      reason: 'The birth certificate.',
    })
    assert.equal(born.statusCode, 201, born.body)
    const after = await figures('family-help-opened')
    assert.deepEqual(after.thisYear, before.thisYear)
    // One girl of 9 is now a boy of 14.
    const moved = (b: 'sex' | 'age_band', from: string, to: string) => [
      count(after, b, from) - count(before, b, from),
      count(after, b, to) - count(before, b, to),
    ]
    assert.deepEqual(moved('sex', 'Female', 'Male'), [-1, 1])
    assert.deepEqual(moved('age_band', '5 to 9', '10 to 15'), [-1, 1])
  })
})
