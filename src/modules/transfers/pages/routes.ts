import type { FastifyInstance, FastifyReply } from 'fastify'
import { appendAudit, type AuditEntry } from '../../../platform/audit/auditLog.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import { noActor } from '../../../platform/audit/noActor.js'
import { storedDateInWords as day } from '../../../platform/calendar/localDate.js'
import type { Deps } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, type DomainError } from '../../../platform/shared/result.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import { paramsAreIds } from '../../../platform/steps/defineStep.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import type { WebOptions } from '../../../platform/web/options.js'
import {
  checkLink,
  dslEnd,
  isDsl,
  type LinkRefusalCode,
  transferReasonLabels,
  transferStateLabels,
} from '../domain/transfer.js'
import { buildFileExport, type FileExport } from '../queries/fileExport.js'
import { hashToken, linkByToken } from '../queries/fileLink.js'
import { recordReceipt } from '../steps/transferSteps.js'
import { textPdf } from './pdf.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

const stateText = (state: string): string => labelOf(transferStateLabels, state)

const notADsl = 'not a DSL of the sending or receiving school'

/** The file as lines of text, for the PDF. */
function fileLines(f: FileExport): string[] {
  const lines = [
    `Child protection file ${f.reference}`,
    'CONFIDENTIAL: keep separately from the pupil file.',
    '',
    `Child: ${f.child.givenName} ${f.child.familyName}`,
    `Date of birth: ${f.child.dateOfBirth === null ? 'Not recorded' : day(f.child.dateOfBirth)}`,
    `Unique pupil number: ${f.child.upn ?? 'Not recorded'}`,
    `From: ${f.from.name}`,
    `To: ${f.to.name}`,
    `Moved on: ${day(f.movedOn)}`,
    `Reason: ${labelOf(transferReasonLabels, f.reason)}`,
    `Sent by: ${f.sentBy}`,
    '',
    'Information shared in advance:',
    f.advanceInformation === '' ? 'None' : f.advanceInformation,
    '',
    `Concerns recorded by ${f.from.name}: ${f.concerns.length}`,
  ]
  for (const c of f.concerns) {
    lines.push(
      '',
      `Concern ${c.reference}, recorded ${c.recordedAt.slice(0, 10)} by ${c.recordedBy}`,
      `Where: ${c.place}`,
      `What was seen or heard: ${c.facts}`,
    )
    if (c.childWords !== '') lines.push(`The child's words: ${c.childWords}`)
    for (const e of c.events)
      lines.push(`- ${e.at.slice(0, 10)} ${e.kind}${e.decision === null ? '' : ` (${e.decision})`}: ${e.text}`)
  }
  return lines
}

/** A school's child protection file on the move, for a DSL at either end: the receiving end may confirm it. */
const viewFile = oneRecordView({
  subjectType: 'file_transfer',
  viewed: 'file_transfer.viewed',
  denied: 'file_transfer.view_denied',
  missing: notADsl,
  notFound: domainError('TRANSFER.NOT_FOUND', 'There is no such file'),
  load: (tx, transferId) =>
    tx
      .selectFrom('file_transfer as t')
      .leftJoin('file_transfer_receipt as r', 'r.transfer_id', 't.id')
      .select([
        't.id',
        't.state',
        't.from_organisation_id',
        't.to_organisation_id',
        't.due_on',
        't.to_email',
        'r.confirmed_by_name',
        'r.confirmed_at',
        'r.via',
      ])
      .where('t.id', '=', transferId)
      .executeTakeFirst(),
  access: (actor, t) => {
    const end = dslEnd(actor, { fromOrganisationId: t.from_organisation_id, toOrganisationId: t.to_organisation_id })
    if (end === undefined) return { allowed: false, reason: notADsl }
    return { allowed: true, reason: `DSL of the ${end} school`, receiving: end === 'receiving' }
  },
  seen: (t) => ({ id: t.id }),
  show: async (t, { tx, decision }) => {
    const file = await buildFileExport(tx, t.id)
    // The transfer's child, schools and sender are all held by foreign keys: a file that cannot be built is a
    // broken database, not a page to show.
    if (file === undefined) throw new Error(`the file of transfer ${t.id} cannot be built`)
    return { t, file, receiving: decision.receiving }
  },
})

export function transferRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/school-moves', async (request, reply) => {
    const actor = request.actor as Actor
    if (!isDsl(actor))
      return denied(reply, 'Only designated safeguarding leads send and receive child protection files.')
    const rows = await deps.db
      .selectFrom('file_transfer as t')
      .innerJoinLateral(childCurrentOf('t.child_id', 'c'), (j) => j.onTrue())
      .innerJoin('organisation as f', 'f.id', 't.from_organisation_id')
      .select([
        't.id',
        't.reference',
        't.state',
        't.due_on',
        't.to_school_name',
        't.from_organisation_id',
        'f.name as from_name',
        'c.given_name',
        'c.family_name',
      ])
      .where((eb) =>
        eb.or([
          eb('t.from_organisation_id', '=', actor.organisationId),
          eb('t.to_organisation_id', '=', actor.organisationId),
        ]),
      )
      .orderBy('t.sent_at', 'desc')
      .limit(200)
      .execute()
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: 'file_transfer.list_viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: 'designated safeguarding lead',
      details: { shown: rows.length },
    })
    const listed = (r: (typeof rows)[number]) => ({ ...r, dueText: day(r.due_on), stateText: stateText(r.state) })
    return reply.page('transfers/pages/list.njk', {
      pageTitle: 'Child protection files on a school move',
      sent: rows.filter((r) => r.from_organisation_id === actor.organisationId).map(listed),
      received: rows.filter((r) => r.from_organisation_id !== actor.organisationId).map(listed),
    })
  })

  app.get<{ Params: { transferId: string } }>('/school-moves/:transferId', async (request, reply) => {
    if (!paramsAreIds(request.params)) return reply.callNotFound()
    const shown = await viewFile(deps, request.actor as Actor, request.params.transferId, request.meta)
    if (!shown.ok) return reply.callNotFound()
    const { t, file, receiving } = shown.value
    const q = request.query as Record<string, unknown>
    return reply.page('transfers/pages/file.njk', {
      pageTitle: `Child protection file ${file.reference}`,
      file,
      lines: fileLines(file),
      t: { ...t, dueText: day(t.due_on), stateText: stateText(t.state) },
      mayConfirm: receiving && t.state === 'sent',
      sentBanner: q.sent === '1',
      receivedBanner: q.received === '1',
    })
  })

  // ——— A school not on Together: the link in its DSL's email ———
  // In a scope of its own: nothing answered at an address holding the token is cached, refusals included.
  void app.register(async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      void reply.header('cache-control', 'no-store')
    })
    linkRoutes(scope, deps)
  })
}

/** The emailed link's pages: the file, its downloads and the confirmation of receipt, for whoever holds it. */
function linkRoutes(app: FastifyInstance, deps: Deps): void {
  /** An audit row for the emailed link, whose holder is no signed-in person. */
  const auditLink = (entry: Omit<AuditEntry, keyof typeof noActor>) =>
    deps.db.transaction().execute((tx) => appendAudit(tx, { ...noActor, ...entry }, deps.clock.now()))

  /** A link that cannot be used, audited by its hash (never the token, which opens the file while it works). */
  const refuse = async (
    reply: FastifyReply,
    token: string,
    refusal: DomainError<LinkRefusalCode>,
    correlationId: string,
    transferId?: string,
  ) => {
    await auditLink({
      action: 'file_transfer.link_refused',
      subjectType: 'file_transfer',
      ...(transferId === undefined ? {} : { subjectId: transferId }),
      reason: refusal.code,
      correlationId,
      details: { tokenHash: hashToken(token).slice(0, 16) },
    })
    // A link that never existed is simply not found; a used or expired one says so, so the school can ask again.
    if (refusal.code === 'TRANSFER.LINK_UNKNOWN') return reply.callNotFound()
    const heading = 'This link cannot be used'
    return reply.page('error.njk', { pageTitle: heading, heading, paragraphs: [`${refusal.message}.`] }, 410)
  }

  /**
   * The file behind a link that can still be used, its opening audited as `file_transfer.<opened>`. Otherwise the
   * refusal (or not found) is what the handler sends.
   */
  const openByLink = async (
    token: string,
    correlationId: string,
    reply: FastifyReply,
    opened: 'link_opened' | 'downloaded_pdf' | 'downloaded_json',
  ): Promise<{ file: FileExport; refused?: undefined } | { file?: undefined; refused: unknown }> => {
    const link = await linkByToken(deps.db, token)?.executeTakeFirst()
    const usable = checkLink(link, deps.clock.now())
    if (!usable.ok) return { refused: refuse(reply, token, usable.error, correlationId, link?.transferId) }
    const { transferId } = usable.value
    const file = await buildFileExport(deps.db, transferId)
    if (file === undefined) return { refused: reply.callNotFound() }
    await auditLink({
      action: `file_transfer.${opened}`,
      subjectType: 'file_transfer',
      subjectId: transferId,
      reason: 'holder of the emailed link',
      correlationId,
    })
    return { file }
  }

  app.get<{ Params: { token: string } }>(
    '/child-protection-file/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      const opened = await openByLink(request.params.token, request.meta.correlationId, reply, 'link_opened')
      if (opened.file === undefined) return opened.refused
      const { file } = opened
      return reply.page('transfers/pages/link.njk', {
        pageTitle: `Child protection file ${file.reference}`,
        file,
        token: request.params.token,
        values: {},
      })
    },
  )

  for (const format of ['pdf', 'json'] as const)
    app.get<{ Params: { token: string } }>(
      `/child-protection-file/:token/file.${format}`,
      { config: { access: 'public' } },
      async (request, reply) => {
        const opened = await openByLink(request.params.token, request.meta.correlationId, reply, `downloaded_${format}`)
        if (opened.file === undefined) return opened.refused
        const { file } = opened
        void reply.header('content-disposition', `attachment; filename="${file.reference}.${format}"`)
        if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(file, null, 2))
        return reply.type('application/pdf').send(Buffer.from(textPdf(fileLines(file))))
      },
    )

  app.post<{ Params: { token: string } }>(
    '/child-protection-file/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const name = typeof body.confirmedBy === 'string' ? body.confirmedBy.trim().slice(0, 201) : ''
      const now = deps.clock.now()
      const token = request.params.token
      // One transaction with the link locked: two confirmations at once cannot both use it.
      const outcome = await deps.db.transaction().execute(async (tx) => {
        const link = await linkByToken(tx, token)?.forUpdate('l').executeTakeFirst()
        const usable = checkLink(link, now)
        if (!usable.ok) return { kind: 'refused' as const, refusal: usable.error, transferId: link?.transferId }
        const { id, transferId, reference } = usable.value
        if (name === '' || name.length > 200) return { kind: 'invalid' as const, transferId }
        await tx.updateTable('file_transfer_link').set({ used_at: now }).where('id', '=', id).execute()
        await recordReceipt(tx, transferId, { userId: null, name, via: 'link' }, now)
        await appendAudit(
          tx,
          {
            ...noActor,
            action: 'file_transfer.receipt_confirmed',
            subjectType: 'file_transfer',
            subjectId: transferId,
            reason: 'confirmed through the emailed link',
            correlationId: request.meta.correlationId,
            details: { via: 'link' },
          },
          now,
        )
        return { kind: 'ok' as const, reference }
      })
      if (outcome.kind === 'refused')
        return refuse(reply, token, outcome.refusal, request.meta.correlationId, outcome.transferId)
      if (outcome.kind === 'invalid') {
        await auditLink({
          action: 'file_transfer.link_receipt_refused',
          subjectType: 'file_transfer',
          subjectId: outcome.transferId,
          reason: 'no name given',
          correlationId: request.meta.correlationId,
        })
        const file = await buildFileExport(deps.db, outcome.transferId)
        const message = 'Enter your full name'
        return reply.page(
          'transfers/pages/link.njk',
          {
            pageTitle: 'Error: child protection file',
            file,
            token,
            values: { confirmedBy: name },
            errors: { summary: [{ text: message, href: '#confirmedBy' }], fields: { confirmedBy: message } },
          },
          400,
        )
      }
      return reply.page('transfers/pages/linkDone.njk', {
        pageTitle: 'Receipt confirmed',
        reference: outcome.reference,
      })
    },
  )
}
