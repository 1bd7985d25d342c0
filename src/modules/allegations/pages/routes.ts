import type { FastifyInstance } from 'fastify'
import { auditSeen } from '../../../platform/audit/auditActor.js'
import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { paramsAreIds } from '../../../platform/steps/defineStep.js'
import type { WebOptions } from '../../../platform/web/options.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import {
  allegationStateLabels,
  harmThresholdLabels,
  isAllegationOutcome,
  isAllegationState,
  isHarmThresholdLimb,
  outcomeLabels,
} from '../domain/allegation.js'
import {
  isPattern,
  isSubjectKind,
  lowLevelStateLabels,
  reviewDecisionLabels,
  subjectKindLabels,
  isReviewDecision,
} from '../domain/lowLevelConcern.js'
import { CASE_MANAGER_ROLES, decideAllegation, decideLowLevelConcern, isReviewerOf } from '../domain/policy.js'
import { viewAllegation, viewLowLevelConcern } from '../queries/views.js'
import { deniedPage as denied } from '../../../platform/web/deniedPage.js'

const day = (iso: string | null): string | null => (iso === null ? null : storedDateInWords(iso))

export function allegationRoutes(app: FastifyInstance, { deps }: WebOptions): void {
  app.get('/allegations', async (request, reply) => {
    const actor = request.actor as Actor
    const d = decideAllegation(actor, { kind: 'allegation.list' })
    if (!d.allowed)
      return denied(reply, 'Only heads, managers, chairs of governors, DSLs and the LADO see allegations.')
    const rows = await deps.db
      .selectFrom('allegation as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select(['a.id', 'a.reference', 'a.state', 'a.aware_on', 'a.subject_name', 'o.name as organisation'])
      .where((eb) =>
        eb.or([
          eb('a.case_manager_user_id', '=', actor.userId),
          eb(eb.val(actor.userId), '=', eb.fn.any('a.named_user_ids')),
          ...(hasRole(actor, 'lado') ? [eb('a.local_area_id', '=', actor.localAreaId)] : []),
        ]),
      )
      .where((eb) => eb.or([eb('a.subject_user_id', 'is', null), eb('a.subject_user_id', '!=', actor.userId)]))
      .orderBy('a.created_at', 'desc')
      .limit(200)
      .execute()
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: 'allegation.list_viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: d.reason,
    })
    return reply.page('allegations/pages/list.njk', {
      pageTitle: 'Allegations about adults',
      mayRecord: hasRole(actor, ...CASE_MANAGER_ROLES),
      items: rows.map((r) => ({
        ...r,
        stateText: isAllegationState(r.state) ? allegationStateLabels[r.state] : r.state,
        awareOnText: day(r.aware_on),
      })),
    })
  })

  app.get<{ Params: { allegationId: string } }>('/allegations/:allegationId', async (request, reply) => {
    const actor = request.actor as Actor
    if (!paramsAreIds(request.params)) return reply.callNotFound()
    const shown = await viewAllegation(deps, actor, request.params.allegationId, request.meta)
    if (!shown.ok) return reply.callNotFound()
    const { a, row } = shown.value
    const q = request.query as Record<string, unknown>
    return reply.page('allegations/pages/allegation.njk', {
      pageTitle: `Allegation ${row.reference}`,
      a: {
        ...row,
        stateText: isAllegationState(row.state) ? allegationStateLabels[row.state] : row.state,
        limbTexts: row.limbs.filter(isHarmThresholdLimb).map((l) => harmThresholdLabels[l]),
        awareOnText: day(row.aware_on),
        ladoSentOnText: day(row.lado_sent_on),
        retainUntilText: day(row.retain_until),
        strategyText: day(row.strategy_discussion_on),
        suspendedFromText: day(row.suspended_from),
        suspendedUntilText: day(row.suspended_until),
        outcomeText: row.outcome !== null && isAllegationOutcome(row.outcome) ? outcomeLabels[row.outcome].label : null,
      },
      mayRefer:
        decideAllegation(actor, { kind: 'allegation.refer', allegation: a.facts }).allowed && a.state === 'recorded',
      mayConclude:
        decideAllegation(actor, { kind: 'allegation.record_outcome', allegation: a.facts }).allowed &&
        a.state === 'referred',
      referred: q.referred === '1',
      concluded: q.concluded === '1',
    })
  })

  app.get('/low-level-concerns', async (request, reply) => {
    const actor = request.actor as Actor
    const rows = await deps.db
      .selectFrom('low_level_concern as l')
      .select([
        'l.id',
        'l.reference',
        'l.state',
        'l.subject_name',
        'l.subject_user_id',
        'l.about_head',
        'l.raised_by',
        'l.organisation_id',
        'l.created_at',
        'l.subject_key',
      ])
      .where('l.organisation_id', '=', actor.organisationId)
      .orderBy('l.created_at', 'desc')
      .limit(500)
      .execute()
    const facts = (r: (typeof rows)[number]) => ({
      organisationId: r.organisation_id,
      raisedByUserId: r.raised_by,
      subjectUserId: r.subject_user_id,
      aboutHead: r.about_head,
    })
    const visible = rows.filter(
      (r) => decideLowLevelConcern(actor, { kind: 'low_level_concern.view', concern: facts(r) }).allowed,
    )
    const reviewing = visible.some((r) => isReviewerOf(actor, facts(r)))
    const counts = new Map<string, number>()
    for (const r of rows) counts.set(r.subject_key, (counts.get(r.subject_key) ?? 0) + 1)
    await auditSeen(deps.db, actor, request.meta, deps.clock.now(), {
      action: 'low_level_concern.list_viewed',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: `${visible.length} shown`,
    })
    return reply.page('allegations/pages/lowLevelList.njk', {
      pageTitle: 'Low-level concerns about adults',
      reviewing,
      items: visible.map((r) => ({
        ...r,
        stateText: labelOf(lowLevelStateLabels, r.state),
        pattern: isReviewerOf(actor, facts(r)) && isPattern(counts.get(r.subject_key) ?? 0),
      })),
    })
  })

  app.get<{ Params: { concernId: string } }>('/low-level-concerns/:concernId', async (request, reply) => {
    const actor = request.actor as Actor
    if (!paramsAreIds(request.params)) return reply.callNotFound()
    const shown = await viewLowLevelConcern(deps, actor, request.params.concernId, request.meta)
    if (!shown.ok) return reply.callNotFound()
    const { l, row, reviewer, others } = shown.value
    const q = request.query as Record<string, unknown>
    return reply.page('allegations/pages/lowLevel.njk', {
      pageTitle: `Low-level concern ${row.reference}`,
      c: {
        ...row,
        kindText: isSubjectKind(row.subject_kind) ? subjectKindLabels[row.subject_kind] : row.subject_kind,
        stateText: labelOf(lowLevelStateLabels, row.state),
        decisionText:
          row.decision !== null && isReviewDecision(row.decision) ? reviewDecisionLabels[row.decision].label : null,
      },
      others,
      pattern: reviewer && isPattern(others.length + 1),
      mayReview: reviewer && row.state === 'recorded',
      mayRecordAllegation: reviewer && row.decision === 'allegation' && l.allegationId === null,
      allegationId: reviewer ? l.allegationId : null,
      recorded: q.recorded === '1',
      reviewed: q.reviewed === '1',
    })
  })
}
