import type { FastifyInstance, FastifyReply } from 'fastify'
import { randomUUID } from 'node:crypto'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { asArray, formDate, formErrors, formText } from '../../../platform/web/forms.js'
import type { WebOptions } from '../../../platform/web/options.js'
import {
  consentLabels,
  consentStates,
  decisionLabels,
  directionLabels,
  gatewayLabels,
  gateways,
  lawfulBases,
  lawfulBasisLabels,
  specialCategoryLabels,
} from '../domain/sharingDecision.js'
import { recordSharingDecision, confirmSharingReceipt } from '../steps/recordSharingDecision.js'
import { openRecordWithReason } from '../steps/openRecordWithReason.js'
import {
  listInvolvedOrganisations,
  listSharingDecisions,
  recipientOrganisations,
  shareableEntries,
} from '../queries/childSharing.js'
import { listRecordAccess, recordAccessCsv } from '../queries/recordAccess.js'
import { sharingSettings } from '../queries/sharingFacts.js'
import { decideSharing } from '../domain/policy.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

type Body = Record<string, unknown>

/** The form's fields, in the order the error summary lists them. */
const fieldOrder = [
  'direction',
  'requestedBy',
  'decision',
  'adviceFrom',
  'adviceSoughtOn',
  'recipientOrganisationId',
  'recipientPerson',
  'consent',
  'consentNotSoughtReason',
  'lawfulBasis',
  'specialCategory',
  'gateways',
  'told',
  'toldReason',
  'identitiesAtRisk',
  'redactions',
  'detriment',
  'detrimentReasons',
  'necessity',
  'entryIds',
  'summary',
  'sharedOn',
  'refusalReasons',
]
const textFields = fieldOrder.filter((f) => !['gateways', 'entryIds', 'adviceSoughtOn', 'sharedOn'].includes(f))

/** A GOV.UK date input as YYYY-MM-DD: blank when blank, something that is not a date when wrong. */
function dateFrom(body: Body, prefix: string): string | undefined {
  const d = formDate(body, prefix)
  if (d.kind === 'blank') return undefined
  return d.kind === 'date' ? formatLocalDate(d.value) : 'not a date'
}

const labelled = <T extends string>(list: readonly T[], labels: Readonly<Record<T, string>>) =>
  list.map((v) => ({ value: v, text: labels[v] }))

export function sharingRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  const serviceUrl = deps.settings.serviceUrl

  const formPage = async (
    reply: FastifyReply,
    actor: Actor,
    childId: string,
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) => {
    const child = await deps.db
      .selectFrom('child')
      .select(['id', 'given_name', 'family_name', 'local_area_id'])
      .where('id', '=', childId)
      .executeTakeFirst()
    if (child === undefined) return reply.callNotFound()
    const settings = await sharingSettings(deps.db, child.local_area_id)
    const organisations = await recipientOrganisations(deps, actor)
    const entries = await shareableEntries(deps, actor, childId)
    return reply.page(
      'sharing/pages/decide.njk',
      {
        pageTitle: `Record an information-sharing decision`,
        child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
        values,
        errors,
        submissionKey: typeof values.submissionKey === 'string' ? values.submissionKey : randomUUID(),
        directions: labelled(['proactive', 'answering_request', 'refusal'] as const, directionLabels),
        decisions: labelled(['share', 'share_in_part', 'not_share', 'seek_advice'] as const, decisionLabels),
        organisations: [
          { value: '', text: 'Choose an organisation' },
          ...organisations.map((o) => ({
            value: o.id,
            text: o.name,
            selected: o.id === values.recipientOrganisationId,
          })),
        ],
        consents: labelled(consentStates, consentLabels),
        bases: labelled(lawfulBases, lawfulBasisLabels),
        specialCategories: labelled(['none', 'safeguarding'] as const, specialCategoryLabels),
        gatewayItems: gateways
          .filter((g) => g !== 'ca2004_s16la' || settings.section16LaInForce)
          .map((g) => ({
            value: g,
            text: gatewayLabels[g],
            checked: Array.isArray(values.gateways) && values.gateways.includes(g),
          })),
        entryItems: entries.map((e) => ({
          value: e.id,
          text: `${e.reference}: ${e.facts.length > 120 ? `${e.facts.slice(0, 117)}…` : e.facts}`,
          checked: Array.isArray(values.entryIds) && values.entryIds.includes(e.id),
        })),
      },
      errors === undefined ? 200 : 400,
    )
  }

  app.get<{ Params: { id: string } }>('/children/:id/sharing', async (request, reply) => {
    const actor = request.actor as Actor
    const result = await listSharingDecisions(deps, actor, request.params.id, request.meta)
    if (!result.ok) {
      return reply.callNotFound()
    }
    const child = await deps.db
      .selectFrom('child')
      .select(['id', 'given_name', 'family_name'])
      .where('id', '=', request.params.id)
      .executeTakeFirstOrThrow()
    return reply.page('sharing/pages/decisions.njk', {
      pageTitle: 'Information sharing',
      child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
      decisions: result.value,
      labels: {
        decision: decisionLabels,
        direction: directionLabels,
        basis: lawfulBasisLabels,
        consent: consentLabels,
        special: specialCategoryLabels,
        gateway: gatewayLabels,
      },
      recorded: (request.query as Body | undefined)?.recorded === '1',
    })
  })

  app.get<{ Params: { id: string } }>('/children/:id/sharing/new', async (request, reply) => {
    const actor = request.actor as Actor
    // The list decides access (and audits a refusal); the form shows nothing of the child until it is allowed.
    const allowed = await listSharingDecisions(deps, actor, request.params.id, request.meta)
    if (!allowed.ok) {
      return reply.callNotFound()
    }
    return formPage(reply, actor, request.params.id, { sharedOn: {} })
  })

  app.post<{ Params: { id: string } }>('/children/:id/sharing/new', async (request, reply) => {
    const actor = request.actor as Actor
    const body = (request.body ?? {}) as Body
    const values: Record<string, unknown> = Object.fromEntries(textFields.map((k) => [k, formText(body[k], 12_000)]))
    values.gateways = asArray(body.gateways).slice(0, 10)
    values.entryIds = asArray(body.entryIds).slice(0, 200)
    values.submissionKey = formText(body.submissionKey, 100)
    for (const prefix of ['sharedOn', 'adviceSoughtOn'])
      for (const part of ['day', 'month', 'year']) values[`${prefix}-${part}`] = formText(body[`${prefix}-${part}`], 10)
    const result = await recordSharingDecision(
      deps,
      actor,
      request.params.id,
      {
        ...(values as Record<string, string>),
        gateways: values.gateways as string[],
        entryIds: values.entryIds as string[],
        sharedOn: dateFrom(body, 'sharedOn'),
        adviceSoughtOn: dateFrom(body, 'adviceSoughtOn'),
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) {
      if (result.error.code === 'CHILD.NOT_FOUND') return reply.callNotFound()
      const errors = formErrors(result.error.fields ?? {}, fieldOrder, ['sharedOn', 'adviceSoughtOn'])
      return formPage(reply, actor, request.params.id, values, errors)
    }
    return reply.redirect(`/children/${request.params.id}/sharing?recorded=1`, 303)
  })

  app.post<{ Params: { id: string } }>('/children/:id/sharing/receipt', async (request, reply) => {
    const result = await confirmSharingReceipt(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.redirect(`/children/${request.params.id}/sharing`, 303)
  })

  app.get<{ Params: { id: string } }>('/children/:id/involved', async (request, reply) => {
    const result = await listInvolvedOrganisations(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    const child = await deps.db
      .selectFrom('child')
      .select(['id', 'given_name', 'family_name'])
      .where('id', '=', request.params.id)
      .executeTakeFirstOrThrow()
    return reply.page('sharing/pages/involved.njk', {
      pageTitle: 'Who else is involved',
      child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
      involved: result.value,
    })
  })

  const openValues = (body: Body) =>
    Object.fromEntries(
      [
        'nhsNumber',
        'givenName',
        'familyName',
        'dateOfBirth-day',
        'dateOfBirth-month',
        'dateOfBirth-year',
        'reason',
      ].map((k) => [k, formText(body[k], 2100)]),
    )

  const mayOpen = (actor: Actor) =>
    decideSharing(actor, { kind: 'record.open_with_reason', organisationInvolved: false }).allowed
  const cannotOpen =
    'Only the front door, police child protection officers, health safeguarding leads and designated safeguarding leads open a child’s record with a reason.'

  app.get('/open-record', async (request, reply) => {
    if (!mayOpen(request.actor as Actor)) return denied(reply, cannotOpen)
    return reply.page('sharing/pages/open.njk', { pageTitle: 'Open a child’s record with a reason', values: {} })
  })

  app.post('/open-record', async (request, reply) => {
    const actor = request.actor as Actor
    const body = (request.body ?? {}) as Body
    const values = openValues(body)
    const result = await openRecordWithReason(
      deps,
      actor,
      {
        nhsNumber: values.nhsNumber,
        givenName: values.givenName,
        familyName: values.familyName,
        dateOfBirth: dateFrom(body, 'dateOfBirth'),
        reason: values.reason,
      },
      request.meta,
      serviceUrl,
    )
    if (!result.ok) {
      if (result.error.code === 'RECORD_OPENING.INVALID') {
        const errors = formErrors(
          result.error.fields ?? {},
          ['nhsNumber', 'givenName', 'familyName', 'dateOfBirth', 'reason'],
          ['dateOfBirth'],
        )
        return reply.page(
          'sharing/pages/open.njk',
          { pageTitle: 'Open a child’s record with a reason', values, errors },
          400,
        )
      }
      if (result.error.code === 'RECORD_OPENING.NO_EXACT_MATCH')
        return reply.page('sharing/pages/open.njk', { pageTitle: 'No exact match', values, noExactMatch: true }, 404)
      return denied(reply, `You cannot open this record: ${result.error.message}.`)
    }
    return reply.redirect(`/children/${result.value.childId}`, 303)
  })

  const accessFilter = (query: unknown) => {
    const q = (typeof query === 'object' && query !== null ? query : {}) as Body
    const organisation = formText(q.organisation, 200)
    const kind = formText(q.kind, 20)
    return {
      organisation: organisation === '' ? undefined : organisation,
      kind: ['viewed', 'changed', 'refused'].includes(kind) ? kind : undefined,
    }
  }

  app.get<{ Params: { id: string } }>('/children/:id/access', async (request, reply) => {
    const filter = accessFilter(request.query)
    const result = await listRecordAccess(deps, request.actor as Actor, request.params.id, filter, request.meta)
    if (!result.ok) {
      return reply.callNotFound()
    }
    return reply.page('sharing/pages/access.njk', {
      pageTitle: 'Who has seen this child’s record',
      childId: request.params.id,
      access: result.value,
      filter,
      organisationItems: [
        { value: '', text: 'All organisations' },
        ...result.value.organisations.map((o) => ({ value: o, text: o, selected: o === filter.organisation })),
      ],
      kindItems: [
        { value: '', text: 'Everything' },
        { value: 'viewed', text: 'Views', selected: filter.kind === 'viewed' },
        { value: 'changed', text: 'Changes', selected: filter.kind === 'changed' },
        { value: 'refused', text: 'Refused attempts', selected: filter.kind === 'refused' },
      ],
      query: new URLSearchParams(
        Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined),
      ).toString(),
    })
  })

  app.get<{ Params: { id: string } }>('/children/:id/access.csv', async (request, reply) => {
    const filter = { ...accessFilter(request.query), forExport: true }
    const result = await listRecordAccess(deps, request.actor as Actor, request.params.id, filter, request.meta)
    if (!result.ok) {
      return reply.callNotFound()
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="who-has-seen-${request.params.id}.csv"`)
      .header('cache-control', 'no-store')
      .send(recordAccessCsv(result.value))
  })
}
