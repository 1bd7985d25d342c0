import type { FastifyInstance } from 'fastify'
import { caseloadStatusLabels } from '../../queries/caseloadQuery.js'
import { myCaseload } from '../../queries/myCaseload.js'
import { teamCaseload } from '../../queries/teamCaseload.js'
import { decide } from '../../../access/domain/policy.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { parseCaseloadQuery, type ParsedCaseloadQuery } from '../../api/caseload.js'
import type { Deps, RequestMeta } from '../../../../platform/context.js'
import type { Result } from '../../../../platform/shared/result.js'
import { deniedPage as denied } from '../../../../platform/web/deniedPage.js'
import { filterItems } from '../../../../platform/web/filterItems.js'

const roleNames = {
  lead_practitioner: 'Lead practitioner',
  team_manager: 'Team manager',
  conference_chair: 'Conference chair',
}

/** A link to the same list with some parameters changed (page reset unless given). */
function linker(base: string, current: Record<string, string | number | undefined>) {
  return (overrides: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...current, page: undefined, ...overrides }))
      if (v !== undefined && v !== '' && !(k === 'page' && v === 1) && !(k === 'sort' && v === 'due'))
        params.set(k, String(v))
    const qs = params.toString()
    return qs === '' ? base : `${base}?${qs}`
  }
}

/**
 * A caseload list page: the person's list for the address's sort, status, page (and worker), or the plain refusal
 * when they have no such list.
 */
function caseloadList<V>(
  app: FastifyInstance,
  { deps }: WebOptions,
  list: {
    readonly path: string
    readonly read: (deps: Deps, actor: Actor, q: ParsedCaseloadQuery, meta: RequestMeta) => Promise<Result<V, unknown>>
    readonly refused: string
    readonly template: string
    readonly values: (view: V, actor: Actor) => Record<string, unknown>
  },
): void {
  const { path, read, refused, template, values } = list
  app.get(path, async (request, reply) => {
    const actor = request.actor as Actor
    const result = await read(deps, actor, parseCaseloadQuery(request.query), request.meta)
    if (!result.ok) return denied(reply, refused)
    return reply.page(`protection/pages/caseload/${template}`, values(result.value, actor))
  })
}

export function caseloadRoutes(app: FastifyInstance, options: WebOptions): void {
  caseloadList(app, options, {
    path: '/caseload',
    read: myCaseload,
    refused: 'Only social care staff who hold cases have a caseload.',
    template: 'caseload.njk',
    values: (view, actor) => ({
      pageTitle: view.pages > 1 ? `My cases (page ${view.page} of ${view.pages})` : 'My cases',
      view,
      link: linker('/caseload', { sort: view.sort, status: view.status, page: view.page }),
      statusNames: caseloadStatusLabels,
      roleNames,
      canSeeTeam: decide(actor, { kind: 'caseload.view_team', organisationId: actor.organisationId }).allowed,
    }),
  })
  caseloadList(app, options, {
    path: '/caseload/team',
    read: teamCaseload,
    refused: 'Only team managers see their team’s caseload.',
    template: 'team.njk',
    values: (view) => ({
      pageTitle: `Team caseload${view.workerName === undefined ? '' : `: ${view.workerName}`}${view.pages > 1 ? ` (page ${view.page} of ${view.pages})` : ''}`,
      view,
      link: linker('/caseload/team', { worker: view.worker, sort: view.sort, status: view.status, page: view.page }),
      statusNames: caseloadStatusLabels,
      workerItems: filterItems(
        'Everyone',
        view.workers.map((w) => ({ value: w.workerId ?? 'unallocated', text: w.name })),
        view.worker,
      ),
    }),
  })
}
