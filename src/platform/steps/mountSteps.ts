import { randomUUID } from 'node:crypto'
import { apiRoute, jsonSchemaOf } from '../web/apiRoute.js'
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../context.js'
import {
  aboutRecord,
  numbered,
  pageErrorKeys,
  pageOrder,
  pageValues,
  readForm,
  recordRowName,
  type FieldSpec,
  type Fields,
} from '../forms/fields.js'
import type { Actor } from '../identity/actor.js'
import { anonymousActor } from '../identity/publicActor.js'
import { treatmentOf } from '../web/errorCatalogue.js'
import { formErrors } from '../web/forms.js'
import {
  offeredOptions,
  prepareStep,
  runStep,
  type AnyStep,
  type RefusalAnswer,
  type Step,
  type StepDownload,
  type StepRefusal,
} from './defineStep.js'

/**
 * Mounts each step's page (GET and POST at `path`) and API route (POST at `/api/v1` + apiPath ?? path). The API
 * route carries a Fastify schema made from the step's own zod schemas, so the OpenAPI document lists it with its
 * operationId; validation itself stays with zod (its GOV.UK messages are the API's field errors too).
 */
export function mountSteps(
  app: FastifyInstance,
  deps: Deps,
  steps: readonly (AnyStep | Step<never, unknown>)[],
  options: MountOptions = {},
): void {
  for (const step of steps) {
    // A public step's API route would need a bearer token: it has none, and says so.
    if (step.public === true && step.mount !== 'page')
      throw new Error(`${step.operationId}: a public step is mount 'page'`)
    if (step.mount !== 'api') mountPage(app, deps, step as unknown as Step<unknown, unknown>, options)
    if (step.mount !== 'page') mountApi(app, deps, step as unknown as Step<unknown, unknown>)
  }
}

/** How the pages of the steps mounted together are reached, when not as every signed-in page is. */
export interface MountOptions {
  /**
   * The form's submission key when the page does not make one: a public journey's draft, named by a cookie only
   * its browser holds. Given the key the form sent, if any, which must agree; undefined when there is no form to
   * send (the step's `load` then finds nothing under no key).
   */
  readonly submissionKey?: (request: FastifyRequest, sent: string | undefined) => string | undefined
  /** The route config of the form sent (POST): a public step's rate limit, read by the scope's @fastify/rate-limit. */
  readonly sentConfig?: FastifyContextConfig
}

type Params = Record<string, string>

function paramsSchema(path: string): Record<string, unknown> | undefined {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!)
  if (names.length === 0) return undefined
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(
      names.map((n) => [n, n === 'id' || n.endsWith('Id') ? { type: 'string', format: 'uuid' } : { type: 'string' }]),
    ),
  }
}

/** The body as published: the step's fields, and the submission key the engine reads beside them. */
function apiBody(step: Step<unknown, unknown>): Record<string, unknown> {
  const json = jsonSchemaOf(step.input, 'input')
  const properties = (json.properties ?? {}) as Record<string, unknown>
  return {
    ...json,
    ...step.bodyRules,
    properties: {
      ...properties,
      submissionKey: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description:
          step.repeatedKey === 'refuse' || step.download !== undefined
            ? 'Send once per submission: the same key again is refused with 409 and nothing is written'
            : 'Send once per submission: the same key again answers what it recorded (200) and writes nothing',
      },
    },
  }
}

/** The success answers: the step's own status, and 200 for a repeated key when the step replays it. */
function apiAnswers(step: Step<unknown, unknown>) {
  if (step.download !== undefined)
    return {
      200: {
        description: step.download.described,
        schema: { type: 'string', format: 'binary' },
        contentTypes: [step.download.contentType.split(';')[0]!],
      },
    }
  const taken = { description: 'Recorded', schema: step.output }
  const of = step.okStatusOf
  if (of !== undefined)
    return {
      201: { description: of.described[201], schema: step.output },
      200: {
        description: `${of.described[200]}; or the same submission key again: what it answered, nothing new written`,
        schema: step.output,
      },
    }
  if (step.okStatus === 200) return { 200: taken }
  if (step.repeatedKey === 'refuse') return { 201: taken }
  return {
    201: taken,
    200: { description: 'The same submission key again: what it recorded; nothing new written', schema: step.output },
  }
}

function mountApi(app: FastifyInstance, deps: Deps, step: Step<unknown, unknown>): void {
  const url = `/api/v1${step.apiPath ?? step.path}`
  const params = paramsSchema(url)
  app.post<{ Params: Params }>(
    url,
    // The route schema from which @fastify/swagger writes the step's OpenAPI entry; zod validates (with the same
    // messages as the page), so Fastify's own validator and serialiser stand aside (see apiRoute).
    apiRoute({
      operationId: step.operationId,
      tag: step.tag ?? step.module,
      summary: step.title,
      ...(step.description === undefined ? {} : { description: step.description }),
      ...(params === undefined ? {} : { params: params.required as string[] }),
      body: apiBody(step),
      ok: apiAnswers(step),
      errors: { 400: true, 403: true, 404: true, 409: true, ...step.apiErrors },
    }),
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const header = request.headers['idempotency-key']
      const key =
        typeof body.submissionKey === 'string' && body.submissionKey !== ''
          ? body.submissionKey.slice(0, 200)
          : typeof header === 'string' && header !== ''
            ? header.slice(0, 200)
            : undefined
      const outcome = await runStep(deps, step, request.actor as Actor, request.params, body, key, request.meta)
      if (outcome.ok) {
        const { output, replayed } = outcome.value
        if (step.download !== undefined) return sendFile(reply, step.download, output)
        const status = replayed ? 200 : (step.okStatusOf?.status(output) ?? step.okStatus ?? 201)
        return reply.code(status).send(output)
      }
      return apiRefusal(reply, outcome.error)
    },
  )
}

export function apiRefusal(reply: FastifyReply, refusal: StepRefusal): FastifyReply {
  switch (refusal.kind) {
    case 'invalid':
      return reply.code(400).send({
        error: 'bad_request',
        errors: Object.entries(refusal.fields).map(([field, message]) => ({ field, message })),
      })
    case 'not_found':
      return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
    case 'denied':
      return reply.code(403).send({ error: 'forbidden', message: refusal.message })
    case 'unavailable':
      return reply.code(409).send({ error: 'conflict', message: refusal.message })
    case 'failed': {
      const t = treatmentOf(refusal.error.code)
      if (t.display === 'not_found')
        return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
      const more = 'answer' in refusal.error ? (refusal.error as RefusalAnswer).answer : {}
      return reply.code(t.status).send({ error: refusal.error.code, message: refusal.error.message, ...more })
    }
  }
}

/** A download step's file (see StepDownload): an attachment, never cached. */
function sendFile(reply: FastifyReply, download: StepDownload<unknown>, output: unknown): FastifyReply {
  const file = download.file(output)
  return reply
    .code(200)
    .headers({
      ...file.headers,
      'content-type': download.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    })
    .send(file.body)
}

/** Why a download step's file was not made, under the step's heading: its form is a button on another page. */
function refusedDownload(
  reply: FastifyReply,
  download: StepDownload<unknown>,
  refusal: Exclude<StepRefusal, { kind: 'not_found' | 'denied' }>,
) {
  if (refusal.kind === 'failed' && treatmentOf(refusal.error.code).display === 'not_found') return reply.callNotFound()
  const [message, status] =
    refusal.kind === 'invalid'
      ? [Object.values(refusal.fields).join(' '), 400]
      : refusal.kind === 'unavailable'
        ? [refusal.message, 409]
        : [refusal.error.message, treatmentOf(refusal.error.code).status]
  const heading = download.refusedHeading
  return reply.page('error.njk', { pageTitle: heading, heading, paragraphs: [message], showHomeLink: true }, status)
}

/** The page's fields with what the person typed, in the shape views/step-form.njk renders. */
export function viewFields(fields: Fields, body: Readonly<Record<string, unknown>>) {
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const revealed = new Set(
    Object.values(fields).flatMap((f) =>
      f.kind === 'radios' || f.kind === 'checkboxes' ? f.options.flatMap((o) => o.reveals ?? []) : [],
    ),
  )
  const one = (name: string, f: FieldSpec): Record<string, unknown> => {
    const base = { name, ...f, schema: undefined }
    switch (f.kind) {
      case 'group':
        // Flat fields on the page, each under its page name, inside the group's fieldset.
        return {
          ...base,
          fields: Object.entries(f.fields).map(([k, sub]) => one(f.pageNames[k] ?? k, sub)),
        }
      case 'dateTime':
        return {
          ...base,
          values: {
            day: str(body[`${f.dateName}-day`]),
            month: str(body[`${f.dateName}-month`]),
            year: str(body[`${f.dateName}-year`]),
          },
          time: str(body[f.timeName]),
        }
      case 'date':
        return {
          ...base,
          values: { day: str(body[`${name}-day`]), month: str(body[`${name}-month`]), year: str(body[`${name}-year`]) },
        }
      case 'radios':
      case 'select':
      case 'checkboxes': {
        const chosen = Array.isArray(body[name]) ? (body[name] as unknown[]).map(str) : [str(body[name])]
        return {
          ...base,
          items: f.options.map((o) => ({
            value: o.value,
            text: o.text,
            hint: o.hint === undefined ? undefined : { text: o.hint },
            checked: chosen.includes(o.value),
            selected: chosen.includes(o.value),
            reveals: (o.reveals ?? []).map((r) => (fields[r] === undefined ? undefined : one(r, fields[r]))),
          })),
        }
      }
      case 'yesNo':
        return one(name, {
          ...f,
          kind: 'radios',
          inline: f.yes === undefined && f.no === undefined,
          options: [
            { value: 'yes', text: f.yes ?? 'Yes' },
            { value: 'no', text: f.no ?? 'No' },
          ],
        })
      case 'text':
        // A secret typed is never written back into the page, not even after an error elsewhere in the form.
        return { ...base, value: f.type === 'password' ? undefined : str(body[name]) }
      case 'rows':
        if (f.perRecord !== undefined)
          // One row for each thing the record names, each field named by the thing's id and labelled with it.
          return {
            ...base,
            fields: undefined,
            // `none` is a word of Nunjucks itself (null), so the page calls it noRows.
            noRows: f.perRecord.records.length === 0 ? f.perRecord.none : undefined,
            slots: f.perRecord.records.map((r) => ({
              fields: Object.entries(f.fields).map(([k, sub]) =>
                one(recordRowName(name, r.value, k), {
                  ...sub,
                  label: aboutRecord(sub.label, r),
                  ...(r.hint === undefined ? {} : { hint: r.hint }),
                }),
              ),
            })),
          }
        // Numbered rows of the row's fields, each named as readForm reads it (attendees-1-agency).
        return {
          ...base,
          fields: undefined,
          slots: Array.from({ length: f.slots }, (_, i) => ({
            number: i + 1,
            fields: Object.entries(f.fields).map(([k, sub]) =>
              one(`${name}-${i + 1}-${k}`, { ...sub, label: numbered(sub.label, i) }),
            ),
          })),
        }
      default:
        return { ...base, value: str(body[name]) }
    }
  }
  return Object.entries(fields)
    .filter(([name]) => !revealed.has(name))
    .map(([name, f]) => one(name, f))
}

/**
 * A link may fill a text field of the form (`?entry=…` from a list of entries): text fields only, as a string no
 * longer than the field allows. It is only a starting value: the step checks it like anything typed.
 */
function linkPrefill(fields: Fields, query: unknown): Record<string, string> {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    const v = q[name]
    if (spec.kind === 'text' && typeof v === 'string' && v.length <= spec.max) out[name] = v
  }
  return out
}

/** The step's fields with the options (and per-record rows) this record offers, where the step says (`choices`). */
function offered(step: Step<unknown, unknown>, loaded: unknown): Fields {
  const options = offeredOptions(step, loaded)
  return Object.fromEntries(
    Object.entries(step.fields).map(([name, f]) => {
      const given = options[name]
      if (given !== undefined && f.kind === 'rows' && f.perRecord !== undefined)
        return [name, { ...f, perRecord: { ...f.perRecord, records: given } }]
      if (given === undefined || (f.kind !== 'radios' && f.kind !== 'checkboxes' && f.kind !== 'select'))
        return [name, f]
      return [name, { ...f, options: given }]
    }),
  )
}

/** The error summary of a form sent, each linked where the step says (`errorHref`) or to its field on the form. */
function summaryOf(step: Step<unknown, unknown>, errors: Readonly<Record<string, string>>) {
  const linked = linkedErrors(step.fields, pageErrorKeys(step.fields, errors))
  const elsewhere = step.errorHref
  if (elsewhere === undefined) return linked
  const names = Object.keys(linked.fields)
  return { ...linked, summary: linked.summary.map((e, i) => ({ ...e, href: elsewhere(names[i] ?? '') ?? e.href })) }
}

/** The error summary, each link to its field's first box: a date's day (GOV.UK), in rows too. */
function linkedErrors(fields: Fields, errors: Readonly<Record<string, string>>) {
  const dates = Object.entries(fields).flatMap(([name, f]) =>
    f.kind === 'date' || f.kind === 'dateTime'
      ? [name]
      : f.kind === 'group'
        ? Object.entries(f.fields).flatMap(([k, sub]) =>
            sub.kind === 'date' || sub.kind === 'dateTime' ? [f.pageNames[k] ?? k] : [],
          )
        : f.kind === 'rows'
          ? Object.entries(f.fields).flatMap(([k, sub]) =>
              sub.kind === 'date' ? Array.from({ length: f.slots }, (_, i) => `${name}-${i + 1}-${k}`) : [],
            )
          : [],
  )
  return formErrors(errors, pageOrder(fields), dates)
}

function mountPage(app: FastifyInstance, deps: Deps, step: Step<unknown, unknown>, options: MountOptions): void {
  // A public step's pages need no sign-in, and whoever is signed in takes it as anyone would.
  const access = step.public === true ? { access: 'public' as const } : {}
  const actorOf = (request: FastifyRequest) => (step.public === true ? anonymousActor : (request.actor as Actor))
  const keyOf = (request: FastifyRequest, sent: unknown) =>
    options.submissionKey?.(request, typeof sent === 'string' && sent !== '' ? sent : undefined)
  const show = (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    loaded: unknown,
    body: Readonly<Record<string, unknown>>,
    extra: {
      errors?: Readonly<Record<string, string>>
      problem?: string
      closed?: boolean
      answer?: RefusalAnswer['answer']
    },
    status: number,
  ) =>
    reply.page(
      step.template ?? 'step-form.njk',
      {
        ...step.templateData?.(loaded, body),
        values: body,
        pageTitle: step.title,
        heading: step.title,
        caption: step.caption?.(loaded) ?? '',
        intro: step.intro?.(loaded) ?? [],
        back: step.back?.(request.params),
        fields: viewFields(offered(step, loaded), body),
        submitText: step.submitText,
        submissionKey: keyOf(request, undefined) ?? randomUUID(),
        action: filledPath(step.path, request.params),
        ...(extra.errors === undefined ? {} : { errors: summaryOf(step, extra.errors) }),
        ...(extra.problem === undefined ? {} : { problem: extra.problem }),
        ...(extra.answer === undefined ? {} : { answer: extra.answer }),
        closed: extra.closed === true,
        conditionalReveals: Object.values(step.fields).some(
          (f) => f.kind === 'radios' && f.options.some((o) => (o.reveals ?? []).length > 0),
        ),
      },
      status,
    )

  /** The record loaded for the form, opened (`formAccess`) or sent and shown again, with what the page sent. */
  const prepare = (request: FastifyRequest<{ Params: Params }>, onForm: boolean, sent: unknown) =>
    prepareStep(
      deps,
      step,
      actorOf(request),
      request.params,
      request.meta,
      onForm,
      readForm(step.fields, (sent ?? {}) as Record<string, unknown>),
      keyOf(request, undefined),
    )

  const formPath = step.formPath === undefined ? step.path : step.formPath
  if (formPath !== null)
    app.get<{ Params: Params }>(formPath, { config: access }, async (request, reply) => {
      const prepared = await prepare(request, true, request.query)
      if (!prepared.ok) return pageRefusal(request, reply, prepared.error)
      const { loaded, unavailable, conflict } = prepared.value
      const elsewhere =
        conflict === undefined ? undefined : step.redirects?.(conflict.code, request.params, 'form', conflict.fields)
      if (elsewhere !== undefined) return reply.redirect(elsewhere, 303)
      const problem = unavailable ?? conflict?.message
      return show(
        request,
        reply,
        loaded,
        { ...pageValues(step.fields, step.prefill?.(loaded) ?? {}), ...linkPrefill(step.fields, request.query) },
        problem === undefined ? {} : { problem, closed: true },
        200,
      )
    })

  app.post<{ Params: Params }>(step.path, { config: { ...access, ...options.sentConfig } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const sent = typeof body.submissionKey === 'string' && body.submissionKey !== '' ? body.submissionKey : undefined
    const key = options.submissionKey === undefined ? sent : keyOf(request, sent)
    const outcome = await runStep(
      deps,
      step,
      actorOf(request),
      request.params,
      readForm(step.fields, body),
      key?.slice(0, 200),
      request.meta,
    )
    if (outcome.ok) {
      if (step.download !== undefined) return sendFile(reply, step.download, outcome.value.output)
      const shown = step.shows?.(outcome.value.output, request.params)
      if (shown !== undefined) return reply.page(shown.template, shown.data)
      return reply.redirect(step.done(outcome.value.output, request.params), 303)
    }
    const refusal = outcome.error
    if (refusal.kind === 'not_found' || refusal.kind === 'denied') return pageRefusal(request, reply, refusal)
    const elsewhere =
      refusal.kind === 'failed'
        ? step.redirects?.(refusal.error.code, request.params, 'sent', refusal.error.fields)
        : refusal.kind === 'invalid'
          ? step.redirects?.('STEP.INVALID', request.params, 'sent', refusal.fields)
          : undefined
    if (elsewhere !== undefined) return reply.redirect(elsewhere, 303)
    if (step.download !== undefined) return refusedDownload(reply, step.download, refusal)
    // Show the form again with what was typed; the record is loaded again for its caption (an audited view).
    const prepared = await prepare(request, false, body)
    if (!prepared.ok) return pageRefusal(request, reply, prepared.error)
    if (refusal.kind === 'invalid')
      return show(request, reply, prepared.value.loaded, body, { errors: refusal.fields }, 400)
    if (refusal.kind === 'unavailable')
      return show(request, reply, prepared.value.loaded, body, { problem: refusal.message, closed: true }, 409)
    const t = treatmentOf(refusal.error.code)
    if (t.display === 'not_found') return reply.callNotFound()
    // A refusal that carries more than its message (every bad row of an import) shows it on the page too.
    const answer = 'answer' in refusal.error ? (refusal.error as RefusalAnswer).answer : undefined
    return show(
      request,
      reply,
      prepared.value.loaded,
      body,
      { problem: refusal.error.message, ...(answer === undefined ? {} : { answer }) },
      t.status,
    )
  })
}

/** A step's address with its parameters filled in (`/cases/:id/x` → `/cases/3f…/x`), for the form's action. */
export function filledPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''))
}

function pageRefusal(_request: FastifyRequest, reply: FastifyReply, refusal: StepRefusal) {
  if (refusal.kind === 'denied')
    return reply.page(
      'error.njk',
      {
        pageTitle: 'You cannot do that',
        heading: 'You cannot do that',
        paragraphs: [refusal.message],
        showHomeLink: true,
      },
      403,
    )
  return reply.callNotFound()
}
