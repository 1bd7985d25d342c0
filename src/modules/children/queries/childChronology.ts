import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { CONCERN_LEAD_ROLES, findDecisionKind, isDecisionKindId } from '../../concerns/domain/workflow.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { sql } from 'kysely'
import { auditRow } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { viewChildOrDeny } from './childAccess.js'
import type { ChildIdentityFields } from '../../../platform/db/childIdentityFields.js'
import type { ProtectionEntryKind } from '../../protection/domain/chronologyVisibility.js'
import { protectionChronology, type ProtectionChronologyEntry } from './protectionChronology.js'
import { familyHelpChronology, type FamilyHelpEntryKind } from '../../family-help/index.js'

/** An entry of the whole chronology: a protection entry's fields, of any type, with what the other sources add. */
export interface ChronologyEntry extends Omit<ProtectionChronologyEntry, 'type'> {
  /** When it was written down, if later than `at`: entries on the same day are in the order they were recorded. */
  readonly recordedAt?: Date
  readonly type:
    | 'concern'
    | 'addendum'
    | 'acknowledged'
    | 'information_requested'
    | 'information_provided'
    | 'decision'
    | 'shared_information'
    | ProtectionEntryKind
    | FamilyHelpEntryKind
  /** For family help: the episode's id, so the entry links to it. */
  readonly familyHelpEpisodeId?: string
}

export interface Chronology {
  readonly child: { readonly id: string } & Omit<ChildIdentityFields, 'sex'>
  readonly entries: readonly ChronologyEntry[]
  readonly organisations: readonly string[]
  /** How many entries the filter shows in all; `entries` holds one page of them when a page was asked for. */
  readonly totalEntries: number
  /** The page shown, when the chronology was asked for a page at a time. */
  readonly page?: ChronologyPage
}

/** One page of a long chronology: a child known to many agencies for years has thousands of entries. */
export interface ChronologyPage {
  /** 1 is the oldest entries. */
  readonly number: number
  readonly size: number
  readonly pages: number
}

export interface ChronologyFilter {
  readonly organisation?: string | undefined
  readonly category?: string | undefined
  readonly type?: string | undefined
  /** Set when the chronology leaves the service (a PDF for a conference), so the audit says so. */
  readonly forExport?: boolean | undefined
  /**
   * One page of entries, oldest first within it: `number` 1 is the oldest page, and without a number the newest
   * page is shown (what a practitioner opening the record needs first). Without `page`, every entry (the PDF and
   * a subject access export take the whole story).
   */
  readonly page?: { readonly number?: number | undefined; readonly size: number } | undefined
}

/** A page number or size from a query string: a whole number from 1, or nothing (anything else). */
export const wholeFromQuery = (v: unknown): number | undefined =>
  typeof v === 'string' && /^[1-9][0-9]{0,5}$/.test(v) ? Number(v) : undefined

/** The page a request gets: the one asked for, kept within the chronology, or else the newest. */
export function pageOf(
  total: number,
  page: { readonly number?: number | undefined; readonly size: number },
): ChronologyPage {
  const pages = Math.max(1, Math.ceil(total / page.size))
  return { number: Math.min(Math.max(1, page.number ?? pages), pages), size: page.size, pages }
}

/**
 * One child's story in time order: every concern, event on it, referral and step of the protection work that
 * follows (strategy discussions, enquiries, conferences, plans, core groups, requests for information) the viewer
 * may see. What the viewer may not see is left out entirely, not shown as a gap. Denied views look exactly like
 * "no such child" and are audited.
 */
export async function childChronology(
  deps: Deps,
  actor: Actor,
  childId: string,
  filter: ChronologyFilter,
  meta: RequestMeta,
): Promise<Result<Chronology, DomainError<'CHILD.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const viewed = await viewChildOrDeny(deps, actor, childId, meta)
  if (!viewed.ok) return viewed
  const { child, reason: viewReason } = viewed.value
  // Concerns this viewer may see: their own, or (as a safeguarding lead) their organisation's.
  const lead = hasRole(actor, ...CONCERN_LEAD_ROLES)
  // What other organisations shared with the viewer's organisation (sharing module): exactly the shared concerns
  // (not their later events) and written summaries, for the safeguarding leads the share was addressed to.
  const seesShared = hasRole(
    actor,
    ...CONCERN_LEAD_ROLES,
    'police_officer',
    'front_door',
    'social_worker',
    'team_manager',
    'conference_chair',
  )
  // Referrals and the protection work after them, each agency seeing its part (chronologyVisibility.ts).
  // Family help the child was part of, each episode as its own policy lets this viewer see it (family-help module).
  const [protection, familyHelp] = await Promise.all([
    protectionChronology(deps.db, actor, childId),
    familyHelpChronology(deps.db, actor, childId),
  ])
  // Entries built outside the statement below (protection and family help, each by its own visibility rule; tens
  // to a few hundred for a child), in the order they were built. The statement places them among its own rows by
  // their keys, so only the page asked for leaves PostgreSQL.
  const built: ChronologyEntry[] = [
    ...protection.filter((e) => shownByFilter(e, filter)),
    ...familyHelp.filter((e) => shownByFilter(e, filter)),
  ]
  const builtKeys = built.map(orderKey)
  const audit = auditRow(
    {
      ...actorAudit(actor),
      action: filter.forExport === true ? 'child.chronology_exported' : 'child.chronology_viewed',
      subjectType: 'child',
      subjectId: childId,
      reason: viewReason,
      correlationId: meta.correlationId,
    },
    now,
  )
  const pageSize = filter.page?.size ?? null
  const pageNumber = filter.page?.number ?? null
  // Every entry the viewer may see, the filter applied, in event order (orderKey's order, then this statement's own
  // rows before built ones, each in the order they come), numbered; the page asked for (pageOf's arithmetic: the
  // newest without a number); and the audit entry saying how many the filter shows and which page was seen. One
  // statement, so the view and its audit entry are one transaction in one round trip, and only one page of rows is
  // read and sent: reading all 2,000 entries of a long chronology to show 100 cost most of the request
  // (bench/sharing-chronology.bench.ts). One row always comes back (the totals), with the page's rows or nulls.
  // The child's concerns are looked up by id: joined instead, PostgreSQL read every concern of the viewer's
  // organisation (17,000 for the bench's school, 8 ms) to keep the child's 350.
  const rows = await sql<{
    n: number
    organisations: string[] | null
    page: number | null
    built: string | null
    at: Date | null
    type: ChronologyEntry['type']
    organisation: string
    author: string
    summary: string
    categories: string[]
    key: boolean
    concern_id: string | null
    reference: string
    decision_kind: string | null
    recorded_at: Date
  }>`
    WITH visible_concern AS (
      SELECT c.id, c.reference, c.observed_at, c.created_at, c.facts, c.categories, c.immediate_danger, c.organisation_id, c.author_user_id
      FROM concern c
      WHERE c.id = ANY (ARRAY(SELECT concern_id FROM concern_child WHERE child_id = ${childId}))
        AND (c.author_user_id = ${actor.userId} OR (${lead} AND c.organisation_id = ${actor.organisationId}))
    ), entry AS (
      SELECT c.observed_at AS at, 'concern' AS type, o.name AS organisation, u.display_name AS author, c.facts AS summary, c.categories,
        c.immediate_danger AS key, c.id AS concern_id, c.reference, 0 AS source, 0::bigint AS ord, NULL::text AS decision_kind,
        c.created_at AS recorded_at
      FROM visible_concern c JOIN organisation o ON o.id = c.organisation_id JOIN app_user u ON u.id = c.author_user_id
      UNION ALL
      SELECT e.created_at, e.kind, o.name, u.display_name,
        e.text, c.categories, e.kind = 'decision', e.concern_id, c.reference, 1, e.seq, e.decision_kind, e.created_at
      FROM visible_concern c JOIN concern_event e ON e.concern_id = c.id JOIN organisation o ON o.id = e.actor_organisation_id JOIN app_user u ON u.id = e.actor_user_id
      UNION ALL
      SELECT c.observed_at, 'shared_information', o.name, u.display_name, c.facts, c.categories, c.immediate_danger, NULL::uuid, c.reference, 0, 0::bigint,
        NULL::text, c.created_at
      FROM concern c JOIN organisation o ON o.id = c.organisation_id JOIN app_user u ON u.id = c.author_user_id
      WHERE ${seesShared} AND c.id IN (
          SELECT i.concern_id FROM sharing_decision d JOIN sharing_item i ON i.decision_id = d.id
          WHERE d.child_id = ${childId} AND d.recipient_organisation_id = ${actor.organisationId} AND d.decision IN ('share', 'share_in_part'))
        AND c.id NOT IN (SELECT id FROM visible_concern)
      UNION ALL
      SELECT d.decided_at, 'shared_information', o.name, u.display_name, d.summary, '{}'::text[], false, NULL::uuid, d.reference, 2, 0::bigint,
        NULL::text, d.decided_at
      FROM sharing_decision d JOIN organisation o ON o.id = d.organisation_id JOIN app_user u ON u.id = d.decided_by
      WHERE ${seesShared} AND d.child_id = ${childId} AND d.recipient_organisation_id = ${actor.organisationId}
        AND d.decision IN ('share', 'share_in_part') AND d.summary IS NOT NULL
    ), ordered AS (
      SELECT (at AT TIME ZONE 'Europe/London')::date AS day, date_trunc('milliseconds', recorded_at) AS rec, 0 AS grp, NULL::bigint AS built, entry.*
      FROM entry
      WHERE (${filter.organisation ?? null}::text IS NULL OR organisation = ${filter.organisation ?? null})
        AND (${filter.category ?? null}::text IS NULL OR ${filter.category ?? null} = ANY (categories))
        AND (${filter.type ?? null}::text IS NULL OR type = ${filter.type ?? null})
      UNION ALL
      SELECT b.day, b.rec, 1, b.built - 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM unnest(${sql.val(builtKeys.map((k) => k.day))}::date[], ${sql.val(builtKeys.map((k) => k.recorded))}::timestamptz[])
        WITH ORDINALITY AS b(day, rec, built)
    ), numbered AS (
      SELECT ordered.*, row_number() OVER (ORDER BY day, rec, grp, at, source, reference, ord, built) AS rank FROM ordered
    ), totals AS (
      SELECT t.n, (SELECT array_agg(DISTINCT organisation) FROM entry) AS organisations,
        CASE WHEN ${pageSize}::int IS NULL THEN NULL ELSE
          least(greatest(1, coalesce(${pageNumber}::int, ceil(t.n / ${pageSize}::numeric)::int)), greatest(1, ceil(t.n / ${pageSize}::numeric)::int)) END AS page
      FROM (SELECT count(*)::int AS n FROM ordered) t
    ), audited AS (
      INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, subject_type, subject_id, reason, correlation_id, details)
      SELECT ${audit.occurred_at}, ${audit.actor_user_id}, ${audit.actor_organisation_id}, ${sql.val(audit.actor_roles)}::text[], ${audit.action}, ${audit.subject_type},
        ${audit.subject_id}, ${audit.reason}, ${audit.correlation_id},
        jsonb_build_object('entries', totals.n) || CASE WHEN totals.page IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('page', totals.page, 'pageSize', ${pageSize}::int) END
      FROM totals
    )
    SELECT totals.n, totals.organisations, totals.page, r.built, r.at, r.type, r.organisation, r.author, r.summary, r.categories, r.key, r.concern_id,
      r.reference, r.decision_kind, r.recorded_at
    FROM totals LEFT JOIN numbered r
      ON totals.page IS NULL OR r.rank BETWEEN (totals.page - 1) * ${pageSize}::int + 1 AND totals.page * ${pageSize}::int
    ORDER BY r.rank`.execute(deps.db)

  const head = rows.rows[0]
  const totalEntries = head?.n ?? 0
  const organisations = [
    ...new Set([
      ...(head?.organisations ?? []),
      ...protection.map((e) => e.organisation),
      ...familyHelp.map((e) => e.organisation),
    ]),
  ].sort()
  const entries: ChronologyEntry[] = rows.rows.flatMap((e): ChronologyEntry[] => {
    if (e.built !== null) {
      // When each was recorded orders the entries; the entry itself says when it happened.
      const { recordedAt: _recordedAt, ...entry } = built[Number(e.built)] as ChronologyEntry
      return [entry]
    }
    if (e.at === null) return []
    return [
      {
        at: e.at,
        dateOnly: false,
        type: e.type,
        organisation: e.organisation,
        author: e.author,
        summary: e.decision_kind === null ? e.summary : `Decision: ${decisionLabel(e.decision_kind)}. ${e.summary}`,
        categories: e.categories,
        key: e.key,
        concernId: e.concern_id,
        reference: e.reference,
      },
    ]
  })
  const page = filter.page === undefined ? undefined : pageOf(totalEntries, filter.page)
  return ok({
    child: {
      id: child.id,
      givenName: child.given_name,
      familyName: child.family_name,
      dateOfBirth: child.date_of_birth,
      expectedDateOfDelivery: child.expected_date_of_delivery,
      nhsNumber: child.nhs_number,
      upn: child.upn,
    },
    entries,
    organisations,
    totalEntries,
    ...(page === undefined ? {} : { page }),
  })
}

const englishDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', dateStyle: 'short' })

/**
 * An entry's place in event order, as the chronology's statement orders its own rows: by the day of the event in
 * England, then by when it was recorded (a concern seen at 09:10 but written up at 15:00 comes after a meeting
 * recorded at noon that day), to the millisecond. Entries at the same key keep the order they were built in.
 */
const orderKey = (entry: ChronologyEntry): { day: string; recorded: string } => ({
  day: englishDay.format(entry.at),
  recorded: (entry.recordedAt ?? entry.at).toISOString(),
})

/** The page's filters, for entries built outside the statement above. */
const shownByFilter = (e: ChronologyEntry, filter: ChronologyFilter): boolean =>
  (filter.organisation === undefined || e.organisation === filter.organisation) &&
  (filter.category === undefined || e.categories.includes(filter.category)) &&
  (filter.type === undefined || e.type === filter.type)

/** A decision as people say it ("Refer to children’s social care"), never its stored id. */
const decisionLabel = (kind: string): string => (isDecisionKindId(kind) ? findDecisionKind(kind).label : 'Other')
