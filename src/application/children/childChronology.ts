import { decide } from '../../domain/access/policy.js'
import { hasRole, type Actor } from '../../domain/people/actor.js'
import { CONCERN_LEAD_ROLES } from '../../domain/concerns/workflow.js'
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/result.js'
import { appendAudit } from '../../infrastructure/audit/auditLog.js'
import { actorAudit } from '../auth/loadActor.js'
import type { Deps, RequestMeta } from '../context.js'
import { childFacts } from './childAccess.js'
import { isUuid } from '../../domain/shared/ids.js'
import type { ProtectionEntryKind } from '../../domain/protection/chronologyVisibility.js'
import { protectionChronology } from './protectionChronology.js'

export interface ChronologyEntry {
  readonly at: Date
  /** The event has a date but no time of day (a conference held on a day, recorded later): show the date only. */
  readonly dateOnly: boolean
  readonly type: 'concern' | 'addendum' | 'acknowledged' | 'information_requested' | 'information_provided' | 'decision' | ProtectionEntryKind
  readonly organisation: string
  readonly author: string
  readonly summary: string
  readonly categories: readonly string[]
  readonly key: boolean
  readonly concernId: string | null
  readonly reference: string
}

export interface Chronology {
  readonly child: { id: string; givenName: string; familyName: string; dateOfBirth: string | null; expectedDateOfDelivery: string | null; nhsNumber: string | null; upn: string | null }
  readonly entries: readonly ChronologyEntry[]
  readonly organisations: readonly string[]
}

export interface ChronologyFilter {
  readonly organisation?: string | undefined
  readonly category?: string | undefined
  readonly type?: string | undefined
  /** Set when the chronology leaves the service (a PDF for a conference), so the audit says so. */
  readonly forExport?: boolean | undefined
}

/**
 * One child's story in time order: every concern, event on it, referral and step of the protection work that
 * follows (strategy discussions, enquiries, conferences, plans, core groups, requests for information) the viewer
 * may see. What the viewer may not see is left out entirely, not shown as a gap. Denied views look exactly like
 * "no such child" and are audited.
 */
export async function childChronology(deps: Deps, actor: Actor, childId: string, filter: ChronologyFilter, meta: RequestMeta): Promise<Result<Chronology, DomainError<'CHILD.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const facts = isUuid(childId) ? await childFacts(deps.db, childId, actor.userId) : undefined
  const decision = facts === undefined ? undefined : decide(actor, { kind: 'child.view', child: facts })
  if (facts === undefined || decision === undefined || !decision.allowed) {
    await deps.db.transaction().execute((tx) =>
      appendAudit(tx, { ...actorAudit(actor), action: 'child.view_denied', subjectType: 'child', subjectId: childId.slice(0, 100), reason: decision?.reason ?? 'no such child', correlationId: meta.correlationId }, now),
    )
    return err(domainError('CHILD.NOT_FOUND', 'There is no such child'))
  }
  const child = await deps.db.selectFrom('child').selectAll().where('id', '=', childId).executeTakeFirstOrThrow()
  // Concerns this viewer may see: their own, or (as a safeguarding lead) their organisation's.
  const lead = hasRole(actor, ...CONCERN_LEAD_ROLES)
  const concerns = await deps.db
    .selectFrom('concern as c')
    .innerJoin('concern_child as cc', 'cc.concern_id', 'c.id')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('app_user as u', 'u.id', 'c.author_user_id')
    .select(['c.id', 'c.reference', 'c.created_at', 'c.observed_at', 'c.facts', 'c.categories', 'c.immediate_danger', 'o.name as organisation', 'u.display_name as author'])
    .where('cc.child_id', '=', childId)
    .where((eb) => (lead ? eb.or([eb('c.organisation_id', '=', actor.organisationId), eb('c.author_user_id', '=', actor.userId)]) : eb('c.author_user_id', '=', actor.userId)))
    .execute()
  const concernIds = concerns.map((c) => c.id)
  const events = concernIds.length === 0 ? [] : await deps.db
    .selectFrom('concern_event as e')
    .innerJoin('organisation as o', 'o.id', 'e.actor_organisation_id')
    .innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .innerJoin('concern as c', 'c.id', 'e.concern_id')
    .select(['e.concern_id', 'e.kind', 'e.text', 'e.decision_kind', 'e.created_at', 'o.name as organisation', 'u.display_name as author', 'c.reference', 'c.categories'])
    .where('e.concern_id', 'in', concernIds)
    .execute()
  // Referrals and the protection work after them, each agency seeing its part (chronologyVisibility.ts).
  const protection = await protectionChronology(deps.db, actor, childId)

  const entries: ChronologyEntry[] = [
    ...concerns.map((c) => ({ at: c.observed_at, dateOnly: false, type: 'concern' as const, organisation: c.organisation, author: c.author, summary: c.facts, categories: c.categories, key: c.immediate_danger, concernId: c.id, reference: c.reference })),
    ...events.map((e) => ({
      at: e.created_at,
      dateOnly: false,
      type: (e.kind === 'addendum' ? 'addendum' : e.kind) as ChronologyEntry['type'],
      organisation: e.organisation,
      author: e.author,
      summary: e.kind === 'decision' ? `Decision: ${e.decision_kind ?? ''}. ${e.text}` : e.text,
      categories: e.categories,
      key: e.kind === 'decision',
      concernId: e.concern_id,
      reference: e.reference,
    })),
    ...protection,
  ]
  const organisations = [...new Set(entries.map((e) => e.organisation))].sort()
  const filtered = entries
    .filter((e) => filter.organisation === undefined || e.organisation === filter.organisation)
    .filter((e) => filter.category === undefined || e.categories.includes(filter.category))
    .filter((e) => filter.type === undefined || e.type === filter.type)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
  await deps.db.transaction().execute((tx) =>
    appendAudit(tx, { ...actorAudit(actor), action: filter.forExport === true ? 'child.chronology_exported' : 'child.chronology_viewed', subjectType: 'child', subjectId: childId, reason: decision.reason, correlationId: meta.correlationId, details: { entries: filtered.length } }, now),
  )
  return ok({
    child: { id: child.id, givenName: child.given_name, familyName: child.family_name, dateOfBirth: child.date_of_birth, expectedDateOfDelivery: child.expected_date_of_delivery, nhsNumber: child.nhs_number, upn: child.upn },
    entries: filtered,
    organisations,
  })
}
