import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { createCalendar } from '../../../platform/calendar/index.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { described, yesNo } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { heapBudget } from '../../../platform/memory/heapBudget.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { defineStep, type RefusalAnswer } from '../../../platform/steps/defineStep.js'
import { apiErrorSchema } from '../../../platform/web/apiRoute.js'
import { collectionYear, type CensusChild, type CensusEpisode, type CollectionYear } from '../domain/census.js'
import { CENSUS_XML_END, censusHeaderXml, childXml } from '../domain/censusXml.js'
import { mayMakeReturns } from '../domain/policy.js'
import {
  censusFinding,
  checkChildren,
  returnTally,
  tallyFindings,
  type CensusFinding,
  type CensusRule,
  type CensusValidation,
} from '../domain/rules.js'
import { censusChildren } from '../queries/censusChildren.js'

export type CensusError = DomainError<'ACCESS.DENIED' | 'CENSUS.NO_YEAR'>

export const yearDescription = 'The year the collection ends in: 2026 is 1 April 2025 to 31 March 2026'
export const returnsRefusal = 'Only the local authority’s team managers and administrators make returns'

const SOFTWARE_RELEASE = '0.1.0'

/** How much the heap may grow during a census pass before a full collection (see heapBudget; issue 15's 300 MB). */
const HEAP_BUDGET = 16 * 1024 * 1024

async function allowed(
  deps: Deps,
  actor: Actor,
  endYear: number,
): Promise<Result<{ year: CollectionYear; reason: string; laCode: string | null }, CensusError>> {
  const decision = mayMakeReturns(actor)
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const year = collectionYear(endYear)
  if (year === null) return err(domainError('CENSUS.NO_YEAR', 'Choose a collection year from 2024 to 2025 onwards'))
  const area = await deps.db
    .selectFrom('local_area')
    .select('la_code')
    .where('id', '=', actor.localAreaId)
    .executeTakeFirst()
  return ok({ year, reason: decision.reason, laCode: area?.la_code ?? null })
}

export interface CensusCheck {
  readonly year: CollectionYear
  readonly children: number
  readonly validation: CensusValidation
}

/**
 * Runs every rule over a year's children, a batch at a time, and hands each batch on (the export writes its XML in
 * the same pass, so the case data is read once). Findings are kept only when someone will read them (the page,
 * its CSV, an export refused until they are listed); otherwise only counted, so a large authority's export does
 * not hold hundreds of thousands of findings.
 */
async function checkYear(
  deps: Deps,
  localAreaId: string,
  year: CollectionYear,
  keepFindings: boolean,
  each?: (batch: readonly CensusChild[]) => Promise<void>,
): Promise<{ children: number; validation: CensusValidation }> {
  const ctx = { year, calendar: createCalendar() }
  const findings: CensusFinding[] = []
  let errors = 0
  let queries = 0
  const count = (rule: CensusRule): void => {
    if (rule.severity === 'error') errors += 1
    else queries += 1
  }
  // Counting alone makes no finding objects: a large return's export fails hundreds of thousands of rules.
  const failed = keepFindings
    ? (rule: CensusRule, child: CensusChild, episode: CensusEpisode | null) => {
        count(rule)
        findings.push(censusFinding(rule, child, episode))
      }
    : count
  const tally = returnTally()
  const budget = heapBudget(HEAP_BUDGET)
  try {
    for await (const batch of censusChildren(deps.db, localAreaId, year)) {
      checkChildren(batch, ctx, failed)
      for (const c of batch) tally.add(c)
      if (each !== undefined) await each(batch)
      budget.check()
    }
  } finally {
    budget.end()
  }
  for (const f of tallyFindings(tally)) {
    if (f.severity === 'error') errors += 1
    else queries += 1
    if (keepFindings) findings.push(f)
  }
  return { children: tally.children, validation: { findings, errors, queries } }
}

const auditValidated = (
  deps: Deps,
  actor: Actor,
  reason: string,
  check: CensusCheck,
  meta: RequestMeta,
): Promise<unknown> =>
  auditActor(
    deps.db,
    actor,
    {
      action: 'returns.cin_census_validated',
      subjectType: 'local_area',
      subjectId: actor.localAreaId,
      reason,
      details: {
        year: check.year.endYear,
        children: check.children,
        errors: check.validation.errors,
        queries: check.validation.queries,
      },
    },
    meta,
    deps.clock.now(),
  )

/** Checks a collection year against every rule, a batch of children at a time; audited (child-level data). */
export async function validateCinCensus(
  deps: Deps,
  actor: Actor,
  endYear: number,
  meta: RequestMeta,
): Promise<Result<CensusCheck, CensusError>> {
  const permitted = await allowed(deps, actor, endYear)
  if (!permitted.ok) return permitted
  const { year } = permitted.value
  const check = { year, ...(await checkYear(deps, actor.localAreaId, year, true)) }
  await auditValidated(deps, actor, permitted.value.reason, check, meta)
  return ok(check)
}

interface CensusLoaded {
  readonly year: CollectionYear
  readonly localAreaId: string
  /** The local authority's three-digit DfE number, which the file's header carries. */
  readonly laCode: string | null
}

/** The rules' findings, with the 409 that refuses an export whose errors were not listed. */
const withFindings = (error: DomainError, check: CensusCheck): RefusalAnswer => ({
  ...error,
  answer: { findings: check.validation.findings },
})

export const findingSchema = z.object({
  ruleId: z.string().meta({ description: 'The DfE validation rule' }),
  severity: z.enum(['error', 'query']),
  message: z.string(),
  childId: z.uuid().nullable(),
  laChildId: z.string().nullable(),
  episodeId: z.uuid().nullable(),
  episodeReference: z.string().nullable(),
})

/**
 * The census XML for a collection year, streamed, with the next serial number. It is made only after the rules
 * have been run and their findings shown: a year with errors exports only when the caller says it has seen them
 * (`errorsListed`), because the DfE's COLLECT system will reject the errors and the authority must fix or explain
 * them there. A POST, because each export is recorded with its serial number: the same form sent twice (its
 * submission key) is refused rather than numbered again.
 */
export const exportCinCensus = defineStep({
  operationId: 'exportCinCensus',
  module: 'returns',
  tag: 'Returns',
  path: '/returns/cin-census/:year/export',
  // The button is on the census page, under the findings.
  formPath: null,
  title: 'The census XML for a collection year, with the next serial number',
  description: `${yearDescription}. The X-Census-Errors and X-Census-Queries headers give the counts.`,
  submitText: 'Download the census file (XML)',
  fields: {
    errorsListed: described(
      yesNo({ label: 'The errors the rules found have been listed' }),
      'true once the findings have been read: a return that still has errors is exported only then',
    ),
  },
  load: async ({ tx, params, actor }): Promise<CensusLoaded | undefined> => {
    const year = collectionYear(Number(params.year))
    if (year === null) return undefined
    const area = await tx
      .selectFrom('local_area')
      .select('la_code')
      .where('id', '=', actor.localAreaId)
      .executeTakeFirst()
    return { year, localAreaId: actor.localAreaId, laCode: area?.la_code ?? null }
  },
  access: (actor) => {
    const decision = mayMakeReturns(actor)
    return decision.allowed ? decision : { ...decision, visible: true }
  },
  conflict: (l) =>
    l.laCode === null
      ? domainError('CENSUS.NO_LA_CODE', 'Record your local authority’s three-digit DfE number for the area first')
      : undefined,
  run: async ({ tx, deps, actor, meta }, input, l) => {
    const errorsListed = input.errorsListed === true
    // One pass over the case data (read outside the step's transaction, as any read): the rules run on each batch
    // and its <Child> elements go to a private temporary file, read back once the serial number is taken.
    const { check, file } = await writeChildren(deps, l.localAreaId, l.year, !errorsListed)
    try {
      await auditValidated(deps, actor, mayMakeReturns(actor).reason, check, meta)
      if (check.validation.errors > 0 && !errorsListed) {
        const refusal = domainError(
          'CENSUS.ERRORS_NOT_LISTED',
          `The return has ${check.validation.errors} errors: read them before exporting`,
        )
        return err(withFindings(refusal, check))
      }
      const now = deps.clock.now()
      const serialNo = await recordExport(tx, actor, check, now)
      const header = censusHeaderXml(l.year, {
        laCode: l.laCode!,
        softwareRelease: SOFTWARE_RELEASE,
        serialNo,
        madeAt: now.toISOString().slice(0, 19),
      })
      return ok({
        year: l.year.endYear,
        serialNo,
        children: check.children,
        errors: check.validation.errors,
        queries: check.validation.queries,
        xml: Readable.from(censusFile(header, await file.open())),
      })
    } finally {
      // Once opened for reading, the file needs no name: nothing of it is left behind, whatever happens next.
      await file.remove()
    }
  },
  subject: (l) => ({ type: 'local_area', id: l.localAreaId }),
  action: 'returns.cin_census_exported',
  auditDetails: (o) => ({ year: o.year, serialNo: o.serialNo, children: o.children, errors: o.errors }),
  output: z.object({
    year: z.number().int(),
    serialNo: z.number().int(),
    children: z.number().int(),
    errors: z.number().int(),
    queries: z.number().int(),
    xml: z.instanceof(Readable),
  }),
  done: (o) => `/returns/cin-census/${o.year}`,
  download: {
    contentType: 'application/xml; charset=utf-8',
    described: 'The census XML',
    file: (o) => ({
      filename: `cin-census-${o.year}-${String(o.serialNo).padStart(3, '0')}.xml`,
      body: o.xml,
      headers: { 'x-census-errors': String(o.errors), 'x-census-queries': String(o.queries) },
    }),
    refusedHeading: 'The census cannot be exported yet',
  },
  repeatedError: {
    code: 'STEP.ALREADY_SUBMITTED',
    message: 'This export has already been made: go back to the census to make another, with the next serial number',
  },
  apiErrors: {
    403: returnsRefusal,
    404: 'No such collection year',
    409: {
      description:
        'The return has errors not yet listed (with the findings), the area has no DfE number, or the same submission key again',
      schema: apiErrorSchema.extend({ findings: z.array(findingSchema).optional() }),
    },
  },
})

/**
 * The rules over a year's children, with their <Child> elements written to a private temporary file (mode 600);
 * `open` opens it for reading, `remove` takes its name away (an open file stays readable).
 */
async function writeChildren(deps: Deps, localAreaId: string, year: CollectionYear, keepFindings: boolean) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'together-census-'))
  const name = path.join(dir, 'children.xml')
  const file = {
    open: () => open(name, 'r'),
    remove: (): Promise<void> => rm(dir, { recursive: true, force: true }),
  }
  try {
    const out = createWriteStream(name, { mode: 0o600 })
    // A write that fails (a full disk) ends the export with that error, not the process.
    let failed: unknown
    out.on('error', (e) => {
      failed = e
    })
    const check: CensusCheck = {
      year,
      ...(await checkYear(deps, localAreaId, year, keepFindings, async (batch) => {
        if (failed !== undefined) throw failed
        if (!out.write(batch.map((c) => childXml(c, year) + '\n').join(''))) await once(out, 'drain')
      })),
    }
    out.end()
    await finished(out)
    return { check, file }
  } catch (e) {
    await file.remove()
    throw e
  }
}

/** The whole file: the header (which carries the serial number), the children as written, the end. */
async function* censusFile(header: string, children: FileHandle): AsyncGenerator<string | Buffer> {
  // Sending the file makes garbage too (a buffer for each piece read): the same budget holds while it is sent.
  const budget = heapBudget(HEAP_BUDGET)
  try {
    yield header + '\n'
    for await (const chunk of children.createReadStream()) {
      yield chunk as Buffer
      budget.check()
    }
    yield CENSUS_XML_END
  } finally {
    budget.end()
    // Also when the download is abandoned: the stream's destruction ends this generator.
    await children.close()
  }
}

/** The export's serial number (the header carries it) and its record, in the step's transaction. */
async function recordExport(tx: Transaction<DB>, actor: Actor, check: CensusCheck, now: Date): Promise<number> {
  const { year } = check
  // One export at a time per area takes its number: two people exporting at once both read the same last number
  // and the second insert broke the unique serial (a 500, seen in the access matrix's parallel cells). Taken after
  // the pass, so the area is locked for a moment rather than for the whole export.
  await tx.selectFrom('local_area').select('id').where('id', '=', actor.localAreaId).forUpdate().execute()
  const last = await tx
    .selectFrom('census_export')
    .select((eb) => eb.fn.max('serial_no').as('n'))
    .where('local_area_id', '=', actor.localAreaId)
    .where('collection_year', '=', year.endYear)
    .executeTakeFirst()
  const next = (last?.n ?? 0) + 1
  await tx
    .insertInto('census_export')
    .values({
      id: newId(),
      local_area_id: actor.localAreaId,
      collection_year: year.endYear,
      serial_no: next,
      children: check.children,
      errors: check.validation.errors,
      queries: check.validation.queries,
      made_by: actor.userId,
      made_at: now,
    })
    .execute()
  return next
}
