import { sql } from 'kysely'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import { thresholdInWords } from '../domain/repeatedConcerns.js'
import { LOCAL_AUTHORITY_TOLD_ROLES } from '../steps/repeatedConcerns.js'

/** One crossing of the repeated-concerns threshold, as the organisations told of it see it. */
export interface RepeatedConcernAlertView {
  readonly id: string
  readonly childId: string
  readonly childName: string
  readonly crossedAt: Date
  readonly concerns: number
  /** "3 concerns within 90 days". */
  readonly threshold: string
  readonly thresholdSource: string
  /** The organisations that recorded the concerns, by name. */
  readonly recordedBy: readonly string[]
  readonly localAuthorityTold: boolean
}

/** Whether this person is one of those told of repeated concerns for their organisation. */
export const toldOfRepeatedConcerns = (actor: Actor): boolean =>
  hasRole(actor, ...CONCERN_LEAD_ROLES, ...LOCAL_AUTHORITY_TOLD_ROLES)

/**
 * The crossings the viewer's organisation was told of, newest first: for the safeguarding inbox and the front door
 * (all children, within each crossing's own window, audited as a list naming the children), or for one child's page
 * (the page's own view is audited with the child). Only safeguarding leads and the front door see them, and only
 * their own organisation's.
 */
export async function repeatedConcernAlerts(
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
  options: { readonly childId?: string } = {},
): Promise<RepeatedConcernAlertView[]> {
  if (!toldOfRepeatedConcerns(actor)) return []
  const now = deps.clock.now()
  const rows = await sql<{
    id: string
    child_id: string
    given_name: string
    family_name: string
    crossed_at: Date
    concerns: number
    threshold_count: number
    threshold_days: number
    threshold_source: string
    recorded_by: string[]
    local_authority_id: string | null
  }>`
    SELECT a.id, a.child_id, ch.given_name, ch.family_name, a.crossed_at, cardinality(a.concern_ids) AS concerns,
      a.threshold_count, a.threshold_days, a.threshold_source, a.local_authority_id,
      ARRAY(SELECT o.name FROM unnest(a.told_organisation_ids) WITH ORDINALITY t(id, n) JOIN organisation o ON o.id = t.id
            WHERE t.id IS DISTINCT FROM a.local_authority_id ORDER BY t.n) AS recorded_by
    -- The child as known now, looked up by id: a plain join to the view would read every child (see childCurrentOf).
    FROM repeated_concern_alert a
      CROSS JOIN LATERAL (SELECT given_name, family_name FROM child_current WHERE id = a.child_id LIMIT 1) ch
    WHERE ${actor.organisationId}::uuid = ANY (a.told_organisation_ids)
      AND (${options.childId ?? null}::uuid IS NULL OR a.child_id = ${options.childId ?? null}::uuid)
      AND (${options.childId ?? null}::uuid IS NOT NULL OR a.crossed_at >= ${now}::timestamptz - make_interval(days => a.threshold_days))
    ORDER BY a.crossed_at DESC
    LIMIT 100`.execute(deps.db)
  if (options.childId === undefined && rows.rows.length > 0)
    await auditSeen(deps.db, actor, meta, now, {
      action: 'repeated_concerns.viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: 'your organisation was told of repeated concerns about these children',
      details: { alertIds: rows.rows.map((r) => r.id), childIds: rows.rows.map((r) => r.child_id) },
    })
  return rows.rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    childName: `${r.given_name} ${r.family_name}`,
    crossedAt: r.crossed_at,
    concerns: Number(r.concerns),
    threshold: thresholdInWords({ count: r.threshold_count, withinDays: r.threshold_days }),
    thresholdSource: r.threshold_source,
    recordedBy: r.recorded_by,
    localAuthorityTold: r.local_authority_id !== null,
  }))
}
