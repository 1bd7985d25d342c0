import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import { domainError } from '../../../platform/shared/result.js'
import { decideAllegation, decideLowLevelConcern, isReviewerOf } from '../domain/policy.js'
import { loadAllegation, loadLowLevelConcern } from './allegations.js'

/**
 * A record of this module in the audit trail (`allegation.viewed`, `allegation.view_denied`, and so on), and the one
 * answer to a refusal and to no such record: "There is no such allegation", audited as "no such allegation".
 */
const audited = <C extends string>(subjectType: 'allegation' | 'low_level_concern', code: C, noun: string) => ({
  subjectType,
  viewed: `${subjectType}.viewed`,
  denied: `${subjectType}.view_denied`,
  missing: `no such ${noun}`,
  notFound: domainError(code, `There is no such ${noun}`),
})

/** One allegation, for whoever the allegation policy lets see it; anyone else: not found, audited. */
export const viewAllegation = oneRecordView({
  ...audited('allegation', 'ALLEGATION.NOT_FOUND', 'allegation'),
  load: (tx, id) => loadAllegation(tx, id),
  access: (actor, a) => decideAllegation(actor, { kind: 'allegation.view', allegation: a.facts }),
  seen: (a) => ({ id: a.id }),
  show: async (a, { tx }) => {
    const row = await tx
      .selectFrom('allegation as al')
      .innerJoin('app_user as cm', 'cm.id', 'al.case_manager_user_id')
      .innerJoin('organisation as o', 'o.id', 'al.organisation_id')
      .leftJoin('allegation_outcome as oc', 'oc.allegation_id', 'al.id')
      .selectAll('al')
      .select(['cm.display_name as case_manager', 'o.name as organisation'])
      .select([
        'oc.strategy_discussion_on',
        'oc.police_involved',
        'oc.suspended_from',
        'oc.suspended_until',
        'oc.investigation',
        'oc.outcome',
        'oc.dbs_referral',
        'oc.tra_referral',
        'oc.lessons_learned',
      ])
      .where('al.id', '=', a.id)
      .executeTakeFirstOrThrow()
    return { a, row }
  },
})

/** One low-level concern, for whoever the policy lets see it; only a reviewer sees the others about the adult. */
export const viewLowLevelConcern = oneRecordView({
  ...audited('low_level_concern', 'LOW_LEVEL_CONCERN.NOT_FOUND', 'concern'),
  load: (tx, id) => loadLowLevelConcern(tx, id),
  access: (actor, l) => decideLowLevelConcern(actor, { kind: 'low_level_concern.view', concern: l.facts }),
  seen: (l) => ({ id: l.id }),
  show: async (l, { tx, actor }) => {
    const row = await tx
      .selectFrom('low_level_concern as l')
      .innerJoin('app_user as u', 'u.id', 'l.raised_by')
      .leftJoin('low_level_review as r', 'r.concern_id', 'l.id')
      .leftJoin('app_user as ru', 'ru.id', 'r.reviewed_by')
      .select([
        'l.id',
        'l.reference',
        'l.subject_name',
        'l.subject_kind',
        'l.account',
        'l.state',
        'l.created_at',
        'l.subject_key',
        'u.display_name as raised_by_name',
      ])
      .select(['r.decision', 'r.actions', 'r.reviewed_at', 'ru.display_name as reviewer'])
      .where('l.id', '=', l.id)
      .executeTakeFirstOrThrow()
    const reviewer = isReviewerOf(actor, l.facts)
    // Only the reviewer sees the other concerns about the same person: the pattern is theirs to weigh.
    const others = reviewer
      ? await tx
          .selectFrom('low_level_concern')
          .select(['id', 'reference', 'created_at', 'state'])
          .where('organisation_id', '=', l.facts.organisationId)
          .where('subject_key', '=', row.subject_key)
          .where('id', '!=', l.id)
          .orderBy('created_at')
          .execute()
      : []
    return { l, row, reviewer, others }
  },
})
