import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { pageWithin } from '../../../platform/shared/paging.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { describeQuery } from '../steps/checkProtectionPlan.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

export interface ProtectionCheckListItem {
  readonly id: string
  readonly checkedAt: Date
  readonly checkedBy: string
  readonly organisation: string
  readonly reason: string
  readonly searched: string
  readonly planFound: boolean
  /** The child whose plan was found (the local authority holds it); null when no plan was found. */
  readonly child: { readonly id: string; readonly name: string } | null
}

export interface ProtectionCheckList {
  readonly total: number
  readonly page: number
  readonly pages: number
  readonly pageSize: number
  readonly items: readonly ProtectionCheckListItem[]
}

export const CHECKS_PAGE_SIZE = 50

/**
 * The checks a local authority was told about, newest first: who checked, when, why, what they searched for and
 * whether a plan was found. The local authority sees a child's name only for a plan it holds.
 */
export async function listProtectionChecks(
  deps: Deps,
  actor: Actor,
  query: { readonly page: number },
  meta: RequestMeta,
): Promise<Result<ProtectionCheckList, DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'protection.view_checks', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const mine = sql<boolean>`pc.notified_organisation_ids @> ARRAY[${actor.organisationId}]::uuid[]`
  const counted = await deps.db
    .selectFrom('protection_check as pc')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(mine)
    .executeTakeFirstOrThrow()
  const total = Number(counted.n)
  const { page, pages, offset } = pageWithin(total, CHECKS_PAGE_SIZE, query.page)
  const rows = await deps.db
    .selectFrom('protection_check as pc')
    .innerJoin('app_user as u', 'u.id', 'pc.checked_by')
    .innerJoin('organisation as o', 'o.id', 'pc.organisation_id')
    .leftJoinLateral(childCurrentOf('pc.child_id', 'c'), (j) => j.onTrue())
    .select([
      'pc.id',
      'pc.checked_at',
      'pc.reason',
      'pc.query',
      'pc.found_plan',
      'u.display_name',
      'o.name as organisation',
      'c.id as child_id',
      'c.given_name',
      'c.family_name',
    ])
    .where(mine)
    .orderBy('pc.checked_at', 'desc')
    .orderBy('pc.id')
    .limit(CHECKS_PAGE_SIZE)
    .offset(offset)
    .execute()
  const items = rows.map((r) => ({
    id: r.id,
    checkedAt: r.checked_at,
    checkedBy: r.display_name,
    organisation: r.organisation,
    reason: r.reason,
    searched: describeQuery(r.query),
    planFound: r.found_plan,
    child:
      r.found_plan && r.child_id !== null
        ? { id: r.child_id, name: `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim() }
        : null,
  }))
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'protection.checks_listed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason: decision.reason,
    details: { page, shown: items.length },
  })
  return ok({ total, page, pages, pageSize: CHECKS_PAGE_SIZE, items })
}
