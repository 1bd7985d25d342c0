import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { buildAnnexA, type AnnexAList } from '../domain/annexA.js'
import type { CensusChild, IsoDate } from '../domain/census.js'
import { csvLine } from '../../organisations/domain/csv.js'
import { mayMakeReturns } from '../domain/policy.js'
import { annexAContacts, annexAEarlyHelp, annexAExtras } from '../queries/annexAData.js'
import { censusChildren } from '../queries/censusChildren.js'

export type AnnexAError = DomainError<'ACCESS.DENIED'>

/** Six months before the inspection date, as Ofsted asks for lists 1–5. */
export const sixMonthsBefore = (d: IsoDate): IsoDate => {
  const y = Number(d.slice(0, 4))
  const m = Number(d.slice(5, 7)) - 6
  const year = m <= 0 ? y - 1 : y
  const month = m <= 0 ? m + 12 : m
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(Number(d.slice(8, 10)), last)).padStart(2, '0')}`
}

/** Annex A lists 1–7 for an inspection on `to` (today by default); audited as child-level data. */
export async function exportAnnexA(
  deps: Deps,
  actor: Actor,
  to: IsoDate,
  meta: RequestMeta,
): Promise<Result<{ from: IsoDate; to: IsoDate; lists: AnnexAList[] }, AnnexAError>> {
  const decision = mayMakeReturns(actor)
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const from = sixMonthsBefore(to)
  const window = { endYear: Number(to.slice(0, 4)), start: from, end: to, specification: '2025-26' as const }
  const children: CensusChild[] = []
  for await (const batch of censusChildren(deps.db, actor.localAreaId, window)) children.push(...batch)
  const byId = new Map(children.map((c) => [c.childId, c]))
  const [extras, contacts, earlyHelp] = await Promise.all([
    annexAExtras(deps.db, children),
    annexAContacts(deps.db, actor.localAreaId, from, to, byId),
    annexAEarlyHelp(deps.db, actor.localAreaId, from, to),
  ])
  const lists = buildAnnexA({ from, to, children, contacts, extras, earlyHelp })
  await auditActor(
    deps.db,
    actor,
    {
      action: 'returns.annex_a_exported',
      subjectType: 'local_area',
      subjectId: actor.localAreaId,
      reason: decision.reason,
      details: { from, to, rows: lists.map((l) => l.rows.length) },
    },
    meta,
    deps.clock.now(),
  )
  return ok({ from, to, lists })
}

/** The workbook: one sheet per list, headings in bold on the first row, frozen. */
export async function annexAWorkbook(lists: readonly AnnexAList[]): Promise<Buffer> {
  // exceljs is loaded on the first workbook, not at start: about 30 MB of resident memory in every process otherwise.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Together'
  for (const list of lists) {
    const sheet = workbook.addWorksheet(list.title, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.addRow([...list.headings]).font = { bold: true }
    for (const row of list.rows) sheet.addRow([...row])
    sheet.columns.forEach((c) => {
      c.width = 22
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** One list as CSV (formula-like values defused). */
export const annexACsv = (list: AnnexAList): string =>
  [csvLine(list.headings), ...list.rows.map((r) => csvLine(r))].join('\r\n') + '\r\n'
