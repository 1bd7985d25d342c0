import { z } from 'zod'
import { compareLocalDate, formatLocalDate, type LocalDate } from '../calendar/localDate.js'
import { londonInstant as londonWallClockInstant } from '../calendar/london.js'
import type { Result } from '../shared/result.js'
import { given } from '../shared/given.js'
import { dateInputText, readDate, readTime } from './readers.js'

/**
 * A form field declared once: its zod schema (carrying the GOV.UK error messages, used by the page and the
 * API alike, and published in the OpenAPI document) and how the page shows it. A step's `fields` is a record
 * of these; `formSchema(fields)` builds the step's input schema from them.
 */
export interface Option {
  readonly value: string
  readonly text: string
  readonly hint?: string
  /** Names of other fields shown only when this option is chosen (the GOV.UK conditional reveal). */
  readonly reveals?: readonly string[]
}

interface Common {
  readonly label: string
  readonly hint?: string
  /** Whether the field may be left out. Revealed fields are required only when their option is chosen. */
  readonly optional: boolean
  readonly schema: z.ZodType
}

export type FieldSpec =
  | (Common & {
      readonly kind: 'text'
      readonly max: number
      readonly width?: 2 | 3 | 4 | 5 | 10 | 20 | 30
      /** `password` is never written back into a page, neither what was typed nor a starting value. */
      readonly type?: 'url' | 'password'
      /** Off for codes and addresses (an issuer, a client ID), where a spelling check only marks them wrong. */
      readonly spellcheck?: false
    })
  | (Common & { readonly kind: 'textarea'; readonly max: number; readonly rows: number })
  | (Common & { readonly kind: 'date' })
  | (Common & { readonly kind: 'time' })
  | (Common & {
      readonly kind: 'dateTime'
      /** The page's date boxes (`<dateName>-day` …) and time input; the error sits under the field's page name. */
      readonly dateName: string
      readonly timeName: string
    })
  | (Common & {
      readonly kind: 'group'
      /** The members: one object in the API body, flat fields on the page, each under its page name. */
      readonly fields: Fields
      readonly pageNames: Readonly<Record<string, string>>
    })
  | (Common &
      Choice & {
        readonly kind: 'radios'
        readonly inline?: boolean
        /**
         * The page always asks it, so a page sending no answer is refused with the field's required message; the
         * API may leave it out (its published contract keeps "not asked" for clients that do not ask it).
         */
        readonly askedOnPage?: boolean
      })
  | (Common & Choice & { readonly kind: 'checkboxes' })
  | (Common & Choice & { readonly kind: 'select' })
  | (Common & {
      readonly kind: 'yesNo'
      /** What the two radios say, when more than Yes and No (then shown one above the other). */
      readonly yes?: string
      readonly no?: string
    })
  | (Common & { readonly kind: 'hidden' })
  | (Common & {
      readonly kind: 'rows'
      /** How many numbered rows the page shows (the API takes up to `max`). */
      readonly slots: number
      readonly max: number
      /** The fields of one row; `{n}` in a label is the row's number. */
      readonly fields: Fields
      /** Set when the record gives the rows, one per thing it names (loadedRows). */
      readonly perRecord?: PerRecord
    })

/**
 * Rows the record gives (a note for each other child of the household): the step's `choices(loaded)` names one
 * option per row, whose value the row's `key` field carries and whose text is `{row}` in its labels and required
 * messages. Until the step has loaded, `records` is empty.
 */
interface PerRecord {
  readonly key: string
  readonly notOffered: string
  /** Shown instead of the rows when the record gives none. */
  readonly none?: string
  readonly records: readonly Option[]
}

interface Choice {
  readonly options: readonly Option[]
  /**
   * Set when the options are records the step loads (people, agencies) rather than a fixed list: the message
   * for a value that is not among them. The step's `choices(loaded)` gives the options; the engine refuses
   * any other value, page and API alike.
   */
  readonly fromLoad?: string
}

export type Fields = Readonly<Record<string, FieldSpec>>

interface TextOptions {
  readonly label: string
  readonly hint?: string
  /** The message when it is left empty; leave out for an optional field. */
  readonly required?: string
  readonly max?: number
  readonly tooLong?: string
}

const lower = (label: string) => label[0]!.toLowerCase() + label.slice(1)

interface Labelled {
  readonly label: string
  readonly hint?: string | undefined
  readonly required?: string | undefined
}

/**
 * What most fields say about themselves the same way: the label, the hint when there is one, and whether it may be
 * left out, which is exactly when it has no `required` message (and then its schema accepts it missing).
 */
function labelled(o: Labelled, schema: z.ZodType): Common {
  return {
    label: o.label,
    ...given({ hint: o.hint }),
    optional: o.required === undefined,
    schema: o.required === undefined ? schema.optional() : schema,
  }
}

/** The value one of the shared readers read, or the reader's message as the field's error. */
function readOrRefuse<T>(read: Result<T, string>, value: string, ctx: z.RefinementCtx): T {
  if (read.ok) return read.value
  ctx.issues.push({ code: 'custom', message: read.error, input: value })
  return z.NEVER
}

function textSchema(o: TextOptions, max: number) {
  const base = z
    .string({ error: o.required ?? `Enter ${lower(o.label)}` })
    .trim()
    .max(max, o.tooLong ?? `${o.label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
  return o.required === undefined ? base.optional() : base.min(1, o.required)
}

export function text(
  o: TextOptions & {
    readonly width?: 2 | 3 | 4 | 5 | 10 | 20 | 30
    readonly type?: 'url' | 'password'
    readonly spellcheck?: false
  },
): FieldSpec {
  const max = o.max ?? 500
  return {
    kind: 'text',
    label: o.label,
    ...given({ hint: o.hint, width: o.width, type: o.type, spellcheck: o.spellcheck }),
    optional: o.required === undefined,
    max,
    schema: textSchema(o, max),
  }
}

/** Long text; the page shows a character count well before the limit is reached. */
export function textarea(o: TextOptions & { readonly rows?: number }): FieldSpec {
  const max = o.max ?? 20_000
  return {
    kind: 'textarea',
    label: o.label,
    ...given({ hint: o.hint }),
    optional: o.required === undefined,
    max,
    rows: o.rows ?? 6,
    schema: textSchema(o, max),
  }
}

/**
 * A date, read by the one date reader: the API takes `2017-05-14` (or 14/05/2017); the page shows the GOV.UK
 * date input. Output: a LocalDate. "Not in the future" and "not before …" need today or the record, so they
 * belong to the step's `check` (see notInFuture).
 */
export function date(o: { readonly label: string; readonly hint?: string; readonly required?: string }): FieldSpec {
  const schema = z
    .string({ error: o.required ?? `Enter ${lower(o.label)}` })
    .max(40, `${o.label} must be a real date, for example 27 3 2017`)
    .meta({ description: 'A date as YYYY-MM-DD (14/05/2017 and 14 5 2017 are read too)', examples: ['2017-05-14'] })
    .transform((value, ctx): LocalDate | undefined => {
      // A blank optional date is no date (an API client may send "" for one not known yet).
      if (o.required === undefined && value.trim() === '') return undefined
      return readOrRefuse(readDate(value, o.label, o.required), value, ctx)
    })
  return { kind: 'date', ...labelled({ ...o, hint: o.hint ?? 'For example, 27 3 2025' }, schema) }
}

/** A time of day, as 24-hour `HH:MM` out; 9.15am, 09:15 and 21:15 in. */
export function time(o: { readonly label: string; readonly hint?: string; readonly required?: string }): FieldSpec {
  const schema = z
    .string({ error: o.required ?? `Enter ${lower(o.label)}` })
    .max(20, `${o.label} must be a real time, for example 9.15am or 14:30`)
    .meta({ description: 'A time of day, 24-hour HH:MM (9.15am is read too)', examples: ['09:15'] })
    .transform((value, ctx) => readOrRefuse(readTime(value, o.label, o.required), value, ctx))
  return { kind: 'time', ...labelled({ ...o, hint: o.hint ?? 'For example, 9.15am or 14:30' }, schema) }
}

/**
 * A date and time (when a child was taken into police protection): the API takes an ISO 8601 date and time
 * (2026-11-23T10:30:00Z); the page shows the GOV.UK date input (`dateName`) and a time input (`timeName`), read
 * as Europe/London wall-clock time by the one date reader and the one time reader. Output: the instant, as ISO.
 */
export function dateTime(o: {
  readonly label: string
  readonly hint?: string
  readonly required?: string
  /** The message for a date or time that cannot be read. */
  readonly invalid: string
  readonly dateName: string
  readonly timeName: string
}): FieldSpec {
  const schema = z
    .string({ error: o.required ?? `Enter ${lower(o.label)}` })
    .max(60, o.invalid)
    .meta({ description: 'A date and time, ISO 8601 (2026-11-23T10:30:00Z)', format: 'date-time' })
    .transform((value, ctx): string | undefined => {
      if (o.required === undefined && value.trim() === '') return undefined
      const at = readDateTime(value)
      if (at === undefined) {
        ctx.issues.push({ code: 'custom', message: o.invalid, input: value })
        return z.NEVER
      }
      return at
    })
  return {
    kind: 'dateTime',
    ...labelled({ ...o, hint: o.hint ?? 'For example, 27 3 2025 and 14:30' }, schema),
    dateName: o.dateName,
    timeName: o.timeName,
  }
}

/** What a page's date boxes and time input send, joined for `readDateTime` (`27 3 2025 at 14:30`). */
const AT = ' at '

/** An ISO 8601 date and time, or a page's date and London time joined by `AT`, as an ISO instant. */
export function readDateTime(value: string): string | undefined {
  const [day, hhmm, ...rest] = value.split(AT)
  if (hhmm === undefined) {
    // The API's form: a full date and time with its offset, never a bare date (which Date.parse takes as UTC).
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) return undefined
    const ms = Date.parse(value.trim())
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
  }
  if (rest.length > 0) return undefined
  const d = readDate(day ?? '', 'date')
  const t = readTime(hhmm, 'time')
  return d.ok && t.ok ? londonInstant(d.value, t.value).toISOString() : undefined
}

/** A Europe/London wall-clock date and `HH:MM` as an instant (British Summer Time checked both ways). */
export function londonInstant(date: LocalDate, hhmm: string): Date {
  return new Date(
    londonWallClockInstant(date.year, date.month, date.day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))),
  )
}

/**
 * A few fields that the API takes as one object (`immediateProtection: { kind, at, … }`) and the page shows as
 * flat fields inside one fieldset, each under its page name (`kind` as `protectionKind`). The members keep
 * their own schemas and messages; an error in one is keyed `group.member` by the API and by its page name on the
 * page. The group is left out when the page sends none of it. Rules across members belong to the step's `check`.
 */
export function group(o: {
  readonly label: string
  readonly hint?: string
  readonly fields: Fields
  /** Each member's name on the page; a member not named keeps its own name. */
  readonly pageNames?: Readonly<Record<string, string>>
  readonly description?: string
}): FieldSpec {
  const object = z.object(Object.fromEntries(Object.entries(o.fields).map(([k, f]) => [k, f.schema])))
  return {
    kind: 'group',
    ...labelled(o, o.description === undefined ? object : object.meta({ description: o.description })),
    fields: o.fields,
    pageNames: Object.fromEntries(Object.keys(o.fields).map((k) => [k, o.pageNames?.[k] ?? k])),
  }
}

/** A field with a sentence for the published schema, where the API's reader needs more than its label says. */
export function described(spec: FieldSpec, description: string): FieldSpec {
  return { ...spec, schema: spec.schema.meta({ description }) } as FieldSpec
}

/**
 * A group member's error key as the page names it (`immediateProtection.kind` → `protectionKind`); any other key
 * as it is. The API keeps the dotted key.
 */
export function pageErrorKeys(fields: Fields, errors: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) {
    const [name, member] = key.split('.')
    const spec = fields[name ?? '']
    const pageName = spec?.kind === 'group' && member !== undefined ? spec.pageNames[member] : undefined
    const k = pageName ?? key
    if (!(k in out)) out[k] = message
  }
  return out
}

/** The page's names of the fields in the order it shows them, a group's members in its place. */
export function pageOrder(fields: Fields): string[] {
  return Object.entries(fields).flatMap(([name, f]) => (f.kind === 'group' ? Object.values(f.pageNames) : [name]))
}

interface ChoiceOptions<V extends string> {
  readonly label: string
  readonly hint?: string
  readonly options: readonly (Option & { readonly value: V })[]
  readonly required?: string
}

function enumOf<V extends string>(o: ChoiceOptions<V>) {
  const values = o.options.map((x) => x.value) as [V, ...V[]]
  return z.enum(values, { error: o.required ?? `Select ${lower(o.label)}` })
}

export function radios<V extends string>(
  o: ChoiceOptions<V> & {
    readonly inline?: boolean
    /** Required on the page (with `required`'s message), optional in the API: see FieldSpec's askedOnPage. */
    readonly askedOnPage?: boolean
  },
): FieldSpec {
  const schema = enumOf(o)
  const optional = o.required === undefined || o.askedOnPage === true
  return {
    kind: 'radios',
    label: o.label,
    ...given({ hint: o.hint, inline: o.inline }),
    ...(o.askedOnPage === true ? { askedOnPage: true } : {}),
    options: o.options,
    optional,
    schema: optional ? schema.optional() : schema,
  }
}

export function select<V extends string>(o: ChoiceOptions<V>): FieldSpec {
  return { kind: 'select', ...labelled(o, enumOf(o)), options: o.options }
}

/**
 * A yes or no question: the page shows two radios, Yes and No; the API takes a boolean (null, or left out,
 * when an optional one is not answered yet). readForm turns the page's yes and no into the boolean.
 */
export function yesNo(o: {
  readonly label: string
  readonly hint?: string
  readonly required?: string
  readonly yes?: string
  readonly no?: string
}): FieldSpec {
  const schema = z.boolean({ error: o.required ?? `Select yes or no for ${lower(o.label)}` })
  return {
    kind: 'yesNo',
    label: o.label,
    ...given({ hint: o.hint, yes: o.yes, no: o.no }),
    optional: o.required === undefined,
    schema: o.required === undefined ? schema.nullable().optional() : schema,
  }
}

/**
 * A record's id chosen on a page of the module's own rather than typed (the child search's "This is the child"
 * buttons post the child's id): the form carries it in a hidden input, the API takes it as an id. `required` is
 * the message when it is missing or not an id; whether the record may be chosen is the step's to judge.
 */
export function hiddenId(o: { readonly label: string; readonly required: string }): FieldSpec {
  return {
    kind: 'hidden',
    label: o.label,
    optional: false,
    schema: z.uuid({ error: o.required }),
  }
}

/** Several choices; `required` is the message when none is ticked (leave it out when none is a fair answer). */
export function checkboxes<V extends string>(o: ChoiceOptions<V> & { readonly max?: number }): FieldSpec {
  const item = enumOf({ ...o, required: `Select ${lower(o.label)} from the list` })
  const list = z.array(item).max(o.max ?? o.options.length)
  return {
    kind: 'checkboxes',
    ...labelled(o, o.required === undefined ? list : list.min(1, o.required)),
    options: o.options,
  }
}

/**
 * Repeated rows of a few fields (who attended: agency, name, role), the GOV.UK "add another" pattern working
 * without JavaScript: the page shows `slots` numbered rows, named `attendees-1-agency` …, and a row left wholly
 * blank is ignored, page and API alike. A row with anything in it needs its required fields. The API takes a
 * list of up to `max` rows; an error in a row is keyed by the page's name for its field (`attendees-4-agency`).
 * How many rows are needed, and what they must include, is the step's `check`.
 */
export function rows(o: {
  readonly label: string
  readonly hint?: string
  readonly slots: number
  readonly max: number
  readonly fields: Fields
}): FieldSpec {
  const row = z.object(Object.fromEntries(Object.entries(o.fields).map(([k, f]) => [k, f.schema.optional()])))
  const list = z
    .array(row)
    .max(o.max, `${o.label}: ${o.max} rows at most`)
    .transform((given, ctx) => {
      const kept: Record<string, unknown>[] = []
      given.forEach((r, i) => {
        if (blankRow(r)) return
        for (const [k, f] of Object.entries(o.fields))
          if (!f.optional && r[k] === undefined)
            ctx.issues.push({
              code: 'custom',
              message: numbered(requiredMessage(f), i),
              path: [i, k],
              input: undefined,
            })
        kept.push(r)
      })
      return kept
    })
  return { kind: 'rows', ...labelled(o, list), slots: o.slots, max: o.max, fields: o.fields }
}

/**
 * Rows whose number and labels come from the record rather than the form: one row for each thing the step's
 * `choices(loaded)` names for this field (the other children of the household, each an option: value its id, text
 * its name, hint shown under the row's fields). The page names a row's field by the thing's id
 * (`household-<childId>-note`), so it needs no hidden field and no numbering; the API takes a list of rows, each
 * naming its thing in `key` (`{ childId, note }`), in any order. The engine refuses a row for anything not named
 * (`notOffered`) or named twice, and wants every named thing's required fields, with `{row}` in their messages as
 * the thing's text; errors are keyed as the page names the field. `none` is said when the record names nothing.
 */
export function loadedRows(o: {
  readonly label: string
  readonly hint?: string
  readonly key: string
  readonly notOffered: string
  readonly none?: string
  readonly max: number
  readonly fields: Fields
}): FieldSpec {
  const row = z.object({
    [o.key]: z.string({ error: o.notOffered }).max(100, o.notOffered),
    ...Object.fromEntries(Object.entries(o.fields).map(([k, f]) => [k, f.schema.optional()])),
  })
  const list = z
    .array(row)
    .max(o.max, `${o.label}: ${o.max} rows at most`)
    // A row naming its thing and nothing else says nothing: which rows are needed is judged after the load.
    .transform((given) => given.filter((r) => !blankRow({ ...r, [o.key]: undefined })))
  return {
    kind: 'rows',
    ...labelled(o, list),
    slots: 0,
    max: o.max,
    fields: o.fields,
    perRecord: { key: o.key, notOffered: o.notOffered, ...given({ none: o.none }), records: [] },
  }
}

/** `{row}` in a per-record row's label or message as the thing the row is about. */
export const aboutRecord = (text: string, record: Option): string => text.replaceAll('{row}', record.text)

/** A per-record row's field as the page names it: household, child 5f0c…, note → `household-5f0c…-note`. */
export const recordRowName = (name: string, key: string, field: string): string => `${name}-${key}-${field}`

/**
 * What per-record rows lack once the step has loaded what they are about (`offered`: the things each names): a row
 * for something not named, or named twice (field name → notOffered), and each named thing's required fields left
 * empty, keyed as the page names them.
 */
export function missingInRecordRows(
  fields: Fields,
  input: Readonly<Record<string, unknown>>,
  offered: Readonly<Record<string, readonly Option[]>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind !== 'rows' || spec.perRecord === undefined) continue
    const { key, notOffered: message } = spec.perRecord
    const records = offered[name] ?? []
    const given = (Array.isArray(input[name]) ? input[name] : []) as readonly Record<string, unknown>[]
    const keys = given.map((r) => r[key])
    if (keys.some((k, i) => !records.some((r) => r.value === k) || keys.indexOf(k) !== i)) out[name] = message
    for (const record of records) {
      const row = given.find((r) => r[key] === record.value) ?? {}
      for (const [k, f] of Object.entries(spec.fields))
        if (!f.optional && blankValue(row[k]))
          out[recordRowName(name, record.value, k)] = aboutRecord(requiredMessage(f), record)
    }
  }
  return out
}

const blankValue = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/** A row with nothing in it: every value missing or blank. */
const blankRow = (r: unknown): boolean => typeof r !== 'object' || r === null || Object.values(r).every(blankValue)

/** The message a field gives when it is left empty. */
function requiredMessage(spec: FieldSpec): string {
  const parsed = spec.schema.safeParse(undefined)
  return parsed.success ? `Enter ${lower(spec.label)}` : (parsed.error.issues[0]?.message ?? '')
}

/**
 * Required fields left empty in rows that are not blank, from the raw body, keyed as the page names them. zod
 * stops before the list's own rule when a value in it fails, so the engine adds these: every problem at once.
 */
export function missingInRows(fields: Fields, raw: unknown): Record<string, string> {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    const given = body[name]
    if (spec.kind !== 'rows' || spec.perRecord !== undefined || !Array.isArray(given)) continue
    given.slice(0, spec.max).forEach((r: unknown, i) => {
      if (blankRow(r)) return
      const row = r as Record<string, unknown>
      for (const [k, f] of Object.entries(spec.fields)) {
        const v = row[k]
        if (!f.optional && (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')))
          out[rowName(name, i, k)] = numbered(requiredMessage(f), i)
      }
    })
  }
  return out
}

/** `{n}` in a row's label or message as the row's number (row index 3 is attendee 4). */
export const numbered = (text: string, index: number): string => text.replaceAll('{n}', String(index + 1))

/** A row's field as the page names it: attendees, row index 3, agency → `attendees-4-agency`. */
export const rowName = (name: string, index: number, field: string): string => `${name}-${index + 1}-${field}`

/**
 * A choice among records the step loads for this case or area (the local authority's social workers, the
 * area's agencies): the options are the step's `choices(loaded)`, so the published schema is an id (uuid) and
 * the engine itself refuses an id that was not offered, with `notOffered` (a value of a fixed list is refused
 * by its enum; here the list is the record's). `required` is the message when nothing is chosen.
 */
export function loadedChoice(o: {
  readonly kind: 'radios' | 'select' | 'checkboxes'
  readonly label: string
  readonly hint?: string
  readonly required?: string
  readonly notOffered: string
  /** At most this many ticked (checkboxes). */
  readonly max?: number
}): FieldSpec {
  const missing = o.required ?? `Select ${lower(o.label)}`
  const id = z.uuid({ error: (issue) => (issue.input === undefined ? missing : o.notOffered) })
  const fromLoad = { options: [], fromLoad: o.notOffered }
  if (o.kind === 'checkboxes') {
    const list = z.array(id).max(o.max ?? 100)
    return {
      kind: 'checkboxes',
      ...labelled(o, o.required === undefined ? list : list.min(1, o.required)),
      ...fromLoad,
    }
  }
  return { kind: o.kind, ...labelled(o, id), ...fromLoad }
}

/** The values of a field whose options the step loaded that were not offered: field name → message. */
export function notOffered(
  fields: Fields,
  input: Readonly<Record<string, unknown>>,
  offered: Readonly<Record<string, readonly { readonly value: string }[]>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    if ((spec.kind !== 'radios' && spec.kind !== 'checkboxes' && spec.kind !== 'select') || spec.fromLoad === undefined)
      continue
    const value = input[name]
    if (value === undefined) continue
    const values = new Set((offered[name] ?? []).map((o) => o.value))
    if ((Array.isArray(value) ? value : [value]).some((v) => typeof v !== 'string' || !values.has(v)))
      out[name] = spec.fromLoad
  }
  return out
}

/**
 * Which field reveals `name`, and on which option: revealed fields count only when their option is chosen. A field
 * may be revealed by one option only: the page puts a revealed field inside its option, so under two options it
 * would be there twice with one name, and the browser would send both copies (the empty one too). Declare it once
 * outside the choices instead, or one field per option.
 */
function revealer(fields: Fields, name: string): { parent: string; value: string } | undefined {
  const found: { parent: string; value: string }[] = []
  for (const [parent, spec] of Object.entries(fields)) {
    if (spec.kind !== 'radios' && spec.kind !== 'checkboxes') continue
    for (const o of spec.options) if (o.reveals?.includes(name)) found.push({ parent, value: o.value })
  }
  if (found.length > 1)
    throw new Error(
      `The field ${name} is revealed by more than one option (${found.map((f) => `${f.parent}=${f.value}`).join(', ')}): a page would show it twice under one name`,
    )
  return found[0]
}

/**
 * Whether a field counts given the values sent: a field no option reveals always does; a revealed one when its
 * option is chosen and that option's own field counts (a question revealed inside a revealed question).
 */
function revealedOn(fields: Fields, name: string, values: Readonly<Record<string, unknown>>): boolean {
  const by = revealer(fields, name)
  if (by === undefined) return true
  const chosen = values[by.parent]
  const on = Array.isArray(chosen) ? chosen.includes(by.value) : chosen === by.value
  return on && revealedOn(fields, by.parent, values)
}

/**
 * The step's input schema, built from its fields. A field revealed by an option is optional in the published
 * schema and, when its option is chosen, checked with its own schema (so its messages still apply); when its
 * option is not chosen its value is dropped, never stored.
 */
export function formSchema(fields: Fields) {
  const shape: Record<string, z.ZodType> = {}
  const revealed: { name: string; parent: string; value: string; spec: FieldSpec }[] = []
  for (const [name, spec] of Object.entries(fields)) {
    const by = revealer(fields, name)
    if (by === undefined) shape[name] = spec.schema
    else {
      shape[name] = spec.schema.optional()
      revealed.push({ name, ...by, spec })
    }
  }
  return z.object(shape).transform((input, ctx) => {
    const out: Record<string, unknown> = { ...input }
    for (const r of revealed) {
      if (!revealedOn(fields, r.name, input)) {
        delete out[r.name]
        continue
      }
      if (input[r.name] === undefined && !r.spec.optional)
        ctx.issues.push({ code: 'custom', message: requiredMessage(r.spec), path: [r.name], input: undefined })
    }
    return out
  })
}

/**
 * Revealed fields left empty under their chosen option, from the raw body. zod stops before the object's own
 * rules when a field fails, so the engine adds these to the other field errors: every problem shows at once.
 */
export function missingRevealed(fields: Fields, raw: unknown): Record<string, string> {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    if (revealer(fields, name) === undefined) continue
    const on = revealedOn(fields, name, body)
    // A revealed group is optional as a whole (it is sent only with its option), but its required members are
    // not: listed here with the other errors, not in a second round once the rest of the form is right.
    if (spec.kind === 'group') {
      const group = body[name]
      const members = (typeof group === 'object' && group !== null ? group : {}) as Record<string, unknown>
      for (const [member, memberSpec] of Object.entries(spec.fields)) {
        const v = members[member]
        if (on && !memberSpec.optional && (v === undefined || (typeof v === 'string' && v.trim() === '')))
          out[`${name}.${member}`] = requiredMessage(memberSpec)
      }
      continue
    }
    if (spec.optional) continue
    const value = body[name]
    if (on && (value === undefined || (typeof value === 'string' && value.trim() === '')))
      out[name] = requiredMessage(spec)
  }
  return out
}

/**
 * The first message for each field of a failed parse, keyed by field name. Given the fields and what was sent, an
 * error in a per-record row is keyed by the thing the row names, as the page names it.
 */
export function fieldErrors(error: z.ZodError, fields: Fields = {}, raw?: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const recordKey = (name: string, index: number): string | undefined => {
    const spec = fields[name]
    if (spec?.kind !== 'rows' || spec.perRecord === undefined || !Array.isArray(body[name])) return undefined
    const row: unknown = (body[name] as unknown[])[index]
    const key =
      typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[spec.perRecord.key] : undefined
    return typeof key === 'string' ? key : undefined
  }
  for (const issue of error.issues) {
    const [name, index, field] = issue.path
    if (fields[String(name)]?.kind === 'group' && typeof index === 'string') {
      const key = `${String(name)}.${index}`
      if (!(key in out)) out[key] = issue.message
      continue
    }
    const inRow = typeof index === 'number' && field !== undefined
    const byRecord = inRow ? recordKey(String(name), index) : undefined
    const key =
      byRecord !== undefined
        ? recordRowName(String(name), byRecord, String(field))
        : inRow
          ? rowName(String(name), index, String(field))
          : String(name ?? 'form')
    if (!(key in out)) out[key] = inRow ? numbered(issue.message, index) : issue.message
  }
  return out
}

/**
 * What a page form sent, shaped like the API body: blanks left out, GOV.UK date inputs joined for the date
 * reader, checkboxes always a list. Only declared fields are read.
 */
export function readForm(fields: Fields, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind === 'rows' && spec.perRecord !== undefined) {
      out[name] = recordRows(name, spec, spec.perRecord.key, body)
      continue
    }
    if (spec.kind === 'group') {
      const members = Object.fromEntries(
        Object.entries(spec.fields).flatMap(([k, f]) => {
          const v = readOne(spec.pageNames[k] ?? k, f, body)
          return v === undefined ? [] : [[k, v]]
        }),
      )
      if (Object.keys(members).length > 0) out[name] = members
      continue
    }
    if (spec.kind === 'rows') {
      // Every row the page showed, blank ones too: a row's errors are then keyed by the number the page shows.
      out[name] = Array.from({ length: spec.slots }, (_, i) =>
        Object.fromEntries(
          Object.entries(spec.fields).flatMap(([k, f]) => {
            const v = readOne(`${name}-${i + 1}-${k}`, f, body)
            return v === undefined ? [] : [[k, v]]
          }),
        ),
      )
      continue
    }
    const value = readOne(name, spec, body)
    if (value !== undefined) out[name] = value
    // A question the page always asks, shown and left unanswered: sent as no answer, for its required message.
    else if (spec.kind === 'radios' && spec.askedOnPage === true && revealedOn(fields, name, body)) out[name] = ''
  }
  return out
}

/**
 * The rows a page sent for a per-record field, found by their names (`household-<id>-note`), each naming its thing
 * in `key` as the API does: the page's rows are the record's, so the form needs no list of them.
 */
function recordRows(
  name: string,
  spec: FieldSpec & { readonly kind: 'rows' },
  key: string,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown>[] {
  const ids = new Set<string>()
  for (const sent of Object.keys(body))
    for (const k of Object.keys(spec.fields)) {
      // A date's boxes end -day, -month and -year after the field's own name.
      const tail = spec.fields[k]?.kind === 'date' ? /^(.+)-(?:day|month|year)$/.exec(sent)?.[1] : sent
      if (tail?.startsWith(`${name}-`) && tail.endsWith(`-${k}`))
        ids.add(tail.slice(name.length + 1, tail.length - k.length - 1))
    }
  return [...ids].slice(0, spec.max).map((id) => ({
    [key]: id,
    ...Object.fromEntries(
      Object.entries(spec.fields).flatMap(([k, f]) => {
        const v = readOne(recordRowName(name, id, k), f, body)
        return v === undefined ? [] : [[k, v]]
      }),
    ),
  }))
}

/** One field of a page form as the API takes it; undefined when blank. */
function readOne(name: string, spec: FieldSpec, body: Readonly<Record<string, unknown>>): unknown {
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  if (spec.kind === 'checkboxes') {
    const v = body[name]
    const list = Array.isArray(v) ? v.map(str) : typeof v === 'string' && v !== '' ? [v] : []
    return list.filter((x) => x !== '')
  }
  if (spec.kind === 'yesNo') {
    const v = str(body[name])
    // Anything but yes or no goes on as typed, for the schema to refuse with the field's message.
    return v === 'yes' ? true : v === 'no' ? false : v.trim() === '' ? undefined : v
  }
  if (spec.kind === 'dateTime') {
    const d = spec.dateName
    const day = dateInputText(str(body[`${d}-day`]), str(body[`${d}-month`]), str(body[`${d}-year`]))
    const hhmm = str(body[spec.timeName]).trim()
    // Either part alone goes on as sent, for the schema to refuse with the field's message.
    return day === '' && hhmm === '' ? undefined : `${day}${AT}${hhmm}`
  }
  const value =
    spec.kind === 'date'
      ? dateInputText(str(body[`${name}-day`]), str(body[`${name}-month`]), str(body[`${name}-year`]))
      : str(body[name])
  return value.trim() === '' ? undefined : value
}

/**
 * Starting values in the API body's shape as a page form holds them (the way back from readForm): a date
 * `2026-11-23` as its three boxes, a list as ticked boxes, anything else as text. Undeclared names are dropped.
 */
export function pageValues(fields: Fields, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(fields)) {
    const v = values[name]
    if (v === undefined || v === null) continue
    if (spec.kind === 'rows' && spec.perRecord !== undefined) {
      const key = spec.perRecord.key
      if (Array.isArray(v))
        for (const row of v as unknown[]) {
          const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>
          if (typeof r[key] === 'string')
            for (const [k, x] of Object.entries(pageValues(spec.fields, r))) out[recordRowName(name, r[key], k)] = x
        }
      continue
    }
    if (spec.kind === 'group') {
      if (typeof v === 'object' && !Array.isArray(v)) {
        const renamed = Object.fromEntries(
          Object.entries(spec.fields).map(([k, f]) => [spec.pageNames[k] ?? k, f] as const),
        )
        const given = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([k, x]) => [spec.pageNames[k] ?? k, x] as const),
        )
        Object.assign(out, pageValues(renamed, given))
      }
      continue
    }
    if (spec.kind === 'rows') {
      if (Array.isArray(v))
        v.slice(0, spec.slots).forEach((row: unknown, i) => {
          if (typeof row === 'object' && row !== null)
            for (const [k, x] of Object.entries(pageValues(spec.fields, row as Record<string, unknown>)))
              out[`${name}-${i + 1}-${k}`] = x
        })
      continue
    }
    const iso = spec.kind === 'date' && typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null
    if (iso !== null) {
      out[`${name}-day`] = String(Number(iso[3]))
      out[`${name}-month`] = String(Number(iso[2]))
      out[`${name}-year`] = iso[1]
    } else if (spec.kind === 'text' && spec.type === 'password') continue
    else if (spec.kind === 'yesNo' && typeof v === 'boolean') out[name] = v ? 'yes' : 'no'
    else if (Array.isArray(v)) out[name] = v.map(String)
    else out[name] = String(v)
  }
  return out
}

/** A field error when a date is after today: "The date the core group met must be today or in the past". */
export function notInFuture(value: LocalDate | undefined, today: LocalDate, message: string): string | undefined {
  return value !== undefined && compareLocalDate(value, today) > 0 ? message : undefined
}

/** A field error when a date is before another (the start of the episode, the plan). */
export function notBefore(value: LocalDate | undefined, earliest: LocalDate, message: string): string | undefined {
  return value !== undefined && compareLocalDate(value, earliest) < 0 ? message : undefined
}

export { formatLocalDate }
