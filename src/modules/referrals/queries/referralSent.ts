import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { noSuchReferral } from './referralAccess.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

/**
 * The confirmation after sending a referral: its reference and where it went, for the person who sent it only.
 * Anyone else is told it does not exist, and that is audited.
 */
export async function referralSent(
  deps: Deps,
  actor: Actor,
  referralId: string,
  meta: RequestMeta,
): Promise<
  Result<{ reference: string; immediateDanger: boolean; localAuthority: string }, DomainError<'REFERRAL.NOT_FOUND'>>
> {
  const row = isUuid(referralId)
    ? await deps.db
        .selectFrom('referral as r')
        .innerJoin('organisation as la', 'la.id', 'r.to_organisation_id')
        .select(['r.reference', 'r.immediate_danger', 'la.name'])
        .where('r.id', '=', referralId)
        .where('r.referred_by', '=', actor.userId)
        .executeTakeFirst()
    : undefined
  if (row === undefined)
    return noSuchReferral(
      deps.db,
      actor,
      referralId,
      'only the person who sent a referral sees its confirmation',
      meta,
      deps.clock.now(),
    )
  return ok({ reference: row.reference, immediateDanger: row.immediate_danger, localAuthority: row.name })
}
