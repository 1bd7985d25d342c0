import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { addNonWorkingDay, removeNonWorkingDay } from '../steps/changeNonWorkingDays.js'
import { defaultScope, listDeadlines, type DeadlineQuery, type DeadlineScope } from '../queries/listDeadlines.js'
import { loadPartnershipClock } from '../steps/partnershipClock.js'
import { setTimescaleOverride } from '../steps/setTimescaleOverride.js'
import { decide } from '../../access/domain/policy.js'
import { BANK_HOLIDAY_YEARS } from '../../../platform/calendar/bankHolidays.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { findRule, timescaleRules, type Duration, type TimescaleBasis } from '../domain/rules.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { formDate, formErrors, zodFieldErrors } from '../../../platform/web/forms.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const unitWords: Record<string, [string, string]> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
}
/** What each kind of rule is, and what a partnership may do with it, in the words the timescales page uses. */
const BASIS_TEXT: Record<TimescaleBasis, string> = {
  law: 'Set in law or owed to a national body: cannot be changed locally',
  'national-guidance': 'National guidance: may be shortened locally, not lengthened',
  'local-practice': 'Local practice, not a national rule: each partnership may set its own',
}

export const describeDuration = (d: Duration): string =>
  `${d.amount} ${(unitWords[d.unit] ?? ['', ''])[d.amount === 1 ? 0 : 1]}`

/** Query parameters for the list, shared by the page and the API: anything unrecognised falls back to the default. */
export const deadlineQuerySchema = z.object({
  scope: z.enum(['mine', 'team', 'partnership']).optional().catch(undefined),
  rule: z.string().max(100).optional().catch(undefined),
  status: z.enum(['overdue', 'due_today', 'due_soon', 'not_due']).optional().catch(undefined),
  sort: z.enum(['due', 'due_desc', 'rule']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
})

export function toDeadlineQuery(actor: Actor, raw: unknown): DeadlineQuery {
  const q = deadlineQuerySchema.parse(typeof raw === 'object' && raw !== null ? raw : {})
  const ruleId = q.rule !== undefined && q.rule !== '' && findRule(q.rule).ok ? q.rule : undefined
  return {
    scope: (q.scope ?? defaultScope(actor)) as DeadlineScope,
    ruleId,
    status: q.status,
    sort: q.sort ?? 'due',
    page: q.page ?? 1,
  }
}

const overrideSchema = z.object({
  amount: z
    .string({ error: 'Enter the number' })
    .trim()
    .min(1, 'Enter the number')
    .regex(/^\d+$/, 'The number must be a whole number, like 10')
    .transform(Number)
    .pipe(z.number().int().min(1, 'The number must be 1 or more').max(1000, 'The number must be 1,000 or less')),
  reason: z
    .string({ error: 'Give the reason for the local timescale' })
    .trim()
    .min(1, 'Give the reason for the local timescale')
    .max(1000, 'Reason must be 1,000 characters or fewer'),
})

const nonWorkingDaySchema = z.object({
  description: z
    .string({ error: 'Describe the day, for example “Council offices closed”' })
    .trim()
    .min(1, 'Describe the day, for example “Council offices closed”')
    .max(200, 'Description must be 200 characters or fewer'),
})

export function timescaleRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/deadlines', async (request, reply) => {
    const actor = request.actor as Actor
    const query = toDeadlineQuery(actor, request.query)
    const view = await listDeadlines(deps, actor, query, request.meta)
    if (!view.ok)
      return denied(
        reply,
        'You can see your own deadlines, and your team’s or the partnership’s only if your role allows it.',
      )
    const link = (overrides: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams()
      const merged = {
        scope: query.scope,
        rule: query.ruleId,
        status: query.status,
        sort: query.sort,
        page: undefined,
        ...overrides,
      }
      for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v))
      return `/deadlines?${params.toString()}`
    }
    return reply.page('timescales/pages/deadlines.njk', {
      pageTitle: 'Due and overdue',
      view: view.value,
      query,
      link,
      rules: timescaleRules.map((r) => ({ value: r.id, text: r.name, selected: r.id === query.ruleId })),
      describeDuration,
      scopeNames: { mine: 'Your work', team: `${actor.organisationName}`, partnership: 'Whole partnership' },
    })
  })

  async function timescalesPage(actor: Actor, extra: Record<string, unknown> = {}) {
    const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
    const days = await deps.db
      .selectFrom('local_non_working_day')
      .select(['id', 'day', 'description'])
      .where('local_area_id', '=', actor.localAreaId)
      .where('removed_at', 'is', null)
      .orderBy('day')
      .execute()
    const canManage = decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId }).allowed
    return {
      pageTitle: 'Statutory timescales',
      canManage,
      rules: timescaleRules.map((r) => {
        const e = clock.effective(r.id)
        return {
          rule: r,
          national: describeDuration({ amount: r.amount, unit: r.unit }),
          basis: BASIS_TEXT[r.basis],
          local: e?.local === undefined ? undefined : { text: describeDuration(e.local), reason: e.local.reason },
        }
      }),
      days,
      bankHolidayYears: `${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}`,
      ...extra,
    }
  }

  app.get('/timescales', async (request, reply) =>
    reply.page('timescales/pages/timescales.njk', await timescalesPage(request.actor as Actor)),
  )

  app.get<{ Params: { ruleId: string } }>('/timescales/:ruleId/local', async (request, reply) => {
    const actor = request.actor as Actor
    const rule = findRule(request.params.ruleId)
    if (!rule.ok) return reply.callNotFound()
    if (!decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId }).allowed)
      return denied(reply, 'Only safeguarding partnership leads change local timescales.')
    const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
    const local = clock.effective(rule.value.id)?.local
    return reply.page('timescales/pages/override.njk', {
      pageTitle: `Local timescale: ${rule.value.name}`,
      rule: rule.value,
      national: describeDuration(rule.value),
      values: { amount: local?.amount ?? '', reason: '' },
      hasLocal: local !== undefined,
    })
  })

  app.post<{ Params: { ruleId: string } }>('/timescales/:ruleId/local', async (request, reply) => {
    const actor = request.actor as Actor
    const rule = findRule(request.params.ruleId)
    if (!rule.ok) return reply.callNotFound()
    const body = (request.body ?? {}) as Record<string, unknown>
    const remove = body.action === 'remove'
    const render = (errors: Record<string, string>) =>
      reply.page(
        'timescales/pages/override.njk',
        {
          pageTitle: `Local timescale: ${rule.value.name}`,
          rule: rule.value,
          national: describeDuration(rule.value),
          values: { amount: body.amount, reason: body.reason },
          hasLocal: true,
          errors: formErrors(errors, ['amount', 'reason']),
        },
        400,
      )
    let amount: number | null = null
    let reason = typeof body.reason === 'string' ? body.reason : ''
    if (!remove) {
      const parsed = overrideSchema.safeParse(body)
      if (!parsed.success) return render(zodFieldErrors(parsed.error))
      amount = parsed.data.amount
      reason = parsed.data.reason
    } else if (reason.trim() === '') {
      return render({ reason: 'Give the reason for going back to the national timescale' })
    }
    const result = await setTimescaleOverride(deps, actor, { ruleId: rule.value.id, amount, reason }, request.meta)
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED')
        return denied(reply, 'Only safeguarding partnership leads change local timescales.')
      return render({ amount: result.error.fields?.['amount'] ?? result.error.message })
    }
    return reply.redirect('/timescales', 303)
  })

  app.post('/timescales/non-working-days', async (request, reply) => {
    const actor = request.actor as Actor
    const parsed = nonWorkingDaySchema.safeParse(request.body ?? {})
    const body = (request.body ?? {}) as Record<string, unknown>
    const render = async (errors: Record<string, string>) =>
      reply.page(
        'timescales/pages/timescales.njk',
        await timescalesPage(actor, { values: body, errors: formErrors(errors, ['day', 'description']) }),
        400,
      )
    const date = formDate(body, 'day')
    const errors: Record<string, string> = parsed.success ? {} : zodFieldErrors(parsed.error)
    if (date.kind === 'blank' || date.kind === 'incomplete')
      errors.day = 'Enter the date, including a day, month and year'
    else if (date.kind === 'invalid') errors.day = 'Date must be a real date, like 27 12 2027'
    if (!parsed.success || date.kind !== 'date') return render(errors)
    if (date.value.year < 2000 || date.value.year > 2099) return render({ day: 'Date must be between 2000 and 2099' })
    const result = await addNonWorkingDay(
      deps,
      actor,
      { day: date.value, description: parsed.data.description },
      request.meta,
    )
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED')
        return denied(reply, 'Only safeguarding partnership leads change the local calendar.')
      return render({ day: result.error.message })
    }
    return reply.redirect(`/timescales#local-days`, 303)
  })

  app.post<{ Params: { id: string } }>('/timescales/non-working-days/:id/remove', async (request, reply) => {
    const actor = request.actor as Actor
    const result = await removeNonWorkingDay(deps, actor, { id: request.params.id }, request.meta)
    if (!result.ok) {
      if (result.error.code === 'ACCESS.DENIED')
        return denied(reply, 'Only safeguarding partnership leads change the local calendar.')
      return reply.callNotFound()
    }
    return reply.redirect('/timescales#local-days', 303)
  })

  const deadlinesRoute = apiRoute({
    operationId: 'listDeadlines',
    tag: 'Timescales',
    summary: 'Due and overdue statutory clocks: yours, your organisation’s or your partnership’s',
    query: z.object({
      scope: z.enum(['mine', 'team', 'partnership']).optional(),
      rule: z.string().optional().meta({ description: 'A timescale rule id (listTimescales)' }),
      status: z.enum(['not_due', 'due_soon', 'due_today', 'overdue']).optional(),
      sort: z.string().optional(),
      page: z.number().int().min(1).optional(),
    }),
    ok: {
      200: {
        description: 'Counts and one page of deadlines',
        schema: z.looseObject({
          today: z.iso.date(),
          scope: z.enum(['mine', 'team', 'partnership']),
          items: z.array(z.looseObject({})),
        }),
      },
    },
    errors: { 403: 'That scope is not open to your role' },
  })
  app.get('/api/v1/deadlines', deadlinesRoute, async (request, reply) => {
    const actor = request.actor as Actor
    const view = await listDeadlines(deps, actor, toDeadlineQuery(actor, request.query), request.meta)
    if (!view.ok) return reply.code(403).send({ error: view.error.code, message: view.error.message })
    return view.value
  })

  const timescalesRoute = apiRoute({
    operationId: 'listTimescales',
    tag: 'Timescales',
    summary: 'The timescale rules, each with its source, national value and your partnership’s local value',
    ok: {
      200: {
        description: 'The rules and local non-working days',
        schema: z.object({
          rules: z.array(z.looseObject({ id: z.string(), name: z.string(), source: z.unknown(), local: z.unknown() })),
          localNonWorkingDays: z.array(z.iso.date()),
        }),
      },
    },
  })
  app.get('/api/v1/timescales', timescalesRoute, async (request) => {
    const actor = request.actor as Actor
    const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
    return {
      rules: timescaleRules.map((r) => ({ ...r, local: clock.effective(r.id)?.local ?? null })),
      localNonWorkingDays: clock.timescales.extraNonWorkingDays.map(formatLocalDate),
    }
  })
}
