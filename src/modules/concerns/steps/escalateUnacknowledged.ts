import { sql, type Transaction } from 'kysely'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { noActor } from '../../../platform/audit/noActor.js'
import type { Deps } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { BACKUP_STAGE, FRONT_DOOR_STAGE, frontDoorDue, type EscalationStage } from '../domain/escalation.js'
import { isOverdueForAcknowledgement } from '../queries/dslInbox.js'

/**
 * The DSL's chain (../domain/escalation.ts). Concerns nobody has acknowledged in time go to the backup — the
 * deputies, the head or manager and the organisation's administrator — once; if still nobody acknowledges, or
 * the organisation has nobody to be the backup, to the local authority's front door, once. The inbox shows the
 * same concerns as "not acknowledged in time". Runs on a timer in every server process, so one pass at a time
 * across all of them: a pass takes a transaction-scoped advisory lock and a process that cannot get it skips its
 * turn. Row locks alone were not enough: a pass whose snapshot predates another pass's commit would find the
 * concern not yet escalated, lock it once the other pass had committed (nothing updated the row, so PostgreSQL
 * does not re-check it) and escalate it again. Taken first, the lock orders the passes, and the query after it
 * sees everything the last one committed.
 *
 * The front door is told which organisation and which concern reference, never the child: it phones the
 * organisation, which is the fastest way to find out whether anyone is there.
 */
const ESCALATION_LOCK = 0x0e5c_a1a7
export async function escalateUnacknowledgedConcerns(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'settings'>,
): Promise<number> {
  const now = deps.clock.now()
  const serviceUrl = deps.settings.serviceUrl
  // Concerns whose chain reached nobody: someone must set up the roles, so the log says so (by reference only).
  const nobodyAtOrganisation: string[] = []
  const nobodyAtFrontDoor: string[] = []
  const count = await deps.db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${ESCALATION_LOCK}) AS got`.execute(tx)
    if (lock.rows[0]?.got !== true) return 0
    const candidates = await tx
      .selectFrom('concern as c')
      .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
      .select(['c.id', 'c.reference', 'c.organisation_id', 'c.immediate_danger', 'c.created_at'])
      .select(['o.name as organisation_name', 'o.local_area_id'])
      .leftJoin('concern_escalation as b', (j) => j.onRef('b.concern_id', '=', 'c.id').on('b.stage', '=', 'backup'))
      .select(['b.reached_at as backup_at', 'b.recipients as backup_recipients'])
      .where('c.state', '=', 'new')
      .where('c.created_at', '<', new Date(now.getTime() - 60 * 60_000))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('concern_escalation as f')
              .select('f.concern_id')
              .whereRef('f.concern_id', '=', 'c.id')
              .where('f.stage', '=', 'front_door'),
          ),
        ),
      )
      .orderBy('c.created_at')
      .limit(100)
      .forUpdate('c')
      .skipLocked()
      .execute()
    let escalated = 0
    for (const c of candidates) {
      if (!isOverdueForAcknowledgement(c.immediate_danger, c.created_at, now)) continue
      let backupRecipients = c.backup_recipients
      let backupAt = c.backup_at
      if (backupAt === null) {
        const sent = await reachStage(
          tx,
          c,
          BACKUP_STAGE,
          c.organisation_id,
          {
            subject: `${c.immediate_danger ? 'URGENT: ' : ''}Concern ${c.reference} has not been acknowledged`,
            body: `Concern ${c.reference} was recorded ${c.immediate_danger ? 'as a child in immediate danger ' : ''}and no designated safeguarding lead has acknowledged it yet. You are the backup: make sure someone acts on it now. If nobody acknowledges it, the local authority’s front door will be told.\n\nSee it in Together: ${serviceUrl}/concerns/unacknowledged`,
          },
          now,
        )
        backupRecipients = sent
        backupAt = now
        escalated++
        if (sent > 0) continue
        nobodyAtOrganisation.push(c.reference)
      }
      const backup =
        backupRecipients === 0 ? { nobodyToTell: true as const } : { toldAtMs: new Date(backupAt).getTime() }
      if (!frontDoorDue(c.immediate_danger, backup, now.getTime())) continue
      if (await tellFrontDoor(tx, c, serviceUrl, now)) escalated++
      else nobodyAtFrontDoor.push(c.reference)
    }
    return escalated
  })
  // Logged once the transaction has committed, so the log never tells of an escalation that was rolled back.
  const log = deps.log.child({ component: 'escalation' })
  if (count > 0) log.info(`escalated ${count} concern${count === 1 ? '' : 's'} not acknowledged in time`)
  for (const reference of nobodyAtOrganisation)
    log.warn(
      { concern: reference },
      'a concern was not acknowledged in time and its organisation has no deputy, head, manager or administrator to tell',
    )
  for (const reference of nobodyAtFrontDoor)
    log.warn(
      { concern: reference },
      'a concern was not acknowledged in time and the local authority’s front door has nobody on Together to tell',
    )
  return count
}

async function tellFrontDoor(
  tx: Transaction<DB>,
  c: {
    id: string
    reference: string
    organisation_id: string
    organisation_name: string
    local_area_id: string
    immediate_danger: boolean
    created_at: Date
  },
  serviceUrl: string,
  now: Date,
): Promise<boolean> {
  const la = await localAuthorityFor(tx, c.local_area_id)
  // Recorded even when nobody could be told, so the timer does not retry (and audit) every minute; the inbox
  // still shows the concern as not acknowledged in time.
  const sent = await reachStage(
    tx,
    c,
    FRONT_DOOR_STAGE,
    la?.id,
    {
      subject: `${c.immediate_danger ? 'URGENT: ' : ''}A concern at ${c.organisation_name} has not been acknowledged`,
      body: `${c.organisation_name} recorded concern ${c.reference} about a child${c.immediate_danger ? ' in immediate danger' : ''}, and neither its designated safeguarding lead nor its backup has acknowledged it. Please contact ${c.organisation_name} now to make sure someone acts on it.\n\n${serviceUrl}/concerns/unacknowledged`,
    },
    now,
  )
  return sent > 0
}

interface StageOutcome {
  readonly action: string
  readonly reason: string
}

/** What the audit trail says of a stage reached: when someone was told, and when nobody could be. */
const stageOutcomes: Readonly<
  Record<EscalationStage['id'], { readonly told: StageOutcome; readonly nobody: StageOutcome }>
> = {
  backup: {
    told: { action: 'concern.escalated', reason: 'not acknowledged within the escalation time' },
    nobody: {
      action: 'concern.escalation_nobody_to_tell',
      reason: 'not acknowledged in time and the organisation has no deputy, head, manager or administrator to tell',
    },
  },
  front_door: {
    told: { action: 'concern.escalated_front_door', reason: 'not acknowledged by the DSL or the backup in time' },
    nobody: {
      action: 'concern.escalation_front_door_unreachable',
      reason: 'the local authority’s front door has nobody on Together to tell',
    },
  },
}

/**
 * A stage reached: the message to the stage's roles at `organisationId` (nobody when there is none), the stage's
 * row, so the timer does not tell anyone again, and its audit entry. The timer acts for the concern's
 * organisation, not for a person. Answers how many were told.
 */
async function reachStage(
  tx: Transaction<DB>,
  c: { readonly id: string; readonly organisation_id: string; readonly immediate_danger: boolean },
  stage: EscalationStage,
  organisationId: string | undefined,
  message: { readonly subject: string; readonly body: string },
  now: Date,
): Promise<number> {
  const sent =
    organisationId === undefined
      ? 0
      : await notifyOrganisationRoles(
          tx,
          { organisationId, roles: stage.roles, kind: stage.kind, ...message, relatedType: 'concern', relatedId: c.id },
          now,
        )
  const outcome = sent === 0 ? stageOutcomes[stage.id].nobody : stageOutcomes[stage.id].told
  await tx
    .insertInto('concern_escalation')
    .values({ concern_id: c.id, stage: stage.id, reached_at: now, recipients: sent })
    .execute()
  await appendAudit(
    tx,
    {
      ...noActor,
      actorOrganisationId: c.organisation_id,
      ...outcome,
      subjectType: 'concern',
      subjectId: c.id,
      details: { stage: stage.id, recipients: sent, urgent: c.immediate_danger },
    },
    now,
  )
  return sent
}
