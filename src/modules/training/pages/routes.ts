import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { formatLocalDate, storedDateInWords } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { isOrganisationKind } from '../../../platform/identity/organisations.js'
import { roleLabels, roleOptions, roles, type Role } from '../../../platform/identity/roles.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { wordList } from '../../../platform/shared/wordList.js'
import { apiRoute } from '../../../platform/web/apiRoute.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { filterItems } from '../../../platform/web/filterItems.js'
import { currencyDate, currencyLabels, type Currency, type CurrencyStatus } from '../domain/currency.js'
import { longDate } from '../domain/record.js'
import { courseKindLabel } from '../domain/requirements.js'
import {
  organisationCurrency,
  personCurrency,
  recordsOf,
  type OrganisationCurrency,
  type TrainingRecordRow,
} from '../queries/currency.js'
import { VERIFIER_ROLES } from '../steps/verifyTrainingRecord.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const { ids: statusFilters, options: statusFilterOptions } = wordList({
  current: 'Current',
  due30: 'Due within 30 days',
  due60: 'Due within 60 days',
  due90: 'Due within 90 days',
  lapsed: 'Lapsed',
  missing: 'Not done',
})
type StatusFilter = (typeof statusFilters)[number]

const query = z.object({
  status: z.enum(statusFilters).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
})

const count = z.number().int()
/** The answer of listTrainingCurrency, for the document. */
const currencyAnswer = z.object({
  counts: z.object({
    current: count,
    due30: count,
    due60: count,
    due90: count,
    lapsed: count,
    missing: count,
  }),
  people: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      roles: z.array(z.string()),
      unverifiedRecords: z
        .number()
        .int()
        .meta({ description: 'Records the person entered that nobody has checked yet' }),
      requirements: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          status: z.enum(['current', 'due_soon', 'lapsed', 'missing']),
          dueWithinDays: z.number().int().optional().meta({ description: 'With due_soon: 30, 60 or 90' }),
          expiresOn: z.string().nullable().meta({ description: 'YYYY-MM-DD: when it lapses, or lapsed' }),
          label: z.string(),
        }),
      ),
    }),
  ),
})

const matches = (c: Currency, f: StatusFilter | undefined): boolean => {
  if (f === undefined) return true
  if (f.startsWith('due')) return c.status === 'due_soon' && c.within <= Number(f.slice(3))
  return c.status === f
}

/** One row per requirement, as templates and the API show them. */
const currencyView = (c: Currency) => {
  const date = currencyDate(c)
  return {
    status: c.status as CurrencyStatus,
    label: c.status === 'due_soon' ? `Due within ${c.within} days` : currencyLabels[c.status],
    date: date === null ? null : longDate(date),
  }
}

/** A training record as the pages list it: the course in words and the date it was completed. */
const recordView = <R extends TrainingRecordRow>(r: R) => ({
  ...r,
  courseLabel: courseKindLabel(r.course),
  completedOnText: storedDateInWords(r.completedOn),
})

function filtered(view: OrganisationCurrency, status: StatusFilter | undefined, role: Role | undefined) {
  return view.people
    .filter((p) => role === undefined || p.roles.includes(role))
    .map((p) => ({
      ...p,
      requirements: p.requirements.filter((r) => matches(r.currency, status)),
    }))
    .filter((p) => status === undefined || p.requirements.length > 0)
}

export function trainingRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/training', async (request, reply) => {
    const actor = request.actor as Actor
    const today = todayInEngland(deps.clock.now())
    const records = await recordsOf(deps.db, [actor.userId])
    const requirements = isOrganisationKind(actor.organisationKind)
      ? personCurrency(actor.organisationKind, actor.roles, records, today)
      : []
    return reply.page('training/pages/mine.njk', {
      pageTitle: 'Your safeguarding training',
      recorded: (request.query as Record<string, unknown>).recorded === '1',
      requirements: requirements.map((r) => ({
        name: r.requirement.name,
        source: r.requirement.source,
        ...currencyView(r.currency),
      })),
      records: records.map(recordView),
    })
  })

  const mayAdminister = (actor: Actor) => hasRole(actor, ...VERIFIER_ROLES)

  async function loadOrganisationView(actor: Actor, correlationId: string) {
    const today = todayInEngland(deps.clock.now())
    return deps.db.transaction().execute(async (tx) => {
      const view = await organisationCurrency(tx, actor.organisationId, actor.organisationKind, today)
      await auditActor(tx, actor, { correlationId }, deps.clock.now(), {
        action: 'training.currency_viewed',
        subjectType: 'organisation',
        subjectId: actor.organisationId,
        reason: 'administrator of the organisation',
        details: { people: view.people.length },
      })
      return view
    })
  }

  app.get('/training/organisation', async (request, reply) => {
    const actor = request.actor as Actor
    if (!mayAdminister(actor))
      return denied(reply, 'Only your organisation’s administrator or head sees everyone’s training.')
    const q = query.parse(request.query ?? {})
    const view = await loadOrganisationView(actor, request.meta.correlationId)
    const people = filtered(view, q.status, q.role).map((p) => ({
      ...p,
      roleText: p.roles.map((r) => roleLabels[r]).join(', '),
      requirements: p.requirements.map((r) => ({ name: r.requirement.name, ...currencyView(r.currency) })),
    }))
    return reply.page('training/pages/organisation.njk', {
      pageTitle: 'Training across your organisation',
      verified: (request.query as Record<string, unknown>).verified === '1',
      counts: view.counts,
      people,
      toVerify: view.toVerify.map(recordView),
      filters: {
        status: q.status ?? '',
        role: q.role ?? '',
        statusItems: filterItems('Any', statusFilterOptions, q.status),
        roleItems: filterItems('Any role', roleOptions, q.role),
      },
    })
  })

  app.get(
    '/api/v1/training/currency',
    apiRoute({
      operationId: 'listTrainingCurrency',
      tag: 'Training',
      summary: 'Training currency across your organisation: who holds what their roles need, and what lapses when',
      query,
      ok: {
        200: { description: 'Counts by currency, and each person with their requirements', schema: currencyAnswer },
      },
      errors: { 403: 'Only administrators see training currency' },
    }),
    async (request, reply) => {
      const actor = request.actor as Actor
      if (!mayAdminister(actor))
        return reply.code(403).send({ error: 'forbidden', message: 'Only administrators see training currency' })
      const q = query.parse(request.query ?? {})
      const view = await loadOrganisationView(actor, request.meta.correlationId)
      return {
        counts: view.counts,
        people: filtered(view, q.status, q.role).map((p) => ({
          id: p.userId,
          name: p.name,
          roles: p.roles,
          unverifiedRecords: p.unverified,
          requirements: p.requirements.map(({ requirement, currency: c }) => {
            const date = currencyDate(c)
            return {
              id: requirement.id,
              name: requirement.name,
              status: c.status,
              ...(c.status === 'due_soon' ? { dueWithinDays: c.within } : {}),
              expiresOn: date === null ? null : formatLocalDate(date),
              label: currencyView(c).label,
            }
          }),
        })),
      }
    },
  )
}
