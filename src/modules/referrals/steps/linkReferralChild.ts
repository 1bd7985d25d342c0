import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../../platform/db/schema.js'
import { hiddenId } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { visibleChildren } from '../../children/queries/searchChildren.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import type { ReferralRow } from '../queries/referralAccess.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'
import { involve } from '../../../platform/db/involvement.js'

/**
 * The front door links a referral that described a child in words (a public report, or a professional whose
 * organisation had no record) to a child record, found with the child search or created after searching (find
 * before create). From then on the referral, its clock and its requests for information belong to that child,
 * and so does the involvement of the local authority and of every agency that has already answered. The form is
 * the search page's "This is the child" buttons; a child the local authority cannot see is "not found", and every
 * refused attempt is on the record.
 */
export const linkReferralChild = defineStep({
  ...frontDoorWork(frontDoorStep),
  operationId: 'linkReferralChild',
  path: '/front-door/referrals/:id/child',
  formPath: null,
  apiPath: '/referrals/:id/child',
  title: 'Link the referral to the child’s record',
  description:
    'Link a referral that described a child in words to the child’s record (find with searchChildren; add with createChild)',
  submitText: 'This is the child',
  okStatus: 200,
  auditRefusals: true,
  fields: { childId: hiddenId({ label: 'The child', required: 'Choose the child from the search results' }) },
  load: loadReferralForStep,
  run: async ({ tx, actor, now }, input, { referral }) => {
    const [child] = await visibleChildren(tx, actor, [input.childId as string])
    if (child === undefined) return err(domainError('REFERRAL.CHILD_NOT_FOUND', 'There is no such child'))
    if (referral.childId !== null)
      return referral.childId === child.id
        ? ok({ childId: child.id })
        : err(domainError('REFERRAL.CHILD_ALREADY_LINKED', 'This referral is already linked to another child record'))
    await linkToChild(tx, referral, child.id, now)
    return ok({ childId: child.id })
  },
  action: 'referral.child_linked',
  auditDetails: (out, _input, { referral }) => ({
    childId: out.childId,
    ...(referral.childId === null ? {} : { alreadyLinked: true }),
  }),
  output: z.object({ childId: z.uuid() }),
  done: (_out, params) => `/front-door/referrals/${params.id}?done=linked`,
})

/**
 * The referral, and what hangs on it, made the child's: its clock and requests for information, and the involvement
 * of the local authority and of every agency that has already answered. In the step's transaction; the referral
 * is locked and not yet linked.
 */
export async function linkToChild(
  tx: Transaction<DB>,
  referral: ReferralRow,
  childId: string,
  now: Date,
): Promise<void> {
  await tx.updateTable('referral').set({ child_id: childId }).where('id', '=', referral.id).execute()
  await tx
    .updateTable('information_request')
    .set({ child_id: childId })
    .where('referral_id', '=', referral.id)
    .where('child_id', 'is', null)
    .execute()
  await tx
    .updateTable('deadline')
    .set({ child_id: childId })
    .where('subject_type', '=', 'referral')
    .where('subject_id', '=', referral.id)
    .where('child_id', 'is', null)
    .execute()
  const answered = await tx
    .selectFrom('information_response as a')
    .innerJoin('information_request as q', 'q.id', 'a.information_request_id')
    .select('a.organisation_id')
    .distinct()
    .where('q.referral_id', '=', referral.id)
    .execute()
  for (const organisationId of new Set([referral.toOrganisationId, ...answered.map((a) => a.organisation_id)])) {
    const reason = organisationId === referral.toOrganisationId ? 'referral' : 'information_request'
    await involve(tx, { childId, organisationId, reason }, now)
  }
}
