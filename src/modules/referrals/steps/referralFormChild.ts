import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

/**
 * The child a referral form is about, as the referrer's organisation knows them. A child the organisation may
 * not see (or a made-up id) is "not found", and the attempt is audited as making a referral would be.
 */
export async function referralFormChild(
  deps: Deps,
  actor: Actor,
  childId: string,
  meta: RequestMeta,
): Promise<
  Result<
    { id: string; name: string; dateOfBirth: string | null; localAreaId: string },
    DomainError<'REFERRAL.CHILD_NOT_FOUND'>
  >
> {
  const [child] = await visibleChildren(deps.db, actor, [childId])
  if (child === undefined) {
    await deps.db.transaction().execute((tx) =>
      appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'referral.make_denied',
          subjectType: 'child',
          subjectId: childId.slice(0, 100),
          reason: 'the child is unknown or not visible to your organisation',
          correlationId: meta.correlationId,
        },
        deps.clock.now(),
      ),
    )
    return err(domainError('REFERRAL.CHILD_NOT_FOUND', 'There is no such child'))
  }
  return ok({
    id: child.id,
    name: `${child.given_name} ${child.family_name}`,
    dateOfBirth: child.date_of_birth,
    localAreaId: child.local_area_id,
  })
}
