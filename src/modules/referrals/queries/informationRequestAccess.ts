import type { Kysely, Transaction } from 'kysely'
import { referralChild, referralChildColumns } from './referralAccess.js'
import type { DB } from '../../../platform/db/schema.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import { loadById } from '../../../platform/db/refLoadById.js'
import { groupBy } from '../../../platform/shared/refGroupBy.js'

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

/**
 * Requests for information (`q`) with their referral (`r`), the local authority that asked (`la`) and the child as
 * known now (`c`), selecting what the asked organisation is always shown of one (informationRequestShown).
 */
export const shownInformationRequests = (db: Q) =>
  db
    .selectFrom('information_request as q')
    .innerJoin('referral as r', 'r.id', 'q.referral_id')
    .innerJoin('organisation as la', 'la.id', 'r.to_organisation_id')
    .leftJoinLateral(childCurrentOf('r.child_id', 'c'), (j) => j.onTrue())
    .select(['q.id', 'la.name as la_name', 'q.requested_at', ...referralChildColumns])

/** Who asked, when, and only enough about the child to know whom it is about. */
export function informationRequestShown(
  r: Parameters<typeof referralChild>[0] & {
    readonly id: string
    readonly la_name: string
    readonly requested_at: Date
  },
) {
  const child = referralChild(r)
  return {
    id: r.id,
    askedByOrganisation: r.la_name,
    requestedAt: r.requested_at,
    childName: child.name,
    childDateOfBirth: child.dateOfBirth,
  }
}

export interface InformationAnswer {
  readonly answer: string
  readonly respondedAt: Date
  readonly respondedBy: string
}

/** The answers to these requests for information by request, oldest first. */
export async function informationAnswers(
  db: Q,
  requestIds: readonly string[],
): Promise<ReadonlyMap<string, readonly InformationAnswer[]>> {
  if (requestIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('information_response as a')
    .innerJoin('app_user as u', 'u.id', 'a.responded_by')
    .select(['a.information_request_id', 'a.answer', 'a.responded_at', 'u.display_name'])
    .where('a.information_request_id', 'in', requestIds)
    .orderBy('a.responded_at')
    .execute()
  return groupBy(
    rows,
    (a) => a.information_request_id,
    (a): InformationAnswer => ({ answer: a.answer, respondedAt: a.responded_at, respondedBy: a.display_name }),
  )
}

export const loadInformationRequest = (
  db: Q,
  id: string,
  options: LoadOptions = {},
): Promise<InformationRequestRow | undefined> =>
  loadById(
    id,
    options,
    (id, forUpdate) =>
      shownInformationRequests(db)
        .innerJoin('app_user as u', 'u.id', 'q.requested_by')
        .select([
          'q.referral_id',
          'r.reference',
          'r.child_id',
          'q.to_organisation_id',
          'u.display_name',
          'q.requested_by',
          'la.id as la_id',
          'q.question',
        ])
        .where('q.id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate('q')),
    (r) => ({
      ...informationRequestShown(r),
      referralId: r.referral_id,
      referralReference: r.reference,
      referralChildId: r.child_id,
      toOrganisationId: r.to_organisation_id,
      askedBy: r.display_name,
      askedByUserId: r.requested_by,
      askedByOrganisationId: r.la_id,
      question: r.question,
    }),
  )
