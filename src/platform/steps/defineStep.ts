import type { Readable } from 'node:stream'
import type { Kysely, RawBuilder, Transaction } from 'kysely'
import { sql } from 'kysely'
import type { z } from 'zod'
import { actorAudit, appendAudit, auditInsert, type AuditEntry } from '../audit/auditLog.js'
import { todayInEngland } from '../calendar/london.js'
import type { LocalDate } from '../calendar/localDate.js'
import type { Deps, RequestMeta } from '../context.js'
import type { DB } from '../db/schema.js'
import {
  fieldErrors,
  formSchema,
  missingInRecordRows,
  missingInRows,
  missingRevealed,
  notOffered,
  type Fields,
  type Option,
} from '../forms/fields.js'
import type { Actor } from '../identity/actor.js'
import { userIdOf } from '../identity/publicActor.js'
import { domainError, err, ok, type DomainError, type Result } from '../shared/result.js'
import type { ApiErrorAnswer } from '../web/apiRoute.js'

/**
 * One declaration per workflow step. From it come the page (GET shows the form, POST reads it, shows the
 * GOV.UK error summary or redirects: Post/Redirect/Get), the `/api/v1` route with its schema and operationId
 * (and so the OpenAPI entry), the audit row, the submission key and the access check — all run by `runStep`
 * in one transaction. See docs/architecture.md for a worked example.
 */

/** Whether this person may take the step, in words the audit trail records. `visible: false` answers 404. */
export type AccessDecision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string; readonly visible: boolean }

/**
 * What a person refused is told, on the page and in the API's message: the policy's reason ("only organisation
 * administrators manage users") is written as the end of a sentence, so the full stop is added here.
 */
export const refusalMessage = (reason: string): string => `You cannot do this: ${reason}.`

export interface StepContext {
  readonly tx: Transaction<DB>
  readonly deps: Deps
  readonly actor: Actor
  readonly now: Date
  /** Today in England, for "not in the future" and clocks. */
  readonly today: LocalDate
  readonly meta: RequestMeta
  /** The address's parameters (`:episodeId` …), each already checked to be a UUID when its name ends in Id. */
  readonly params: Readonly<Record<string, string>>
  /** The submission key sent with the step, for a step that records it on its own rows too (episode_step). */
  readonly submissionKey?: string
  /**
   * What was sent, in the API body's shape, for a step whose record is named in the body rather than the address
   * (the child a referral is about): the checked input when the step is taken; when its form is shown, what the
   * address's query or the refused form carried, unchecked — so `load` must check it as it reads it.
   */
  readonly sent: Readonly<Record<string, unknown>>
  /**
   * The step's audit row as SQL for `run` to put in its own statement, for a step declared with `auditInRun`
   * (anywhere else it throws: the engine writes the row). The engine fills in the actor, the action, the reason,
   * the correlation id and the step's name; `run` names the record (checked against the step's `subject`), adds
   * its details, and may add a jsonb expression of what only its statement knows (`sqlDetails`).
   */
  readonly auditInStatement: (
    subject: Subject,
    details: Readonly<Record<string, unknown>>,
    sqlDetails?: RawBuilder<unknown>,
  ) => RawBuilder<unknown>
}

/** The audit row a refusal of `run` keeps (`refusalAudit`). */
export interface RefusalAudit {
  readonly action: string
  readonly subject: Subject
  readonly reason: string
  readonly details?: Readonly<Record<string, unknown>>
}

/** What the audit trail names as the record a step works on. */
export interface Subject {
  readonly type: string
  /** Undefined only for the form of a record not made yet (a new referral about no known child). */
  readonly id: string | undefined
}

export interface StepDefinition<L, O> {
  /** verbNoun, unique: the OpenAPI operationId and the step's name everywhere (recordFamilyPlan). */
  readonly operationId: string
  /** The module, as the OpenAPI tag unless `tag` names the module's published group ("Cases"). */
  readonly module: string
  readonly tag?: string
  /** The page's address, with `:params`; the API is at `/api/v1` + (apiPath ?? path). */
  readonly path: string
  /**
   * Where the page shows the form (GET) when not at `path`, where it is sent (POST): a form at `/things/new` sent
   * to `/things`. `null` when a page of the module's own holds the form (a search's "This is the child" buttons):
   * no form page is mounted, and a refused form is shown again with the engine's template, as any other.
   */
  readonly formPath?: string | null
  readonly apiPath?: string
  /**
   * Which routes the step has, when not both: `api` for a step taken by the API (and from code) whose forms are
   * pages of the journeys that need it (createChild: the concern's and the front door's new child); `page` for
   * one of the service's own pages that has never had an API route (an administrator's user pages).
   */
  readonly mount?: 'page' | 'api'
  /**
   * The API body's own schema, for a step with no page of its own (`mount: 'api'`) whose body is not a form's
   * fields: lists of objects, numbers, ISO date-times (recordConcern: its children, categories and body-map marks,
   * the page journey building the body from its draft). Published as it is (enums, formats, minItems,
   * descriptions from `.meta`), it replaces the input `fields` would make (leave those `{}`); its errors are keyed
   * by their path in the body (`bodyMap.0.x`).
   */
  readonly apiInput?: z.ZodType<Record<string, unknown>>
  /**
   * What the published body says beyond its fields' own schemas: rules the domain judges with its own messages,
   * left out of the schema so that every problem is reported at once (createChild: sex, and a date of birth or
   * for an unborn child an expected date of delivery).
   */
  readonly bodyRules?: {
    readonly description?: string
    readonly required?: readonly string[]
    readonly anyOf?: readonly { readonly required: readonly string[] }[]
  }
  /**
   * A step anyone may take without signing in (a member of the public reporting a concern about a child): its page
   * needs no sign-in and its actor is `anonymousActor` whoever is signed in, so `access` states the policy for
   * anyone. It has no API route, which would need a bearer token (`mount: 'page'`). Opening its form is not
   * audited: the form shows only what its sender typed, and a public page must not write to the audit trail at
   * will; taking it is. Its submission key is claimed by no one, so it must be a secret only its sender holds.
   */
  readonly public?: true
  /** The page heading, the case page's action name and the OpenAPI summary. */
  readonly title: string
  readonly description?: string
  readonly submitText: string
  readonly fields: Fields
  /** Loads what the step works on (lock rows it changes with FOR UPDATE); undefined answers 404. */
  readonly load: (ctx: StepContext) => Promise<L | undefined>
  readonly access: (actor: Actor, loaded: L) => AccessDecision
  /** Who may see the form, when wider than who may take the step (they are then refused on sending it). */
  readonly viewAccess?: (actor: Actor, loaded: L) => AccessDecision
  /**
   * Who may open the form page, when that differs from who may see the record (`viewAccess ?? access`): the
   * front door's decision form is hidden (404) from the referrer, who may see the referral and so is refused
   * (403) when sending a decision. Only the page's GET reads it.
   */
  readonly formAccess?: (actor: Actor, loaded: L) => AccessDecision
  /**
   * The options the page offers for this record, field by field. For a field with a fixed list, which of its
   * options are open here (the outcomes open in the case's phase), as values: the API still takes any value the
   * field's schema allows, so `check` must judge the choice against the record. For a `loadedChoice` field, its
   * options themselves (the local authority's social workers): the engine refuses any other value, page and API
   * alike, with the field's own message. For a `loadedRows` field, the things it has one row for (the other
   * children of the household), each an option: value its id, text what `{row}` says in its labels.
   */
  readonly choices?: (loaded: L) => Readonly<Record<string, readonly (string | Option)[]>>
  /** The form's starting values for this record (what was saved so far, the lead now), in the API body's shape. */
  readonly prefill?: (loaded: L) => Readonly<Record<string, unknown>>
  /** Why the step cannot be taken now (the workflow table's word), shown instead of the form; 409 by API. */
  readonly unavailable?: (loaded: L) => string | undefined
  /**
   * As `unavailable`, with the step's own published error code (`REFERRAL.ALREADY_DECIDED`): the API answers
   * the code with the status the error catalogue gives it; the page shows the message, or goes where `redirects`
   * says for the code. Checked after `unavailable`, before who may take the step.
   */
  readonly conflict?: (loaded: L) => DomainError | undefined
  /**
   * Where the page goes instead of showing a refusal with this code (a decision already made: to the decision),
   * for the form (GET, a `conflict`) and for a form sent (POST, any failure). Undefined shows it as usual. Answers
   * refused field by field come as `STEP.INVALID` with the fields, for a page of the module's own that shows its
   * form's one message itself (the child's page, for the people around the child).
   */
  readonly redirects?: (
    code: string,
    params: Readonly<Record<string, string>>,
    on: 'form' | 'sent',
    fields?: Readonly<Record<string, string>>,
  ) => string | undefined
  /**
   * Where the error summary links a problem with a field answered on another page than the form's (check your
   * answers links each to its question's page, to change it); undefined links to the field on the form.
   */
  readonly errorHref?: (field: string) => string | undefined
  /** Cross-field rules and rules that need today or the record: field name → message. */
  readonly check?: (input: Record<string, unknown>, loaded: L, ctx: StepContext) => Readonly<Record<string, string>>
  /**
   * Takes the step: its output, or `withAudit(output, details)` when the audit row must record what only the run
   * knows and the published answer does not carry (whether the referrer was told).
   */
  readonly run: (
    ctx: StepContext,
    input: Record<string, unknown>,
    loaded: L,
  ) => Promise<Result<O | WithAudit<O>, DomainError>>
  /**
   * The record the step works on, for the audit trail (views of the form and the step itself). The step's own row
   * gets the output too, for a step that makes the record it is about (createChild: the child; makeReferral: the
   * referral).
   */
  readonly subject: (loaded: L, output?: O) => Subject
  /**
   * The audit row's dotted verb, e.g. `family_help.plan_recorded`, and what it adds to the row's details (the run's
   * own details, from `withAudit`, are added after these). A step whose one form does two things the trail names
   * apart (a child added or an existing record matched; setting a local timescale or going back to the national
   * one; an identity provider set, or the one there changed) gives a function of what it did.
   */
  readonly action: string | ((output: O, input: Record<string, unknown>, loaded: L) => string)
  readonly auditDetails?: (output: O, input: Record<string, unknown>, loaded: L) => Readonly<Record<string, unknown>>
  /**
   * The audit row's reason when it says more than the access decision's (`allowed`): a record opened with a
   * reason keeps the person's own words beside the policy's, as "Who has seen this child" shows them.
   */
  readonly auditReason?: (output: O, input: Record<string, unknown>, allowed: string) => string
  /** The API's 201 answer. */
  readonly output: z.ZodType<O>
  /** Where the page goes after the step is taken. */
  readonly done: (output: O, params: Readonly<Record<string, string>>) => string
  /**
   * The page's own template, for a form the engine's cannot show (a long form in sections with headings, the chosen
   * child set out above it): it is given what the engine's is (`values` as typed, `errors`, `problem`,
   * `submissionKey`, `action`) and `templateData(loaded, values)`, and must send its fields as the page names
   * them with the submission key. The engine still reads, checks and answers it. A refusal of `run` that carries
   * an answer (`RefusalAnswer`) gives it to the template as `answer` too (every bad row of an import, listed).
   */
  readonly template?: string
  readonly templateData?: (loaded: L, values: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>
  /** The caption above the heading (usually the child or family), and the back link. */
  readonly caption?: (loaded: L) => string
  readonly back?: (params: Readonly<Record<string, string>>) => { readonly href: string; readonly text: string }
  readonly intro?: (loaded: L) => readonly string[]
  /**
   * Audit refused attempts too (bad input, a step not allowed now, a failure of `run`): an audit row, with the
   * fields or code that refused it and never the values, written after the refused transaction rolled back.
   * For steps whose every attempt must be on the record (issue 14: training, allegations, file transfers).
   */
  readonly auditRefusals?: boolean
  /**
   * The audit verb of a refusal of access, when the module's trail has always named it (`sharing.record_denied`,
   * which "Who has seen this child" lists) rather than `<operationId>.denied`.
   */
  readonly deniedAction?: string
  /**
   * An audit row a refusal of `run` keeps although its transaction rolls back, under the step's own name: opening
   * a record with details that match no child (`record.open_no_exact_match`), or a refusal only `run` can make
   * because it needs the record the input names. Written after the rollback, in a transaction of its own. A list
   * writes one row for each record refused, so each is on its own record's trail (recordConcern: each child the
   * person may not name).
   */
  readonly refusalAudit?: (error: DomainError, loaded: L) => RefusalAudit | readonly RefusalAudit[] | undefined
  /**
   * `run` writes the step's audit row inside its own statement (`ctx.auditInStatement`) instead of the engine
   * writing it in a statement after `run`: for a hot path whose one statement does all its writing, where the
   * extra round trip showed in the benchmarks (recordConcern: about 1 ms at the median under the mixed load).
   * The row is the one the engine would write; the engine checks that `run` asked for it exactly once, for the
   * record `subject` names, and rolls the step back otherwise. The action must be a string, and the details come
   * from `run` (no `auditDetails`, `auditReason` or `withAudit`).
   */
  readonly auditInRun?: boolean
  /**
   * The API's status for a step taken: 201 (the default) when it makes a record, 200 when it changes one that
   * exists (an allocation, an authorisation), as the published contract has it.
   */
  readonly okStatus?: 200 | 201
  /**
   * The API's status when it depends on what the step did (createChild: 201 for a record added, 200 for an
   * existing one matched), with what each answer says in the published document.
   */
  readonly okStatusOf?: {
    readonly status: (output: O) => 200 | 201
    readonly described: { readonly 200: string; readonly 201: string }
  }
  /**
   * What the page shows once the step is taken, instead of going to `done`: a one-time secret that no later page
   * can show, as only its hash is kept (the link an invited person chooses their password from). 200. Undefined
   * goes to `done` as usual (the same form sent again, whose answer no longer has the secret).
   */
  readonly shows?: (
    output: O,
    params: Readonly<Record<string, string>>,
  ) => { readonly template: string; readonly data: Readonly<Record<string, unknown>> } | undefined
  /**
   * What the same submission key sent again answers: `replay` (the default) the first answer again, writing
   * nothing; `refuse` a 409 "already recorded", writing nothing, for steps whose published contract has
   * always refused a repeat (external tools rely on it).
   */
  readonly repeatedKey?: 'replay' | 'refuse'
  /**
   * The code and message a refused repeat answers when the step's published contract has its own
   * (`EPISODE.ALREADY_SUBMITTED`) rather than `STEP.ALREADY_SUBMITTED`; its status comes from the error catalogue.
   */
  readonly repeatedError?: { readonly code: string; readonly message: string }
  /**
   * What a replayed answer says, when the published contract marks a repeat in the answer itself as well as by
   * its status (`repeated: true` in recordSharingDecision's answer).
   */
  readonly replayed?: (output: O) => O
  /**
   * A step whose answer is a file rather than a record (the subject access PDF, the census XML); see `StepDownload`.
   */
  readonly download?: StepDownload<O>
  /**
   * What the published refusals say when more than the engine's general words: who is refused (403), why a 409
   * (no open request), or a 409 whose answer carries more (`RefusalAnswer`: the findings that stop an export); a
   * 400 whose answer carries more than the fields (every bad row of an import, `{ row, field, message }`).
   */
  readonly apiErrors?: Readonly<Partial<Record<400 | 403 | 404 | 409, string | ApiErrorAnswer>>>
}

/**
 * A step whose answer is a file: the page's POST answers the file (an attachment, never cached) instead of going to
 * `done`, and the API answers it with 200 under `contentType`, published as binary. Its form is a button on a page
 * of the module's own (`formPath: null`), so a refusal shows the error page under `refusedHeading`, not a form.
 * The file is never kept (it is a child's record, or a whole authority's census): the same submission key sent
 * again is refused with 409 and writes nothing, as with `repeatedKey: 'refuse'` — a form sent twice never makes
 * a second export. `output` is what `file` reads and the audit row names; it is not stored.
 */
export interface StepDownload<O> {
  /** The file's media type as sent (`application/xml; charset=utf-8`); published without its parameters. */
  readonly contentType: string
  /** What the 200 answer is, in the published document. */
  readonly described: string
  readonly file: (output: O) => StepFile
  /** The heading of the page that says why the file could not be made, with the refusal's message beneath. */
  readonly refusedHeading: string
}

export interface StepFile {
  /** The name the browser saves it under. */
  readonly filename: string
  /** The content: a stream for a large file (the census, written a batch at a time). */
  readonly body: Buffer | Readable
  /** Headers the published contract adds (the census's counts of errors and queries). */
  readonly headers?: Readonly<Record<string, string>>
}

/** A refusal of `run` whose API answer carries more than its code and message (the findings that stop an export). */
export interface RefusalAnswer extends DomainError {
  readonly answer: Readonly<Record<string, unknown>>
}

const AUDIT = Symbol('withAudit')

/** A run's output with details for the step's audit row that the output does not carry (see `withAudit`). */
export interface WithAudit<O> {
  readonly [AUDIT]: Readonly<Record<string, unknown>>
  readonly output: O
}

/**
 * What a `run` answers when its audit row needs more than the output, the input and the record say: the output
 * (the API's answer, what a repeated key answers again) and the details only the run knows, for the row alone.
 */
export function withAudit<O>(output: O, details: Readonly<Record<string, unknown>>): WithAudit<O> {
  return { [AUDIT]: details, output }
}

const isWithAudit = <O>(ran: O | WithAudit<O>): ran is WithAudit<O> =>
  typeof ran === 'object' && ran !== null && AUDIT in ran

/**
 * A step taken, as the engine records it: the output (answered, and kept for a repeated key) and the audit row's
 * details — the step's name, then `auditDetails`, then what the run added with `withAudit`.
 */
export function takenRecord<L, O>(
  step: Pick<StepDefinition<L, O>, 'operationId' | 'auditDetails'>,
  ran: O | WithAudit<O>,
  input: Record<string, unknown>,
  loaded: L,
): { readonly output: O; readonly details: Readonly<Record<string, unknown>> } {
  const output = isWithAudit(ran) ? ran.output : ran
  return {
    output,
    details: {
      step: step.operationId,
      ...step.auditDetails?.(output, input, loaded),
      ...(isWithAudit(ran) ? ran[AUDIT] : {}),
    },
  }
}

export interface Step<L = unknown, O = unknown> extends StepDefinition<L, O> {
  readonly input: z.ZodType<Record<string, unknown>>
}

/** Any step, for lists of a module's steps (each keeps its own types where it is declared). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep = Step<any, any>

export function defineStep<L, O>(definition: StepDefinition<L, O>): Step<L, O> {
  if (
    definition.auditInRun === true &&
    (typeof definition.action !== 'string' ||
      definition.auditDetails !== undefined ||
      definition.auditReason !== undefined)
  )
    throw new Error(`${definition.operationId}: auditInRun wants a fixed action and its details from run alone`)
  if (definition.apiInput === undefined) return { ...definition, input: formSchema(definition.fields) }
  // A page would have no fields to show: the body's own schema is the API's alone.
  if (definition.mount !== 'api' || Object.keys(definition.fields).length > 0)
    throw new Error(`${definition.operationId}: apiInput is for a step with mount: 'api' and no fields`)
  return { ...definition, input: definition.apiInput }
}

/**
 * The options a step offers for this record, for each field `choices` names: a fixed list narrowed to the values
 * given, a `loadedChoice` field's own options, or the things a `loadedRows` field has one row for.
 */
export function offeredOptions<L>(
  step: Pick<StepDefinition<L, unknown>, 'fields' | 'choices'>,
  loaded: L,
): Record<string, readonly Option[]> {
  const chosen = step.choices?.(loaded) ?? {}
  const out: Record<string, readonly Option[]> = {}
  for (const [name, given] of Object.entries(chosen)) {
    const f = step.fields[name]
    const asOption = (c: string | Option): Option => (typeof c === 'string' ? { value: c, text: c } : c)
    if (f?.kind === 'rows' && f.perRecord !== undefined) out[name] = given.map(asOption)
    if (f === undefined || (f.kind !== 'radios' && f.kind !== 'checkboxes' && f.kind !== 'select')) continue
    if (f.fromLoad !== undefined) out[name] = given.map(asOption)
    else {
      const values = new Set(given.map((c) => asOption(c).value))
      out[name] = f.options.filter((o) => values.has(o.value))
    }
  }
  return out
}

/** Anything a step may answer besides its output. */
export type StepRefusal =
  | {
      readonly kind: 'invalid'
      readonly fields: Readonly<Record<string, string>>
      /** The domain's code, when `run` refused the answers (an NHS number recorded for another child). */
      readonly code?: string
    }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'denied'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'failed'; readonly error: DomainError }

export type StepOutcome<O> = Result<{ readonly output: O; readonly replayed: boolean }, StepRefusal>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Ids in addresses are UUIDs; anything else is a page that does not exist (never a database error). */
export function paramsAreIds(params: Readonly<Record<string, string>>): boolean {
  return Object.entries(params).every(([k, v]) => !(k === 'id' || k.endsWith('Id')) || UUID.test(v))
}

/** The first message at each place in the body, keyed by its path (`bodyMap.0.x`), for a step's own `apiInput`. */
function pathErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form'
    if (!(key in out)) out[key] = issue.message
  }
  return out
}

/** Two errors of one rows field by row number, then as declared (`attendees-2-name` before `attendees-10-agency`). */
const rowOrder = (a: string, b: string): number => Number(a.split('-')[1] ?? 0) - Number(b.split('-')[1] ?? 0)

class Rollback extends Error {
  constructor(
    readonly refusal: StepRefusal,
    /** The refusal's own audit rows, written once the transaction has rolled back. */
    readonly audit: RefusalAudit | readonly RefusalAudit[] | undefined,
  ) {
    super('step refused')
  }
}

/** What `load`, `check` and `run` are given, in the step's transaction. */
const stepContext = (
  given: Omit<StepContext, 'today' | 'submissionKey' | 'auditInStatement'>,
  submissionKey: string | undefined,
): StepContext => ({
  ...given,
  today: todayInEngland(given.now),
  ...(submissionKey === undefined ? {} : { submissionKey }),
  auditInStatement: () => {
    throw new Error('auditInStatement is for a step declared with auditInRun, while it runs')
  },
})

/** Loads and checks access for showing the step's form; the view is audited like any view of the record. */
export async function prepareStep<L>(
  deps: Deps,
  step: Step<L, unknown>,
  actor: Actor,
  params: Readonly<Record<string, string>>,
  meta: RequestMeta,
  /** Opening the form (GET), where `formAccess` decides; showing a sent form again is not. */
  onForm = false,
  /** What the address's query or the refused form carried, in the API body's shape (`StepContext.sent`). */
  sent: Readonly<Record<string, unknown>> = {},
  /** The form's submission key when the page's mount names it (a public report's draft): `StepContext.submissionKey`. */
  submissionKey?: string,
): Promise<Result<{ loaded: L; unavailable: string | undefined; conflict: DomainError | undefined }, StepRefusal>> {
  if (!paramsAreIds(params)) return err({ kind: 'not_found' })
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const ctx = stepContext({ tx, deps, actor, now, meta, params, sent }, submissionKey)
    const seen = await loadSeen(ctx, step, onForm ? step.formAccess : undefined)
    if (!seen.ok) return seen
    const { loaded, decision } = seen.value
    const subject = step.subject(loaded)
    const prepared = { loaded, unavailable: step.unavailable?.(loaded), conflict: step.conflict?.(loaded) }
    if (step.public === true) return ok(prepared)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: `${step.operationId}.form_viewed`,
        subjectType: subject.type,
        subjectId: subject.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
      },
      now,
    )
    return ok(prepared)
  })
}

/**
 * What the step works on, when this person may see it. Otherwise the refusal, audited: it says why only when the
 * policy lets the person know the record is there, and is "not found" otherwise.
 */
async function loadSeen<L, O>(
  ctx: StepContext,
  step: Pick<Step<L, O>, 'load' | 'access' | 'viewAccess' | 'operationId' | 'subject' | 'deniedAction'>,
  /** Who may open the form, where the step says so (`formAccess`) and the form is being opened. */
  who?: Step<L, O>['access'],
): Promise<Result<{ loaded: L; decision: AccessDecision & { allowed: true } }, StepRefusal>> {
  const loaded = await step.load(ctx)
  const decision = loaded === undefined ? undefined : (who ?? step.viewAccess ?? step.access)(ctx.actor, loaded)
  if (loaded === undefined || decision === undefined || !decision.allowed)
    return err(await refusedAccess(ctx, step, decision, loaded === undefined ? undefined : step.subject(loaded)))
  return ok({ loaded, decision })
}

async function refusedAccess(
  ctx: StepContext,
  step: Pick<Step<never, unknown>, 'operationId' | 'deniedAction'>,
  decision: AccessDecision | undefined,
  /** The record refused, when there is one: the refusal is then on that record's trail too. */
  subject?: Subject,
): Promise<StepRefusal> {
  const { tx, actor, meta, now, params } = ctx
  await audited(
    tx,
    actor,
    meta,
    now,
    step.deniedAction ?? `${step.operationId}.denied`,
    params,
    decision?.reason ?? 'not found',
    subject,
  )
  return decision !== undefined && !decision.allowed && decision.visible
    ? { kind: 'denied', message: refusalMessage(decision.reason) }
    : { kind: 'not_found' }
}

async function audited(
  tx: Transaction<DB>,
  actor: Actor,
  meta: RequestMeta,
  now: Date,
  action: string,
  params: Readonly<Record<string, string>>,
  reason: string,
  subject?: Subject,
): Promise<void> {
  await appendAudit(
    tx,
    {
      ...actorAudit(actor),
      action,
      ...(subject === undefined ? {} : { subjectType: subject.type, subjectId: subject.id }),
      reason,
      correlationId: meta.correlationId,
      details: { params },
    },
    now,
  )
}

/**
 * Takes a step: validate → (one transaction) submission key → load → access → workflow → checks → run → audit.
 * A refusal after load writes nothing but its audit row; a failure of `run` rolls everything back. The same
 * submission key sent again by the same person answers the first answer again and writes nothing.
 */
export async function runStep<L, O>(
  deps: Deps,
  step: Step<L, O>,
  actor: Actor,
  params: Readonly<Record<string, string>>,
  body: unknown,
  submissionKey: string | undefined,
  meta: RequestMeta,
): Promise<StepOutcome<O>> {
  const outcome = await runStepOnce(deps, step, actor, params, body, submissionKey, meta)
  if (step.auditRefusals === true && !outcome.ok) {
    const r = outcome.error
    if (r.kind === 'invalid' || r.kind === 'unavailable' || r.kind === 'failed') {
      const now = deps.clock.now()
      await deps.db.transaction().execute(async (tx) => {
        await appendAudit(
          tx,
          {
            ...actorAudit(actor),
            action: `${step.operationId}.refused`,
            reason:
              r.kind === 'invalid' ? 'the answers were not valid' : r.kind === 'failed' ? r.error.message : r.message,
            correlationId: meta.correlationId,
            details: {
              params,
              refusal: r.kind,
              ...(r.kind === 'invalid' ? { fields: Object.keys(r.fields) } : {}),
              ...(r.kind === 'failed' ? { code: r.error.code } : {}),
              ...(r.kind === 'invalid' && r.code !== undefined ? { code: r.code } : {}),
            },
          },
          now,
        )
      })
    }
  }
  return outcome
}

/** One try at a step, with runStep's arguments; runStep audits a refusal where the step asks for it. */
async function runStepOnce<L, O>(
  ...[deps, step, actor, params, body, submissionKey, meta]: Parameters<typeof runStep<L, O>>
): Promise<StepOutcome<O>> {
  if (!paramsAreIds(params)) return err({ kind: 'not_found' })
  const parsed = step.input.safeParse(body ?? {})
  if (!parsed.success) {
    if (step.apiInput !== undefined) return err({ kind: 'invalid', fields: pathErrors(parsed.error) })
    const errors = {
      ...fieldErrors(parsed.error, step.fields, body),
      ...missingRevealed(step.fields, body),
      ...missingInRows(step.fields, body),
    }
    // In the order the form shows its fields, so the error summary reads top to bottom (a row's fields in the
    // place of their rows, row by row).
    const order = Object.keys(step.fields)
    const place = (key: string) => order.indexOf(order.includes(key) ? key : key.split('-')[0]!)
    const fields = Object.fromEntries(Object.entries(errors).sort(([a], [b]) => place(a) - place(b) || rowOrder(a, b)))
    return err({ kind: 'invalid', fields })
  }
  const input = parsed.data
  const now = deps.clock.now()
  try {
    return await deps.db.transaction().execute(async (tx): Promise<StepOutcome<O>> => {
      const ctx = stepContext({ tx, deps, actor, now, meta, params, sent: input }, submissionKey)
      if (submissionKey === undefined) return await takeInTx(ctx, step, input, undefined)
      // The key is claimed before anything is read, not after the checks: a copy sent at the same time waits
      // here on the first one's uncommitted row until that transaction ends. Claimed later, the copy would have
      // read the record before the first one committed and then found the key taken (it answered 409), or read
      // it after and found the step already taken. If the first one was recorded, the claim finds its row
      // (visible now: each statement reads what is committed) and the copy answers what it answered; if it was
      // refused or rolled back, its claim is gone and the copy is judged afresh.
      const claimed = await sql<{ submission_key: string }>`
        INSERT INTO step_submission (submission_key, operation_id, actor_user_id, submitted_at, output)
        VALUES (${submissionKey}, ${step.operationId}, ${userIdOf(actor)}, ${now}, 'null'::jsonb)
        ON CONFLICT (submission_key) DO NOTHING
        RETURNING submission_key`.execute(tx)
      if (claimed.rows.length === 0) {
        const earlier = await earlierSubmission(tx, submissionKey)
        if (earlier === undefined) throw new Error(`submission key ${submissionKey} conflicted but has no row`)
        return replay(step, actor, earlier)
      }
      const outcome = await takeInTx(ctx, step, input, submissionKey)
      // A refusal keeps its audit row but not the claim, so the corrected form can be sent with the same key.
      if (!outcome.ok) await tx.deleteFrom('step_submission').where('submission_key', '=', submissionKey).execute()
      return outcome
    })
  } catch (e) {
    if (e instanceof Rollback) {
      const kept = e.audit === undefined ? [] : 'action' in e.audit ? [e.audit] : e.audit
      if (kept.length > 0)
        await deps.db.transaction().execute(async (tx) => {
          for (const row of kept)
            await appendAudit(
              tx,
              {
                ...actorAudit(actor),
                action: row.action,
                subjectType: row.subject.type,
                subjectId: row.subject.id,
                reason: row.reason,
                correlationId: meta.correlationId,
                ...(row.details === undefined ? {} : { details: row.details }),
              },
              now,
            )
        })
      return err(e.refusal)
    }
    // The step's own writes met a unique index on the key (a record that stores it too): answer as a repeat would.
    if ((e as { code?: string }).code === '23505' && submissionKey !== undefined) {
      const earlier = await earlierSubmission(deps.db, submissionKey)
      if (earlier !== undefined) return replay(step, actor, earlier)
    }
    throw e
  }
}

/** Load → access → workflow → checks → run → audit, inside the step's transaction (the key, if any, claimed). */
async function takeInTx<L, O>(
  ctx: StepContext,
  step: Step<L, O>,
  input: Record<string, unknown>,
  submissionKey: string | undefined,
): Promise<StepOutcome<O>> {
  const { tx, actor, meta, now } = ctx
  // First whether this person may see the record at all, then whether the step can be taken now, then
  // whether this person may take it: so a case holder hears "there is no plan yet" rather than "not you".
  const seen = await loadSeen(ctx, step)
  if (!seen.ok) return seen
  const { loaded } = seen.value
  const unavailable = step.unavailable?.(loaded)
  if (unavailable !== undefined) return err({ kind: 'unavailable', message: unavailable })
  const conflict = step.conflict?.(loaded)
  if (conflict !== undefined) return err({ kind: 'failed', error: conflict })
  const decision = step.viewAccess === undefined ? seen.value.decision : step.access(actor, loaded)
  if (!decision.allowed) return err(await refusedAccess(ctx, step, decision, step.subject(loaded)))
  const offered = offeredOptions(step, loaded)
  const problems = {
    ...notOffered(step.fields, input, offered),
    ...missingInRecordRows(step.fields, input, offered),
    ...step.check?.(input, loaded, ctx),
  }
  const fields = Object.fromEntries(Object.entries(problems).filter(([, m]) => m !== undefined))
  if (Object.keys(fields).length > 0) return err({ kind: 'invalid', fields })
  const inRun = step.auditInRun === true ? auditInRunFor(ctx, step, decision.reason) : undefined
  const result = await step.run(inRun?.ctx ?? ctx, input, loaded)
  if (!result.ok)
    throw new Rollback(
      result.error.fields !== undefined
        ? { kind: 'invalid', fields: result.error.fields, code: result.error.code }
        : { kind: 'failed', error: result.error },
      step.refusalAudit?.(result.error, loaded),
    )
  const { output, details } = takenRecord(step, result.value, input, loaded)
  const subject = step.subject(loaded, output)
  if (inRun !== undefined) inRun.verify(subject, result.value)
  else
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: typeof step.action === 'string' ? step.action : step.action(output, input, loaded),
        subjectType: subject.type,
        subjectId: subject.id,
        reason: step.auditReason?.(output, input, decision.reason) ?? decision.reason,
        correlationId: meta.correlationId,
        details,
      },
      now,
    )
  // A file is not kept (see StepDownload): its claim alone refuses the key sent again.
  if (submissionKey !== undefined)
    await tx
      .updateTable('step_submission')
      .set({ output: JSON.stringify(step.download === undefined ? (output ?? null) : null) })
      .where('submission_key', '=', submissionKey)
      .execute()
  return ok({ output, replayed: false })
}

/**
 * For a step with `auditInRun`: the context whose `auditInStatement` builds the row the engine would have written,
 * and the check, after `run`, that it was asked for once and for the step's record. The engine cannot see whether
 * `run` executed the SQL it was given; the route tests read the row back (test/routes/concerns.test.ts).
 */
function auditInRunFor<L, O>(ctx: StepContext, step: Step<L, O>, reason: string) {
  const asked: Subject[] = []
  const auditInStatement: StepContext['auditInStatement'] = (subject, details, sqlDetails) => {
    asked.push(subject)
    const entry: AuditEntry = {
      ...actorAudit(ctx.actor),
      action: step.action as string,
      subjectType: subject.type,
      subjectId: subject.id,
      reason,
      correlationId: ctx.meta.correlationId,
      details: { step: step.operationId, ...details },
    }
    return auditInsert(entry, ctx.now, sqlDetails)
  }
  return {
    ctx: { ...ctx, auditInStatement },
    verify: (subject: Subject, ran: O | WithAudit<O>) => {
      const one = asked[0]
      if (asked.length !== 1 || one?.type !== subject.type || one.id !== subject.id || isWithAudit(ran))
        throw new Error(`${step.operationId}: run must write its audit row once, for ${subject.type} ${subject.id}`)
    },
  }
}

/**
 * Takes a step from code rather than a request (the demo stories, test fixtures): the same transaction, checks
 * and audit row as the page and the API, with a refusal as a domain error.
 */
export async function takeStep<L, O>(
  deps: Deps,
  step: Step<L, O>,
  actor: Actor,
  params: Readonly<Record<string, string>>,
  body: Readonly<Record<string, unknown>>,
  meta: RequestMeta,
  /** A submission key, for a step whose load reads what the key names (a public report's draft). */
  submissionKey?: string,
): Promise<Result<O, DomainError>> {
  const outcome = await runStep(deps, step, actor, params, body, submissionKey, meta)
  if (outcome.ok) return ok(outcome.value.output)
  const r = outcome.error
  switch (r.kind) {
    case 'invalid':
      return err(domainError('STEP.INVALID', Object.values(r.fields).join('; '), r.fields))
    case 'not_found':
      return err(domainError('STEP.NOT_FOUND', 'There is nothing at this address'))
    case 'denied':
      return err(domainError('STEP.DENIED', r.message))
    case 'unavailable':
      return err(domainError('STEP.STEP_NOT_ALLOWED', r.message))
    case 'failed':
      return err(r.error)
  }
}

/** What a submission key answered the first time it was sent, if it has been sent. */
const earlierSubmission = (db: Kysely<DB> | Transaction<DB>, submissionKey: string) =>
  db
    .selectFrom('step_submission')
    .select(['operation_id', 'actor_user_id', 'output'])
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst()

const ALREADY = 'This has already been recorded – it was not recorded a second time'

function replay<O>(
  step: Pick<Step<never, O>, 'operationId' | 'output' | 'repeatedKey' | 'repeatedError' | 'replayed' | 'download'>,
  actor: Actor,
  earlier: { operation_id: string; actor_user_id: string | null; output: unknown },
): StepOutcome<O> {
  const refused = step.repeatedError ?? { code: 'STEP.ALREADY_SUBMITTED', message: ALREADY }
  if (
    step.repeatedKey === 'refuse' ||
    step.download !== undefined ||
    earlier.operation_id !== step.operationId ||
    earlier.actor_user_id !== userIdOf(actor)
  )
    return err({ kind: 'failed', error: domainError(refused.code, refused.message) })
  const parsed = step.output.safeParse(earlier.output)
  return parsed.success
    ? ok({ output: step.replayed?.(parsed.data) ?? parsed.data, replayed: true })
    : err({ kind: 'failed', error: domainError(refused.code, refused.message) })
}
