import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, text } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep, withAudit, type StepContext } from '../../../platform/steps/defineStep.js'
import { validateNewChild, type NewChildInput } from '../../children/domain/child.js'
import { recordNewChild } from '../../children/steps/createChild.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import type { ReferralRow } from '../queries/referralAccess.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'
import { linkToChild } from './linkReferralChild.js'

interface Loaded {
  readonly referral: ReferralRow
  /** The child as the referrer described them: the form starts from it. */
  readonly described: { givenName?: string; familyName?: string; dateOfBirth?: string; sex?: string }
}

/** The child's details as the children module checks them, from the step's input (the API body's shape). */
const newChild = (input: Record<string, unknown>): NewChildInput => ({
  givenName: (input.givenName as string | undefined) ?? '',
  familyName: (input.familyName as string | undefined) ?? '',
  dateOfBirth: input.dateOfBirth as LocalDate | undefined,
  expectedDateOfDelivery: input.expectedDateOfDelivery as LocalDate | undefined,
  sex: input.sex as string | undefined,
  nhsNumber: input.nhsNumber as string | undefined,
  upn: input.upn as string | undefined,
})

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
  apiPath: '/referrals/:id/new-child',
  title: 'Add the child’s details',
  description:
    'When searchChildren finds no record of the child a referral describes: add the child’s record and link the referral to it, in one transaction (a child already recorded with the NHS number or UPN, same name and date of birth, is linked instead)',
  submitText: 'Add the child and link the referral',
  fields: {
    givenName: text({ label: 'First name', max: 1000 }),
    familyName: text({ label: 'Last name', max: 1000 }),
    dateOfBirth: date({ label: 'Date of birth', hint: 'For example, 14 5 2016. Leave blank for an unborn baby.' }),
    expectedDateOfDelivery: date({ label: 'Unborn baby: expected date of delivery', hint: 'Only for an unborn baby.' }),
    sex: radios({
      label: 'Sex',
      options: [
        { value: 'female', text: 'Female' },
        { value: 'male', text: 'Male' },
        { value: 'unknown', text: 'Not known' },
      ],
    }),
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
  check: (input, _loaded, { today }) => {
    const valid = validateNewChild(newChild(input), today)
    return valid.ok ? {} : (valid.error.fields ?? { givenName: valid.error.message })
  },
  run: async ({ tx, actor, now, today, meta }, input, { referral }) => {
    const allowed = decide(actor, { kind: 'child.create' })
    if (!allowed.allowed) return err(domainError('ACCESS.DENIED', allowed.reason))
    const valid = validateNewChild(newChild(input), today)
    // `check` has refused anything the domain refuses; this is its value.
    if (!valid.ok) return err(valid.error)
    const child = await recordNewChild(tx, actor, valid.value, allowed.reason, now, meta)
    if (!child.ok) return err(child.error)
    await linkToChild(tx, referral, child.value.id, now)
    // Whether a record was found by its number rather than added is for the audit row (child.matched_existing too).
    return ok(withAudit({ childId: child.value.id }, { existingRecord: child.value.existing }))
  },
  action: 'referral.child_linked',
  auditDetails: (out) => ({ childId: out.childId }),
  output: z.object({ childId: z.uuid() }),
  done: (_out, params) => `/front-door/referrals/${params.id}?done=linked`,
  back: (params) => ({ href: `/front-door/referrals/${params.id}/child`, text: 'Back to the search' }),
})
