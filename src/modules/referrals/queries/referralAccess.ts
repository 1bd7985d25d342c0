import type { Kysely, Transaction } from 'kysely'
import type { ReferralFacts } from '../../access/domain/policy.js'
import { childDetailsName, type ChildDetails } from '../domain/referral.js'
import { loadById } from '../../../platform/db/loadById.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, type DomainError, type Err } from '../../../platform/shared/result.js'
import type { DB } from '../../../platform/db/schema.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ReferralRow {
  readonly id: string
  readonly reference: string
  readonly childId: string | null
  readonly channel: string
  readonly state: string
  readonly fromOrganisationId: string | null
  readonly toOrganisationId: string
  /** The local area of the receiving local authority: its calendar and timescales apply. */
  readonly localAreaId: string
  readonly referredBy: string | null
  readonly receivedAt: Date
  readonly acknowledgedAt: Date | null
  readonly referrerContact: string | null
  /** The CIN census ReferralSource code. */
  readonly sourceCode: string
  readonly facts: ReferralFacts
}

/**
 * What access decisions and workflow steps need about a referral. `forUpdate` locks the row, so that two
 * decisions (a double-submitted form, two front-door workers) are taken one after the other and the second
 * sees the first. A made-up id reads as "no such referral" rather than a database error.
 */
export const loadReferral = (db: Q, id: string, options: LoadOptions = {}): Promise<ReferralRow | undefined> =>
  loadById(
    id,
    options,
    (id, forUpdate) =>
      db
        .selectFrom('referral as r')
        .innerJoin('organisation as la', 'la.id', 'r.to_organisation_id')
        .select([
          'r.id',
          'r.reference',
          'r.child_id',
          'r.channel',
          'r.state',
          'r.from_organisation_id',
          'r.to_organisation_id',
          'la.local_area_id',
          'r.referred_by',
          'r.received_at',
          'r.acknowledged_at',
          'r.referrer_contact',
          'r.source_code',
        ])
        .where('r.id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate('r')),
    (r) => ({
      id: r.id,
      reference: r.reference,
      childId: r.child_id,
      channel: r.channel,
      state: r.state,
      fromOrganisationId: r.from_organisation_id,
      toOrganisationId: r.to_organisation_id,
      localAreaId: r.local_area_id,
      referredBy: r.referred_by,
      receivedAt: r.received_at,
      acknowledgedAt: r.acknowledged_at,
      referrerContact: r.referrer_contact,
      sourceCode: r.source_code,
      facts: {
        toOrganisationId: r.to_organisation_id,
        fromOrganisationId: r.from_organisation_id,
        referredBy: r.referred_by,
      },
    }),
  )

/** The children's social care that receives referrals for a local area (the first registered, if several). */
export async function localAuthorityFor(db: Q, localAreaId: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('local_area_id', '=', localAreaId)
    .where('kind', '=', 'la_childrens_social_care')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
}

/** The answer to a refused look at a referral and to an id that is no referral alike. */
export const referralNotFound = domainError('REFERRAL.NOT_FOUND', 'There is no such referral')

/**
 * A refused look at a referral, in the audit trail; the answer is that there is no such referral, the same as for
 * an id that is no referral, so who may not see it is not told it exists.
 */
export async function noSuchReferral(
  db: Q,
  actor: Actor,
  referralId: string,
  reason: string,
  meta: RequestMeta,
  now: Date,
): Promise<Err<DomainError<'REFERRAL.NOT_FOUND'>>> {
  const refused = { action: 'referral.view_denied', subjectType: 'referral', subjectId: referralId, reason }
  await auditRefusal(db, actor, refused, meta, now)
  return err(referralNotFound)
}

/** Referrals (`r`) with the child each is about as known now (`c`: nulls while the referral is not linked). */
export const referralsWithChild = (db: Q) =>
  db.selectFrom('referral as r').leftJoinLateral(childCurrentOf('r.child_id', 'c'), (j) => j.onTrue())

/** What referralChild reads, from a query joining the referral (`r`) and its child as known now (`c`). */
export const referralChildColumns = ['c.given_name', 'c.family_name', 'c.date_of_birth', 'r.child_details'] as const

/**
 * Referrals for a list: what every list shows of each (referralListed) and the child it is about (referralChild).
 * Each list joins and selects what else it shows.
 */
export const listedReferrals = (db: Q) =>
  referralsWithChild(db).select([
    'r.id',
    'r.reference',
    'r.channel',
    'r.received_at',
    'r.acknowledged_at',
    ...referralChildColumns,
  ])

export function referralListed(r: {
  readonly id: string
  readonly reference: string
  readonly channel: string
  readonly received_at: Date
  readonly acknowledged_at: Date | null
}) {
  return {
    id: r.id,
    reference: r.reference,
    channel: r.channel,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
  }
}

/**
 * The child a referral is about, as lists show them: the linked record as known now (its name and date of birth
 * from child_current), or else what the referrer gave.
 */
export function referralChild(r: {
  readonly given_name: string | null
  readonly family_name: string | null
  readonly date_of_birth?: string | null
  readonly child_details: unknown
}): { readonly linked: boolean; readonly name: string; readonly dateOfBirth: string | null } {
  if (r.given_name !== null)
    return { linked: true, name: `${r.given_name} ${r.family_name ?? ''}`.trim(), dateOfBirth: r.date_of_birth ?? null }
  const details = r.child_details as Partial<ChildDetails>
  return { linked: false, name: childDetailsName(details), dateOfBirth: details.dateOfBirth ?? null }
}
