import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { CONCERN_LEAD_ROLES, findDecisionKind, isDecisionKindId } from '../../concerns/domain/workflow.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { sql } from 'kysely'
import { auditRow } from '../../../platform/audit/auditLog.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { viewChildOrDeny } from './childAccess.js'
import type { ProtectionEntryKind } from '../../protection/domain/chronologyVisibility.js'
import { protectionChronology } from './protectionChronology.js'
import { familyHelpChronology, type FamilyHelpEntryKind } from '../../family-help/index.js'

export interface ChronologyEntry {
  readonly at: Date
  /** The event has a date but no time of day (a conference held on a day, recorded later): show the date only. */
  readonly dateOnly: boolean
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
  readonly organisation: string
  readonly author: string
  readonly summary: string
  readonly categories: readonly string[]
  readonly key: boolean
  readonly concernId: string | null
  readonly reference: string
  /** For a referral: its id, so the entry links to the referral and the concern it carried. */
  readonly referralId?: string
  /** For family help: the episode's id, so the entry links to it. */
  readonly familyHelpEpisodeId?: string
}

export interface Chronology {
  readonly child: {
    id: string
    givenName: string
    familyName: string
    dateOfBirth: string | null
    expectedDateOfDelivery: string | null
    nhsNumber: string | null
    upn: string | null
  }
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
  // Entries built outside the statement below, counted in its audit row.
  const builtShown =
    protection.filter((e) => shownByFilter(e, filter)).length +
    familyHelp.filter((e) => shownByFilter(e, filter)).length
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
  // The audit entry says which page was seen, worked out as pageOf works it out (the total is known only here).
  const pageSize = filter.page?.size ?? null
  const pageNumber = filter.page?.number ?? null
  // Every entry the viewer may see, in time order (events in the same clock tick in the order they were written), whether the filter shows it (the filter's list of organisations is made
  // from all of them), and the audit entry saying how many were shown: one statement, so the view and its
  // audit entry are one transaction, in one round trip.
  const rows = await sql<{
    at: Date
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
    shown: boolean
  }>`
    WITH visible_concern AS (
      SELECT c.id, c.reference, c.observed_at, c.created_at, c.facts, c.categories, c.immediate_danger, c.organisation_id, c.author_user_id
      FROM concern_child cc JOIN concern c ON c.id = cc.concern_id
      WHERE cc.child_id = ${childId} AND (c.author_user_id = ${actor.userId} OR (${lead} AND c.organisation_id = ${actor.organisationId}))
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
    ), filtered AS (
      SELECT entry.*,
        (${filter.organisation ?? null}::text IS NULL OR organisation = ${filter.organisation ?? null})
        AND (${filter.category ?? null}::text IS NULL OR ${filter.category ?? null} = ANY (categories))
        AND (${filter.type ?? null}::text IS NULL OR type = ${filter.type ?? null}) AS shown
      FROM entry
    ), audited AS (
      INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, subject_type, subject_id, reason, correlation_id, details)
      VALUES (${audit.occurred_at}, ${audit.actor_user_id}, ${audit.actor_organisation_id}, ${sql.val(audit.actor_roles)}::text[], ${audit.action}, ${audit.subject_type},
        ${audit.subject_id}, ${audit.reason}, ${audit.correlation_id},
        (SELECT jsonb_build_object('entries', t.n) || CASE WHEN ${pageSize}::int IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(
            'page', least(greatest(1, coalesce(${pageNumber}::int, ceil(t.n / ${pageSize}::numeric)::int)), greatest(1, ceil(t.n / ${pageSize}::numeric)::int)),
            'pageSize', ${pageSize}::int) END
          FROM (SELECT (SELECT count(*) FROM filtered WHERE shown) + ${builtShown}::int AS n) t))
    )
    SELECT at, type, organisation, author, summary, categories, key, concern_id, reference, decision_kind, recorded_at, shown FROM filtered ORDER BY at, source, reference, ord`.execute(
    deps.db,
  )

  const organisations = [
    ...new Set([
      ...rows.rows.map((e) => e.organisation),
      ...protection.map((e) => e.organisation),
      ...familyHelp.map((e) => e.organisation),
    ]),
  ].sort()
  // Both lists are in time order; a stable sort keeps each one's own order for entries at the same moment.
  const entries: ChronologyEntry[] = inEventOrder([
    ...rows.rows
      .filter((e) => e.shown)
      .map((e) => ({
        at: e.at,
        dateOnly: false,
        recordedAt: e.recorded_at,
        type: e.type,
        organisation: e.organisation,
        author: e.author,
        summary: e.decision_kind === null ? e.summary : `Decision: ${decisionLabel(e.decision_kind)}. ${e.summary}`,
        categories: e.categories,
        key: e.key,
        concernId: e.concern_id,
        reference: e.reference,
      })),
    ...protection.filter((e) => shownByFilter(e, filter)),
    ...familyHelp.filter((e) => shownByFilter(e, filter)),
  ] as ChronologyEntry[])
    // When each was recorded orders the entries; the entry itself says when it happened.
    .map(({ recordedAt: _recordedAt, ...entry }) => entry)
  const page = filter.page === undefined ? undefined : pageOf(entries.length, filter.page)
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
    entries: page === undefined ? entries : entries.slice((page.number - 1) * page.size, page.number * page.size),
    organisations,
    totalEntries: entries.length,
    ...(page === undefined ? {} : { page }),
  })
}

const englishDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', dateStyle: 'short' })

/**
 * The order things happened: by the day of the event in England, then by when each was recorded (a concern seen
 * at 09:10 but written up at 15:00 comes after a meeting recorded at noon that day). Stable, so entries recorded
 * in the same instant keep the order they were written in. Each entry's day is worked out once, not at every
 * comparison: formatting a date in Europe/London costs about a microsecond, and sorting 2,000 entries compares
 * them some 20,000 times (most of a 2,000-entry chronology's time in Node went there).
 */
export function inEventOrder<E extends ChronologyEntry>(entries: readonly E[]): E[] {
  return entries
    .map((entry) => ({ entry, day: englishDay.format(entry.at), recorded: (entry.recordedAt ?? entry.at).getTime() }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.recorded - b.recorded))
    .map(({ entry }) => entry)
}

/** The page's filters, for entries built outside the statement above. */
const shownByFilter = (e: ChronologyEntry, filter: ChronologyFilter): boolean =>
  (filter.organisation === undefined || e.organisation === filter.organisation) &&
  (filter.category === undefined || e.categories.includes(filter.category)) &&
  (filter.type === undefined || e.type === filter.type)

/** A decision as people say it ("Refer to children’s social care"), never its stored id. */
const decisionLabel = (kind: string): string => (isDecisionKindId(kind) ? findDecisionKind(kind).label : 'Other')
