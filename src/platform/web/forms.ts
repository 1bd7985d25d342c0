import type { z } from 'zod'
import { localDate, type LocalDate } from '../calendar/localDate.js'

/** What a GOV.UK page needs to show errors: a summary linking to each field, and a message per field. */
export interface FormErrors {
  readonly summary: { text: string; href: string }[]
  readonly fields: Record<string, { text: string }>
}

/**
 * The errors in `order` first. The summary links a GOV.UK date input named in `dateInputs` to its first box
 * (`<name>-day`), which carries the input's id.
 */
export function formErrors(
  fields: Readonly<Record<string, string>>,
  order: readonly string[] = [],
  dateInputs: readonly string[] = [],
): FormErrors {
  const names = [...order.filter((n) => n in fields), ...Object.keys(fields).filter((n) => !order.includes(n))]
  return {
    summary: names.map((n) => ({ text: fields[n] ?? '', href: dateInputs.includes(n) ? `#${n}-day` : `#${n}` })),
    fields: Object.fromEntries(names.map((n) => [n, { text: fields[n] ?? '' }])),
  }
}

/** The first message for each field of a failed zod parse, keyed by the field's form name. */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    if (!(key in out)) out[key] = issue.message
  }
  return out
}

/** HTML forms send one value as a string and several as an array; checkboxes send nothing when none is ticked. */
export const asArray = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)]

/** A form field as text: anything else (missing, repeated, an object) reads as empty; long input is cut short. */
export const formText = (v: unknown, max = 20_000): string => (typeof v === 'string' ? v.slice(0, max) : '')

/** A GOV.UK date input (`<prefix>-day`, `-month`, `-year`): blank, partly filled, not a real date, or a date. */
export type FormDate =
  | { readonly kind: 'blank' }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'date'; readonly value: LocalDate }

export function formDate(body: Readonly<Record<string, unknown>>, prefix: string): FormDate {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => formText(body[`${prefix}-${p}`], 10).trim()) as [
    string,
    string,
    string,
  ]
  if (d === '' && m === '' && y === '') return { kind: 'blank' }
  if (d === '' || m === '' || y === '') return { kind: 'incomplete' }
  const parsed =
    /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)
      ? localDate(Number(y), Number(m), Number(d))
      : undefined
  return parsed?.ok === true ? { kind: 'date', value: parsed.value } : { kind: 'invalid' }
}
