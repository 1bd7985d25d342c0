import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../../platform/identity/actor.js'
import { organisationKindLabels, isOrganisationKind } from '../../../platform/identity/organisations.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiErrorSchema, apiRoute } from '../../../platform/web/apiRoute.js'
import { csvLine } from '../domain/csv.js'
import { organisationColumns, userColumns } from '../domain/importRows.js'
import { mayAdministerArea } from '../domain/policy.js'
import { mountSteps } from '../../../platform/steps/mountSteps.js'
import type { AnyStep } from '../../../platform/steps/defineStep.js'
import { createOrganisation } from '../steps/createOrganisation.js'
import { updateLocalArea } from '../steps/updateLocalArea.js'
import { importOrganisations, importUsers, type ImportError } from '../steps/importArea.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const dayInWords = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

const importForm = z.object({
  what: z.enum(['organisations', 'users'], { error: 'Choose what the file holds' }),
  csv: z
    .string({ error: 'Paste the contents of the CSV file' })
    .trim()
    .min(1, 'Paste the contents of the CSV file')
    .max(1_000_000),
  confirm: z.string().optional(),
})

/** The local area: its organisations, and importing organisations and people from CSV (preview, then import). */
export function areaRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  mountSteps(app, deps, [createOrganisation as unknown as AnyStep, updateLocalArea as unknown as AnyStep])
  app.get('/area', async (request, reply) => {
    const actor = request.actor as Actor
    const decision = mayAdministerArea(actor, actor.localAreaId)
    if (!decision.allowed)
      return denied(reply, 'Only partnership leads and local authority administrators set up the area.')
    const organisations = await deps.db
      .selectFrom('organisation')
      .select(['name', 'kind', 'urn', 'ods_code', 'safeguarding_lead_name'])
      .where('local_area_id', '=', actor.localAreaId)
      .orderBy('name')
      .execute()
    const area = await deps.db
      .selectFrom('local_area')
      .select(['name', 'la_code'])
      .where('id', '=', actor.localAreaId)
      .executeTakeFirst()
    // Who set the number and why: the history is shown where the number is, newest first.
    const changes = await deps.db
      .selectFrom('local_area_change as c')
      .innerJoin('app_user as u', 'u.id', 'c.changed_by')
      .select(['c.old_la_code', 'c.new_la_code', 'c.reason', 'c.changed_at', 'u.display_name'])
      .where('c.local_area_id', '=', actor.localAreaId)
      .orderBy('c.seq', 'desc')
      .limit(20)
      .execute()
    return reply.page('organisations/pages/area.njk', {
      pageTitle: 'Organisations in your area',
      area: { name: area?.name ?? '', laCode: area?.la_code ?? null },
      changes: changes.map((c) => ({
        from: c.old_la_code ?? 'Not recorded',
        to: c.new_la_code,
        reason: c.reason,
        by: c.display_name,
        on: dayInWords.format(new Date(c.changed_at)),
      })),
      organisations: organisations.map((o) => ({
        ...o,
        kindLabel: isOrganisationKind(o.kind) ? organisationKindLabels[o.kind] : o.kind,
      })),
    })
  })

  app.get('/area/import', async (request, reply) => {
    const actor = request.actor as Actor
    if (!mayAdministerArea(actor, actor.localAreaId).allowed)
      return denied(reply, 'Only partnership leads and local authority administrators set up the area.')
    return reply.page('organisations/pages/import.njk', {
      pageTitle: 'Import organisations or people',
      values: {},
      organisationColumns: csvLine(organisationColumns),
      userColumns: csvLine(userColumns),
    })
  })

  // One address for preview and import: without `confirm` it checks and shows the rows; with it, it imports.
  app.post('/area/import', async (request, reply) => {
    const actor = request.actor as Actor
    if (!mayAdministerArea(actor, actor.localAreaId).allowed)
      return denied(reply, 'Only partnership leads and local authority administrators set up the area.')
    const body = (request.body ?? {}) as Record<string, unknown>
    const parsed = importForm.safeParse(body)
    const common = { organisationColumns: csvLine(organisationColumns), userColumns: csvLine(userColumns) }
    if (!parsed.success) {
      const fields: Record<string, string> = {}
      for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message
      return reply.page(
        'organisations/pages/import.njk',
        {
          pageTitle: 'Error: Import organisations or people',
          values: body,
          errors: { fields, list: Object.entries(fields).map(([k, v]) => ({ text: v, href: `#${k}` })) },
          ...common,
        },
        400,
      )
    }
    const { what, csv } = parsed.data
    const who = { kind: 'actor' as const, actor, meta: request.meta }
    const dryRun = parsed.data.confirm !== 'yes'
    const result =
      what === 'organisations'
        ? await importOrganisations(deps, who, { localArea: actor.localAreaId, csv, dryRun })
        : await importUsers(deps, who, {
            localArea: actor.localAreaId,
            csv,
            dryRun,
            serviceUrl: deps.settings.serviceUrl,
          })
    if (!result.ok) {
      const e: ImportError = result.error
      if (e.code === 'ACCESS.DENIED') return denied(reply, e.message)
      return reply.page(
        'organisations/pages/import.njk',
        {
          pageTitle: 'Error: Import organisations or people',
          values: body,
          problems: e.code === 'IMPORT.INVALID' ? e.problems : [],
          errors: { fields: { csv: e.message }, list: [{ text: e.message, href: '#problems' }] },
          ...common,
        },
        400,
      )
    }
    if (dryRun)
      return reply.page('organisations/pages/import.njk', {
        pageTitle: 'Check the rows before importing',
        values: body,
        preview: { what, rows: result.value.rows },
        ...common,
      })
    return reply.redirect(`/area?imported=${result.value.rows.length}`, 303)
  })
}

const importBody = z.object({
  csv: z.string().min(1).max(1_000_000).meta({ description: 'The CSV text, headings on the first row' }),
  dryRun: z.boolean().optional().meta({ description: 'Check and preview only: nothing is written' }),
})
const importAnswer = z.object({
  rows: z.array(z.looseObject({ row: z.number().int() })).meta({ description: 'The rows read, as checked' }),
  written: z.boolean().meta({ description: 'False for a preview: nothing was written' }),
})
const importRefusal = apiErrorSchema.extend({
  errors: z
    .array(z.object({ row: z.number().int().optional(), field: z.string().optional(), message: z.string() }))
    .optional()
    .meta({ description: 'Every bad row, as { row, field, message }' }),
})
const importRoute = (what: 'organisations' | 'users') =>
  apiRoute({
    operationId: what === 'organisations' ? 'importOrganisations' : 'importUsers',
    tag: 'Organisations',
    summary:
      what === 'organisations'
        ? 'Import organisations into your area from CSV, all or nothing (name,kind,urn,ods_code,phone,email,safeguarding_lead,safeguarding_lead_email)'
        : 'Import people into your area’s organisations from CSV, all or nothing (organisation,email,name,roles); each is invited',
    body: importBody,
    ok: {
      200: { description: 'Preview: every row is correct; nothing written', schema: importAnswer },
      201: { description: 'Imported, all rows', schema: importAnswer },
    },
    errors: {
      400: { description: 'Nothing written: every bad row, as { row, field, message }', schema: importRefusal },
      403: 'Only partnership leads and local authority administrators set up the area',
    },
  })

/** importOrganisations and importUsers through the JSON API: 201 with the rows, or 400 listing every bad row. */
export function areaApiRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  for (const what of ['organisations', 'users'] as const) {
    app.post(`/api/v1/area/${what}/import`, importRoute(what), async (request, reply) => {
      const actor = request.actor as Actor
      const body = importBody.safeParse(request.body ?? {})
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: 'Send the CSV text as csv' })
      const who = { kind: 'actor' as const, actor, meta: request.meta }
      const input = { localArea: actor.localAreaId, csv: body.data.csv, dryRun: body.data.dryRun === true }
      const result =
        what === 'organisations'
          ? await importOrganisations(deps, who, input)
          : await importUsers(deps, who, { ...input, serviceUrl: deps.settings.serviceUrl })
      if (!result.ok) {
        const e = result.error
        if (e.code === 'ACCESS.DENIED') return reply.code(403).send({ error: e.code, message: e.message })
        return reply.code(400).send({
          error: e.code,
          message: e.message,
          errors:
            e.code === 'IMPORT.INVALID'
              ? e.problems.map((p) => ({ row: p.row, field: p.column, message: p.message }))
              : [],
        })
      }
      return reply.code(result.value.written ? 201 : 200).send(result.value)
    })
  }
}
