import { sql } from 'kysely'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { Deps } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { isOverdueForAcknowledgement } from '../queries/dslInbox.js'

/**
 * Concerns nobody has acknowledged in time go to the deputies and the organisation's administrator (the
 * manager who can find someone), once. The inbox shows the same concerns as "not acknowledged in time".
 * Runs on a timer in every server process, so one pass at a time across all of them: a pass takes a
 * transaction-scoped advisory lock and a process that cannot get it skips its turn. Row locks alone were not
 * enough: a pass whose snapshot predates another pass's commit would find the concern not yet escalated, lock it
 * once the other pass had committed (nothing updated the row, so PostgreSQL does not re-check it) and escalate it
 * again. Taken first, the lock orders the passes, and the query after it sees everything the last one committed.
 */
const ESCALATION_LOCK = 0x0e5c_a1a7
export async function escalateUnacknowledgedConcerns(
  deps: Pick<Deps, 'db' | 'clock'>,
  serviceUrl: string,
): Promise<number> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${ESCALATION_LOCK}) AS got`.execute(tx)
    if (lock.rows[0]?.got !== true) return 0
    const candidates = await tx
      .selectFrom('concern as c')
      .select(['c.id', 'c.reference', 'c.organisation_id', 'c.immediate_danger', 'c.created_at'])
      .where('c.state', '=', 'new')
      .where('c.created_at', '<', new Date(now.getTime() - 60 * 60_000))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notification_outbox as n')
              .select('n.id')
              .where('n.kind', '=', 'concern.escalated')
              .where(sql<boolean>`n.related_id = c.id::text`),
          ),
        ),
      )
      .orderBy('c.created_at')
      .limit(100)
      .forUpdate()
      .skipLocked()
      .execute()
    let escalated = 0
    for (const c of candidates) {
      if (!isOverdueForAcknowledgement(c.immediate_danger, c.created_at, now)) continue
      const sent = await notifyOrganisationRoles(
        tx,
        {
          organisationId: c.organisation_id,
          roles: ['deputy_dsl', 'org_admin'],
          kind: 'concern.escalated',
          subject: `${c.immediate_danger ? 'URGENT: ' : ''}Concern ${c.reference} has not been acknowledged`,
          body: `Concern ${c.reference} was recorded ${c.immediate_danger ? 'as a child in immediate danger ' : ''}and no designated safeguarding lead has acknowledged it yet. Make sure someone acts on it now.\n\nOpen it in Together: ${serviceUrl}/concerns/${c.id}`,
          relatedType: 'concern',
          relatedId: c.id,
        },
        now,
      )
      if (sent === 0) continue
      escalated++
      await appendAudit(
        tx,
        {
          actorUserId: null,
          actorOrganisationId: c.organisation_id,
          actorRoles: [],
          action: 'concern.escalated',
          subjectType: 'concern',
          subjectId: c.id,
          reason: 'not acknowledged within the escalation time',
          details: { recipients: sent, urgent: c.immediate_danger },
        },
        now,
      )
    }
    return escalated
  })
}
