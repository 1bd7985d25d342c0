/**
 * The partnership's bespoke pages (the register, serious incidents, summaries asked of an agency, the action
 * log, the data set dashboards and the yearly report) and its read API. The steps' forms come from the step
 * engine. Every page checks access with the module's policy and writes an audit row.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import {
  dataSetMeasures,
  findMeasure,
  goodDirections,
  reportingYearLabel,
  reportingYearOf,
  type ReportingYear,
} from '../domain/dataSet.js'
import { reportSections } from '../domain/yearlyReport.js'
import {
  agencyLeadRoles,
  mayReadPartnership,
  mayRunPartnershipWork,
  maySignOff,
  type PartnershipDecision,
} from '../domain/policy.js'
import { measureFigures } from '../queries/dataSet.js'
import {
  actionsView,
  incidentView,
  listIncidents,
  listYearlyReports,
  partnershipView,
  summariesAskedOf,
  yearlyReportRecord,
} from '../queries/views.js'
import { measureCsv, measureView } from './dataSetView.js'
import { renderYearlyReportPdf } from './yearlyReportPdf.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'
import { sendDownload } from '../../../platform/web/parDownload.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A year from ?year=2025, or the partnership year we are in. */
function yearFrom(query: unknown, today: { year: number; month: number }): ReportingYear {
  const y = z
    .object({ year: z.coerce.number().int().min(2018).max(today.year).optional().catch(undefined) })
    .parse(typeof query === 'object' && query !== null ? query : {}).year
  return y === undefined ? reportingYearOf(today) : { startYear: y }
}

/** The links a partnership page offers: to the business team's work, and to the partners' sign-off. */
const mayAct = (actor: Actor) => ({
  mayRun: mayRunPartnershipWork(actor, actor.localAreaId).allowed,
  maySign: maySignOff(actor, actor.localAreaId).allowed,
})

const partnershipRefusal = 'Only the partnership’s leads, business manager and independent scrutineer'
const apiOptions = (operationId: string, summary: string, response: z.ZodType, measure?: true) => {
  const route = apiRoute({
    operationId,
    tag: 'Partnership',
    summary,
    ok: { 200: { description: summary, schema: response } },
    errors: measure ? { 403: partnershipRefusal, 404: 'No such measure', 414: true } : { 403: partnershipRefusal },
  })
  if (!measure) return route
  // A measure's id is its name in the agreed data set (for example 'referrals-rate'), not a UUID.
  const params = { type: 'object', required: ['measureId'], properties: { measureId: { type: 'string' } } }
  return { ...route, schema: { ...route.schema, params } as FastifySchema }
}

const measureSummary = z.object({
  id: z.string(),
  name: z.string(),
  definition: z.string(),
  numerator: z.string(),
  denominator: z.string().nullable(),
  period: z.string(),
  source: z.string(),
  goodDirection: z.enum(goodDirections),
})
const measureDetail = measureSummary.extend({
  year: z.string(),
  thisYear: z.string(),
  lastYear: z.string(),
  comparison: z.string(),
  months: z.array(z.object({ month: z.string(), thisYear: z.number().nullable(), lastYear: z.number().nullable() })),
  breakdowns: z.record(
    z.string(),
    z.array(
      z.object({
        label: z.string(),
        numerator: z.number().nullable(),
        denominator: z.number().nullable(),
        percentage: z.number().nullable(),
      }),
    ),
  ),
})
const summaryOf = (m: (typeof dataSetMeasures)[number]) => ({
  id: m.id,
  name: m.name,
  definition: m.definition,
  numerator: m.numerator,
  denominator: m.denominator,
  period: m.period,
  source: m.source,
  goodDirection: m.goodDirection,
})

export function partnershipRoutes(app: FastifyInstance, deps: Deps): void {
  /** Whether the actor may read the partnership's pages; each look is audited, on their area unless said otherwise. */
  const read = async (
    request: FastifyRequest,
    action: string,
    subjectType = 'local_area',
    subjectId = (request.actor as Actor).localAreaId,
  ): Promise<PartnershipDecision> => {
    const actor = request.actor as Actor
    const decision = mayReadPartnership(actor, actor.localAreaId)
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: decision.allowed ? action : `${action}.denied`,
      subjectType,
      subjectId,
      reason: decision.reason,
    })
    return decision
  }

  /** A page on the area's partnership as a whole: the look audited, a refusal answered with the no-access page. */
  const partnershipPage = (
    path: string,
    action: string,
    template: string,
    context: (actor: Actor) => Promise<Record<string, unknown>>,
  ) =>
    app.get(path, async (request, reply) => {
      const d = await read(request, action)
      if (!d.allowed) return denied(reply, d.reason)
      return reply.page(`partnership/pages/${template}.njk`, await context(request.actor as Actor))
    })

  /** The area's yearly reports, each named by its partnership year. */
  const yearlyReports = async (localAreaId: string) =>
    (await listYearlyReports(deps, localAreaId)).map((r) => ({
      ...r,
      label: reportingYearLabel({ startYear: r.start_year }),
    }))

  /** The measure in the path for the year asked for, its look audited; undefined (and no audit) for no such measure. */
  const measureFor = async (request: FastifyRequest<{ Params: { measureId: string } }>, action: string) => {
    const measure = findMeasure(request.params.measureId)
    if (measure === undefined) return undefined
    const d = await read(request, action)
    if (!d.allowed) return { refused: d.reason }
    const today = todayInEngland(deps.clock.now())
    const year = yearFrom(request.query, today)
    const figures = await measureFigures(deps.db, (request.actor as Actor).localAreaId, measure, year, today)
    return { view: measureView(figures), measure, year, today }
  }

  partnershipPage('/partnership', 'partnership.viewed', 'partnership', async (actor) => {
    const view = await partnershipView(deps, actor.localAreaId)
    return { pageTitle: view.name, view, reports: await yearlyReports(actor.localAreaId), ...mayAct(actor) }
  })

  partnershipPage('/partnership/incidents', 'partnership.incidents_viewed', 'incidents', async (actor) => ({
    pageTitle: 'Serious incidents and reviews',
    incidents: await listIncidents(deps, actor.localAreaId),
    mayNotify:
      actor.organisationKind === 'la_childrens_social_care' &&
      hasRole(actor, 'team_manager', 'partnership_lead', 'business_manager'),
  }))

  app.get<{ Params: { incidentId: string } }>('/partnership/incidents/:incidentId', async (request, reply) => {
    const actor = request.actor as Actor
    if (!UUID.test(request.params.incidentId)) return reply.callNotFound()
    const d = mayReadPartnership(actor, actor.localAreaId)
    if (!d.allowed) {
      await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
        action: 'partnership.serious_incident_viewed.denied',
        subjectType: 'serious_incident',
        subjectId: request.params.incidentId,
        reason: d.reason,
      })
      return reply.callNotFound()
    }
    const view = await incidentView(deps, actor, request.params.incidentId, d.reason, request.meta)
    if (view === undefined) return reply.callNotFound()
    return reply.page('partnership/pages/incident.njk', {
      pageTitle: `Serious incident ${view.reference}`,
      incident: view,
      ...mayAct(actor),
      query: request.query,
    })
  })

  app.get('/partnership/summaries', async (request, reply) => {
    const actor = request.actor as Actor
    const allowed = hasRole(actor, ...agencyLeadRoles)
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: allowed ? 'partnership.summaries_viewed' : 'partnership.summaries_viewed.denied',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: allowed ? 'answers for its agency' : 'not a safeguarding lead',
    })
    if (!allowed)
      return denied(reply, 'Your organisation’s safeguarding lead answers requests for rapid review summaries.')
    return reply.page('partnership/pages/summaries.njk', {
      pageTitle: 'Rapid review summaries asked of your agency',
      items: await summariesAskedOf(deps, actor),
      submitted: (request.query as Record<string, unknown>).submitted === '1',
    })
  })

  app.get('/partnership/actions', async (request, reply) => {
    const actor = request.actor as Actor
    const partnership = mayReadPartnership(actor, actor.localAreaId)
    const owner = !partnership.allowed && hasRole(actor, ...agencyLeadRoles, 'org_admin')
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: partnership.allowed || owner ? 'partnership.actions_viewed' : 'partnership.actions_viewed.denied',
      subjectType: owner ? 'organisation' : 'local_area',
      subjectId: owner ? actor.organisationId : actor.localAreaId,
      reason: owner ? 'the actions its organisation owns' : partnership.reason,
    })
    if (!partnership.allowed && !owner) return denied(reply, partnership.reason)
    const view = await actionsView(deps, actor.localAreaId, owner ? actor.organisationId : undefined)
    return reply.page('partnership/pages/actions.njk', {
      pageTitle: 'Recommendations and actions',
      view,
      ownOnly: owner,
      mayRun: mayRunPartnershipWork(actor, actor.localAreaId).allowed,
      query: request.query,
    })
  })

  partnershipPage('/partnership/data-set', 'partnership.data_set_viewed', 'data-set', async () => ({
    pageTitle: 'The agreed data set',
    measures: dataSetMeasures,
  }))

  app.get<{ Params: { measureId: string } }>('/partnership/data-set/:measureId', async (request, reply) => {
    const found = await measureFor(request, 'partnership.measure_viewed')
    if (found === undefined) return reply.callNotFound()
    if ('refused' in found) return denied(reply, found.refused)
    const { view, year } = found
    const current = reportingYearOf(found.today).startYear
    return reply.page('partnership/pages/measure.njk', {
      pageTitle: view.name,
      view,
      yearValue: year.startYear,
      years: [current, current - 1, current - 2].map((y) => ({
        value: y,
        label: reportingYearLabel({ startYear: y }),
        current: y === year.startYear,
      })),
    })
  })

  app.get<{ Params: { measureId: string } }>('/partnership/data-set/:measureId/csv', async (request, reply) => {
    const found = await measureFor(request, 'partnership.measure_downloaded')
    if (found === undefined) return reply.callNotFound()
    if ('refused' in found) return denied(reply, found.refused)
    const { view, year } = found
    return sendDownload(reply, `${view.id}-${year.startYear}.csv`, measureCsv(view))
  })

  /** The yearly report in the path with the figures and actions it shows, its look audited (a refusal first). */
  const reportFor = async (request: FastifyRequest<{ Params: { reportId: string } }>, action: string) => {
    const actor = request.actor as Actor
    const id = request.params.reportId
    const d = await read(request, action, 'yearly_report', id)
    if (!d.allowed) return { refused: d.reason }
    if (!UUID.test(id)) return undefined
    const report = await yearlyReportRecord(deps, id)
    if (report === undefined || report.localAreaId !== actor.localAreaId) return undefined
    const today = todayInEngland(deps.clock.now())
    const year = { startYear: report.startYear }
    const measures = await Promise.all(
      dataSetMeasures.map(async (m) => measureView(await measureFigures(deps.db, actor.localAreaId, m, year, today))),
    )
    const actions = await actionsView(deps, actor.localAreaId)
    return { report, measures, actions, yearLabel: reportingYearLabel(year) }
  }

  partnershipPage(
    '/partnership/yearly-reports',
    'partnership.yearly_reports_viewed',
    'yearly-reports',
    async (actor) => ({
      pageTitle: 'Yearly reports',
      reports: await yearlyReports(actor.localAreaId),
      mayRun: mayRunPartnershipWork(actor, actor.localAreaId).allowed,
    }),
  )

  app.get<{ Params: { reportId: string } }>('/partnership/yearly-reports/:reportId', async (request, reply) => {
    const page = await reportFor(request, 'partnership.yearly_report_viewed')
    if (page === undefined) return reply.callNotFound()
    if ('refused' in page) return denied(reply, page.refused)
    return reply.page('partnership/pages/yearly-report.njk', {
      pageTitle: `Yearly report, ${page.yearLabel}`,
      ...page,
      sections: reportSections,
      ...mayAct(request.actor as Actor),
    })
  })

  app.get<{ Params: { reportId: string } }>('/partnership/yearly-reports/:reportId/pdf', async (request, reply) => {
    const page = await reportFor(request, 'partnership.yearly_report_downloaded')
    if (page === undefined) return reply.callNotFound()
    if ('refused' in page) return denied(reply, page.refused)
    if (page.report.version === null) return reply.callNotFound()
    const pdf = await renderYearlyReportPdf({
      title: `Safeguarding children partnership: yearly report, ${page.yearLabel}`,
      status:
        page.report.state === 'published'
          ? 'Signed off by the three lead safeguarding partners and published.'
          : `Draft (version ${page.report.version}): not yet signed off.`,
      sections: page.report.sections,
      measures: page.measures,
      actions: page.actions.items.map((a) => ({
        reference: a.reference,
        description: a.description,
        owner: a.ownerOrganisation,
        dueOn: a.dueOn,
        status: a.overdue ? `${a.statusLabel} (overdue)` : a.statusLabel,
      })),
      signOffs: page.report.signOffs,
    })
    return sendDownload(reply, `yearly-report-${page.report.startYear}.pdf`, pdf)
  })

  // The read API: the register, the measures' definitions, and one measure's suppressed figures.
  app.get(
    '/api/v1/partnership',
    apiOptions('getPartnership', 'The safeguarding partnership’s register and documents', z.object({}).passthrough()),
    async (request, reply) => {
      const actor = request.actor as Actor
      const d = await read(request, 'partnership.viewed')
      if (!d.allowed) return reply.code(403).send({ error: 'forbidden', message: d.reason })
      return reply.header('cache-control', 'no-store').send(await partnershipView(deps, actor.localAreaId))
    },
  )

  app.get(
    '/api/v1/partnership/data-set',
    apiOptions(
      'listDataSetMeasures',
      'The agreed data set’s measures and their definitions',
      z.object({ measures: z.array(measureSummary) }),
    ),
    async (request, reply) => {
      const d = await read(request, 'partnership.data_set_viewed')
      if (!d.allowed) return reply.code(403).send({ error: 'forbidden', message: d.reason })
      return reply.header('cache-control', 'no-store').send({ measures: dataSetMeasures.map(summaryOf) })
    },
  )

  app.get<{ Params: { measureId: string } }>(
    '/api/v1/partnership/data-set/:measureId',
    apiOptions(
      'getDataSetMeasure',
      'One measure for a partnership year, with small numbers suppressed',
      measureDetail,
      true,
    ),
    async (request, reply) => {
      const found = await measureFor(request, 'partnership.measure_viewed')
      if (found === undefined)
        return reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' })
      if ('refused' in found) return reply.code(403).send({ error: 'forbidden', message: found.refused })
      const { view, measure } = found
      return reply.header('cache-control', 'no-store').send({
        ...summaryOf(measure),
        year: view.yearLabel,
        thisYear: view.headline.thisYear,
        lastYear: view.headline.lastYear,
        comparison: view.headline.comparison,
        months: view.data.months,
        breakdowns: view.data.breakdowns,
      })
    },
  )
}
