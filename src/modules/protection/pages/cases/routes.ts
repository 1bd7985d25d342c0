import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { viewCase, type CaseView } from '../../queries/viewCase.js'
import { referralSections } from '../../../referrals/pages/present.js'
import { codeLabel, referralSources } from '../../domain/codes.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { formText } from '../../../../platform/web/forms.js'
import { caseForms, type CaseForm } from './caseForms.js'
import { errorsFor, type Body } from './fields.js'

type Params = { id: string; conferenceId?: string }

/** How a refused action is shown: field errors on the form, or one plain sentence above it. */
export function problemStatus(code: string): number {
  if (code === 'EPISODE.NOT_ALLOWED') return 403
  if (
    code === 'EPISODE.STEP_NOT_ALLOWED' ||
    code === 'EPISODE.ALREADY_SUBMITTED' ||
    code === 'CASE.CONFLICT' ||
    code === 'EPISODE.CLOCK_FAILED' ||
    code === 'CONFERENCE.HELD'
  )
    return 409
  return 400
}

const agencyNames: Record<string, string> = {
  local_authority: 'Local authority',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  referring_agency: 'Referring agency',
  other: 'Other',
}

/** The case page and every form that moves a case on, for children's social care of the holding local authority. */
export function caseRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options
  const serviceUrl = deps.settings.serviceUrl

  app.get<{ Params: Params }>('/cases/:id', async (request, reply) => {
    const result = await viewCase(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    const v = result.value
    const q = (request.query ?? {}) as Body
    return reply.page('protection/pages/cases/case.njk', {
      pageTitle: `${v.child.givenName} ${v.child.familyName}: case ${v.reference}`,
      c: v,
      recorded: formText(q.recorded, 10) === '1',
      sourceLabel: codeLabel(referralSources, v.referral.sourceCode),
      carriedSections: v.carried === null ? [] : referralSections(v.carried),
      agencyNames,
      submissionKey: randomUUID(),
    })
  })

  function renderForm(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    form: CaseForm,
    view: CaseView,
    body: Body,
    error?: { code: string; message: string; fields?: Readonly<Record<string, string>> },
    status = 200,
  ) {
    const fields = form.fields(view, body)
    const unavailable = form.unavailable?.(view)
    const fieldProblems = error?.fields !== undefined && error.code !== 'EPISODE.NOT_ALLOWED' ? error.fields : undefined
    const problem = error === undefined ? undefined : fieldProblems === undefined ? error.message : undefined
    const errors =
      error === undefined ? undefined : errorsFor(fields, fieldProblems ?? { 'form-problem': error.message })
    const conferenceId =
      request.params.conferenceId ?? (form.path === 'initial-conference/decision' ? view.pendingConference : null)
    return reply.page(
      'protection/pages/cases/form.njk',
      {
        pageTitle: `${form.heading}: ${view.child.givenName} ${view.child.familyName}`,
        caption: `${view.child.givenName} ${view.child.familyName} – case ${view.reference}`,
        heading: form.heading,
        intro: unavailable === undefined ? (form.intro?.(view) ?? []) : [unavailable],
        closed: unavailable !== undefined,
        fields,
        errors,
        problem,
        submitText: form.submitText,
        action: `/cases/${view.id}/${form.path.replace(':conferenceId', conferenceId ?? '')}`,
        conferenceId,
        backHref: `/cases/${view.id}`,
        submissionKey: formText(body.submissionKey, 200) || randomUUID(),
      },
      status,
    )
  }

  for (const form of caseForms) {
    const url = `/cases/:id/${form.path}`
    app.get<{ Params: Params }>(url, async (request, reply) => {
      const result = await viewCase(deps, request.actor as Actor, request.params.id, request.meta)
      if (!result.ok) return reply.callNotFound()
      if (
        request.params.conferenceId !== undefined &&
        !result.value.conferences.some((c) => c.id === request.params.conferenceId)
      )
        return reply.callNotFound()
      return renderForm(request, reply, form, result.value, {})
    })
    app.post<{ Params: Params }>(url, async (request, reply) => {
      const body = (request.body ?? {}) as Body
      const actor = request.actor as Actor
      const result = await form.run({
        deps,
        actor,
        episodeId: request.params.id,
        conferenceId: request.params.conferenceId ?? '',
        body,
        meta: request.meta,
        serviceUrl: serviceUrl,
      })
      if (result.ok) return reply.redirect(`/cases/${request.params.id}?recorded=1`, 303)
      if (result.error.code === 'EPISODE.NOT_FOUND') return reply.callNotFound()
      const view = await viewCase(deps, actor, request.params.id, request.meta)
      if (!view.ok) return reply.callNotFound()
      const error =
        result.error.code === 'EPISODE.UNKNOWN_OUTCOME'
          ? { ...result.error, fields: { outcome: 'Select an outcome' } }
          : result.error
      return renderForm(request, reply, form, view.value, body, error, problemStatus(error.code))
    })
  }
}
