import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { validatePublicReferral, type PublicReferralInput } from '../domain/referral.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { receiveReferral } from './receiveReferral.js'
import { localAuthorityFor } from '../queries/referralAccess.js'

export type PublicReferralError = DomainError<'REFERRAL.INVALID' | 'REFERRAL.NOT_FOUND'>

export interface PublicReferralSent {
  readonly id: string
  readonly reference: string
  /** True when this key had already sent the report: the first answer again, nothing written. */
  readonly alreadySent: boolean
}

/**
 * A report from a member of the public, who has no account. It only creates: the answer is the reference and
 * nothing else, so the form cannot be used to learn anything about a child or a family. The child is described
 * in words (child_details, no child record) until the front door links the referral to a record. The census
 * source comes from who they say they are (1A–1D, or 9 when they would rather not say).
 *
 * With a submission key (the public form's draft id), the draft is locked, checked, turned into the referral and
 * deleted in one transaction: the same report sent twice (a double click, Back and send again, two tabs) waits for
 * the first and answers its reference, writing nothing. `answersFrom` reads the locked draft's answers.
 */
export async function makePublicReferral(
  deps: Deps,
  input: PublicReferralInput & { readonly localAreaId?: string | undefined },
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; reference: string }, PublicReferralError>> {
  const sent = await deps.db
    .transaction()
    .execute((tx) => receivePublic(tx, input, deps.clock.now(), meta, serviceUrl, undefined))
  return sent.ok ? ok({ id: sent.value.id, reference: sent.value.reference }) : sent
}

export async function sendPublicReport(
  deps: Deps,
  draftId: string,
  answersFrom: (data: Readonly<Record<string, string>>) => PublicReferralInput & { readonly localAreaId?: string },
  meta: RequestMeta,
  serviceUrl = '',
): Promise<Result<PublicReferralSent, PublicReferralError>> {
  if (!isUuid(draftId)) return err(domainError('REFERRAL.NOT_FOUND', 'There is no report to send'))
  return deps.db.transaction().execute(async (tx) => {
    const draft = await tx
      .selectFrom('public_report_draft')
      .select('data')
      .where('id', '=', draftId)
      .forUpdate()
      .executeTakeFirst()
    if (draft === undefined) {
      const first = await tx
        .selectFrom('referral')
        .select(['id', 'reference'])
        .where('submission_key', '=', draftId)
        .executeTakeFirst()
      return first === undefined
        ? err(domainError('REFERRAL.NOT_FOUND', 'There is no report to send'))
        : ok({ ...first, alreadySent: true })
    }
    const sent = await receivePublic(
      tx,
      answersFrom(draft.data as Record<string, string>),
      deps.clock.now(),
      meta,
      serviceUrl,
      draftId,
    )
    if (!sent.ok) return sent
    await tx.deleteFrom('public_report_draft').where('id', '=', draftId).execute()
    return sent
  })
}

type Tx = Transaction<DB>

async function receivePublic(
  tx: Tx,
  input: PublicReferralInput & { readonly localAreaId?: string | undefined },
  now: Date,
  meta: RequestMeta,
  serviceUrl: string,
  submissionKey: string | undefined,
): Promise<Result<PublicReferralSent, PublicReferralError>> {
  const today = todayInEngland(now)
  const valid = validatePublicReferral(input, today)
  const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
  const areaId = input.localAreaId ?? ''
  const la = isUuid(areaId) ? await localAuthorityFor(tx, areaId) : undefined
  if (la === undefined) fields.localAreaId = 'Select the area the child lives in'
  if (!valid.ok || la === undefined)
    return err(domainError('REFERRAL.INVALID', Object.values(fields)[0] ?? 'Check your answers', fields))
  const v = valid.value
  const received = await receiveReferral(
    tx,
    {
      channel: 'public',
      childId: null,
      childDetails: v.child,
      fromOrganisationId: null,
      toOrganisation: { id: la.id, localAreaId: areaId },
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
    serviceUrl,
  )
  // No actor and nothing personal in the audit row: the referral itself holds what the person told us.
  await appendAudit(
    tx,
    {
      actorUserId: null,
      actorOrganisationId: null,
      actorRoles: [],
      action: 'referral.public_received',
      subjectType: 'referral',
      subjectId: received.id,
      reason: 'anyone may report a concern about a child',
      correlationId: meta.correlationId,
      details: { toOrganisationId: la.id, sourceCode: v.sourceCode, immediateDanger: v.immediateDanger },
    },
    now,
  )
  return ok({ ...received, alreadySent: false })
}
