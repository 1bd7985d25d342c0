import { concernChildNames } from './concernAccess.js'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { compareLocalDate } from '../../../platform/calendar/localDate.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'

export interface InboxItem {
  readonly id: string
  readonly reference: string
  readonly state: string
  readonly immediateDanger: boolean
  readonly authorName: string
  readonly createdAt: Date
  readonly children: string
  readonly categories: readonly string[]
  /** Not yet acknowledged after the escalation time: shown to everyone who sees the inbox. */
  readonly escalated: boolean
}

/** Escalation times: urgent concerns after an hour; others at the end of the working day (18:00 here). */
export const URGENT_ESCALATION_MINUTES = 60

/**
 * The organisation's open concerns for its designated safeguarding leads: urgent first, then oldest first.
 * "Open" means not yet decided.
 */
export async function dslInbox(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
): Promise<Result<InboxItem[], DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'inbox.view', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const rows = await deps.db
    .selectFrom('concern as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_user_id')
    .select(['c.id', 'c.reference', 'c.state', 'c.immediate_danger', 'c.created_at', 'c.categories', 'u.display_name'])
    .select(concernChildNames('c.id').as('children'))
    .where('c.organisation_id', '=', actor.organisationId)
    .where('c.state', '!=', 'decided')
    .orderBy('c.immediate_danger', 'desc')
    .orderBy('c.created_at')
    .limit(500)
    .execute()
  await auditSeen(deps.db, actor, meta, now, {
    action: 'inbox.viewed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason: decision.reason,
    details: { shown: rows.map((r) => r.id) },
  })
  return ok(
    rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      state: r.state,
      immediateDanger: r.immediate_danger,
      authorName: r.display_name,
      createdAt: r.created_at,
      children: r.children ?? '',
      categories: r.categories,
      escalated: r.state === 'new' && isOverdueForAcknowledgement(r.immediate_danger, r.created_at, now),
    })),
  )
}

const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' })

/** Urgent: an hour. Otherwise: by the end of the working day it arrived (18:00 London), or next morning's start if it arrived later. */
export function isOverdueForAcknowledgement(urgent: boolean, createdAt: Date, now: Date): boolean {
  if (urgent) return now.getTime() - createdAt.getTime() >= URGENT_ESCALATION_MINUTES * 60_000
  const sameDay = compareLocalDate(todayInEngland(createdAt), todayInEngland(now)) === 0
  if (!sameDay) return true
  return Number(londonHour.format(now)) >= 18 && Number(londonHour.format(createdAt)) < 18
}
