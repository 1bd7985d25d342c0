import type { FastifyInstance } from 'fastify'
import type { CaseloadStatus } from '../../queries/caseloadQuery.js'
import { myCaseload } from '../../queries/myCaseload.js'
import { teamCaseload } from '../../queries/teamCaseload.js'
import { decide } from '../../../access/domain/policy.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { parseCaseloadQuery } from '../../api/caseload.js'
import { deniedPage as denied } from '../../../../platform/web/deniedPage.js'

export const statusNames: Readonly<Record<CaseloadStatus, string>> = {
  overdue: 'Overdue',
  due_today: 'Due today',
  due_soon: 'Due soon',
  not_due: 'Not due yet',
  none: 'No statutory timescale running',
}
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

export function caseloadRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/caseload', async (request, reply) => {
    const actor = request.actor as Actor
    const q = parseCaseloadQuery(request.query)
    const result = await myCaseload(deps, actor, q, request.meta)
    if (!result.ok) return denied(reply, 'Only social care staff who hold cases have a caseload.')
    const view = result.value
    return reply.page('protection/pages/caseload/caseload.njk', {
      pageTitle: view.pages > 1 ? `My cases (page ${view.page} of ${view.pages})` : 'My cases',
      view,
      link: linker('/caseload', { sort: view.sort, status: view.status, page: view.page }),
      statusNames,
      roleNames,
      canSeeTeam: decide(actor, { kind: 'caseload.view_team', organisationId: actor.organisationId }).allowed,
    })
  })

  app.get('/caseload/team', async (request, reply) => {
    const actor = request.actor as Actor
    const q = parseCaseloadQuery(request.query)
    const result = await teamCaseload(deps, actor, q, request.meta)
    if (!result.ok) return denied(reply, 'Only team managers see their team’s caseload.')
    const view = result.value
    return reply.page('protection/pages/caseload/team.njk', {
      pageTitle: `Team caseload${view.workerName === undefined ? '' : `: ${view.workerName}`}${view.pages > 1 ? ` (page ${view.page} of ${view.pages})` : ''}`,
      view,
      link: linker('/caseload/team', { worker: view.worker, sort: view.sort, status: view.status, page: view.page }),
      statusNames,
      workerItems: [
        { value: '', text: 'Everyone' },
        ...view.workers.map((w) => ({
          value: w.workerId ?? 'unallocated',
          text: w.name,
          selected: view.worker === (w.workerId ?? 'unallocated'),
        })),
      ],
    })
  })
}
