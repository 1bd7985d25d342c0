import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { checkProtectionPlan } from '../steps/checkProtectionPlan.js'
import { listProtectionChecks } from '../queries/listProtectionChecks.js'
import { viewProtectionCheck } from '../queries/viewProtectionCheck.js'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { formDate, formErrors, formText } from '../../../platform/web/forms.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

type Body = Record<string, unknown>

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) })

/**
 * The date of birth as the check expects it: a real date as YYYY-MM-DD, nothing when left blank, and something
 * that is not a date when partly filled or impossible (so the check says so, if it needs the date at all).
 */
function dateOfBirthFrom(body: Body): string | undefined {
  const date = formDate(body, 'dateOfBirth')
  if (date.kind === 'blank') return undefined
  return date.kind === 'date' ? formatLocalDate(date.value) : 'not a date'
}

export function protectionCheckRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const serviceUrl = deps.settings.serviceUrl
  const mayCheck = (actor: Actor) => decide(actor, { kind: 'protection.check', localAreaId: actor.localAreaId }).allowed
  const cannotCheck =
    'Only police officers and health safeguarding professionals check whether a child has a child protection plan.'

  app.get('/protection-check', async (request, reply) => {
    if (!mayCheck(request.actor as Actor)) return denied(reply, cannotCheck)
    return reply.page('protection-check/pages/check.njk', {
      pageTitle: 'Check for a child protection plan',
      values: {},
    })
  })

  app.post('/protection-check', async (request, reply) => {
    const actor = request.actor as Actor
    const body = (request.body ?? {}) as Body
    const values = Object.fromEntries(
      [
        'nhsNumber',
        'givenName',
        'familyName',
        'dateOfBirth-day',
        'dateOfBirth-month',
        'dateOfBirth-year',
        'reason',
      ].map((k) => [k, formText(body[k], 2000)]),
    )
    const result = await checkProtectionPlan(
      deps,
      actor,
      {
        nhsNumber: values.nhsNumber,
        givenName: values.givenName,
        familyName: values.familyName,
        dateOfBirth: dateOfBirthFrom(body),
        reason: formText(body.reason, 5000),
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED') return denied(reply, cannotCheck)
      const errors = formErrors(
        result.error.fields ?? { nhsNumber: result.error.message },
        ['nhsNumber', 'givenName', 'familyName', 'dateOfBirth', 'reason'],
        ['dateOfBirth'],
      )
      return reply.page(
        'protection-check/pages/check.njk',
        { pageTitle: 'Check for a child protection plan', values, errors },
        400,
      )
    }
    return reply.redirect(`/protection-check/${result.value.id}`, 303)
  })

  app.get<{ Params: { id: string } }>('/protection-check/:id', async (request, reply) => {
    const result = await viewProtectionCheck(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.page('protection-check/pages/result.njk', {
      pageTitle: result.value.planFound ? 'Child protection plan found' : 'No exact match with a child protection plan',
      check: result.value,
    })
  })

  app.get('/protection-checks', async (request, reply) => {
    const q = pageQuery.parse(typeof request.query === 'object' && request.query !== null ? request.query : {})
    const result = await listProtectionChecks(deps, request.actor as Actor, { page: q.page ?? 1 }, request.meta)
    if (!result.ok)
      return denied(
        reply,
        'Only the local authority’s children’s social care sees the checks made about children in its area.',
      )
    return reply.page('protection-check/pages/checks.njk', {
      pageTitle:
        result.value.pages > 1
          ? `Child protection plan checks (page ${result.value.page} of ${result.value.pages})`
          : 'Child protection plan checks',
      view: result.value,
    })
  })
}
