import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { viewCase } from '../../queries/viewCase.js'
import { referralSections } from '../../../referrals/pages/present.js'
import { codeLabel, referralSources } from '../../domain/codes.js'
import type { Actor } from '../../../../platform/identity/actor.js'
import type { WebOptions } from '../../../../platform/web/options.js'
import { formText } from '../../../../platform/web/forms.js'

type Params = { id: string }

const agencyNames: Record<string, string> = {
  local_authority: 'Local authority',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  referring_agency: 'Referring agency',
  other: 'Other',
}

/**
 * The case page, for children's social care of the holding local authority. The forms that move a case on are step
 * declarations (protectionSteps), mounted with the other steps.
 */
export function caseRoutes(app: FastifyInstance, options: WebOptions): void {
  const { deps } = options

  app.get<{ Params: Params }>('/cases/:id', async (request, reply) => {
    const result = await viewCase(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    const v = result.value
    const q = (request.query ?? {}) as Readonly<Record<string, unknown>>
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
}
