import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Db } from '../../../platform/db/database.js'

/** The front door's queue in numbers: referrals waiting for a decision, a child in danger, past the decision clock. */
export interface FrontDoorCounts {
  readonly waiting: number
  readonly urgent: number
  /** Past their one working day decision clock (the `referral-decision` deadline, T1). */
  readonly overdue: number
}

/**
 * For the home page: the queue's own conditions (frontDoorQueue) as one COUNT, no names, so no audit row. Undefined
 * when the person does not work the front door.
 */
export async function frontDoorCounts(db: Db, actor: Actor, today: LocalDate): Promise<FrontDoorCounts | undefined> {
  if (!decide(actor, { kind: 'front_door.view', organisationId: actor.organisationId }).allowed) return undefined
  const row = await db
    .selectFrom('referral as r')
    .select([
      sql<string>`count(*)`.as('waiting'),
      sql<string>`count(*) FILTER (WHERE r.immediate_danger)`.as('urgent'),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadline d WHERE d.subject_type = 'referral' AND d.subject_id = r.id::text AND d.rule_id = 'referral-decision' AND d.completed_at IS NULL AND d.due_on < ${formatLocalDate(today)}::date))`.as(
        'overdue',
      ),
    ])
    .where('r.to_organisation_id', '=', actor.organisationId)
    .where('r.state', '=', 'received')
    .executeTakeFirstOrThrow()
  return { waiting: Number(row.waiting), urgent: Number(row.urgent), overdue: Number(row.overdue) }
}
