import { z } from 'zod'
import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { chronologyPdfCover, pdfChronologyEntry, renderChronologyPdf } from '../../children/index.js'
import { completeDeadline } from '../../timescales/steps/registerDeadline.js'
import { markWithheld, requesterLabels, withheldText } from '../domain/subjectAccess.js'
import { keyedChronology, type OpenRequest } from '../queries/subjectAccess.js'
import { common, noOpenRequest, SUBJECT_ACCESS_RULE, SUBJECT_ACCESS_SUBJECT } from './subjectAccessSteps.js'

type Chronology = NonNullable<Awaited<ReturnType<typeof keyedChronology>>>

/** The chronology as the handler may see it, as a PDF, each withheld entry replaced by "Withheld: <reason>". */
async function subjectAccessPdf(actor: Actor, request: OpenRequest, chronology: Chronology, now: Date) {
  const marked = markWithheld(chronology.entries, request.redactions)
  const child = chronology.child
  const withheld = marked.filter((m) => m.withheld !== undefined).length
  const pdf = await renderChronologyPdf({
    purpose: `Subject access request from ${request.requesterName} (${requesterLabels[request.requester].toLowerCase()}), received ${storedDateInWords(request.receivedOn)}`,
    childName: `${child.givenName} ${child.familyName}`.trim(),
    ...chronologyPdfCover(actor, child, now, { withUpn: false }),
    agencies: [...new Set(marked.filter((m) => m.withheld === undefined).map((m) => m.entry.organisation))].sort(),
    note:
      withheld === 0
        ? 'Nothing has been withheld.'
        : `${withheld} of ${marked.length} entries are withheld under the Data Protection Act 2018 (Schedules 2 and 3); each shows why.`,
    // A withheld entry keeps only its date: what it was, who wrote it and what it says are withheld too.
    entries: marked.map(({ entry, withheld: ground }) =>
      ground === undefined
        ? pdfChronologyEntry(entry)
        : {
            ...pdfChronologyEntry(entry),
            what: 'Withheld entry',
            source: 'Withheld',
            text: withheldText(ground),
            key: false,
          },
    ),
  })
  return { pdf, entries: marked.length, withheld }
}

/**
 * The export: the chronology as the handler may see it, as a PDF for the requester. Making it answers the request
 * and stops its clock, with its audit row, in the step's one transaction; the request stays locked meanwhile, so
 * a second export at the same moment finds it answered ("no open request").
 */
export const exportSubjectAccess = defineStep({
  ...common,
  operationId: 'exportSubjectAccess',
  path: '/children/:childId/subject-access/export',
  // The button is on the subject access page.
  formPath: null,
  title: 'Answer the open subject access request about a child: the record as a PDF, withheld entries marked',
  description:
    'The chronology you may see, each withheld entry replaced by "Withheld: <reason>". Answers the request and stops its clock.',
  submitText: 'Export the PDF and answer the request',
  fields: {},
  unavailable: (l) =>
    noOpenRequest(l) ??
    (l.request?.identityVerified === false
      ? 'Verify the requester’s identity before anything is released to them'
      : undefined),
  run: async ({ tx, deps, actor, now, meta }, _input, l) => {
    const request = l.request!
    const chronology = await keyedChronology(deps, actor, l.child.id, meta, true)
    if (chronology === undefined) return err(domainError('SUBJECT_ACCESS.NOT_FOUND', 'There is no such child'))
    const made = await subjectAccessPdf(actor, request, chronology, now)
    await tx
      .updateTable('subject_access_request')
      .set({ exported_at: now, exported_by: actor.userId })
      .where('id', '=', request.id)
      .execute()
    await completeDeadline(tx, { type: SUBJECT_ACCESS_SUBJECT, id: request.id }, SUBJECT_ACCESS_RULE, now)
    return ok({ requestId: request.id, childId: l.child.id, ...made })
  },
  // A refusal is on the child's trail; the export, on the request's.
  subject: (l, o) =>
    o === undefined ? { type: 'child', id: l.child.id } : { type: SUBJECT_ACCESS_SUBJECT, id: o.requestId },
  action: 'subject_access.exported',
  auditDetails: (o) => ({ childId: o.childId, entries: o.entries, withheld: o.withheld }),
  output: z.object({
    requestId: z.uuid(),
    childId: z.uuid(),
    entries: z.number().int(),
    withheld: z.number().int(),
    pdf: z.instanceof(Buffer),
  }),
  download: {
    contentType: 'application/pdf',
    described: 'The PDF for the requester',
    file: (o) => ({ filename: `subject-access-${o.childId}.pdf`, body: o.pdf }),
    refusedHeading: 'This cannot be done now',
  },
  repeatedError: { code: 'STEP.ALREADY_SUBMITTED', message: 'This request has already been answered' },
  apiErrors: {
    403: 'You see the child’s record but do not answer subject access requests (audited)',
    409: 'No open request, the requester’s identity is not verified, or it has already been answered',
  },
})
