import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { randomUUID } from 'node:crypto'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { mountSteps } from '../../../platform/steps/mountSteps.js'
import { formText } from '../../../platform/web/forms.js'
import { filterItems } from '../../../platform/web/filterItems.js'
import { sendDownload } from '../../../platform/web/download.js'
import type { WebOptions } from '../../../platform/web/options.js'
import {
  consentLabels,
  decisionLabels,
  directionLabels,
  gatewayLabels,
  lawfulBasisLabels,
  specialCategoryLabels,
} from '../domain/sharingDecision.js'
import { accessKindOptions, isAccessKind } from '../domain/accessLabels.js'
import { confirmSharingReceipt, recordSharingDecision } from '../steps/recordSharingDecision.js'
import { openRecordWithReason } from '../steps/openRecordWithReason.js'
import { listInvolvedOrganisations, listSharingDecisions } from '../queries/childSharing.js'
import { listRecordAccess, recordAccessCsv } from '../queries/recordAccess.js'

type Body = Record<string, unknown>

/** The child a page is about, as its heading names it; the list read first has already found it. */
async function childNamed(db: Kysely<DB>, childId: string) {
  const child = await db
    .selectFrom('child_current')
    .select(['id', 'given_name', 'family_name'])
    .where('id', '=', childId)
    .executeTakeFirstOrThrow()
  return { id: child.id, name: `${child.given_name} ${child.family_name}` }
}

export function sharingRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  // Recording a sharing decision, confirming receipt and opening a record with a reason: one declaration each,
  // page and API (mountSteps).
  mountSteps(app, deps, [recordSharingDecision, confirmSharingReceipt, openRecordWithReason])

  app.get<{ Params: { id: string } }>('/children/:id/sharing', async (request, reply) => {
    const actor = request.actor as Actor
    const result = await listSharingDecisions(deps, actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.page('sharing/pages/decisions.njk', {
      pageTitle: 'Information sharing',
      child: await childNamed(deps.db, request.params.id),
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
      // Confirming receipt sent twice (a double click) confirms once.
      receiptKey: randomUUID(),
    })
  })

  app.get<{ Params: { id: string } }>('/children/:id/involved', async (request, reply) => {
    const result = await listInvolvedOrganisations(deps, request.actor as Actor, request.params.id, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.page('sharing/pages/involved.njk', {
      pageTitle: 'Who else is involved',
      child: await childNamed(deps.db, request.params.id),
      involved: result.value,
    })
  })

  const accessFilter = (query: unknown) => {
    const q = (typeof query === 'object' && query !== null ? query : {}) as Body
    const organisation = formText(q.organisation, 200)
    const kind = formText(q.kind, 20)
    return {
      organisation: organisation === '' ? undefined : organisation,
      kind: isAccessKind(kind) ? kind : undefined,
    }
  }

  app.get<{ Params: { id: string } }>('/children/:id/access', async (request, reply) => {
    const filter = accessFilter(request.query)
    const result = await listRecordAccess(deps, request.actor as Actor, request.params.id, filter, request.meta)
    if (!result.ok) return reply.callNotFound()
    return reply.page('sharing/pages/access.njk', {
      pageTitle: 'Who has seen this child’s record',
      childId: request.params.id,
      access: result.value,
      filter,
      organisationItems: filterItems(
        'All organisations',
        result.value.organisations.map((o) => ({ value: o, text: o })),
        filter.organisation,
      ),
      kindItems: filterItems('Everything', accessKindOptions, filter.kind),
      query: new URLSearchParams(
        Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined),
      ).toString(),
    })
  })

  app.get<{ Params: { id: string } }>('/children/:id/access.csv', async (request, reply) => {
    const filter = { ...accessFilter(request.query), forExport: true }
    const result = await listRecordAccess(deps, request.actor as Actor, request.params.id, filter, request.meta)
    if (!result.ok) return reply.callNotFound()
    // Who looked at a child's record: no browser or proxy keeps a copy.
    void reply.header('cache-control', 'no-store')
    return sendDownload(reply, `who-has-seen-${request.params.id}.csv`, recordAccessCsv(result.value))
  })
}
