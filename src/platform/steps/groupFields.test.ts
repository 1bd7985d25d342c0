import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { optionsOf } from '../shared/wordList.js'
import {
  date,
  dateTime,
  fieldErrors,
  missingRevealed,
  formSchema,
  group,
  pageErrorKeys,
  pageOrder,
  pageValues,
  radios,
  readDateTime,
  readForm,
  text,
} from '../forms/fields.js'
import { viewFields } from './mountSteps.js'

/**
 * A group (one object in the API body, flat fields on the page) and a date and time (the API's ISO instant, the
 * page's date boxes and time input), as the front door's decision uses them for immediate protection. Pure.
 */
const fields = {
  outcome: radios({ label: 'Outcome', options: [{ value: 'protect', text: 'Protect' }] }),
  protection: group({
    label: 'Immediate protection',
    pageNames: { kind: 'protectionKind', at: 'protectedAt' },
    fields: {
      kind: radios({
        label: 'Which?',
        options: optionsOf({ police: 'Police protection', order: 'An order' }),
      }),
      at: dateTime({
        label: 'When',
        invalid: 'Enter a real date, and the time like 14:30',
        dateName: 'ppDate',
        timeName: 'ppTime',
      }),
      reference: text({ label: 'Reference', max: 20 }),
      madeOn: date({ label: 'The day it was made' }),
    },
  }),
}
const schema = formSchema(fields)

describe('a date and time', () => {
  test('reads an ISO 8601 instant, or a page’s date and London time (summer time too)', () => {
    assert.equal(readDateTime('2026-11-23T02:15:00Z'), '2026-11-23T02:15:00.000Z')
    assert.equal(readDateTime('2026-07-01T10:00:00+01:00'), '2026-07-01T09:00:00.000Z')
    assert.equal(readDateTime('23 11 2026 at 14:30'), '2026-11-23T14:30:00.000Z')
    assert.equal(readDateTime('1 7 2026 at 9.15am'), '2026-07-01T08:15:00.000Z')
  })

  test('refuses a bare date, a time that is no time and a day that does not exist', () => {
    for (const bad of [
      '2026-11-23',
      '23 11 2026 at 25:00',
      '31 2 2026 at 10:00',
      ' at 10:00',
      '23 11 2026 at ',
      'soon',
    ])
      assert.equal(readDateTime(bad), undefined, bad)
  })
})

describe('a group of fields', () => {
  test('the API sends an object; an error in a member is keyed group.member', () => {
    const good = schema.safeParse({ outcome: 'protect', protection: { kind: 'police', at: '2026-11-23T02:15:00Z' } })
    assert.ok(good.success)
    assert.deepEqual(good.data.protection, { kind: 'police', at: '2026-11-23T02:15:00.000Z' })
    const bad = schema.safeParse({ protection: { kind: 'police', at: 'soon', madeOn: '2026-11-31' } })
    assert.ok(!bad.success)
    const errors = fieldErrors(bad.error, fields, {})
    assert.equal(errors['protection.at'], 'Enter a real date, and the time like 14:30')
    assert.ok('protection.madeOn' in errors)
  })

  test('the page sends flat fields under their page names, read into the API’s object; none of them, no group', () => {
    const body = {
      outcome: 'protect',
      protectionKind: 'police',
      'ppDate-day': '23',
      'ppDate-month': '11',
      'ppDate-year': '2026',
      ppTime: '14:30',
      reference: 'NP/1',
    }
    const read = readForm(fields, body)
    assert.deepEqual(read, {
      outcome: 'protect',
      protection: { kind: 'police', at: '23 11 2026 at 14:30', reference: 'NP/1' },
    })
    const parsed = schema.safeParse(read)
    assert.ok(parsed.success)
    assert.equal((parsed.data.protection as { at: string }).at, '2026-11-23T14:30:00.000Z')
    assert.deepEqual(readForm(fields, { outcome: 'protect' }), { outcome: 'protect' })
  })

  test('the page names a member’s error as it names the member, in the order it shows them', () => {
    assert.deepEqual(
      pageErrorKeys(fields, { 'protection.at': 'a', 'protection.kind': 'b', outcome: 'c', other: 'd' }),
      {
        protectedAt: 'a',
        protectionKind: 'b',
        outcome: 'c',
        other: 'd',
      },
    )
    assert.deepEqual(pageOrder(fields), ['outcome', 'protectionKind', 'protectedAt', 'reference', 'madeOn'])
  })

  test('the page shows the members flat, with what was typed; starting values land in the page’s names', () => {
    const body = { protectionKind: 'order', 'ppDate-day': '2', ppTime: '9am', 'madeOn-year': '2026' }
    const shown = viewFields(fields, body) as unknown as {
      name: string
      kind: string
      fields?: {
        name: string
        kind: string
        values?: Record<string, string>
        time?: string
        items?: { checked: boolean }[]
      }[]
    }[]
    const g = shown.find((f) => f.name === 'protection')
    assert.equal(g?.kind, 'group')
    assert.deepEqual(
      g?.fields?.map((f) => f.name),
      ['protectionKind', 'protectedAt', 'reference', 'madeOn'],
    )
    const at = g?.fields?.find((f) => f.name === 'protectedAt')
    assert.deepEqual([at?.kind, at?.values?.day, at?.time], ['dateTime', '2', '9am'])
    assert.deepEqual(
      g?.fields?.[0]?.items?.map((i) => i.checked),
      [false, true],
    )
    assert.deepEqual(pageValues(fields, { protection: { kind: 'order', madeOn: '2026-11-23' } }), {
      protectionKind: 'order',
      'madeOn-day': '23',
      'madeOn-month': '11',
      'madeOn-year': '2026',
    })
  })
})

describe('a revealed group’s required members', () => {
  const revealing = {
    outcome: radios({
      label: 'Outcome',
      required: 'Select an outcome',
      options: [
        { value: 'protect', text: 'Protect', reveals: ['protection'] },
        { value: 'none', text: 'Nothing' },
      ],
    }),
    reasons: text({ label: 'Reasons', max: 100 }),
    protection: group({
      label: 'Immediate protection',
      pageNames: { kind: 'protectionKind' },
      fields: {
        kind: radios({
          label: 'Which?',
          required: 'Select which',
          options: [{ value: 'police', text: 'Police protection' }],
        }),
        reference: text({ label: 'Reference', max: 20 }),
      },
    }),
  }

  test('are listed with the form’s other errors when the group’s option is chosen, and only then', () => {
    const missing = missingRevealed(revealing, { outcome: 'protect' })
    assert.deepEqual(missing, { 'protection.kind': 'Select which' })
    assert.deepEqual(pageErrorKeys(revealing, missing), { protectionKind: 'Select which' })
    assert.deepEqual(missingRevealed(revealing, { outcome: 'protect', protection: { kind: 'police' } }), {})
    assert.deepEqual(missingRevealed(revealing, { outcome: 'none' }), {})
  })
})
