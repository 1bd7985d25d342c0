import { validatePublicReferral, type PublicReferralInput } from '../domain/referral.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { receiveReferral } from './receiveReferral.js'
import { localAuthorityFor } from '../queries/referralAccess.js'

export type PublicReferralError = DomainError<'REFERRAL.INVALID'>

/**
 * A report from a member of the public, who has no account. It only creates: the answer is the reference and
 * nothing else, so the form cannot be used to learn anything about a child or a family. The child is described
 * in words (child_details, no child record) until the front door links the referral to a record. The census
 * source comes from who they say they are (1A–1D, or 9 when they would rather not say).
 */
export async function makePublicReferral(
  deps: Deps,
  input: PublicReferralInput & { readonly localAreaId?: string | undefined },
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; reference: string }, PublicReferralError>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const valid = validatePublicReferral(input, today)
  const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
  const areaId = input.localAreaId ?? ''
  const la = isUuid(areaId) ? await localAuthorityFor(deps.db, areaId) : undefined
  if (la === undefined) fields.localAreaId = 'Select the area the child lives in'
  if (!valid.ok || la === undefined)
    return err(domainError('REFERRAL.INVALID', Object.values(fields)[0] ?? 'Check your answers', fields))
  const v = valid.value
  return deps.db.transaction().execute(async (tx) => {
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
    return ok(received)
  })
}
