import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { frontDoorStep, referralForStep, type FrontDoorAccessError } from '../queries/frontDoorAccess.js'

export type LinkChildError =
  FrontDoorAccessError | DomainError<'REFERRAL.CHILD_NOT_FOUND' | 'REFERRAL.CHILD_ALREADY_LINKED'>

/**
 * The front door links a referral that described a child in words (a public report, or a professional whose
 * organisation had no record) to a child record, found with the child search or created after searching (find
 * before create). From then on the referral, its clock and its requests for information belong to that child,
 * and so does the involvement of the local authority and of every agency that has already answered.
 */
export async function linkReferralChild(
  deps: Deps,
  actor: Actor,
  referralId: string,
  childId: string,
  meta: RequestMeta,
): Promise<Result<{ childId: string }, LinkChildError>> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx): Promise<Result<{ childId: string }, LinkChildError>> => {
    const loaded = await referralForStep(tx, actor, referralId, 'link_child', frontDoorStep, now, meta)
    if (!loaded.ok) return loaded
    const { referral, decision } = loaded.value
    const [child] = await visibleChildren(tx, actor, [childId])
    if (child === undefined) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'referral.action_denied',
          subjectType: 'child',
          subjectId: childId.slice(0, 100),
          reason: 'the child is unknown or not visible to your organisation',
          correlationId: meta.correlationId,
          details: { step: 'link_child', referralId: referral.id },
        },
        now,
      )
      return err(
        domainError('REFERRAL.CHILD_NOT_FOUND', 'There is no such child', {
          childId: 'Choose the child from the search results',
        }),
      )
    }
    if (referral.childId !== null) {
      if (referral.childId === child.id) return ok({ childId: child.id })
      return err(
        domainError('REFERRAL.CHILD_ALREADY_LINKED', 'This referral is already linked to another child record'),
      )
    }
    await tx.updateTable('referral').set({ child_id: child.id }).where('id', '=', referral.id).execute()
    await tx
      .updateTable('information_request')
      .set({ child_id: child.id })
      .where('referral_id', '=', referral.id)
      .where('child_id', 'is', null)
      .execute()
    await tx
      .updateTable('deadline')
      .set({ child_id: child.id })
      .where('subject_type', '=', 'referral')
      .where('subject_id', '=', referral.id)
      .where('child_id', 'is', null)
      .execute()
    const answered = await tx
      .selectFrom('information_response as a')
      .innerJoin('information_request as q', 'q.id', 'a.information_request_id')
      .select('a.organisation_id')
      .distinct()
      .where('q.referral_id', '=', referral.id)
      .execute()
    for (const organisationId of new Set([referral.toOrganisationId, ...answered.map((a) => a.organisation_id)])) {
      await tx
        .insertInto('involvement')
        .values({
          child_id: child.id,
          organisation_id: organisationId,
          reason: organisationId === referral.toOrganisationId ? 'referral' : 'information_request',
          since: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'referral.child_linked',
        subjectType: 'referral',
        subjectId: referral.id,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { childId: child.id },
      },
      now,
    )
    return ok({ childId: child.id })
  })
}
