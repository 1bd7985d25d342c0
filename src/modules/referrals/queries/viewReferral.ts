import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { codeLabel, referralSources } from '../../protection/domain/codes.js'
import { frontDoorOutcomeLabel } from '../domain/referral.js'
import type { DomainError, Result } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadReferral, referralNotFound, referralsWithChild, type ReferralRow } from './referralAccess.js'
import { carriedConcern, type CarriedConcern } from './carriedConcern.js'
import { informationAnswers, type InformationAnswer } from './informationRequestAccess.js'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

export interface ReferralDecisionView {
  readonly episodeId: string
  readonly episodeReference: string
  readonly outcome: string
  readonly outcomeLabel: string
  readonly rationale: string
  readonly details: Readonly<Record<string, unknown>>
  readonly decidedAt: Date
  readonly decidedBy: string
}

export interface InformationRequestView {
  readonly id: string
  readonly organisationId: string
  readonly organisationName: string
  readonly question: string
  readonly requestedAt: Date
  readonly requestedBy: string
  readonly answers: readonly InformationAnswer[]
}

export interface ReferralView {
  readonly id: string
  readonly reference: string
  readonly channel: string
  readonly state: string
  readonly receivedAt: Date
  readonly acknowledgedAt: Date | null
  readonly immediateDanger: boolean
  readonly sourceCode: string
  readonly sourceLabel: string
  readonly summary: string
  /** The child record the referral is about, once linked. */
  readonly child: {
    readonly id: string
    readonly givenName: string
    readonly familyName: string
    readonly dateOfBirth: string | null
    readonly sex: string
  } | null
  /** The child as the referrer described them. */
  readonly childDetails: Readonly<Record<string, unknown>>
  readonly fromOrganisation: string | null
  readonly referrerName: string | null
  readonly referrerContact: string | null
  readonly referrerRelationship: string | null
  readonly referrerAnonymous: boolean
  /** Whether the family must not be told who referred: 'yes' | 'no' | 'not_asked' (before the question existed). */
  readonly identityWithheld: string
  readonly identityWithheldReason: string | null
  readonly details: Readonly<Record<string, unknown>>
  readonly parentsAware: boolean | null
  readonly parentalConsent: string | null
  readonly consentNotSoughtReason: string | null
  /**
   * For a referral from a DSL's decision: the concern it carried (what was seen, the child's words, when and where,
   * categories, body-map marks, who else was there) and the DSL's reasons, each with its provenance.
   */
  readonly concern: CarriedConcern | null
  readonly decision: ReferralDecisionView | null
  /** The local authority's own working: its requests for information and the answers. Absent for the referrer. */
  readonly informationRequests: readonly InformationRequestView[] | undefined
  /** Whether the viewer works at the receiving local authority's front door (may acknowledge, ask, link, decide). */
  readonly frontDoor: boolean
  readonly mayDecide: boolean
}

/** The view of a referral; `frontDoorOnly` for the front door's pages, which only its own front door sees. */
const referralView = (frontDoorOnly: boolean) =>
  oneRecordView({
    subjectType: 'referral',
    viewed: 'referral.viewed',
    denied: 'referral.view_denied',
    missing: 'no such referral',
    notFound: referralNotFound,
    load: (tx, id) => loadReferral(tx, id),
    access: (actor, referral) => {
      const view = decide(actor, { kind: 'referral.view', referral: referral.facts })
      // The front door's pages are for the receiving local authority's front door; the referrer has their own.
      return view.allowed && frontDoorOnly
        ? decide(actor, { kind: 'front_door.view', organisationId: referral.toOrganisationId })
        : view
    },
    seen: (referral) => ({ id: referral.id, details: { childId: referral.childId } }),
    show: async (referral, { tx, actor }): Promise<ReferralView> => {
      const frontDoor = decide(actor, { kind: 'front_door.view', organisationId: referral.toOrganisationId }).allowed
      const mayDecide = decide(actor, { kind: 'referral.decide', referral: referral.facts }).allowed
      const content = await referralContent(tx, referral)
      const informationRequests = frontDoor ? await informationRequestsOn(tx, referral.id) : undefined
      return { ...content, informationRequests, frontDoor, mayDecide }
    },
  })

const anywhere = referralView(false)
const atFrontDoor = referralView(true)

/**
 * A referral with everything the local authority received. The referrer sees their own referral and what
 * became of it, but not the local authority's requests to other agencies or their answers. Anyone else is
 * told it does not exist, and that is audited.
 */
export const viewReferral = (
  deps: Deps,
  actor: Actor,
  referralId: string,
  meta: RequestMeta,
  options: { readonly frontDoorOnly?: boolean } = {},
): Promise<Result<ReferralView, DomainError<'REFERRAL.NOT_FOUND'>>> =>
  (options.frontDoorOnly === true ? atFrontDoor : anywhere)(deps, actor, referralId, meta)

/** The local authority's requests for information about a referral, each with its answers, oldest first. */
async function informationRequestsOn(tx: Transaction<DB>, referralId: string): Promise<InformationRequestView[]> {
  const requests = await tx
    .selectFrom('information_request as q')
    .innerJoin('organisation as o', 'o.id', 'q.to_organisation_id')
    .innerJoin('app_user as u', 'u.id', 'q.requested_by')
    .select(['q.id', 'q.to_organisation_id', 'o.name', 'q.question', 'q.requested_at', 'u.display_name'])
    .where('q.referral_id', '=', referralId)
    .orderBy('q.requested_at')
    .orderBy('q.id')
    .execute()
  const answers = await informationAnswers(
    tx,
    requests.map((q) => q.id),
  )
  return requests.map((q) => ({
    id: q.id,
    organisationId: q.to_organisation_id,
    organisationName: q.name,
    question: q.question,
    requestedAt: q.requested_at,
    requestedBy: q.display_name,
    answers: answers.get(q.id) ?? [],
  }))
}

/** What the referral itself says and carried, and the front door's decision: no access check, no audit (the caller's). */
export type ReferralContent = Omit<ReferralView, 'informationRequests' | 'frontDoor' | 'mayDecide'>

/**
 * A referral's whole content: the child, everything the referrer wrote, the concern it carried (with its
 * provenance) and the front door's decision. For callers that have already decided the viewer may see it and
 * audit the view themselves (the referral's pages, the case).
 */
export async function referralContent(
  db: Kysely<DB> | Transaction<DB>,
  referral: ReferralRow,
): Promise<ReferralContent> {
  const r = await referralsWithChild(db)
    .leftJoin('organisation as f', 'f.id', 'r.from_organisation_id')
    .select([
      'r.summary',
      'r.immediate_danger',
      'r.source_code',
      'r.child_details',
      'r.details',
      'r.referrer_name',
      'r.referrer_contact',
      'r.referrer_relationship',
      'r.referrer_anonymous',
      'r.referrer_identity_withheld',
      'r.referrer_identity_reason',
      'r.parents_aware',
      'r.parental_consent',
      'r.consent_not_sought_reason',
      'r.concern_id',
      'f.name as from_name',
      'c.id as child_id',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.sex',
    ])
    .where('r.id', '=', referral.id)
    .executeTakeFirstOrThrow()

  const concern = r.concern_id === null ? undefined : await carriedConcern(db, r.concern_id, referral.receivedAt)

  const decisionRow = await db
    .selectFrom('episode as e')
    .innerJoin('episode_step as s', 's.episode_id', 'e.id')
    .innerJoin('app_user as u', 'u.id', 's.actor_user_id')
    .select(['e.id', 'e.reference', 's.outcome', 's.rationale', 's.details', 's.created_at', 'u.display_name'])
    .where('e.referral_id', '=', referral.id)
    .where('s.step', '=', 'decide_referral')
    .executeTakeFirst()

  return {
    id: referral.id,
    reference: referral.reference,
    channel: referral.channel,
    state: referral.state,
    receivedAt: referral.receivedAt,
    acknowledgedAt: referral.acknowledgedAt,
    immediateDanger: r.immediate_danger,
    sourceCode: r.source_code,
    sourceLabel: codeLabel(referralSources, r.source_code),
    summary: r.summary,
    child:
      r.child_id === null
        ? null
        : {
            id: r.child_id,
            givenName: r.given_name ?? '',
            familyName: r.family_name ?? '',
            dateOfBirth: r.date_of_birth,
            sex: r.sex ?? 'unknown',
          },
    childDetails: r.child_details,
    fromOrganisation: r.from_name,
    referrerName: r.referrer_name,
    referrerContact: r.referrer_contact,
    referrerRelationship: r.referrer_relationship,
    referrerAnonymous: r.referrer_anonymous,
    identityWithheld: r.referrer_identity_withheld,
    identityWithheldReason: r.referrer_identity_reason,
    details: r.details,
    parentsAware: r.parents_aware,
    parentalConsent: r.parental_consent,
    consentNotSoughtReason: r.consent_not_sought_reason,
    concern: concern ?? null,
    decision:
      decisionRow === undefined
        ? null
        : {
            episodeId: decisionRow.id,
            episodeReference: decisionRow.reference,
            outcome: decisionRow.outcome,
            outcomeLabel: frontDoorOutcomeLabel(decisionRow.outcome),
            rationale: decisionRow.rationale,
            details: decisionRow.details,
            decidedAt: decisionRow.created_at,
            decidedBy: decisionRow.display_name,
          },
  }
}
