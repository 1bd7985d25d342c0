import { sql, type Transaction } from 'kysely'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { RequestMeta } from '../../../platform/context.js'
import { newId } from '../../../platform/security/secrets.js'
import { oneLine } from '../../notifications/steps/enqueueNotification.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import {
  repeatedConcernsCrossed,
  thresholdFrom,
  thresholdInWords,
  type RepeatedConcernsThreshold,
} from '../domain/repeatedConcerns.js'

type Tx = Transaction<DB>

/** Who at the local authority is told of repeated concerns about a child it holds open work for. */
export const LOCAL_AUTHORITY_TOLD_ROLES = ['front_door'] as const

/** The partnership's threshold for repeated concerns in a local area, with its source, or Together's default. */
export async function repeatedConcernsThreshold(tx: Tx, localAreaId: string): Promise<RepeatedConcernsThreshold> {
  const row = await tx
    .selectFrom('sharing_setting')
    .select(['repeated_concerns_count', 'repeated_concerns_days', 'repeated_concerns_source'])
    .where('local_area_id', '=', localAreaId)
    .executeTakeFirst()
  return thresholdFrom(
    row === undefined
      ? undefined
      : {
          count: row.repeated_concerns_count,
          withinDays: row.repeated_concerns_days,
          source: row.repeated_concerns_source,
        },
  )
}

/** Whether the local authority holds open work for the child: a referral not yet decided, a case, or family help. */
async function holdsOpenWork(tx: Tx, childId: string, localAuthorityId: string): Promise<boolean> {
  const row = await sql<{ open: boolean }>`
    SELECT EXISTS (SELECT 1 FROM referral WHERE child_id = ${childId} AND to_organisation_id = ${localAuthorityId} AND state = 'received')
      OR EXISTS (SELECT 1 FROM episode WHERE child_id = ${childId} AND local_authority_id = ${localAuthorityId} AND closed_on IS NULL)
      OR EXISTS (SELECT 1 FROM family_help_member m JOIN family_help_episode e ON e.id = m.episode_id
                 WHERE m.child_id = ${childId} AND e.coordinating_organisation_id = ${localAuthorityId} AND e.closed_on IS NULL) AS open`.execute(
    tx,
  )
  return row.rows[0]?.open === true
}

/**
 * After a concern is recorded, in its transaction: for each of its children, whether the concerns about them now
 * cross the partnership's threshold (domain/repeatedConcerns.ts). A crossing is written once (a row naming the
 * concerns it counted) and told once: an email through the outbox to the safeguarding leads of every organisation
 * that recorded one of those concerns, and to the local authority's front door if it holds open work for the
 * child. No child's name goes in the email. Two concerns about the same child recorded at the same moment take
 * turns (a lock per child, held to the end of the transaction), so the second sees the first's crossing and does
 * not tell again.
 */
export async function noticeRepeatedConcerns(
  tx: Tx,
  actor: Actor,
  concernId: string,
  childIds: readonly string[],
  now: Date,
  meta: RequestMeta,
  serviceUrl = '',
): Promise<number> {
  let crossings = 0
  // Always in the same order, so two transactions about the same brothers and sisters cannot deadlock.
  for (const childId of [...childIds].sort()) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`repeated-concerns:${childId}`}, 0))`.execute(tx)
    const child = await tx.selectFrom('child').select(['local_area_id']).where('id', '=', childId).executeTakeFirst()
    if (child === undefined) continue
    const threshold = await repeatedConcernsThreshold(tx, child.local_area_id)
    const from = new Date(now.getTime() - threshold.withinDays * 86_400_000)
    // The concerns earlier crossings counted, read once: only crossings since the window opened can have counted a
    // concern recorded in it (a crossing counts concerns recorded before it). Checking every crossing's list for
    // each concern cost a child with many concerns a scan per concern, on every concern recorded about them. Only
    // the concerns no crossing counted come back (the rest would be parsed only to be left out): a child with
    // hundreds of concerns in the window sent them all on every concern (bench/record-concern.bench.ts profile:
    // 13% of the app's time parsing their dates).
    const concerns = await sql<{ id: string; created_at: Date; organisation_id: string; counted: boolean }>`
      WITH counted AS (
        SELECT DISTINCT unnest(a.concern_ids) AS id FROM repeated_concern_alert a
        WHERE a.child_id = ${childId} AND a.crossed_at >= ${from}
      )
      SELECT c.id, c.created_at, c.organisation_id, false AS counted
      FROM concern_child cc JOIN concern c ON c.id = cc.concern_id
      WHERE cc.child_id = ${childId} AND c.created_at >= ${from} AND c.created_at <= ${now}
        AND c.id NOT IN (SELECT id FROM counted)`.execute(tx)
    const answer = repeatedConcernsCrossed(
      concerns.rows.map((c) => ({
        id: c.id,
        recordedAtMs: c.created_at.getTime(),
        organisationId: c.organisation_id,
        counted: c.counted,
      })),
      now.getTime(),
      threshold,
    )
    if (!answer.crossed) continue
    const la = await localAuthorityFor(tx, child.local_area_id)
    const laTold = la !== undefined && (await holdsOpenWork(tx, childId, la.id))
    const told = [...answer.organisationIds, ...(laTold && la !== undefined ? [la.id] : [])]
    const id = newId()
    const inserted = await tx
      .insertInto('repeated_concern_alert')
      .values({
        id,
        child_id: childId,
        crossed_by_concern_id: concernId,
        crossed_at: now,
        concern_ids: [...answer.concernIds],
        threshold_count: threshold.count,
        threshold_days: threshold.withinDays,
        threshold_source: threshold.source,
        told_organisation_ids: told,
        local_authority_id: laTold && la !== undefined ? la.id : null,
      })
      .onConflict((oc) => oc.columns(['child_id', 'crossed_by_concern_id']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (inserted === undefined) continue
    crossings++
    const names = await tx
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('id', 'in', answer.organisationIds)
      .execute()
    const from_ = answer.organisationIds.map((o) => names.find((n) => n.id === o)?.name ?? 'another organisation')
    // The concerns' references (never the child's name) tell the DSL which records to read, and make each
    // crossing's email its own: the same child crossing again is a new alert about other concerns.
    const references = await tx
      .selectFrom('concern')
      .select('reference')
      .where('id', 'in', [...answer.concernIds])
      .orderBy('reference')
      .execute()
    const subject = 'Repeated concerns about a child'
    const body = [
      `Concerns about a child have reached your safeguarding partnership’s threshold for repeated concerns: ${answer.concernIds.length} concerns recorded within ${threshold.withinDays} days (the threshold is ${thresholdInWords(threshold)}).`,
      '',
      `Recorded by: ${from_.join(', ')}.`,
      `The concerns: ${references.map((r) => r.reference).join(', ')}.`,
      '',
      'Each may have seemed small on its own. Look at the child’s record together, and talk to the other organisations involved.',
      '',
      `See the child in Together: ${serviceUrl}/children/${childId}`,
    ].join('\n')
    const leadRoles = sql.val([...CONCERN_LEAD_ROLES])
    const laRoles = sql.val([...LOCAL_AUTHORITY_TOLD_ROLES])
    const sent = await sql<{ recipient: string }>`
      INSERT INTO notification_outbox (id, kind, organisation_id, recipient, subject, body, related_type, related_id, created_at, next_attempt_at)
      SELECT gen_random_uuid(), 'child.repeated_concerns', u.organisation_id, trim(u.email), ${oneLine(subject)}, ${body}, 'repeated_concern_alert', ${id}, ${now}, ${now}
      FROM app_user u
      WHERE u.active AND (
        (u.organisation_id = ANY (${sql.val([...answer.organisationIds])}::uuid[]) AND u.roles && ${leadRoles}::text[])
        OR (u.organisation_id = ${laTold && la !== undefined ? la.id : null} AND u.roles && ${laRoles}::text[]))
      RETURNING recipient`.execute(tx)
    await auditActor(tx, actor, meta, now, {
      action: 'child.repeated_concerns_told',
      subjectType: 'child',
      subjectId: childId,
      reason: `concerns about the child reached the partnership’s threshold (${thresholdInWords(threshold)})`,
      details: {
        alertId: id,
        concernIds: answer.concernIds,
        toldOrganisationIds: told,
        localAuthorityTold: laTold,
        emails: sent.rows.length,
        threshold: { count: threshold.count, withinDays: threshold.withinDays, source: threshold.source },
      },
    })
  }
  return crossings
}
