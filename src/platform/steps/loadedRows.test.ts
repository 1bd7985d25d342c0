import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import {
  fieldErrors,
  formSchema,
  loadedRows,
  missingInRecordRows,
  pageValues,
  readForm,
  textarea,
  type FieldSpec,
} from '../forms/fields.js'
import { defineStep, offeredOptions } from './defineStep.js'
import { viewFields } from './mountSteps.js'
import { testIds, untestedStepParts } from './testingStep.js'

/**
 * Rows the record gives (a note for each other child of the household): their number and labels come from what
 * the step loaded, through `choices`. Pure: nothing here touches a database.
 */
const { first: TOBI, second: MAYA, stranger: STRANGER } = testIds

const step = defineStep({
  ...untestedStepParts,
  operationId: 'holdThing',
  path: '/things/:id/decision',
  title: 'Record the decision',
  submitText: 'Record',
  fields: {
    household: loadedRows({
      label: 'Other children in the household',
      key: 'childId',
      notOffered: 'Record notes only for the children in the household',
      none: 'No other children are recorded.',
      max: 5,
      fields: {
        note: textarea({
          label: '{row}: what was decided',
          required: 'Record what was decided for {row}',
          tooLong: 'A note must be 20 characters or fewer',
          max: 20,
        }),
      },
    }),
  },
  load: () => Promise.resolve({ children: [] as { id: string; name: string }[] }),
  choices: (l) => ({ household: l.children.map((c) => ({ value: c.id, text: c.name, hint: 'Born 3 May 2019' })) }),
  action: 'thing.decided',
})
const two = {
  children: [
    { id: TOBI, name: 'Tobi Vane' },
    { id: MAYA, name: 'Maya Vane' },
  ],
}

describe('rows the record gives (loadedRows)', () => {
  test('the page shows one row per thing loaded, named by its id and labelled with its text', () => {
    const [field] = viewFields(
      { household: withRecords(offeredOptions(step, two).household!) },
      { [`household-${MAYA}-note`]: 'typed' },
    ) as [{ slots: { fields: { name: string; label: string; hint: string; value: string }[] }[]; noRows?: string }]
    assert.deepEqual(
      field.slots.map((s) => s.fields.map((f) => [f.name, f.label, f.hint, f.value])),
      [
        [[`household-${TOBI}-note`, 'Tobi Vane: what was decided', 'Born 3 May 2019', '']],
        [[`household-${MAYA}-note`, 'Maya Vane: what was decided', 'Born 3 May 2019', 'typed']],
      ],
    )
    assert.equal(field.noRows, undefined)
    const [empty] = viewFields(step.fields, {}) as [{ slots: unknown[]; noRows?: string }]
    assert.deepEqual([empty.slots, empty.noRows], [[], 'No other children are recorded.'])
  })

  test('a page form is read by its names into the API’s list, each row naming its thing', () => {
    const body = readForm(step.fields, {
      [`household-${TOBI}-note`]: 'Seen alone.',
      [`household-${MAYA}-note`]: '  ',
      unrelated: 'x',
    })
    assert.deepEqual(body.household, [{ childId: TOBI, note: 'Seen alone.' }, { childId: MAYA }])
    // The row with nothing but its thing says nothing; which rows are needed is judged after the load.
    assert.deepEqual(formSchema(step.fields).parse(body).household, [{ childId: TOBI, note: 'Seen alone.' }])
  })

  test('after the load: every thing needs its row, with its text in the message; others are refused', () => {
    const offered = offeredOptions(step, two)
    const missing = (household: readonly Record<string, string>[]) =>
      missingInRecordRows(step.fields, { household }, offered)
    assert.deepEqual(missing([{ childId: TOBI, note: 'Seen.' }]), {
      [`household-${MAYA}-note`]: 'Record what was decided for Maya Vane',
    })
    assert.deepEqual(
      missing([
        { childId: TOBI, note: 'Seen.' },
        { childId: MAYA, note: 'Seen.' },
        { childId: STRANGER, note: 'Who?' },
      ]),
      { household: 'Record notes only for the children in the household' },
    )
    assert.deepEqual(
      Object.keys(
        missing([
          { childId: TOBI, note: 'a' },
          { childId: TOBI, note: 'b' },
          { childId: MAYA, note: 'c' },
        ]),
      ),
      ['household'],
      'a thing named twice',
    )
    assert.deepEqual(missingInRecordRows(step.fields, {}, offeredOptions(step, { children: [] })), {})
  })

  test('an error in a row before the load is keyed by the thing the row names, as the page names it', () => {
    const body = { household: [{ childId: MAYA, note: 'x'.repeat(21) }] }
    const result = formSchema(step.fields).safeParse(body)
    assert.ok(!result.success)
    assert.deepEqual(fieldErrors(result.error, step.fields, body), {
      [`household-${MAYA}-note`]: 'A note must be 20 characters or fewer',
    })
  })

  test('starting values go to the page’s names; the list is published with its rows’ shape', () => {
    assert.deepEqual(pageValues(step.fields, { household: [{ childId: TOBI, note: 'Seen.' }] }), {
      [`household-${TOBI}-note`]: 'Seen.',
    })
    const json = z.toJSONSchema(step.fields.household!.schema, { io: 'input' }) as {
      items: { properties: Record<string, unknown>; required: string[] }
    }
    assert.deepEqual([Object.keys(json.items.properties), json.items.required], [['childId', 'note'], ['childId']])
  })
})

/** The rows field as the page gets it once the step has loaded (mountSteps' `offered`). */
function withRecords(records: readonly { value: string; text: string; hint?: string }[]): FieldSpec {
  const spec = step.fields.household!
  if (spec.kind !== 'rows' || spec.perRecord === undefined) throw new Error('not a loadedRows field')
  return { ...spec, perRecord: { ...spec.perRecord, records } }
}
