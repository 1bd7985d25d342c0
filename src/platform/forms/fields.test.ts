import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import { optionsOf, yesNo as yesNoWords } from '../shared/wordList.js'
import {
  date,
  fieldErrors,
  formSchema,
  hiddenId,
  missingInRows,
  missingRevealed,
  pageValues,
  radios,
  readForm,
  rows,
  select,
  text,
  yesNo,
} from './fields.js'

/** A radios question from its options, each as its value, its text and the question it reveals, if any. */
const revealing = (label: string, ...options: [value: string, text: string, reveals?: string][]) =>
  radios({
    label,
    options: options.map(([value, text, reveals]) => ({ value, text, ...(reveals && { reveals: [reveals] }) })),
  })

test('a field revealed by one option counts only when that option is chosen', () => {
  const schema = formSchema({
    kind: revealing('Kind', ['a', 'A', 'detail'], ['b', 'B']),
    detail: text({ label: 'Detail', required: 'Enter the detail' }),
  })
  assert.deepEqual(schema.parse({ kind: 'b', detail: 'dropped' }), { kind: 'b' })
  assert.deepEqual(schema.parse({ kind: 'a', detail: 'kept' }), { kind: 'a', detail: 'kept' })
  assert.equal(schema.safeParse({ kind: 'a' }).error?.issues[0]?.message, 'Enter the detail')
})

/** A choice whose "Refer" reveals the question `withheld`. */
const referring = revealing('Kind', ['refer', 'Refer', 'withheld'], ['b', 'B'])

test('a question revealed inside a revealed question counts only when both options are chosen', () => {
  const fields = {
    kind: referring,
    withheld: revealing('Withheld', ['yes', 'Yes', 'why'], ['no', 'No']),
    why: text({ label: 'Why', required: 'Enter why' }),
  }
  const schema = formSchema(fields)
  assert.deepEqual(schema.parse({ kind: 'b', withheld: 'yes', why: 'dropped' }), { kind: 'b' })
  assert.deepEqual(missingRevealed(fields, { kind: 'b', withheld: 'yes' }), {})
  assert.deepEqual(missingRevealed(fields, { kind: 'refer', withheld: 'yes' }), { why: 'Enter why' })
  assert.deepEqual(schema.parse({ kind: 'refer', withheld: 'yes', why: 'kept' }), {
    kind: 'refer',
    withheld: 'yes',
    why: 'kept',
  })
})

test('a question the page always asks: unanswered on the page is refused, left out by the API is not', () => {
  const fields = {
    kind: referring,
    withheld: radios({
      label: 'Withheld',
      required: 'Select yes or no',
      askedOnPage: true,
      options: optionsOf(yesNoWords),
    }),
  }
  const schema = formSchema(fields)
  assert.deepEqual(schema.parse({ kind: 'refer' }), { kind: 'refer' })
  const page = schema.safeParse(readForm(fields, { kind: 'refer' }))
  assert.ok(!page.success)
  assert.deepEqual(fieldErrors(page.error), { withheld: 'Select yes or no' })
  // Not shown (its option not chosen): not asked.
  assert.deepEqual(readForm(fields, { kind: 'b' }), { kind: 'b' })
})

test('a field revealed by two options is refused when the step is declared: its page would name it twice', () => {
  assert.throws(
    () =>
      formSchema({
        kind: revealing('Kind', ['a', 'A', 'detail'], ['b', 'B', 'detail']),
        detail: text({ label: 'Detail' }),
      }),
    /detail is revealed by more than one option \(kind=a, kind=b\)/,
  )
})

describe('repeated rows (the "add another" pattern without JavaScript)', () => {
  const fields = {
    attendees: rows({
      label: 'Who attended',
      slots: 3,
      max: 5,
      fields: {
        agency: select({
          label: 'Agency of attendee {n}',
          required: 'Select the agency of attendee {n}',
          options: optionsOf({ police: 'Police', health: 'Health' }),
        }),
        name: text({ label: 'Name of attendee {n}', required: 'Enter the name of attendee {n}' }),
        seenOn: date({ label: 'Date attendee {n} was seen' }),
      },
    }),
  }

  test('a page form: every numbered row read, blank ones ignored, dates from their three boxes', () => {
    const body = readForm(fields, {
      'attendees-1-agency': '',
      'attendees-1-name': '  ',
      'attendees-2-agency': 'police',
      'attendees-2-name': 'DC Patel',
      'attendees-2-seenOn-day': '3',
      'attendees-2-seenOn-month': '4',
      'attendees-2-seenOn-year': '2026',
      'attendees-9-name': 'beyond the rows shown',
    })
    assert.equal((body.attendees as unknown[]).length, 3)
    const parsed = formSchema(fields).parse(body)
    assert.deepEqual(parsed.attendees, [
      { agency: 'police', name: 'DC Patel', seenOn: { year: 2026, month: 4, day: 3 } },
    ])
  })

  test('errors are keyed as the page names the row’s field, with the row’s number in the message', () => {
    const body = readForm(fields, { 'attendees-2-name': 'No agency', 'attendees-3-agency': 'martians' })
    const result = formSchema(fields).safeParse(body)
    assert.ok(!result.success)
    const errors = { ...fieldErrors(result.error), ...missingInRows(fields, body) }
    assert.deepEqual(errors, {
      'attendees-2-agency': 'Select the agency of attendee 2',
      'attendees-3-agency': 'Select the agency of attendee 3',
      'attendees-3-name': 'Enter the name of attendee 3',
    })
  })

  test('the API sends a list: blank rows ignored, more than max refused, the list published with its row shape', () => {
    const schema = formSchema(fields)
    assert.deepEqual(schema.parse({ attendees: [{}, { agency: 'health', name: 'Nurse Jones' }] }).attendees, [
      { agency: 'health', name: 'Nurse Jones' },
    ])
    assert.ok(
      !schema.safeParse({ attendees: Array.from({ length: 6 }, () => ({ agency: 'police', name: 'x' })) }).success,
    )
    const json = z.toJSONSchema(fields.attendees.schema, { io: 'input' }) as {
      items: { properties: Record<string, unknown> }
    }
    assert.deepEqual(Object.keys(json.items.properties), ['agency', 'name', 'seenOn'])
  })

  test('starting values: a list of rows as the page’s numbered fields', () => {
    assert.deepEqual(
      pageValues(fields, { attendees: [{ agency: 'police', name: 'DC Patel', seenOn: '2026-04-03' }] }),
      {
        'attendees-1-agency': 'police',
        'attendees-1-name': 'DC Patel',
        'attendees-1-seenOn-day': '3',
        'attendees-1-seenOn-month': '4',
        'attendees-1-seenOn-year': '2026',
      },
    )
  })
})

test('a yes or no question: the page’s yes and no as the API’s boolean, and back', () => {
  const fields = { alone: yesNo({ label: 'Was the child seen alone?' }) }
  assert.deepEqual(readForm(fields, { alone: 'yes' }), { alone: true })
  assert.deepEqual(readForm(fields, { alone: 'no' }), { alone: false })
  assert.deepEqual(readForm(fields, { alone: '' }), {})
  assert.ok(!formSchema(fields).safeParse(readForm(fields, { alone: 'perhaps' })).success)
  assert.deepEqual(formSchema(fields).parse({ alone: null }), { alone: null }, 'null: not answered yet')
  assert.deepEqual(pageValues(fields, { alone: false }), { alone: 'no' })
})

test('a blank optional date is no date; a blank required one is refused with its message', () => {
  const schema = formSchema({
    seenOn: date({ label: 'Seen on' }),
    heldOn: date({ label: 'Held on', required: 'Enter the date it was held' }),
  })
  assert.deepEqual(schema.parse({ seenOn: '', heldOn: '2026-01-02' }), {
    seenOn: undefined,
    heldOn: { year: 2026, month: 1, day: 2 },
  })
  assert.equal(schema.safeParse({ heldOn: ' ' }).error?.issues[0]?.message, 'Enter the date it was held')
})

test('an id chosen on another page: carried in a hidden input, read as posted, refused when not an id', () => {
  const fields = { childId: hiddenId({ label: 'Child', required: 'Choose the child from the search results' }) }
  const schema = formSchema(fields)
  const id = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
  assert.deepEqual(readForm(fields, { childId: id, other: 'x' }), { childId: id })
  assert.deepEqual(schema.parse({ childId: id }), { childId: id })
  for (const bad of [{}, { childId: 'not-an-id' }, { childId: 7 }]) {
    const parsed = schema.safeParse(bad)
    assert.ok(!parsed.success)
    assert.deepEqual(fieldErrors(parsed.error), { childId: 'Choose the child from the search results' })
  }
  assert.deepEqual(pageValues(fields, { childId: id }), { childId: id })
})
