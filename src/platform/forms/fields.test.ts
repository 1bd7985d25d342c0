import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formSchema, radios, text } from './fields.js'

test('a field revealed by one option counts only when that option is chosen', () => {
  const schema = formSchema({
    kind: radios({
      label: 'Kind',
      options: [
        { value: 'a', text: 'A', reveals: ['detail'] },
        { value: 'b', text: 'B' },
      ],
    }),
    detail: text({ label: 'Detail', required: 'Enter the detail' }),
  })
  assert.deepEqual(schema.parse({ kind: 'b', detail: 'dropped' }), { kind: 'b' })
  assert.deepEqual(schema.parse({ kind: 'a', detail: 'kept' }), { kind: 'a', detail: 'kept' })
  assert.equal(schema.safeParse({ kind: 'a' }).error?.issues[0]?.message, 'Enter the detail')
})

test('a field revealed by two options is refused when the step is declared: its page would name it twice', () => {
  assert.throws(
    () =>
      formSchema({
        kind: radios({
          label: 'Kind',
          options: [
            { value: 'a', text: 'A', reveals: ['detail'] },
            { value: 'b', text: 'B', reveals: ['detail'] },
          ],
        }),
        detail: text({ label: 'Detail' }),
      }),
    /detail is revealed by more than one option \(kind=a, kind=b\)/,
  )
})
