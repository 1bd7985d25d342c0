import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { recomputeOpenDeadlines } from './partnershipClock.js'

export type NonWorkingDayError = DomainError<'ACCESS.DENIED' | 'CALENDAR.ALREADY_NON_WORKING' | 'CALENDAR.NOT_FOUND'>

/**
 * A partnership lead adds a day on which its services do not work (a local closure, or a new bank holiday
 * announced before a release ships it). Open deadlines move in the same transaction.
 */
export async function addNonWorkingDay(
  deps: Deps,
  actor: Actor,
  input: { day: LocalDate; description: string },
  meta: RequestMeta,
): Promise<Result<{ id: string; recomputed: number }, NonWorkingDayError>> {
  const decision = decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  const day = formatLocalDate(input.day)
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    // Serialise changes to one area's calendar so two leads adding the same day cannot both succeed.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`calendar:${actor.localAreaId}`}))`.execute(tx)
    const exists = await tx
      .selectFrom('local_non_working_day')
      .select('id')
      .where('local_area_id', '=', actor.localAreaId)
      .where('day', '=', day)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (exists !== undefined)
      return err(
        domainError('CALENDAR.ALREADY_NON_WORKING', `${day} is already a local non-working day`, {
          day: 'That day is already a local non-working day',
        }),
      )
    const id = newId()
    await tx
      .insertInto('local_non_working_day')
      .values({
        id,
        local_area_id: actor.localAreaId,
        day,
        description: input.description.trim(),
        created_by: actor.userId,
        created_at: now,
        removed_at: null,
        removed_by: null,
      })
      .execute()
    const recomputed = await recomputeOpenDeadlines(tx, actor.localAreaId)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'calendar.non_working_day_added',
        subjectType: 'local_area',
        subjectId: actor.localAreaId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { day, description: input.description.trim(), deadlinesRecomputed: recomputed },
      },
      now,
    )
    return ok({ id, recomputed })
  })
}

export async function removeNonWorkingDay(
  deps: Deps,
  actor: Actor,
  input: { id: string },
  meta: RequestMeta,
): Promise<Result<{ recomputed: number }, NonWorkingDayError>> {
  const decision = decide(actor, { kind: 'timescales.manage_local', localAreaId: actor.localAreaId })
  if (!decision.allowed) return err(domainError('ACCESS.DENIED', decision.reason))
  if (!isUuid(input.id)) {
    return err(domainError('CALENDAR.NOT_FOUND', 'There is no such local non-working day'))
  }
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const removed = await tx
      .updateTable('local_non_working_day')
      .set({ removed_at: now, removed_by: actor.userId })
      .where('id', '=', input.id)
      .where('local_area_id', '=', actor.localAreaId)
      .where('removed_at', 'is', null)
      .returning(['day', 'description'])
      .executeTakeFirst()
    if (removed === undefined) return err(domainError('CALENDAR.NOT_FOUND', 'There is no such local non-working day'))
    const recomputed = await recomputeOpenDeadlines(tx, actor.localAreaId)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'calendar.non_working_day_removed',
        subjectType: 'local_area',
        subjectId: actor.localAreaId,
        reason: decision.reason,
        correlationId: meta.correlationId,
        details: { day: removed.day, description: removed.description, deadlinesRecomputed: recomputed },
      },
      now,
    )
    return ok({ recomputed })
  })
}
