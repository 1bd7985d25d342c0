import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../../platform/identity/actor.js'
import { organisationKindLabel } from '../../../platform/identity/organisations.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { mayAdministerArea } from '../domain/policy.js'
import { mountSteps } from '../../../platform/steps/mountSteps.js'
import type { AnyStep } from '../../../platform/steps/defineStep.js'
import { createOrganisation } from '../steps/createOrganisation.js'
import { updateLocalArea } from '../steps/updateLocalArea.js'
import { importArea, importOrganisations, importUsers } from '../steps/importAreaSteps.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const dayInWords = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

/** The local area: its organisations, and its steps (adding an organisation, its number, importing from CSV). */
export function areaRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  mountSteps(app, deps, [
    createOrganisation as unknown as AnyStep,
    updateLocalArea as unknown as AnyStep,
    importArea as unknown as AnyStep,
    importOrganisations as unknown as AnyStep,
    importUsers as unknown as AnyStep,
  ])
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
        kindLabel: organisationKindLabel(o.kind),
      })),
    })
  })
}
