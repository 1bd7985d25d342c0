import { formatLocalDate } from '../../../../platform/calendar/localDate.js'
import { asArray, formDate, formText, type FormErrors } from '../../../../platform/web/forms.js'

/**
 * Form fields described as data, rendered by cases/form.njk with the GOV.UK macros. Each builder fills in what
 * the person typed (or ticked) when a form comes back with errors.
 */
export type Body = Readonly<Record<string, unknown>>

interface Item {
  readonly value: string
  readonly text: string
  readonly hint?: { text: string } | undefined
  readonly checked?: boolean
  readonly selected?: boolean
}

export type Field =
  | {
      readonly type: 'radios'
      readonly name: string
      readonly legend: string
      readonly hint?: string | undefined
      readonly items: readonly Item[]
      readonly inline?: boolean
    }
  | {
      readonly type: 'checkboxes'
      readonly name: string
      readonly legend: string
      readonly hint?: string | undefined
      readonly items: readonly Item[]
    }
  | {
      readonly type: 'textarea'
      readonly name: string
      readonly label: string
      readonly hint?: string | undefined
      readonly value: string
      readonly rows: number
    }
  | {
      readonly type: 'input'
      readonly name: string
      readonly label: string
      readonly hint?: string | undefined
      readonly value: string
      readonly classes: string
    }
  | {
      readonly type: 'date'
      readonly name: string
      readonly legend: string
      readonly hint: string
      readonly values: { day: string; month: string; year: string }
    }
  | { readonly type: 'select'; readonly name: string; readonly label: string; readonly items: readonly Item[] }
  | {
      readonly type: 'group'
      readonly id: string
      readonly legend: string
      readonly hint?: string | undefined
      readonly fields: readonly Field[]
    }
  | { readonly type: 'paragraph'; readonly text: string }

const text = (body: Body, name: string) => formText(body[name], 100_000)

export const radios = (
  body: Body,
  name: string,
  legend: string,
  items: readonly { value: string; text: string; hint?: string }[],
  hint?: string,
): Field => ({
  type: 'radios',
  name,
  legend,
  hint,
  items: items.map((i) => ({
    value: i.value,
    text: i.text,
    hint: i.hint === undefined ? undefined : { text: i.hint },
    checked: text(body, name) === i.value,
  })),
})

export const checkboxes = (
  body: Body,
  name: string,
  legend: string,
  items: readonly { value: string; text: string }[],
  hint?: string,
): Field => {
  const ticked = asArray(body[name])
  return {
    type: 'checkboxes',
    name,
    legend,
    hint,
    items: items.map((i) => ({ value: i.value, text: i.text, checked: ticked.includes(i.value) })),
  }
}

export const textarea = (body: Body, name: string, label: string, hint?: string, rows = 5): Field => ({
  type: 'textarea',
  name,
  label,
  hint,
  value: text(body, name),
  rows,
})

export const input = (
  body: Body,
  name: string,
  label: string,
  hint?: string,
  classes = 'govuk-input--width-20',
): Field => ({ type: 'input', name, label, hint, value: text(body, name), classes })

export const dateField = (body: Body, name: string, legend: string, hint = 'For example, 27 3 2026'): Field => ({
  type: 'date',
  name,
  legend,
  hint,
  values: {
    day: formText(body[`${name}-day`], 10),
    month: formText(body[`${name}-month`], 10),
    year: formText(body[`${name}-year`], 10),
  },
})

export const select = (
  body: Body,
  name: string,
  label: string,
  items: readonly { value: string; text: string }[],
): Field => ({
  type: 'select',
  name,
  label,
  items: items.map((i) => ({ value: i.value, text: i.text, selected: text(body, name) === i.value })),
})

export const group = (id: string, legend: string, fields: readonly Field[], hint?: string): Field => ({
  type: 'group',
  id,
  legend,
  hint,
  fields,
})

export const paragraph = (t: string): Field => ({ type: 'paragraph', text: t })

/** A GOV.UK date input as the use cases take it: 'YYYY-MM-DD', '' when blank, 'invalid' when not a real date. */
export function dateText(body: Body, name: string): string {
  const d = formDate(body, name)
  if (d.kind === 'blank') return ''
  return d.kind === 'date' ? formatLocalDate(d.value) : 'invalid'
}

/** Names of date fields in a list of fields, so the error summary can link to their first box. */
export function dateNames(fields: readonly Field[]): string[] {
  return fields.flatMap((f) => (f.type === 'date' ? [f.name] : f.type === 'group' ? dateNames(f.fields) : []))
}

/** The order fields appear in, for the error summary. */
export function fieldNames(fields: readonly Field[]): string[] {
  return fields.flatMap((f) =>
    f.type === 'group' ? [f.id, ...fieldNames(f.fields)] : f.type === 'paragraph' ? [] : [f.name],
  )
}

/** Field errors for a form of these fields: in page order, each summary link to the field's first box. */
export function errorsFor(fields: readonly Field[], problems: Readonly<Record<string, string>>): FormErrors {
  const order = fieldNames(fields)
  const dates = dateNames(fields)
  const names = [...order.filter((n) => n in problems), ...Object.keys(problems).filter((n) => !order.includes(n))]
  return {
    summary: names.map((n) => ({
      text: problems[n] ?? '',
      href: `#${dates.includes(n) ? `${n}-day` : order.includes(n) ? n : 'form-problem'}`,
    })),
    fields: Object.fromEntries(names.map((n) => [n, { text: problems[n] ?? '' }])),
  }
}
