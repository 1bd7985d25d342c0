import { z } from 'zod'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { decide } from '../../access/domain/policy.js'
import { date, radios, text } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep, takenRecord, withAudit, type StepContext } from '../../../platform/steps/defineStep.js'
import { sexOptions } from '../../children/domain/child.js'
import { createChildStep } from '../../children/steps/createChild.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import type { ReferralRow } from '../queries/referralAccess.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'
import { linkToChild } from './linkReferralChild.js'

interface Loaded {
  readonly referral: ReferralRow
  /** The child as the referrer described them: the form starts from it. */
  readonly described: { givenName?: string; familyName?: string; dateOfBirth?: string; sex?: string }
}

/**
 * When the search finds no record of the child a referral describes, the front door adds one and links the
 * referral to it, in one transaction: the record (or the same child found by NHS number or UPN, as adding a child
 * anywhere does) and the link (linkReferralChild's, with the referral's clock and requests for information). The
 * form starts from what the referrer said. Only the receiving front door sees the form or may send it (anyone
 * else is told there is no such page); a referral linked already goes back to the referral.
 */
export const addReferralChild = defineStep<Loaded, { childId: string }>({
  ...frontDoorWork<Loaded>(frontDoorStep),
  // The front door's own pages: hidden from everyone else, the referrer too, as before the engine.
  access: (actor, { referral }) => {
    const page = decide(actor, frontDoorStep(referral))
    return page.allowed ? page : { ...page, visible: false }
  },
  operationId: 'addReferralChild',
  path: '/front-door/referrals/:id/child/new',
  // The front door's page only, as it has always been: by API, a child is added with createChild and the referral
  // linked with linkReferralChild.
  mount: 'page',
  title: 'Add the child’s details',
  submitText: 'Add the child and link the referral',
  // Every refused attempt is on the record, as adding a child is anywhere (createChild).
  auditRefusals: true,
  fields: {
    givenName: text({ label: 'First name', max: 1000 }),
    familyName: text({ label: 'Last name', max: 1000 }),
    dateOfBirth: date({ label: 'Date of birth', hint: 'For example, 14 5 2016. Leave blank for an unborn baby.' }),
    expectedDateOfDelivery: date({ label: 'Unborn baby: expected date of delivery', hint: 'Only for an unborn baby.' }),
    sex: radios({ label: 'Sex', options: sexOptions }),
    nhsNumber: text({ label: 'NHS number (optional)', max: 40, width: 10 }),
    upn: text({ label: 'Unique pupil number (optional)', max: 40, width: 10 }),
  },
  load: async (ctx: StepContext): Promise<Loaded | undefined> => {
    const got = await loadReferralForStep(ctx)
    if (got === undefined) return undefined
    const row = await ctx.tx
      .selectFrom('referral')
      .select('child_details')
      .where('id', '=', got.referral.id)
      .executeTakeFirstOrThrow()
    return { referral: got.referral, described: (row.child_details ?? {}) as Loaded['described'] }
  },
  prefill: ({ described }) => ({
    givenName: described.givenName,
    familyName: described.familyName,
    dateOfBirth: described.dateOfBirth,
    sex: described.sex,
  }),
  conflict: ({ referral }) =>
    referral.childId === null
      ? undefined
      : domainError('REFERRAL.CHILD_ALREADY_LINKED', 'This referral is already linked to a child record'),
  // Linked already (a second tab, the form sent twice): back to the referral, making no second record.
  redirects: (code, params) =>
    code === 'REFERRAL.CHILD_ALREADY_LINKED' ? `/front-door/referrals/${params.id}` : undefined,
  // The child's details as createChild judges them, with its messages.
  check: (input, _loaded, ctx) =>
    createChildStep.check?.(input, { organisationId: ctx.actor.organisationId }, ctx) ?? {},
  run: async (ctx, input, { referral }) => {
    const { tx, actor, now, meta } = ctx
    const allowed = decide(actor, { kind: 'child.create' })
    if (!allowed.allowed) return err(domainError('ACCESS.DENIED', allowed.reason))
    // Adding a child is createChild's run, in this step's transaction, with the row its own step would write
    // (child.created, or child.matched_existing with the number that matched).
    const ran = await createChildStep.run(ctx, input, { organisationId: actor.organisationId })
    if (!ran.ok) return ran
    const organisation = { organisationId: actor.organisationId }
    const added = takenRecord(createChildStep, ran.value, input, organisation)
    const { action } = createChildStep
    await auditActor(tx, actor, meta, now, {
      action: typeof action === 'string' ? action : action(added.output, input, organisation),
      subjectType: 'child',
      subjectId: added.output.id,
      reason: allowed.reason,
      details: added.details,
    })
    await linkToChild(tx, referral, added.output.id, now)
    // Whether a record was found by its number rather than added is for the audit row.
    return ok(withAudit({ childId: added.output.id }, { existingRecord: added.output.existing }))
  },
  action: 'referral.child_linked',
  auditDetails: (out) => ({ childId: out.childId }),
  output: z.object({ childId: z.uuid() }),
  done: (_out, params) => `/front-door/referrals/${params.id}?done=linked`,
  back: (params) => ({ href: `/front-door/referrals/${params.id}/child`, text: 'Back to the search' }),
})
