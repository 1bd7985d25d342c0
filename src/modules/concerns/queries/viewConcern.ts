import { decide } from '../../access/domain/policy.js'
import type { DomainError } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import { concernNotFound, loadConcern } from './concernAccess.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

export interface ConcernEventView {
  readonly id: string
  readonly kind: string
  readonly text: string
  readonly decisionKind: string | null
  readonly reviewOn: string | null
  /** A decision taken while its DSL's own DSL training had lapsed (the competency gate's warning, issue 14). */
  readonly trainingLapsed: boolean
  readonly actorName: string
  readonly actorOrganisation: string
  readonly createdAt: Date
}

export interface ConcernView {
  readonly id: string
  readonly reference: string
  readonly state: string
  readonly organisationName: string
  readonly authorName: string
  readonly authorUserId: string
  readonly observedAt: Date
  readonly place: string
  readonly facts: string
  readonly childWords: string
  readonly othersPresent: string
  readonly categories: readonly string[]
  readonly otherCategory: string | null
  readonly immediateDanger: boolean
  readonly policeCalledAt: Date | null
  readonly policeReference: string | null
  readonly actionTaken: string
  readonly bodyMap: unknown
  readonly fgmDuty: boolean
  readonly createdAt: Date
  readonly children: readonly { id: string; givenName: string; familyName: string; dateOfBirth: string | null }[]
  readonly events: readonly ConcernEventView[]
  /** What the viewer may do next (the page shows only these actions). */
  readonly canManage: boolean
  readonly canAddAddendum: boolean
  readonly canProvideInformation: boolean
}

export type ViewConcernError = DomainError<'CONCERN.NOT_FOUND'>

/**
 * A concern with everything that has happened to it, for the author and their organisation's safeguarding
 * leads. Anyone else gets "not found" — the same answer as for a concern that does not exist — and the
 * attempt is audited.
 */
export const viewConcern = oneRecordView({
  subjectType: 'concern',
  viewed: 'concern.viewed',
  denied: 'concern.view_denied',
  missing: 'no such concern',
  notFound: concernNotFound,
  load: (tx, id) => loadConcern(tx, id),
  access: (actor, row) => decide(actor, { kind: 'concern.view', concern: row.facts }),
  seen: (row) => ({ id: row.id }),
  show: async (row, { tx, actor }): Promise<ConcernView> => {
    const c = await tx
      .selectFrom('concern as c')
      .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
      .innerJoin('app_user as u', 'u.id', 'c.author_user_id')
      .selectAll('c')
      .select(['o.name as organisation_name', 'u.display_name as author_name'])
      .where('c.id', '=', row.id)
      .executeTakeFirstOrThrow()
    const children = await tx
      .selectFrom('concern_child as cc')
      .innerJoinLateral(childCurrentOf('cc.child_id', 'ch'), (j) => j.onTrue())
      .select(['ch.id', 'ch.given_name', 'ch.family_name', 'ch.date_of_birth'])
      .where('cc.concern_id', '=', row.id)
      .orderBy('ch.family_name')
      .execute()
    const events = await tx
      .selectFrom('concern_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .innerJoin('organisation as o', 'o.id', 'e.actor_organisation_id')
      .select([
        'e.id',
        'e.kind',
        'e.text',
        'e.decision_kind',
        'e.review_on',
        'e.details',
        'e.created_at',
        'u.display_name',
        'o.name as organisation_name',
      ])
      .where('e.concern_id', '=', row.id)
      .orderBy('e.seq')
      .execute()
    return {
      id: c.id,
      reference: c.reference,
      state: c.state,
      organisationName: c.organisation_name,
      authorName: c.author_name,
      authorUserId: c.author_user_id,
      observedAt: c.observed_at,
      place: c.place,
      facts: c.facts,
      childWords: c.child_words,
      othersPresent: c.others_present,
      categories: c.categories,
      otherCategory: c.other_category,
      immediateDanger: c.immediate_danger,
      policeCalledAt: c.police_called_at,
      policeReference: c.police_reference,
      actionTaken: c.action_taken,
      bodyMap: c.body_map,
      fgmDuty: c.fgm_duty,
      createdAt: c.created_at,
      children: children.map((ch) => ({
        id: ch.id,
        givenName: ch.given_name,
        familyName: ch.family_name,
        dateOfBirth: ch.date_of_birth,
      })),
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        text: e.text,
        decisionKind: e.decision_kind,
        reviewOn: e.review_on,
        trainingLapsed: Array.isArray(e.details.trainingLapsed) && e.details.trainingLapsed.length > 0,
        actorName: e.display_name,
        actorOrganisation: e.organisation_name,
        createdAt: e.created_at,
      })),
      canManage: decide(actor, { kind: 'concern.manage', concern: row.facts }).allowed,
      canAddAddendum: decide(actor, { kind: 'concern.add_addendum', concern: row.facts }).allowed,
      canProvideInformation:
        decide(actor, { kind: 'concern.provide_information', concern: row.facts }).allowed &&
        c.state === 'information_requested',
    }
  },
})
