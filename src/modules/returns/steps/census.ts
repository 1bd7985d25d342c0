import { Readable } from 'node:stream'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { createCalendar } from '../../../platform/calendar/index.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { collectionYear, type CensusChild, type CollectionYear } from '../domain/census.js'
import { CENSUS_XML_END, censusHeaderXml, childXml } from '../domain/censusXml.js'
import { mayMakeReturns } from '../domain/policy.js'
import { childFindings, summarise, wholeReturnFindings, type CensusValidation } from '../domain/rules.js'
import { censusChildren } from '../queries/censusChildren.js'

export type CensusError = DomainError<
  'ACCESS.DENIED' | 'CENSUS.NO_YEAR' | 'CENSUS.NO_LA_CODE' | 'CENSUS.ERRORS_NOT_LISTED'
>

const SOFTWARE_RELEASE = '0.1.0'

/** Only what the whole-return rules read: enough to find duplicate identifiers and count unrecorded sex. */
const light = (c: CensusChild): CensusChild => ({ ...c, episodes: [] })

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
  const ctx = { year, calendar: createCalendar() }
  const findings = []
  const everyone: CensusChild[] = []
  for await (const batch of censusChildren(deps.db, actor.localAreaId, year)) {
    findings.push(...childFindings(batch, ctx))
    for (const c of batch) everyone.push(light(c))
  }
  findings.push(...wholeReturnFindings(everyone, ctx))
  const validation = summarise(findings)
  await appendAudit(
    deps.db,
    {
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      actorRoles: actor.roles,
      action: 'returns.cin_census_validated',
      subjectType: 'local_area',
      subjectId: actor.localAreaId,
      reason: permitted.value.reason,
      correlationId: meta.correlationId,
      details: {
        year: year.endYear,
        children: everyone.length,
        errors: validation.errors,
        queries: validation.queries,
      },
    },
    deps.clock.now(),
  )
  return ok({ year, children: everyone.length, validation })
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
  const check = await validateCinCensus(deps, actor, input.endYear, meta)
  if (!check.ok) return check
  const permitted = await allowed(deps, actor, input.endYear)
  if (!permitted.ok) return permitted
  if (permitted.value.laCode === null)
    return err(
      domainError('CENSUS.NO_LA_CODE', 'Record your local authority’s three-digit DfE number for the area first'),
    )
  if (check.value.validation.errors > 0 && !input.errorsListed)
    return err({
      ...domainError(
        'CENSUS.ERRORS_NOT_LISTED',
        `The return has ${check.value.validation.errors} errors: read them before exporting`,
      ),
      check: check.value,
    })
  const { year } = check.value
  const now = deps.clock.now()
  const serialNo = await deps.db.transaction().execute(async (tx) => {
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
        children: check.value.children,
        errors: check.value.validation.errors,
        queries: check.value.validation.queries,
        made_by: actor.userId,
        made_at: now,
      })
      .execute()
    await appendAudit(
      tx,
      {
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        actorRoles: actor.roles,
        action: 'returns.cin_census_exported',
        subjectType: 'local_area',
        subjectId: actor.localAreaId,
        reason: permitted.value.reason,
        correlationId: meta.correlationId,
        details: {
          year: year.endYear,
          serialNo: next,
          children: check.value.children,
          errors: check.value.validation.errors,
        },
      },
      now,
    )
    return next
  })
  const source = {
    laCode: permitted.value.laCode,
    softwareRelease: SOFTWARE_RELEASE,
    serialNo,
    madeAt: now.toISOString().slice(0, 19),
  }
  const db = deps.db
  const localAreaId = actor.localAreaId
  async function* chunks(): AsyncGenerator<string> {
    yield censusHeaderXml(year, source) + '\n'
    for await (const batch of censusChildren(db, localAreaId, year))
      yield batch.map((c) => childXml(c, year) + '\n').join('')
    yield CENSUS_XML_END
  }
  return ok({ check: check.value, serialNo, xml: Readable.from(chunks()) })
}
