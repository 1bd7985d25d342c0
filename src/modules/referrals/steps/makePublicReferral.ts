import { z } from 'zod'
import { invalidFields } from '../../../platform/shared/problems.js'
import { domainError, ok, type DomainError } from '../../../platform/shared/result.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { defineStep, withAudit } from '../../../platform/steps/defineStep.js'
import { validatePublicReferral } from '../domain/referral.js'
import {
  checkAnswers,
  nextQuestion,
  pageOfField,
  PUBLIC_REPORT_PATH,
  publicPage,
  toPublicInput,
} from '../pages/publicQuestions.js'
import { publicLocalAreas } from '../queries/publicLocalAreas.js'
import { localAuthorityFor } from '../queries/referralAccess.js'
import { lockPublicDraft, type Answers } from './publicReportDrafts.js'
import { receiveReferral } from './receiveReferral.js'

/** The report being sent, as its sender left it. */
interface PublicReport {
  /** What they answered; none when there is no report to send (never started, expired, or sent already). */
  readonly answers: Answers | undefined
  /** The areas it may go to: with one, the area question is not asked. */
  readonly areas: readonly { readonly id: string; readonly name: string }[]
}

/** The first question the report has not been through, if any (a report sent from an old page). */
const unanswered = (report: PublicReport) =>
  report.answers === undefined ? undefined : nextQuestion(report.answers, report.areas.length)

/**
 * A report from a member of the public, who has no account: "Send" on check your answers, the last page of the
 * public form (pages/publicRoutes.ts asks the questions one page at a time and keeps the answers in the draft).
 * The submission key is the draft's id, from the signed cookie only the sender's browser holds: the draft is
 * locked, checked, turned into the referral and deleted in one transaction, and the same report sent twice (a
 * double click, Back and send again, two tabs) answers the first reference, writing nothing.
 *
 * It only creates: the answer is the reference and nothing else, so the form cannot be used to learn anything
 * about a child or a family. The child is described in words (child_details, no child record) until the front door
 * links the referral to a record. The census source comes from who they say they are (1A–1D, or 9 when they
 * would rather not say). The audit row names no one and nothing personal: the referral holds what they told us.
 */
export const makePublicReferral = defineStep<PublicReport, { id: string; reference: string }>({
  operationId: 'makePublicReferral',
  module: 'referrals',
  public: true,
  mount: 'page',
  path: publicPage('check'),
  title: 'Check your answers before sending your report',
  submitText: 'Send your report',
  fields: {},
  template: 'referrals/pages/public-check.njk',
  templateData: (report) => checkAnswers(report.answers ?? {}, report.areas),
  load: async ({ tx, deps, now, submissionKey }) => ({
    answers: await lockPublicDraft(tx, submissionKey, now),
    areas: await publicLocalAreas(deps),
  }),
  access: () => ({ allowed: true, reason: 'anyone may report a concern about a child' }),
  conflict: (report): DomainError | undefined => {
    if (report.answers === undefined) return domainError('REFERRAL.NOT_FOUND', 'There is no report to send')
    const next = unanswered(report)
    return next === undefined
      ? undefined
      : domainError('REFERRAL.UNANSWERED', `Answer “${next.heading}” before sending your report`, {
          question: next.slug,
        })
  },
  // No report: back to the first page. A question not answered yet: to it.
  redirects: (code, _params, _on, fields) =>
    code === 'REFERRAL.NOT_FOUND'
      ? PUBLIC_REPORT_PATH
      : code === 'REFERRAL.UNANSWERED'
        ? publicPage(fields?.question ?? 'check')
        : undefined,
  errorHref: (field) => `${publicPage(pageOfField(field) ?? 'check')}?change=yes`,
  run: async ({ tx, deps, now, today, submissionKey }, _input, report) => {
    const input = toPublicInput(report.answers ?? {})
    const valid = validatePublicReferral(input, today)
    const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
    const la = isUuid(input.localAreaId) ? await localAuthorityFor(tx, input.localAreaId) : undefined
    if (la === undefined) fields.localAreaId = 'Select the area the child lives in'
    if (!valid.ok || la === undefined) return invalidFields('REFERRAL.INVALID', fields, 'Check your answers')
    const v = valid.value
    const received = await receiveReferral(
      tx,
      {
        channel: 'public',
        childId: null,
        childDetails: v.child,
        fromOrganisationId: null,
        toOrganisation: { id: la.id, localAreaId: input.localAreaId },
        referredBy: null,
        summary: `Report from a member of the public: ${v.concern}`,
        sourceCode: v.sourceCode,
        details: {
          concern: v.concern,
          ...(v.childLocation === '' ? {} : { childLocation: v.childLocation }),
          referrerKind: v.referrerKind,
          ...(v.referrerEmail === '' ? {} : { referrerEmail: v.referrerEmail }),
          ...(v.referrerPhone === '' ? {} : { referrerPhone: v.referrerPhone }),
        },
        immediateDanger: v.immediateDanger,
        referrerName: v.referrerName === '' ? null : v.referrerName,
        referrerContact: [v.referrerEmail, v.referrerPhone].filter((c) => c !== '').join(', ') || null,
        referrerRelationship: v.referrerKind,
        referrerAnonymous: v.referrerKind === 'anonymous',
        identityWithheld: v.identityWithheld,
        identityWithheldReason: v.identityWithheldReason === '' ? null : v.identityWithheldReason,
        ...(submissionKey === undefined ? {} : { submissionKey }),
        parentsAware: v.parentsAware,
        parentalConsent: null,
        consentNotSoughtReason: null,
        submittedFrom: 'public_form',
        fromDescription: 'A member of the public',
      },
      today,
      now,
      deps.settings.serviceUrl,
    )
    if (submissionKey !== undefined)
      await tx.deleteFrom('public_report_draft').where('id', '=', submissionKey).execute()
    return ok(
      withAudit(
        { id: received.id, reference: received.reference },
        { toOrganisationId: la.id, sourceCode: v.sourceCode, immediateDanger: v.immediateDanger },
      ),
    )
  },
  subject: (_report, sent) => ({ type: 'referral', id: sent?.id }),
  action: 'referral.public_received',
  output: z.object({ id: z.string(), reference: z.string() }),
  done: () => publicPage('sent'),
})
