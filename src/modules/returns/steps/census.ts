import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { createCalendar } from '../../../platform/calendar/index.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { heapBudget } from '../../../platform/memory/heapBudget.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
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

export type CensusError = DomainError<
  'ACCESS.DENIED' | 'CENSUS.NO_YEAR' | 'CENSUS.NO_LA_CODE' | 'CENSUS.ERRORS_NOT_LISTED'
>

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

/**
 * The census XML for a collection year, streamed. It is made only after the rules have been run and their
 * findings shown: a year with errors exports only when the caller says it has seen them (`errorsListed`), because
 * the DfE's COLLECT system will reject the errors and the authority must fix or explain them there.
 */
export async function exportCinCensus(
  deps: Deps,
  actor: Actor,
  input: { readonly endYear: number; readonly errorsListed: boolean },
  meta: RequestMeta,
): Promise<
  Result<
    { check: CensusCheck; serialNo: number; xml: Readable },
    CensusError | (DomainError<'CENSUS.ERRORS_NOT_LISTED'> & { check: CensusCheck })
  >
> {
  const permitted = await allowed(deps, actor, input.endYear)
  if (!permitted.ok) return permitted
  const { laCode, reason } = permitted.value
  if (laCode === null)
    return err(
      domainError('CENSUS.NO_LA_CODE', 'Record your local authority’s three-digit DfE number for the area first'),
    )
  const { year } = permitted.value
  // One pass over the case data: the rules run on each batch and its <Child> elements go to a private temporary
  // file; the file is streamed after the serial number is taken (the header carries it) and removed once sent.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'together-census-'))
  const file = path.join(dir, 'children.xml')
  const removeFile = (): Promise<void> => rm(dir, { recursive: true, force: true })
  let check: CensusCheck
  try {
    const out = createWriteStream(file, { mode: 0o600 })
    // A write that fails (a full disk) ends the export with that error, not the process.
    let failed: unknown
    out.on('error', (e) => {
      failed = e
    })
    check = {
      year,
      ...(await checkYear(deps, actor.localAreaId, year, !input.errorsListed, async (batch) => {
        if (failed !== undefined) throw failed
        if (!out.write(batch.map((c) => childXml(c, year) + '\n').join(''))) await once(out, 'drain')
      })),
    }
    out.end()
    await finished(out)
  } catch (e) {
    await removeFile()
    throw e
  }
  await auditValidated(deps, actor, reason, check, meta)
  if (check.validation.errors > 0 && !input.errorsListed) {
    await removeFile()
    return err({
      ...domainError(
        'CENSUS.ERRORS_NOT_LISTED',
        `The return has ${check.validation.errors} errors: read them before exporting`,
      ),
      check,
    })
  }
  const now = deps.clock.now()
  const serialNo = await recordExport(deps, actor, reason, check, now, meta).catch(async (e: unknown) => {
    await removeFile()
    throw e
  })
  const source = {
    laCode,
    softwareRelease: SOFTWARE_RELEASE,
    serialNo,
    madeAt: now.toISOString().slice(0, 19),
  }
  async function* chunks(): AsyncGenerator<string | Buffer> {
    // Sending the file makes garbage too (a buffer for each piece read): the same budget holds while it is sent.
    const budget = heapBudget(HEAP_BUDGET)
    try {
      yield censusHeaderXml(year, source) + '\n'
      for await (const chunk of createReadStream(file)) {
        yield chunk as Buffer
        budget.check()
      }
      yield CENSUS_XML_END
    } finally {
      budget.end()
      // Also when the download is abandoned: the stream's destruction ends this generator.
      await removeFile()
    }
  }
  return ok({ check, serialNo, xml: Readable.from(chunks()) })
}

/** The export's serial number (the header carries it) and its record, in one transaction with its audit entry. */
function recordExport(
  deps: Deps,
  actor: Actor,
  reason: string,
  check: CensusCheck,
  now: Date,
  meta: RequestMeta,
): Promise<number> {
  const { year } = check
  return deps.db.transaction().execute(async (tx) => {
    // One export at a time per area takes its number: two people exporting at once both read the same last number
    // and the second insert broke the unique serial (a 500, seen in the access matrix's parallel cells).
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
    await auditActor(
      tx,
      actor,
      {
        action: 'returns.cin_census_exported',
        subjectType: 'local_area',
        subjectId: actor.localAreaId,
        reason,
        details: {
          year: year.endYear,
          serialNo: next,
          children: check.children,
          errors: check.validation.errors,
        },
      },
      meta,
      now,
    )
    return next
  })
}
