import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { date, radios, text, textarea } from '../../../platform/forms/fields.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import { fieldProblems, ok } from '../../../platform/shared/result.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { completeDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  ALLEGATION_TEXT_LIMITS,
  allegationOutcomes,
  allegationTransition,
  type AllegationStep,
  ladoOutcomeMessages,
  ladoReferralMessages,
  outcomeLabels,
  validateLadoOutcome,
  validateLadoReferral,
} from '../domain/allegation.js'
import { decideAllegation, type AllegationRecordAction } from '../domain/policy.js'
import { loadAllegation, type LoadedAllegation } from '../queries/allegations.js'
import { takeOrSee } from './stepAccess.js'
import type { Actor } from '../../../platform/identity/actor.js'

/**
 * The parts of a step on one allegation: the allegation locked; someone who may see it but not take this step is
 * told so (403), anyone else sees nothing (404); the transition table says whether its state allows `step`.
 */
const onAllegation = (kind: Exclude<AllegationRecordAction, 'allegation.view'>, step: AllegationStep) =>
  ({
    module: 'allegations',
    auditRefusals: true,
    load: ({ tx, params }: StepContext) => loadAllegation(tx, params.allegationId!, { forUpdate: true }),
    access: (actor: Actor, a: LoadedAllegation) =>
      takeOrSee(
        decideAllegation(actor, { kind, allegation: a.facts }),
        decideAllegation(actor, { kind: 'allegation.view', allegation: a.facts }),
      ),
    unavailable: (a: LoadedAllegation) => {
      const t = allegationTransition(a.state, step)
      return t.ok ? undefined : t.error.message
    },
    subject: (a: LoadedAllegation) => ({ type: 'allegation', id: a.id }),
    caption: (a: LoadedAllegation) => `Allegation ${a.reference}`,
    back: (p: Readonly<Record<string, string>>) => ({
      href: `/allegations/${p.allegationId}`,
      text: 'Back to the allegation',
    }),
  }) as const

/** The referral as the domain reads it, for `check` and `run` alike. */
const referral = (input: Record<string, unknown>, a: LoadedAllegation, today: LocalDate) =>
  validateLadoReferral(
    { sentOn: input.sentOn as LocalDate, ladoReference: input.ladoReference as string | undefined },
    storedDate(a.awareOn),
    today,
  )

/**
 * The case manager records that the referral went to the LADO: the `lado-referral` clock stops (for the allegation
 * and for the concern it came from), and the area's LADO is told there is a referral to see (no details by email).
 */
export const referToLado = defineStep({
  ...onAllegation('allegation.refer', 'refer_to_lado'),
  operationId: 'referToLado',
  path: '/allegations/:allegationId/lado-referral',
  title: 'Record the referral to the LADO',
  submitText: 'Record the referral',
  fields: {
    sentOn: date({ label: 'Date the referral was sent to the LADO', required: ladoReferralMessages.sentOnMissing }),
    ladoReference: text({ label: 'The LADO’s reference (optional)', max: ALLEGATION_TEXT_LIMITS.reference, width: 10 }),
  },
  check: (input, a, { today }) => fieldProblems(referral(input, a, today)),
  run: async ({ tx, actor, now, today, deps }, input, a) => {
    const v = referral(input, a, today)
    if (!v.ok) return v
    await tx
      .updateTable('allegation')
      .set({
        state: 'referred',
        lado_sent_on: formatLocalDate(v.value.sentOn),
        lado_reference: v.value.ladoReference,
        lado_sent_by: actor.userId,
      })
      .where('id', '=', a.id)
      .execute()
    await completeDeadline(tx, { type: 'allegation', id: a.id }, 'lado-referral', now)
    if (a.sourceConcernId !== null)
      await completeDeadline(tx, { type: 'concern', id: a.sourceConcernId }, 'lado-referral', now)
    const la = await localAuthorityFor(tx, a.facts.localAreaId)
    if (la !== undefined)
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: la.id,
          roles: ['lado'],
          kind: 'allegation.referred',
          subject: `Allegation ${a.reference} has been referred to you`,
          body: `${actor.organisationName} has referred allegation ${a.reference} about a person who works with children. Read it in Together: ${deps.settings.serviceUrl}/allegations/${a.id}`,
          relatedType: 'allegation',
          relatedId: a.id,
        },
        now,
      )
    return ok({ id: a.id })
  },
  action: 'allegation.referred_to_lado',
  output: z.object({ id: z.string() }),
  done: (out) => `/allegations/${out.id}?referred=1`,
})

/**
 * The LADO's record of how the allegation was managed, and its outcome. Suspension is a neutral act, recorded with
 * its dates and never as a finding.
 */
export const recordLadoOutcome = defineStep({
  ...onAllegation('allegation.record_outcome', 'record_outcome'),
  operationId: 'recordLadoOutcome',
  path: '/allegations/:allegationId/outcome',
  title: 'Record the outcome of the allegation',
  submitText: 'Record the outcome',
  fields: {
    strategyDiscussionOn: date({ label: 'Date of the strategy discussion (if there was one)' }),
    policeInvolved: radios({
      label: 'Were the police involved?',
      required: ladoOutcomeMessages.policeMissing,
      options: optionsOf(yesNo),
      inline: true,
    }),
    suspendedFrom: date({
      label: 'Suspended from (if suspended)',
      hint: 'Suspension is a neutral act, not a finding. For example, 27 3 2025',
    }),
    suspendedUntil: date({ label: 'Suspended until (if the suspension has ended)' }),
    investigation: textarea({
      label: 'How the allegation was investigated',
      required: ladoOutcomeMessages.investigationMissing,
      max: ALLEGATION_TEXT_LIMITS.notes,
    }),
    outcome: radios({
      label: 'Outcome',
      required: ladoOutcomeMessages.outcomeMissing,
      options: allegationOutcomes.map((o) => ({ value: o, text: outcomeLabels[o].label, hint: outcomeLabels[o].hint })),
    }),
    dbsReferral: radios({
      label: 'Was a referral made to the Disclosure and Barring Service?',
      hint: 'The employer must refer someone removed from work with children because they may pose a risk of harm',
      required: ladoOutcomeMessages.dbsMissing,
      options: optionsOf(yesNo),
      inline: true,
    }),
    traReferral: radios({
      label: 'Was a referral made to the Teaching Regulation Agency?',
      required: ladoOutcomeMessages.traMissing,
      options: optionsOf(yesNo),
      inline: true,
    }),
    lessonsLearned: textarea({ label: 'Lessons learned (optional)', max: ALLEGATION_TEXT_LIMITS.notes }),
  },
  check: (input, a, { today }) => fieldProblems(validateLadoOutcome(input as never, storedDate(a.awareOn), today)),
  run: async ({ tx, actor, now, today }, input, a) => {
    const v = validateLadoOutcome(input as never, storedDate(a.awareOn), today)
    if (!v.ok) return v
    const o = v.value
    const iso = (d: LocalDate | null) => (d === null ? null : formatLocalDate(d))
    await tx
      .insertInto('allegation_outcome')
      .values({
        allegation_id: a.id,
        strategy_discussion_on: iso(o.strategyDiscussionOn),
        police_involved: o.policeInvolved,
        suspended_from: iso(o.suspendedFrom),
        suspended_until: iso(o.suspendedUntil),
        investigation: o.investigation,
        outcome: o.outcome,
        dbs_referral: o.dbsReferral,
        tra_referral: o.traReferral,
        lessons_learned: o.lessonsLearned,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .execute()
    await tx.updateTable('allegation').set({ state: 'concluded' }).where('id', '=', a.id).execute()
    return ok({ id: a.id, outcome: o.outcome })
  },
  action: 'allegation.outcome_recorded',
  auditDetails: (out) => ({ outcome: out.outcome }),
  output: z.object({ id: z.string(), outcome: z.string() }),
  done: (out) => `/allegations/${out.id}?concluded=1`,
})
