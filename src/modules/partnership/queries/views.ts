/**
 * Read models for the partnership's pages and API. Views that show child-level information (an incident's
 * children) write an audit row in the same transaction as the read.
 */
import { sql } from 'kysely'
import { mayReadPartnership } from '../domain/policy.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import { organisationKindLabels, isOrganisationKind } from '../../../platform/identity/organisations.js'
import {
  agencyCategoryForKind,
  agencyCategoryLabels,
  documentKindLabels,
  statutoryPartnerLabels,
  statutoryPartnerSeats,
  statutoryPartners,
} from '../domain/register.js'
import {
  harmKindLabels,
  incidentStageLabels,
  legalStatusLabels,
  practiceReviewStageLabels,
  rapidReviewDecisionLabels,
  type IncidentStage,
  type RapidReviewDecision,
  type SummaryState,
} from '../domain/learning.js'
import {
  actionStatusLabels,
  isActionOverdue,
  learningThemes,
  recommendationSourceLabels,
  type ActionStatus,
} from '../domain/actions.js'
import { askedAgencyRows, currentSeats, partnershipFor, practiceStageRows, toDate } from './repository.js'
import { todayInEngland } from '../../../platform/calendar/london.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import { labelOf } from '../../../platform/shared/wordList.js'

/** How each asked agency's answer stands, on the incident page. */
const answerLabels: Readonly<Record<SummaryState['kind'], string>> = {
  awaited: 'Waiting for the summary',
  submitted: 'Summary submitted',
  holds_nothing: 'Holds no information',
  gap_closed: 'Gap closed by the business manager',
}

/** How the agency's own answer stands, in its list of summaries asked of it (while the rapid review is open). */
const ownAnswerLabels: Readonly<Record<SummaryState['kind'], string>> = {
  awaited: 'Waiting for your summary',
  submitted: 'Summary submitted',
  holds_nothing: 'You said you hold no information',
  gap_closed: 'Closed by the business manager',
}

const abuseOrNeglectLabels = { known: 'Known', suspected: 'Suspected', not_suspected: 'Not suspected' } as const

/** Who has signed off a rapid review or a yearly report's version, for which partner, in the order they signed. */
async function signOffsOf(deps: Deps, subjectType: 'rapid_review' | 'yearly_report', subjectId: string) {
  const rows = await deps.db
    .selectFrom('partnership_sign_off as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.partner', 'u.display_name', 's.signed_at'])
    .where('s.subject_type', '=', subjectType)
    .where('s.subject_id', '=', subjectId)
    .orderBy('s.signed_at')
    .execute()
  return rows.map((s) => ({
    partner: labelOf(statutoryPartnerLabels, s.partner),
    name: s.display_name,
    signedAt: s.signed_at,
  }))
}

export async function partnershipView(deps: Deps, localAreaId: string) {
  const now = deps.clock.now()
  const p = await partnershipFor(deps.db, localAreaId, now)
  const seats = await currentSeats(deps.db, p.id)
  const orgs = await deps.db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('local_area_id', '=', localAreaId)
    .orderBy('name')
    .execute()
  const orgName = new Map(orgs.map((o) => [o.id, o.name]))
  const members = await deps.db
    .selectFrom('partnership_member')
    .select(['kind', 'name', 'category', 'detail', 'started_on'])
    .where('partnership_id', '=', p.id)
    .where('ended_on', 'is', null)
    .orderBy('kind')
    .orderBy('name')
    .execute()
  const documents = await deps.db
    .selectFrom('partnership_document as d')
    .select([
      'd.id',
      'd.kind',
      'd.version',
      'd.title',
      'd.summary',
      'd.url',
      'd.signed_off_at',
      'd.created_at',
      sql<
        string[]
      >`(SELECT coalesce(array_agg(s.partner ORDER BY s.partner), '{}') FROM partnership_sign_off s WHERE s.subject_type = 'document' AND s.subject_id = d.id)`.as(
        'signed',
      ),
    ])
    .where('d.partnership_id', '=', p.id)
    .orderBy('d.kind')
    .orderBy('d.version', 'desc')
    .execute()
  const membersOf = (kind: string) =>
    members.filter((m) => m.kind === kind).map((m) => ({ name: m.name, detail: m.detail }))
  const namesOf = (kind: string) =>
    membersOf(kind)
      .map((m) => m.name)
      .join(', ')
  const agencies = orgs
    .filter((o) => !['la_childrens_social_care', 'police_force', 'icb'].includes(o.kind))
    .map((o) => {
      const category = agencyCategoryForKind(o.kind)
      return {
        name: o.name,
        kind: isOrganisationKind(o.kind) ? organisationKindLabels[o.kind] : o.kind,
        category: agencyCategoryLabels[category],
      }
    })
  return {
    id: p.id,
    name: p.name,
    partners: statutoryPartners.map((partner) => {
      const seat = seats.find((s) => s.partner === partner)
      return {
        partner,
        label: statutoryPartnerLabels[partner],
        leadTitle: statutoryPartnerSeats[partner].leadTitle,
        organisation: seat === undefined ? null : (orgName.get(seat.organisationId) ?? null),
        lead: seat?.leadName ?? null,
        delegate: seat === undefined || seat.delegateName === '' ? null : seat.delegateName,
      }
    }),
    chair: membersOf('chair').map((m) => m.name),
    scrutineers: membersOf('scrutineer'),
    subgroups: membersOf('subgroup'),
    scrutineerNames: namesOf('scrutineer'),
    subgroupNames: namesOf('subgroup'),
    agencies,
    documents: documents.map((d) => ({
      id: d.id,
      kind: labelOf(documentKindLabels, d.kind),
      version: d.version,
      title: d.title,
      summary: d.summary,
      url: d.url,
      signedOffAt: d.signed_off_at,
      signedBy: d.signed.map((s) => labelOf(statutoryPartnerLabels, s)),
    })),
  }
}

export async function listIncidents(deps: Deps, localAreaId: string) {
  const rows = await deps.db
    .selectFrom('serious_incident as i')
    .select([
      'i.id',
      'i.reference',
      'i.stage',
      'i.aware_on',
      'i.notified_panel_on',
      'i.decision',
      sql<
        string | null
      >`(SELECT d.due_on::text FROM deadline d WHERE d.subject_type = 'serious_incident' AND d.subject_id = i.id::text AND d.rule_id = 'rapid-review')`.as(
        'rapid_review_due_on',
      ),
    ])
    .where('i.local_area_id', '=', localAreaId)
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    stage: labelOf(incidentStageLabels, r.stage),
    awareOn: r.aware_on,
    notifiedPanelOn: r.notified_panel_on,
    decision: r.decision === null ? null : rapidReviewDecisionLabels[r.decision as RapidReviewDecision],
    rapidReviewDueOn: r.rapid_review_due_on,
  }))
}

/** One incident in full: the children are named here, so the read is audited with the reader's reason. */
export async function incidentView(deps: Deps, actor: Actor, id: string, reason: string, meta: RequestMeta) {
  const i = await deps.db.selectFrom('serious_incident').selectAll().where('id', '=', id).executeTakeFirst()
  if (i === undefined || i.local_area_id !== actor.localAreaId) return undefined
  const children = await deps.db
    .selectFrom('serious_incident_child as s')
    .innerJoinLateral(childCurrentOf('s.child_id', 'c'), (j) => j.onTrue())
    .select(['c.id', 'c.given_name', 'c.family_name', 'c.date_of_birth', 's.legal_status'])
    .where('s.incident_id', '=', id)
    .orderBy('c.family_name')
    .execute()
  const agencies = await askedAgencyRows(deps.db, id)
  const signOffs = await signOffsOf(deps, 'rapid_review', id)
  const stages = await practiceStageRows(deps.db, id)
  const deadlines = await deps.db
    .selectFrom('deadline')
    .select(['rule_id', 'title', 'due_on', 'completed_at'])
    .where('subject_type', '=', 'serious_incident')
    .where('subject_id', '=', id)
    .orderBy('due_on')
    .execute()
  const recommendations = await deps.db
    .selectFrom('recommendation')
    .select(['reference', 'text'])
    .where('incident_id', '=', id)
    .orderBy('created_at')
    .execute()
  await auditSeen(deps.db, actor, meta, deps.clock.now(), {
    action: 'partnership.serious_incident_viewed',
    subjectType: 'serious_incident',
    subjectId: id,
    reason,
    details: { children: children.map((c) => c.id) },
  })
  return {
    id: i.id,
    reference: i.reference,
    stageKey: i.stage as IncidentStage,
    stage: labelOf(incidentStageLabels, i.stage),
    incidentOn: i.incident_on,
    awareOn: i.aware_on,
    notifiedPanelOn: i.notified_panel_on,
    location: i.location,
    harm: labelOf(harmKindLabels, i.harm),
    abuseOrNeglect: labelOf(abuseOrNeglectLabels, i.abuse_or_neglect),
    happenedIn: i.happened_in,
    childLivesIn: i.child_lives_in,
    otherChildren: i.other_children,
    children: children.map((c) => ({
      name: `${c.given_name} ${c.family_name}`,
      dateOfBirth: c.date_of_birth,
      legalStatus: labelOf(legalStatusLabels, c.legal_status),
    })),
    agencies: agencies.map((a) => ({
      organisationId: a.organisation_id,
      name: a.name,
      state: a.state,
      stateLabel: labelOf(answerLabels, a.state),
      involvement: a.involvement,
      analysis: a.analysis,
      learning: a.learning,
      gapReason: a.gap_reason,
      answeredAt: a.answered_at,
    })),
    meetingOn: i.meeting_on,
    decision: i.decision === null ? null : rapidReviewDecisionLabels[i.decision as RapidReviewDecision],
    decisionReasons: i.decision_reasons,
    immediateActions: i.immediate_actions,
    learning: i.learning,
    sentToPanelOn: i.sent_to_panel_on,
    signOffs,
    practiceStages: stages.map((s) => ({
      label: labelOf(practiceReviewStageLabels, s.stage),
      occurredOn: s.occurred_on,
      details: s.details as Record<string, string>,
    })),
    deadlines: deadlines.map((d) => ({ title: d.title, dueOn: d.due_on, met: d.completed_at !== null })),
    recommendations,
  }
}

/** The rapid reviews an agency has been asked to contribute to (no child named: the form names the review). */
export async function summariesAskedOf(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('rapid_review_agency as a')
    .innerJoin('serious_incident as i', 'i.id', 'a.incident_id')
    .select(['i.id', 'i.reference', 'i.stage', 'a.state', 'a.asked_at', 'a.answered_at'])
    .where('a.organisation_id', '=', actor.organisationId)
    .orderBy('a.asked_at', 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    awaited: r.state === 'awaited' && r.stage === 'rapid_review',
    state:
      r.state === 'awaited' && r.stage !== 'rapid_review'
        ? 'Not answered (the review has moved on)'
        : labelOf(ownAnswerLabels, r.state),
    askedAt: r.asked_at,
  }))
}

export async function actionsView(deps: Deps, localAreaId: string, ownerOrganisationId?: string) {
  const today = todayInEngland(deps.clock.now())
  let q = deps.db
    .selectFrom('learning_action as a')
    .innerJoin('recommendation as r', 'r.id', 'a.recommendation_id')
    .innerJoin('organisation as o', 'o.id', 'a.owner_organisation_id')
    .leftJoin('app_user as u', 'u.id', 'a.owner_user_id')
    .leftJoin('serious_incident as i', 'i.id', 'r.incident_id')
    .select([
      'a.id',
      'a.description',
      'a.due_on',
      'a.status',
      'r.reference',
      'r.source',
      'r.text',
      'r.themes',
      'o.name as owner_organisation',
      'u.display_name as owner',
      'i.reference as incident_reference',
      sql<
        string | null
      >`(SELECT x.evidence_of_impact FROM learning_action_update x WHERE x.action_id = a.id ORDER BY x.seq DESC LIMIT 1)`.as(
        'evidence',
      ),
    ])
    .where('r.local_area_id', '=', localAreaId)
  if (ownerOrganisationId !== undefined) q = q.where('a.owner_organisation_id', '=', ownerOrganisationId)
  const rows = await q.orderBy('a.due_on').limit(500).execute()
  const themeLabel = new Map(learningThemes.map((t) => [t.id, t.label]))
  const items = rows.map((r) => {
    const status = r.status as ActionStatus
    const overdue = isActionOverdue(status, toDate(r.due_on), today)
    return {
      id: r.id,
      reference: r.reference,
      source: labelOf(recommendationSourceLabels, r.source),
      recommendation: r.text,
      themes: r.themes.map((t) => themeLabel.get(t) ?? t),
      description: r.description,
      owner: r.owner ?? '',
      ownerOrganisation: r.owner_organisation,
      dueOn: r.due_on,
      status,
      statusLabel: actionStatusLabels[status],
      overdue,
      open: status === 'open' || status === 'in_progress',
      evidence: r.evidence ?? '',
      incidentReference: r.incident_reference,
    }
  })
  const counts = {
    total: items.length,
    open: items.filter((i) => i.open).length,
    overdue: items.filter((i) => i.overdue).length,
    completed: items.filter((i) => i.status === 'completed').length,
  }
  return { items, counts }
}

export async function yearlyReportRecord(deps: Deps, id: string) {
  const report = await deps.db.selectFrom('yearly_report').selectAll().where('id', '=', id).executeTakeFirst()
  if (report === undefined) return undefined
  const version = await deps.db
    .selectFrom('yearly_report_version as v')
    .innerJoin('app_user as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.version', 'v.sections', 'v.created_at', 'u.display_name'])
    .where('v.report_id', '=', id)
    .orderBy('v.version', 'desc')
    .executeTakeFirst()
  const signOffs = version === undefined ? [] : await signOffsOf(deps, 'yearly_report', version.id)
  return {
    id: report.id,
    localAreaId: report.local_area_id,
    startYear: report.start_year,
    state: report.state as 'draft' | 'published',
    publishedAt: report.published_at,
    version: version?.version ?? null,
    sections: (version?.sections ?? {}) as Record<string, string>,
    draftedBy: version?.display_name ?? null,
    draftedAt: version?.created_at ?? null,
    signOffs,
  }
}

export async function listYearlyReports(deps: Deps, localAreaId: string) {
  return deps.db
    .selectFrom('yearly_report')
    .select(['id', 'start_year', 'state', 'published_at'])
    .where('local_area_id', '=', localAreaId)
    .orderBy('start_year', 'desc')
    .execute()
}

/**
 * Serious incidents in numbers for the home page: those not yet closed in the person's local area, and how many are
 * past their rapid review deadline. One COUNT, no names, so no audit row. Undefined for anyone who may not read
 * the partnership's work.
 */
export async function openIncidentCounts(
  deps: Deps,
  actor: Actor,
  today: string,
): Promise<{ open: number; overdue: number } | undefined> {
  if (!mayReadPartnership(actor, actor.localAreaId).allowed) return undefined
  const row = await deps.db
    .selectFrom('serious_incident as i')
    .select([
      sql<string>`count(*)`.as('open'),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadline d WHERE d.subject_type = 'serious_incident' AND d.subject_id = i.id::text AND d.completed_at IS NULL AND d.due_on < ${today}::date))`.as(
        'overdue',
      ),
    ])
    .where('i.local_area_id', '=', actor.localAreaId)
    .where('i.stage', '!=', 'closed')
    .executeTakeFirstOrThrow()
  return { open: Number(row.open), overdue: Number(row.overdue) }
}
