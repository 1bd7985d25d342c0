import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import {
  defaultReferralSource,
  validateChildDetails,
  validateProfessionalReferral,
  type ChildDetailsInput,
  type ProfessionalReferralInput,
} from '../domain/referral.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { receiveReferral } from './receiveReferral.js'
import { localAuthorityFor } from '../queries/referralAccess.js'

export interface MakeReferralInput {
  /** A child the referrer's organisation already knows (found with the child search)… */
  readonly childId?: string | undefined
  /** …or the child as the referrer describes them, when their organisation has no record. */
  readonly child?: ChildDetailsInput | undefined
  readonly referral: ProfessionalReferralInput
}

export type MakeReferralError = DomainError<
  'REFERRAL.INVALID' | 'REFERRAL.CHILD_NOT_FOUND' | 'REFERRAL.NO_LOCAL_AUTHORITY' | 'ACCESS.DENIED'
>

/**
 * A professional's referral to children's social care (anyone in any organisation may refer). It goes to the
 * local authority of the child's home area, or of the referrer's own area when they describe a child their
 * organisation has no record of; the front door links such a referral to a child record (find before create).
 * Naming a child the organisation cannot see is refused as "not found" and audited, as elsewhere.
 */
export async function makeReferral(
  deps: Deps,
  actor: Actor,
  input: MakeReferralInput,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; reference: string }, MakeReferralError>> {
  const allowed = decide(actor, { kind: 'referral.make' })
  if (!allowed.allowed) return err(domainError('ACCESS.DENIED', allowed.reason))
  const now = deps.clock.now()
  const today = todayInEngland(now)
  return deps.db
    .transaction()
    .execute(async (tx): Promise<Result<{ id: string; reference: string }, MakeReferralError>> => {
      let childId: string | null = null
      let areaId = actor.localAreaId
      if (input.childId !== undefined && input.childId !== '') {
        const [child] = await visibleChildren(tx, actor, [input.childId])
        if (child === undefined) {
          await appendAudit(
            tx,
            {
              ...actorAudit(actor),
              action: 'referral.make_denied',
              subjectType: 'child',
              subjectId: input.childId.slice(0, 100),
              reason: 'the child is unknown or not visible to your organisation',
              correlationId: meta.correlationId,
            },
            now,
          )
          return err(domainError('REFERRAL.CHILD_NOT_FOUND', 'There is no such child'))
        }
        childId = child.id
        areaId = child.local_area_id
      }
      const la = await localAuthorityFor(tx, areaId)
      if (la === undefined) {
        return err(
          domainError(
            'REFERRAL.NO_LOCAL_AUTHORITY',
            'The child’s home area has no children’s social care in Together. Refer by phone and record that you did',
          ),
        )
      }
      const fields: Record<string, string> = {}
      const details = childId === null ? validateChildDetails(input.child ?? {}, today, 'professional') : undefined
      if (details !== undefined && !details.ok) Object.assign(fields, details.error.fields)
      const valid = validateProfessionalReferral(
        input.referral,
        defaultReferralSource(
          { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
          { organisationId: la.id, localAreaId: areaId },
        ),
      )
      if (!valid.ok) Object.assign(fields, valid.error.fields)
      if (!valid.ok || (details !== undefined && !details.ok))
        return err(domainError('REFERRAL.INVALID', Object.values(fields)[0] ?? 'Check the referral', fields))
      const v = valid.value
      const concern = typeof v.details.concern === 'string' ? v.details.concern : ''
      const received = await receiveReferral(
        tx,
        {
          channel: 'professional',
          childId,
          childDetails: details?.value ?? {},
          fromOrganisationId: actor.organisationId,
          toOrganisation: { id: la.id, localAreaId: areaId },
          referredBy: actor.userId,
          summary: `Referral from ${actor.organisationName}: ${concern}`,
          sourceCode: v.sourceCode,
          details: v.details,
          immediateDanger: v.immediateDanger,
          referrerName: actor.displayName,
          referrerContact: v.referrerContact === '' ? actor.email : v.referrerContact,
          referrerRelationship: v.referrerRelationship,
          referrerAnonymous: v.referrerAnonymous,
          identityWithheld: v.identityWithheld,
          identityWithheldReason: v.identityWithheldReason === '' ? null : v.identityWithheldReason,
          parentsAware: v.consent.parentsAware,
          parentalConsent: v.consent.parentalConsent,
          consentNotSoughtReason: v.consent.consentNotSoughtReason ?? null,
          submittedFrom: 'professional_form',
          fromDescription: `${actor.displayName} at ${actor.organisationName}`,
          ...(v.consent.parentsViews === '' ? {} : { details: { ...v.details, parentsViews: v.consent.parentsViews } }),
        },
        today,
        now,
        serviceUrl,
      )
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'referral.made',
          subjectType: 'referral',
          subjectId: received.id,
          reason: allowed.reason,
          correlationId: meta.correlationId,
          details: {
            childId,
            toOrganisationId: la.id,
            channel: 'professional',
            sourceCode: v.sourceCode,
            immediateDanger: v.immediateDanger,
          },
        },
        now,
      )
      return ok(received)
    })
}
