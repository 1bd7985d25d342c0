import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { checkboxes, date, text, textarea, type Fields } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { fieldProblems, ok } from '../../../platform/shared/result.js'
import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep, type AccessDecision, type StepContext } from '../../../platform/steps/defineStep.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  ALLEGATION_TEXT_LIMITS,
  allegationMessages,
  harmThresholdLabels,
  retentionUntil,
  validateAllegation,
} from '../domain/allegation.js'
import { CASE_MANAGER_ROLES, decideAllegation } from '../domain/policy.js'
import { allegationRecordedFrom, loadLowLevelConcern, nextReference } from '../queries/allegations.js'
import { reviewerAccess } from './stepAccess.js'

/**
 * The case manager (head, manager, chair of governors or DSL) records an allegation about an adult and which
 * limbs of the harm threshold it meets. The `lado-referral` clock (1 working day from the day the employer became
 * aware) starts now and stops when the referral is sent (referToLado). Three ways in, one declaration each: on its
 * own, from a concern the DSL decided to refer to the LADO (that concern's clock stops with this one's), and from
 * a low-level concern the reviewer found meets the harm threshold.
 */
const fields: Fields = {
  subjectName: text({
    label: 'Name of the person the allegation is about',
    required: allegationMessages.subjectNameMissing,
    max: ALLEGATION_TEXT_LIMITS.name,
  }),
  subjectRole: text({
    label: 'Their job or role',
    required: allegationMessages.subjectRoleMissing,
    max: ALLEGATION_TEXT_LIMITS.role,
  }),
  subjectEmployer: text({
    label: 'Who employs them',
    hint: 'Or the organisation they volunteer for, or the agency that supplied them',
    required: allegationMessages.subjectEmployerMissing,
    max: ALLEGATION_TEXT_LIMITS.employer,
  }),
  subjectDateOfBirth: date({
    label: 'Their date of birth (optional)',
    hint: 'Used only to work out how long the record is kept: until their normal pension age or 10 years, whichever is longer',
  }),
  awareOn: date({ label: 'Date you became aware of the allegation', required: allegationMessages.awareOnMissing }),
  account: textarea({
    label: 'What is alleged to have happened',
    required: allegationMessages.accountMissing,
    max: ALLEGATION_TEXT_LIMITS.account,
    rows: 8,
  }),
  limbs: checkboxes({
    label: 'The person has',
    hint: 'Select every part of the harm threshold the allegation meets',
    required: allegationMessages.limbsMissing,
    options: optionsOf(harmThresholdLabels),
  }),
}

const valid = (input: Record<string, unknown>, today: LocalDate) =>
  validateAllegation(
    {
      subjectName: input.subjectName as string,
      subjectRole: input.subjectRole as string,
      subjectEmployer: input.subjectEmployer as string,
      subjectDateOfBirth: input.subjectDateOfBirth as LocalDate | undefined,
      awareOn: input.awareOn as LocalDate,
      account: input.account as string,
      limbs: input.limbs as string[],
    },
    today,
  )

interface Origin {
  readonly organisationId: string
  readonly localAreaId: string
  readonly sourceConcernId: string | null
  readonly sourceLowLevelConcernId: string | null
  readonly subjectUserId: string | null
}

async function record(ctx: StepContext, input: Record<string, unknown>, origin: Origin) {
  const v = valid(input, ctx.today)
  if (!v.ok) return v
  const a = v.value
  const id = newId()
  const reference = await nextReference(ctx.tx, 'A', 'allegation_reference_seq', ctx.today.year)
  await ctx.tx
    .insertInto('allegation')
    .values({
      id,
      reference,
      organisation_id: origin.organisationId,
      local_area_id: origin.localAreaId,
      case_manager_user_id: ctx.actor.userId,
      subject_user_id: origin.subjectUserId,
      subject_name: a.subjectName,
      subject_role: a.subjectRole,
      subject_employer: a.subjectEmployer,
      subject_date_of_birth: a.subjectDateOfBirth === null ? null : formatLocalDate(a.subjectDateOfBirth),
      aware_on: formatLocalDate(a.awareOn),
      account: a.account,
      limbs: [...a.limbs],
      source_concern_id: origin.sourceConcernId,
      source_low_level_concern_id: origin.sourceLowLevelConcernId,
      state: 'recorded',
      retain_until: formatLocalDate(retentionUntil(a.awareOn, a.subjectDateOfBirth).until),
      lado_sent_on: null,
      lado_reference: null,
      lado_sent_by: null,
      created_at: ctx.now,
    })
    .execute()
  // The concern a DSL referred already has its clock; a new allegation gets its own.
  if (origin.sourceConcernId === null)
    await registerDeadline(
      ctx.tx,
      {
        localAreaId: origin.localAreaId,
        organisationId: origin.organisationId,
        assignedUserId: ctx.actor.userId,
        ruleId: 'lado-referral',
        subjectType: 'allegation',
        subjectId: id,
        title: `Refer allegation ${reference} to the LADO`,
        startedOn: a.awareOn,
      },
      ctx.now,
    )
  return ok({ id, reference })
}

const output = z.object({ id: z.string(), reference: z.string() })
const common = {
  module: 'allegations',
  title: 'Record an allegation about an adult',
  submitText: 'Record the allegation',
  auditRefusals: true,
  fields,
  check: (input: Record<string, unknown>, _l: unknown, ctx: StepContext) => {
    const v = valid(input, ctx.today)
    return fieldProblems(v)
  },
  action: 'allegation.recorded',
  output,
  done: (out: { id: string }) => `/allegations/${out.id}`,
  auditDetails: (out: { reference: string }) => ({ reference: out.reference }),
} as const

const allowed = (reason: string): AccessDecision => ({ allowed: true, reason })

/**
 * A concern becomes an allegation once: after the decision that it should (`notDecided` otherwise), and only while
 * none has been recorded from it.
 */
const notReadyToRecord = (decided: boolean, notDecided: string, allegationId: string | null): string | undefined =>
  !decided
    ? notDecided
    : allegationId !== null
      ? 'An allegation has already been recorded from this concern'
      : undefined

export const recordAllegation = defineStep({
  ...common,
  operationId: 'recordAllegation',
  path: '/allegations/new',
  apiPath: '/allegations',
  load: async ({ actor }): Promise<Origin & { readonly caption: string }> => ({
    organisationId: actor.organisationId,
    localAreaId: actor.localAreaId,
    sourceConcernId: null,
    sourceLowLevelConcernId: null,
    subjectUserId: null,
    caption: actor.organisationName,
  }),
  access: (actor: Actor) => {
    const d = decideAllegation(actor, { kind: 'allegation.record' })
    return d.allowed ? allowed(d.reason) : { ...d, visible: true }
  },
  run: (ctx, input, origin) => record(ctx, input, origin),
  subject: (o) => ({ type: 'organisation', id: o.organisationId }),
  caption: (o) => o.caption,
  back: () => ({ href: '/allegations', text: 'Back to allegations' }),
})

export const recordAllegationFromConcern = defineStep({
  ...common,
  operationId: 'recordAllegationFromConcern',
  path: '/concerns/:concernId/allegation',
  load: async ({ tx, params }) =>
    tx
      .selectFrom('concern as c')
      .select(['c.id', 'c.reference', 'c.organisation_id', 'c.local_area_id'])
      .select((eb) =>
        eb
          .selectFrom('concern_event as e')
          .select('e.id')
          .whereRef('e.concern_id', '=', 'c.id')
          .where('e.decision_kind', '=', 'lado')
          .limit(1)
          .as('lado_decision'),
      )
      .select((eb) => allegationRecordedFrom(tx, 'source_concern_id', eb.ref('c.id')).as('allegation_id'))
      .where('c.id', '=', params.concernId!)
      .executeTakeFirst(),
  access: (actor, c) =>
    c.organisation_id !== actor.organisationId
      ? { allowed: false, reason: 'a concern of another organisation', visible: false }
      : hasRole(actor, ...CASE_MANAGER_ROLES)
        ? allowed('safeguarding lead or head of the organisation that recorded the concern')
        : { allowed: false, reason: 'only the DSL or head records an allegation from a concern', visible: false },
  unavailable: (c) =>
    notReadyToRecord(
      c.lado_decision !== null,
      'Record a decision to refer this concern to the LADO first',
      c.allegation_id,
    ),
  run: (ctx, input, c) =>
    record(ctx, input, {
      organisationId: c.organisation_id,
      localAreaId: c.local_area_id,
      sourceConcernId: c.id,
      sourceLowLevelConcernId: null,
      subjectUserId: null,
    }),
  subject: (c) => ({ type: 'concern', id: c.id }),
  caption: (c) => `Concern ${c.reference}`,
  back: (p) => ({ href: `/concerns/${p.concernId}`, text: 'Back to the concern' }),
})

export const recordAllegationFromLowLevelConcern = defineStep({
  ...common,
  operationId: 'recordAllegationFromLowLevelConcern',
  path: '/low-level-concerns/:concernId/allegation',
  load: ({ tx, params }) => loadLowLevelConcern(tx, params.concernId!, { forUpdate: true }),
  access: reviewerAccess,
  unavailable: (l) =>
    notReadyToRecord(
      l.decision === 'allegation',
      'Only a concern reviewed as meeting the harm threshold becomes an allegation',
      l.allegationId,
    ),
  run: (ctx, input, l) =>
    record(ctx, input, {
      organisationId: l.facts.organisationId,
      localAreaId: l.localAreaId,
      sourceConcernId: null,
      sourceLowLevelConcernId: l.id,
      subjectUserId: l.facts.subjectUserId,
    }),
  subject: (l) => ({ type: 'low_level_concern', id: l.id }),
  caption: (l) => `Low-level concern ${l.reference}`,
  back: (p) => ({ href: `/low-level-concerns/${p.concernId}`, text: 'Back to the concern' }),
})
