import { sql, type RawBuilder } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate, parseLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isReferralChannel, type ReferralChannel } from '../domain/referral.js'
import { listedReferrals, referralChild, referralListed } from './referralAccess.js'
import { pageWithin } from '../../../platform/shared/paging.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { deadlineLabel, deadlineState, deadlineTag, type GovukTag } from '../../timescales/domain/deadlineState.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland } from '../../timescales/steps/partnershipClock.js'

export const QUEUE_PAGE_SIZE = 50

export type DecisionDue = 'overdue' | 'due_today' | 'later'

export interface QueueQuery {
  readonly urgentOnly?: boolean | undefined
  readonly channel?: ReferralChannel | undefined
  /** true: acknowledged only; false: not yet acknowledged. */
  readonly acknowledged?: boolean | undefined
  readonly due?: DecisionDue | undefined
  readonly page?: number | undefined
}

export interface QueueItem {
  readonly id: string
  readonly reference: string
  readonly channel: string
  readonly receivedAt: Date
  readonly acknowledgedAt: Date | null
  readonly immediateDanger: boolean
  /** The child's name from their record, or as the referrer gave it while the referral is not linked. */
  readonly childName: string
  readonly childLinked: boolean
  readonly childDateOfBirth: string | null
  readonly from: string
  readonly sourceCode: string
  readonly decisionDueOn: string | null
  readonly tag: GovukTag | null
  readonly dueLabel: string | null
}

export interface QueueView {
  readonly items: readonly QueueItem[]
  readonly total: number
  readonly page: number
  readonly pages: number
  /** Across the whole queue, whatever the filters. */
  readonly counts: { readonly open: number; readonly immediateDanger: number; readonly notAcknowledged: number }
}

/**
 * The front door's queue: open referrals to the viewer's local authority, a child in immediate danger first,
 * then oldest first, each with its `referral-decision` clock (T1) as the due / due today / overdue tag. The
 * page names children, so each view is audited.
 */
export async function frontDoorQueue(
  deps: Deps,
  actor: Actor,
  query: QueueQuery,
  meta: RequestMeta,
): Promise<Result<QueueView, DomainError<'ACCESS.DENIED'>>> {
  const decision = decide(actor, { kind: 'front_door.view', organisationId: actor.organisationId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const todayText = formatLocalDate(today)

  // The filters as one condition, so that the counts, the filtered total and the page come from two queries.
  const conditions: RawBuilder<boolean>[] = []
  if (query.urgentOnly === true) conditions.push(sql<boolean>`r.immediate_danger`)
  if (query.channel !== undefined && isReferralChannel(query.channel))
    conditions.push(sql<boolean>`r.channel = ${query.channel}`)
  if (query.acknowledged !== undefined)
    conditions.push(
      query.acknowledged ? sql<boolean>`r.acknowledged_at IS NOT NULL` : sql<boolean>`r.acknowledged_at IS NULL`,
    )
  if (query.due !== undefined) {
    const compare = query.due === 'overdue' ? sql`<` : query.due === 'due_today' ? sql`=` : sql`>`
    conditions.push(
      sql<boolean>`EXISTS (SELECT 1 FROM deadline d WHERE d.subject_type = 'referral' AND d.subject_id = r.id::text AND d.rule_id = 'referral-decision' AND d.completed_at IS NULL AND d.due_on ${compare} ${todayText}::date)`,
    )
  }
  const filter = conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` AND `)}`

  const open = deps.db
    .selectFrom('referral as r')
    .where('r.to_organisation_id', '=', actor.organisationId)
    .where('r.state', '=', 'received')
  const counts = await open
    .select([
      sql<string>`count(*)`.as('open'),
      sql<string>`count(*) FILTER (WHERE r.immediate_danger)`.as('urgent'),
      sql<string>`count(*) FILTER (WHERE r.acknowledged_at IS NULL)`.as('unacknowledged'),
      sql<string>`count(*) FILTER (WHERE ${filter})`.as('filtered'),
    ])
    .executeTakeFirstOrThrow()
  const total = Number(counts.filtered)
  const { page, pages, offset } = pageWithin(total, QUEUE_PAGE_SIZE, Math.trunc(query.page ?? 1))

  // The page's referrals first, from the queue's index alone; then their details for those fifty only, so a deep
  // page does not fetch (and throw away) every row before it.
  const pageIds = open
    .where(filter)
    .select('r.id')
    .orderBy('r.immediate_danger', 'desc')
    .orderBy('r.received_at')
    .orderBy('r.id')
    .limit(QUEUE_PAGE_SIZE)
    .offset(offset)
  const rows = await listedReferrals(deps.db)
    .leftJoin('organisation as f', 'f.id', 'r.from_organisation_id')
    .select([
      'r.immediate_danger',
      'r.source_code',
      'f.name as from_name',
      // The referral's open decision clock, through the deadline_subject index.
      sql<
        string | null
      >`(SELECT d.due_on::text FROM deadline d WHERE d.subject_type = 'referral' AND d.subject_id = r.id::text AND d.rule_id = 'referral-decision' AND d.completed_at IS NULL ORDER BY d.due_on LIMIT 1)`.as(
        'due_on',
      ),
    ])
    .where('r.id', 'in', pageIds)
    .orderBy('r.immediate_danger', 'desc')
    .orderBy('r.received_at')
    .orderBy('r.id')
    .execute()

  const clock = await loadPartnershipClock(deps.db, actor.localAreaId)

  const items = rows.map((r): QueueItem => {
    const dueOn = r.due_on
    const due = dueOn === null ? undefined : parseLocalDate(dueOn)
    const state =
      due?.ok === true && clock.calendar.covers(due.value) && clock.calendar.covers(today)
        ? deadlineState(due.value, today, clock.calendar)
        : undefined
    const child = referralChild(r)
    return {
      ...referralListed(r),
      immediateDanger: r.immediate_danger,
      childName: child.name,
      childLinked: child.linked,
      childDateOfBirth: child.dateOfBirth,
      from: r.from_name ?? 'A member of the public',
      sourceCode: r.source_code,
      decisionDueOn: dueOn,
      tag: state === undefined ? null : deadlineTag(state),
      dueLabel: state === undefined ? null : deadlineLabel(state),
    }
  })
  await auditSeen(deps.db, actor, meta, now, {
    action: 'front_door.viewed',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    reason: decision.reason,
    details: { page, referrals: items.map((i) => i.id) },
  })
  return ok({
    items,
    total,
    page,
    pages,
    counts: {
      open: Number(counts.open),
      immediateDanger: Number(counts.urgent),
      notAcknowledged: Number(counts.unacknowledged),
    },
  })
}
