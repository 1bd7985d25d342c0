import type { z } from 'zod'

/** What a GOV.UK page needs to show errors: a summary linking to each field, and a message per field. */
export interface FormErrors {
  readonly summary: { text: string; href: string }[]
  readonly fields: Record<string, { text: string }>
}

export function formErrors(fields: Readonly<Record<string, string>>, order: readonly string[] = []): FormErrors {
  const names = [...order.filter((n) => n in fields), ...Object.keys(fields).filter((n) => !order.includes(n))]
  return {
    summary: names.map((n) => ({ text: fields[n] ?? '', href: `#${n}` })),
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
export const asArray = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)])
