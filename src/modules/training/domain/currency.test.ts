import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { date as d } from '../../../platform/calendar/testing.js'
import { fieldProblems } from '../../../platform/shared/result.js'
import { competencyGate, currencyDate, currencyOf, expiryOf, type TrainingRecordFacts } from './currency.js'
import { requirementsFor, trainingRequirements, type TrainingRequirementId } from './requirements.js'
import { trainingMessages, validateTrainingRecord } from './record.js'

const req = (id: TrainingRequirementId) => {
  const r = trainingRequirements.find((x) => x.id === id)
  if (r === undefined) throw new Error(id)
  return r
}
const rec = (course: TrainingRecordFacts['course'], on: string, hours = 3): TrainingRecordFacts => ({
  course,
  completedOn: d(on),
  hours,
})

describe('training requirements', () => {
  it('every requirement has a source, and its renewal is positive', () => {
    for (const r of trainingRequirements) {
      assert.ok(r.source.document.length > 0 && r.source.section.length > 0, r.id)
      if (r.renewal.kind !== 'once') assert.ok(r.renewal.months > 0, r.id)
      assert.ok(r.satisfiedBy.length > 0 && r.roles.length > 0 && r.organisationKinds.length > 0, r.id)
    }
    assert.equal(new Set(trainingRequirements.map((r) => r.id)).size, trainingRequirements.length)
  })

  const cases: [string, Parameters<typeof requirementsFor>[0], Parameters<typeof requirementsFor>[1], string[]][] = [
    ['school staff: induction and yearly update', 'school', ['staff'], ['school-induction', 'school-annual-update']],
    [
      'school DSL: also the DSL course every 2 years, the yearly refresh and Prevent',
      'school',
      ['dsl'],
      ['school-induction', 'school-annual-update', 'dsl-formal', 'dsl-refresh', 'dsl-prevent'],
    ],
    ['football club volunteer: Level 1', 'sports_youth_club', ['staff'], ['community-level-1']],
    ['football club manager: Level 2', 'sports_youth_club', ['head'], ['community-level-2']],
    ['football club DSL: the DSL course', 'sports_youth_club', ['dsl'], ['community-dsl']],
    ['nursery DSL: KCSIE DSL training', 'early_years', ['dsl'], ['dsl-formal', 'dsl-refresh', 'dsl-prevent']],
    ['GP practice staff: intercollegiate level 2', 'gp_practice', ['staff'], ['health-level-2']],
    ['GP safeguarding lead: level 3', 'gp_practice', ['dsl'], ['health-level-3']],
    ['named nurse: level 4', 'nhs_trust', ['health_lead'], ['health-level-4']],
    ['ICB designated professional: level 5', 'icb', ['partnership_lead'], ['health-level-5']],
    ['social worker: none here', 'la_childrens_social_care', ['social_worker'], []],
  ]
  for (const [name, kind, roles, expected] of cases)
    it(name, () =>
      assert.deepEqual(
        requirementsFor(kind, roles).map((r) => r.id),
        expected,
      ),
    )
})

describe('currency', () => {
  const today = d('2026-12-04')
  const table: [string, TrainingRequirementId, TrainingRecordFacts[], string, string | null][] = [
    ['never done', 'dsl-formal', [], 'missing', null],
    [
      'DSL course 2 years ago tomorrow: due within 30 days',
      'dsl-formal',
      [rec('dsl_formal', '2024-12-05')],
      'due_soon',
      '2026-12-05',
    ],
    [
      'DSL course exactly 2 years ago: lapsed today',
      'dsl-formal',
      [rec('dsl_formal', '2024-12-04')],
      'lapsed',
      '2026-12-04',
    ],
    ['DSL course a year ago: current', 'dsl-formal', [rec('dsl_formal', '2025-12-04')], 'current', '2027-12-04'],
    ['due in 45 days: the 60-day window', 'dsl-refresh', [rec('dsl_refresh', '2026-01-18')], 'due_soon', '2027-01-18'],
    [
      'a refresh does not count as the formal course',
      'dsl-formal',
      [rec('dsl_refresh', '2026-06-01')],
      'missing',
      null,
    ],
    [
      'the formal course counts as the yearly refresh',
      'dsl-refresh',
      [rec('dsl_formal', '2026-06-01')],
      'current',
      '2027-06-01',
    ],
    ['induction never expires', 'school-induction', [rec('induction', '2010-09-01')], 'current', null],
    [
      'newest record wins',
      'school-annual-update',
      [rec('annual_update', '2024-01-01'), rec('level_1', '2026-09-01')],
      'current',
      '2027-09-01',
    ],
    [
      'level 3: 6 hours reached by two courses, the older leaves the window in 87 days',
      'health-level-3',
      [rec('intercollegiate_3', '2026-01-10', 4), rec('intercollegiate_3', '2024-03-01', 2)],
      'due_soon',
      '2027-03-01',
    ],
    [
      'level 3: 4 hours only is lapsed',
      'health-level-3',
      [rec('intercollegiate_3', '2026-01-10', 4)],
      'lapsed',
      '2029-01-10',
    ],
    [
      'level 3: hours from a level 2 course do not count',
      'health-level-3',
      [rec('intercollegiate_2', '2026-01-10', 8)],
      'missing',
      null,
    ],
    [
      'level 3: a level 4 course counts',
      'health-level-3',
      [rec('intercollegiate_4', '2026-01-10', 6)],
      'current',
      '2029-01-10',
    ],
    ['a record dated after today is ignored', 'dsl-formal', [rec('dsl_formal', '2026-12-05')], 'missing', null],
  ]
  for (const [name, id, records, status, date] of table)
    it(name, () => {
      const c = currencyOf(req(id), records, today)
      assert.equal(c.status, status)
      const shown = currencyDate(c)
      assert.equal(shown === null ? null : formatLocalDate(shown), date)
    })

  it('due-soon windows are 30, 60 and 90 days', () => {
    const r = req('dsl-refresh')
    const within = (on: string) => {
      const c = currencyOf(r, [rec('dsl_refresh', on)], today)
      return c.status === 'due_soon' ? c.within : c.status
    }
    assert.equal(within('2025-12-20'), 30)
    assert.equal(within('2026-01-20'), 60)
    assert.equal(within('2026-02-20'), 90)
    assert.equal(within('2026-03-20'), 'current')
  })

  it('expiryOf is undefined when never met and null for once-only', () => {
    assert.equal(expiryOf(req('dsl-formal'), [], today), undefined)
    assert.equal(expiryOf(req('school-induction'), [rec('induction', '2020-01-01')], today), null)
  })
})

describe('competency gate', () => {
  const today = d('2026-12-04')
  const dslReqs = requirementsFor('school', ['dsl'])
  it('clear when the DSL training is current (Prevent lapsed does not gate)', () => {
    const out = competencyGate(dslReqs, [rec('dsl_formal', '2026-06-01')], today, 'warn')
    assert.deepEqual(out, { kind: 'clear' })
  })
  it('warns by default, naming what lapsed', () => {
    const out = competencyGate(dslReqs, [rec('dsl_formal', '2024-06-01')], today, 'warn')
    assert.equal(out.kind, 'warn')
    assert.deepEqual(out.kind === 'warn' ? out.lapsed : [], [
      'Designated safeguarding lead training, at least every 2 years',
      'Designated safeguarding lead knowledge refreshed, at least every year',
    ])
  })
  it('blocks when the partnership says so', () => {
    assert.equal(competencyGate(dslReqs, [], today, 'block').kind, 'block')
  })
})

describe('recording training', () => {
  const today = d('2026-12-04')
  const good = {
    course: 'dsl_formal',
    title: 'DSL two-day course',
    provider: 'Northshire SCP',
    completedOn: d('2026-11-20'),
    hours: '12',
    evidence: '',
  }
  it('accepts a good record', () => assert.equal(validateTrainingRecord(good, today).ok, true))
  it('refuses a date in the future', () => {
    const r = validateTrainingRecord({ ...good, completedOn: d('2026-12-05') }, today)
    assert.equal(r.ok ? undefined : r.error.fields?.completedOn, trainingMessages.completedOnInFuture)
  })
  it('accepts today', () => assert.equal(validateTrainingRecord({ ...good, completedOn: today }, today).ok, true))
  for (const hours of ['0', '-1', 'three', '101', '1.3', '1e2'])
    it(`refuses ${hours} hours`, () => {
      const r = validateTrainingRecord({ ...good, hours }, today)
      assert.equal(r.ok ? undefined : r.error.fields?.hours, trainingMessages.hoursInvalid)
    })
  it('names every missing field', () => {
    assert.deepEqual(Object.keys(fieldProblems(validateTrainingRecord({}, today))).sort(), [
      'completedOn',
      'course',
      'hours',
      'provider',
      'title',
    ])
  })
})
