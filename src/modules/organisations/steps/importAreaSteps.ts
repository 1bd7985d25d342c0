import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { described, radios, textarea, yesNo, type Fields } from '../../../platform/forms/fields.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { wordList } from '../../../platform/shared/wordList.js'
import {
  defineStep,
  type RefusalAnswer,
  type StepContext,
  type StepDefinition,
} from '../../../platform/steps/defineStep.js'
import { apiErrorSchema } from '../../../platform/web/apiRoute.js'
import { csvLine } from '../domain/csv.js'
import { organisationColumns, userColumns } from '../domain/importRows.js'
import { areaStepAccess, mayAdministerArea } from '../domain/policy.js'
import { importOrganisationsInto, importUsersInto } from './importArea.js'

/**
 * Importing a local area's organisations or people from CSV as steps: the area page's form (preview, then import)
 * and the API's two imports. The import itself, all or nothing, is importArea.ts's, which the command line takes
 * too as an operator (no Actor, so not through the engine).
 */

/** What a file holds, as the area page's form asks it. */
const fileHolds = wordList({ organisations: 'Organisations', users: 'People' })
type What = (typeof fileHolds.ids)[number]

interface Area {
  readonly id: string
  readonly name: string
}

const importAnswer = z.object({
  rows: z.array(z.looseObject({ row: z.number().int() })).meta({ description: 'The rows read, as checked' }),
  written: z.boolean().meta({ description: 'False for a preview: nothing was written' }),
})
type ImportAnswer = z.infer<typeof importAnswer>

const importRefusal = apiErrorSchema.extend({
  errors: z
    .array(z.object({ row: z.number().int().optional(), field: z.string().optional(), message: z.string() }))
    .optional()
    .meta({ description: 'Every bad row, as { row, field, message }' }),
})

const csvField = described(
  textarea({ label: 'CSV', required: 'Paste the contents of the CSV file', max: 1_000_000, rows: 12 }),
  'The CSV text, headings on the first row',
)

/** Takes the import in the step's transaction: the rows as checked, or every bad row as the refusal's answer. */
async function runImport(
  { tx, actor, meta, now, deps }: StepContext,
  what: What,
  csv: string,
  dryRun: boolean,
  area: Area,
): Promise<Result<ImportAnswer, RefusalAnswer>> {
  const who = { kind: 'actor' as const, actor, meta }
  // The per-row audit rows give the access decision's reason, as they did before the engine.
  const locked = { ...area, reason: mayAdministerArea(actor, area.id).reason }
  const result =
    what === 'organisations'
      ? await importOrganisationsInto(tx, who, locked, { csv, dryRun }, now)
      : await importUsersInto(tx, who, locked, { csv, dryRun, serviceUrl: deps.settings.serviceUrl }, now)
  if (result.ok) return ok({ rows: result.value.rows.map((r) => ({ ...r })), written: result.value.written })
  const e = result.error
  return err({
    ...domainError(e.code, e.message),
    answer: { errors: e.problems.map((p) => ({ row: p.row, field: p.column, message: p.message })) },
  })
}

/** What the page's step and the API's share: the actor's own area, locked; who may import; the audit row. */
function areaImport<O extends ImportAnswer>(
  what: (output: O, input: Record<string, unknown>) => What,
): Pick<
  StepDefinition<Area, O>,
  'module' | 'tag' | 'load' | 'access' | 'subject' | 'action' | 'auditDetails' | 'done' | 'back' | 'submitText'
> {
  return {
    module: 'organisations',
    tag: 'Organisations',
    submitText: 'Check the rows',
    // Locked so that two imports into one area cannot both pass the duplicate-name check.
    load: ({ tx, actor }) =>
      tx
        .selectFrom('local_area')
        .select(['id', 'name'])
        .where('id', '=', actor.localAreaId)
        .forUpdate()
        .executeTakeFirst(),
    access: areaStepAccess,
    subject: (area) => ({ type: 'local_area', id: area.id }),
    // Each row imported has its own audit row (organisations.organisation_imported, user_imported); this one
    // says that the file was checked, or imported, and how many rows it had.
    action: (out) => (out.written ? 'organisations.area_imported' : 'organisations.area_import_checked'),
    auditDetails: (out, input) => ({ what: what(out, input), rows: out.rows.length, written: out.written }),
    done: (out) => `/area?imported=${out.rows.length}`,
    back: () => ({ href: '/area', text: 'Back to the area' }),
  }
}

const apiFields: Fields = {
  csv: csvField,
  dryRun: described(yesNo({ label: 'Preview' }), 'Check and preview only: nothing is written'),
}

/** importOrganisations and importUsers: 200 a preview (dryRun), 201 imported, 400 listing every bad row. */
const apiImport = (what: What, operationId: string, title: string) =>
  defineStep<Area, ImportAnswer>({
    ...areaImport(() => what),
    operationId,
    mount: 'api',
    path: `/area/${what}/import`,
    title,
    fields: apiFields,
    run: (ctx, input, area) => runImport(ctx, what, String(input['csv']), input['dryRun'] === true, area),
    output: importAnswer,
    okStatusOf: {
      status: (out) => (out.written ? 201 : 200),
      described: { 200: 'Preview: every row is correct; nothing written', 201: 'Imported, all rows' },
    },
    apiErrors: {
      400: { description: 'Nothing written: every bad row, as { row, field, message }', schema: importRefusal },
      403: 'Only partnership leads and local authority administrators set up the area',
    },
  })

export const importOrganisations = apiImport(
  'organisations',
  'importOrganisations',
  'Import organisations into your area from CSV, all or nothing (name,kind,urn,ods_code,phone,email,safeguarding_lead,safeguarding_lead_email)',
)

export const importUsers = apiImport(
  'users',
  'importUsers',
  'Import people into your area’s organisations from CSV, all or nothing (organisation,email,name,roles); each is invited',
)

const pageAnswer = importAnswer.extend({
  what: z.enum(fileHolds.ids),
  /** A preview's file, for the page that asks to import it; not kept once imported. */
  csv: z.string().optional(),
})
type PageAnswer = z.infer<typeof pageAnswer>

const IMPORT_PAGE = 'organisations/pages/import.njk'
const columns = { organisationColumns: csvLine(organisationColumns), userColumns: csvLine(userColumns) }

/**
 * The area page's import: one address for preview and import. Sent without `confirm` it checks the rows and shows
 * them (nothing written); the preview's button sends the file again with `confirm=yes` and a submission key of
 * its own, so sent twice it imports once, then goes to the area with how many were imported.
 */
export const importArea = defineStep<Area, PageAnswer>({
  ...areaImport((out) => out.what),
  operationId: 'importArea',
  mount: 'page',
  path: '/area/import',
  title: 'Import organisations or people',
  fields: {
    what: radios({
      label: 'What does the file hold?',
      required: 'Choose what the file holds',
      options: fileHolds.options,
    }),
    csv: csvField,
    confirm: yesNo({ label: 'Import the rows checked' }),
  },
  run: async (ctx, input, area) => {
    const what = input['what'] === 'users' ? 'users' : 'organisations'
    const csv = String(input['csv'])
    const result = await runImport(ctx, what, csv, input['confirm'] !== true, area)
    return result.ok ? ok({ ...result.value, what, ...(result.value.written ? {} : { csv }) }) : result
  },
  output: pageAnswer,
  template: IMPORT_PAGE,
  templateData: () => columns,
  shows: (out) =>
    out.written
      ? undefined
      : {
          template: IMPORT_PAGE,
          data: {
            pageTitle: 'Check the rows before importing',
            values: { what: out.what, csv: out.csv },
            preview: { what: out.what, rows: out.rows },
            submissionKey: randomUUID(),
            ...columns,
          },
        },
})
