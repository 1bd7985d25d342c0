import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../../platform/identity/actor.js'
import type { WebOptions } from '../../../platform/web/options.js'
import type { FamilyHelpStep } from '../domain/episode.js'
import { outcomeAreaLabels, reviewDecisionLabels, reviewProgressLabels } from '../domain/codes.js'
import { areaFilterLabels, areaFilters, areaQuery, areaView, listMyFamilies } from '../queries/listEpisodes.js'
import { viewFamilyHelpEpisode } from '../queries/viewEpisode.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

/** Each step's action on the episode page: where its form is and what it is called. */
const actionLinks: Readonly<Record<FamilyHelpStep, { path: string; text: string } | undefined>> = {
  record_consent: { path: 'consent', text: 'Record consent' },
  assign_lead_practitioner: { path: 'lead-practitioner', text: 'Name the lead practitioner' },
  add_team_member: { path: 'team', text: 'Add to the team' },
  record_assessment: { path: 'assessments', text: 'Record the assessment' },
  record_plan: { path: 'plans', text: 'Record the family plan' },
  schedule_meeting: { path: 'meetings', text: 'Arrange a meeting' },
  submit_contribution: undefined,
  record_review: { path: 'reviews', text: 'Record a review' },
  step_up: { path: 'step-up', text: 'Step up to children’s social care' },
  close: { path: 'closure', text: 'Close family help' },
}

export function familyHelpPageRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get<{ Params: { id: string }; Querystring: { recorded?: string } }>(
    '/family-help/:id',
    async (request, reply) => {
      const result = await viewFamilyHelpEpisode(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return reply.callNotFound()
      const view = result.value
      const meetings = view.steps.filter((s) => s.step === 'schedule_meeting')
      return reply.page('family-help/pages/episode.njk', {
        pageTitle: `Family help ${view.reference}`,
        view,
        recorded: request.query.recorded === '1',
        areaLabels: outcomeAreaLabels,
        // A review's progress and decision in the words of the form, not their codes.
        progressLabels: reviewProgressLabels,
        reviewDecisionLabels,
        actions: view.actions
          .map((a) => actionLinks[a])
          .filter((a): a is { path: string; text: string } => a !== undefined),
        canContribute: view.actions.includes('submit_contribution'),
        meetings: meetings.map((m) => ({
          ...m,
          contributions: view.steps.filter((s) => s.step === 'submit_contribution' && s.details['meetingId'] === m.id),
          reviewed: view.steps.some((s) => s.step === 'record_review' && s.details['meetingId'] === m.id),
        })),
      })
    },
  )

  app.get('/family-help/mine', async (request, reply) => {
    const result = await listMyFamilies(deps, request.actor as Actor, request.meta)
    if (!result.ok) return denied(reply, result.error.message)
    return reply.page('family-help/pages/mine.njk', { pageTitle: 'My families', items: result.value })
  })

  app.get<{ Querystring: { filter?: string; page?: string } }>('/family-help/area', async (request, reply) => {
    const asked = areaQuery(request.query)
    const result = await areaView(deps, request.actor as Actor, asked, request.meta)
    if (!result.ok)
      return denied(reply, 'Only the local authority’s early help coordinators see family help across the area.')
    return reply.page('family-help/pages/area.njk', {
      pageTitle:
        result.value.pages > 1 ? `Family help in your area (page ${result.value.page})` : 'Family help in your area',
      view: result.value,
      filter: asked.filter,
      filters: areaFilters.map((f) => ({ id: f, label: areaFilterLabels[f], count: result.value.counts[f] })),
    })
  })
}
