import type { Kysely, Transaction } from 'kysely'
import { referralChild } from './referralAccess.js'
import { isUuid } from '../../../platform/shared/ids.js'
import type { DB } from '../../../platform/db/schema.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * A request for information as the asked organisation sees it: the question, who asked, and only enough about
 * the child to know whom it is about (name and date of birth) — nothing else of the referral.
 */
export interface InformationRequestRow {
  readonly id: string
  readonly referralId: string
  readonly referralReference: string
  readonly referralChildId: string | null
  readonly toOrganisationId: string
  readonly askedBy: string
  readonly askedByUserId: string
  readonly askedByOrganisation: string
  readonly askedByOrganisationId: string
  readonly question: string
  readonly requestedAt: Date
  readonly childName: string
  readonly childDateOfBirth: string | null
}

export async function loadInformationRequest(
  db: Q,
  id: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<InformationRequestRow | undefined> {
  if (!isUuid(id)) return undefined
  let q = db
    .selectFrom('information_request as q')
    .innerJoin('referral as r', 'r.id', 'q.referral_id')
    .innerJoin('organisation as la', 'la.id', 'r.to_organisation_id')
    .innerJoin('app_user as u', 'u.id', 'q.requested_by')
    .leftJoinLateral(childCurrentOf('r.child_id', 'c'), (j) => j.onTrue())
    .select([
      'q.id',
      'q.referral_id',
      'r.reference',
      'r.child_id',
      'q.to_organisation_id',
      'u.display_name',
      'q.requested_by',
      'la.name as la_name',
      'la.id as la_id',
      'q.question',
      'q.requested_at',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'r.child_details',
    ])
    .where('q.id', '=', id)
  if (options.forUpdate === true) q = q.forUpdate('q')
  const r = await q.executeTakeFirst()
  if (r === undefined) return undefined
  const child = referralChild(r)
  return {
    id: r.id,
    referralId: r.referral_id,
    referralReference: r.reference,
    referralChildId: r.child_id,
    toOrganisationId: r.to_organisation_id,
    askedBy: r.display_name,
    askedByUserId: r.requested_by,
    askedByOrganisation: r.la_name,
    askedByOrganisationId: r.la_id,
    question: r.question,
    requestedAt: r.requested_at,
    childName: child.name,
    childDateOfBirth: child.dateOfBirth,
  }
}
