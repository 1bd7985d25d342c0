import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { randomUUID } from 'node:crypto'
import { defaultScope, listDeadlines, type DeadlineQuery, type DeadlineScope } from '../queries/listDeadlines.js'
import { loadPartnershipClock } from '../steps/partnershipClock.js'
import { localNonWorkingDays } from '../queries/localNonWorkingDays.js'
import { decide } from '../../access/domain/policy.js'
import { BANK_HOLIDAY_YEARS } from '../../../platform/calendar/bankHolidays.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { describeDuration, findRule, timescaleRules, type TimescaleBasis } from '../domain/rules.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'
import { filterItems } from '../../../platform/web/filterItems.js'

/** What each kind of rule is, and what a partnership may do with it, in the words the timescales page uses. */
const BASIS_TEXT: Record<TimescaleBasis, string> = {
  law: 'Set in law or owed to a national body: cannot be changed locally',
  'national-guidance': 'National guidance: may be shortened locally, not lengthened',
  'local-practice': 'Local practice, not a national rule: each partnership may set its own',
}

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
      ruleItems: filterItems(
        'All timescales',
        timescaleRules.map((r) => ({ value: r.id, text: r.name })),
        query.ruleId,
      ),
      describeDuration,
      scopeNames: { mine: 'Your work', team: `${actor.organisationName}`, partnership: 'Whole partnership' },
    })
  })

  async function timescalesPage(actor: Actor) {
    const clock = await loadPartnershipClock(deps.db, actor.localAreaId)
    const days = await localNonWorkingDays(deps.db, actor.localAreaId)
      .select(['id', 'day', 'description'])
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
      // Each form on the page carries its own submission key: sent twice, it changes the calendar once.
      days: days.map((d) => ({ ...d, submissionKey: randomUUID() })),
      addKey: randomUUID(),
      bankHolidayYears: `${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}`,
    }
  }

  app.get('/timescales', async (request, reply) =>
    reply.page('timescales/pages/timescales.njk', await timescalesPage(request.actor as Actor)),
  )

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
