import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import { optionsOf } from '../shared/wordList.js'
import { date, formSchema, loadedChoice, notOffered, pageValues, radios } from '../forms/fields.js'
import { defineStep, offeredOptions } from './defineStep.js'
import { testIds, untestedStepParts } from './testingStep.js'

/**
 * A step whose choices depend on what it loaded: one fixed list narrowed to what this record allows, and two
 * choices among loaded records (people), one of them several at once. Pure: nothing here touches a database.
 */
const { first: ANNA, second: BEN, stranger: STRANGER } = testIds

const step = defineStep({
  ...untestedStepParts,
  operationId: 'assignThing',
  path: '/things/:id/assignment',
  title: 'Assign a thing',
  submitText: 'Assign',
  fields: {
    outcome: radios({
      label: 'Outcome',
      required: 'Select an outcome',
      options: optionsOf({ keep: 'Keep', close: 'Close' }),
    }),
    ownerUserId: loadedChoice({
      kind: 'select',
      label: 'Owner',
      required: 'Choose an owner',
      notOffered: 'Choose an owner from this team',
    }),
    watcherUserIds: loadedChoice({
      kind: 'checkboxes',
      label: 'Watchers',
      notOffered: 'Choose watchers from the list',
    }),
  },
  load: () => Promise.resolve({ team: [ANNA, BEN], open: ['keep'] }),
  choices: (t) => ({
    outcome: t.open,
    ownerUserId: t.team.map((id) => ({ value: id, text: id === ANNA ? 'Anna' : 'Ben' })),
    watcherUserIds: t.team.map((id) => ({ value: id, text: id })),
  }),
  action: 'thing.assigned',
})
const loaded = { team: [ANNA, BEN], open: ['keep'] }

describe('choices that come from what the step loaded', () => {
  test('a fixed list is narrowed to the values given; a loaded choice offers the options given', () => {
    const offered = offeredOptions(step, loaded)
    assert.deepEqual(
      offered.outcome?.map((o) => o.value),
      ['keep'],
    )
    assert.deepEqual(offered.ownerUserId, [
      { value: ANNA, text: 'Anna' },
      { value: BEN, text: 'Ben' },
    ])
  })

  test('a loaded choice publishes an id, with its messages for nothing chosen and for something not an id', () => {
    const schema = formSchema(step.fields)
    const missing = schema.safeParse({ outcome: 'keep' })
    assert.equal(missing.error?.issues.find((i) => i.path[0] === 'ownerUserId')?.message, 'Choose an owner')
    const junk = schema.safeParse({ outcome: 'keep', ownerUserId: 'drop table' })
    assert.equal(junk.error?.issues[0]?.message, 'Choose an owner from this team')
    assert.equal(z.toJSONSchema(step.fields.ownerUserId!.schema).format, 'uuid')
  })

  test('an id that was not offered is refused with the field’s message; one that was passes', () => {
    const offered = offeredOptions(step, loaded)
    assert.deepEqual(notOffered(step.fields, { ownerUserId: ANNA, watcherUserIds: [BEN] }, offered), {})
    assert.deepEqual(notOffered(step.fields, { ownerUserId: STRANGER, watcherUserIds: [ANNA, STRANGER] }, offered), {
      ownerUserId: 'Choose an owner from this team',
      watcherUserIds: 'Choose watchers from the list',
    })
    // Nothing chosen for an optional loaded choice is not a value to judge; a fixed list is left to `check`.
    assert.deepEqual(notOffered(step.fields, { outcome: 'close', ownerUserId: BEN }, offered), {})
  })

  test('with no options loaded, every id is refused (an empty team offers no one)', () => {
    const offered = offeredOptions(step, { team: [], open: [] })
    assert.deepEqual(Object.keys(notOffered(step.fields, { ownerUserId: ANNA }, offered)), ['ownerUserId'])
  })
})

describe('starting values for a page form', () => {
  test('a date as its three boxes, a list as ticks, nulls and undeclared names dropped', () => {
    const fields = {
      seenOn: date({ label: 'Seen on' }),
      ownerUserId: step.fields.ownerUserId!,
      watcherUserIds: step.fields.watcherUserIds!,
    }
    assert.deepEqual(pageValues(fields, { seenOn: '2026-03-07', ownerUserId: null, watcherUserIds: [ANNA], x: 'y' }), {
      'seenOn-day': '7',
      'seenOn-month': '3',
      'seenOn-year': '2026',
      watcherUserIds: [ANNA],
    })
  })
})
