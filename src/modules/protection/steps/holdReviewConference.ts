import { z } from 'zod'
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { isPlanEndReason, planEndClosure, planEndReasonOptions } from '../domain/caseWork.js'
import { planCategories } from '../domain/codes.js'
import { episodePhases } from '../domain/episode.js'
import { endProtectionPlan, openPlan, recordConferenceDecision } from './caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { cinOutcomesField, revealsCinOutcomes, cinOutcomesMissing, takeStepStartingCin } from './childInNeedPlan.js'
import { caseStep, dateInOrder, leadsTo, NO_PLAN, notOpen, outcomeField, withCase } from './episodeStep.js'
import { historyRationale } from './takeEpisodeStep.js'

/**
 * A child protection review conference (table step hold_review_conference), chaired: the plan continues (the
 * next review is due within 6 months: T8) — with its latest category changed if need be — or it ends, with a
 * reason, stepping down to a child in need plan, early help or no further action. It uses the review
 * conference arranged for the case, if there is one, and is dated after the plan's start and its last review.
 */
export const holdReviewConference = defineStep({
  ...caseStep('hold_review_conference'),
  operationId: 'holdReviewConference',
  path: '/cases/:id/review-conference',
  apiPath: '/cases/:id/reviews',
  title: 'Record a review conference',
  description: 'The chair records a review conference: continue (with the latest category) or end with a step down',
  submitText: 'Record the review',
  fields: {
    heldOn: date({
      label: 'When was the review conference held?',
      required: 'Enter the date the review conference was held',
    }),
    outcome: outcomeField(
      'hold_review_conference',
      { label: 'Decision', required: 'Select the review conference’s decision' },
      revealsCinOutcomes,
    ),
    latestCategory: radios({
      label: 'Latest category of the plan (if it has changed)',
      options: [
        { value: '', text: 'No change' },
        ...planCategories.map((p) => ({ value: p.code, text: `${p.label} (${p.code})` })),
      ],
    }),
    endReason: radios({
      label: 'If the plan ends: why',
      options: planEndReasonOptions,
    }),
    childInNeedOutcomes: cinOutcomesField,
    notes: textarea({ label: 'Summary of the review', required: 'Summarise the review', max: 100_000, rows: 6 }),
    dissent: textarea({ label: 'Dissent (optional)', max: 50_000, rows: 3 }),
  },
  load: (ctx) =>
    withCase(ctx, async (c) => {
      const reviews = await ctx.tx
        .selectFrom('conference')
        .select(['id', 'held_on'])
        .where('episode_id', '=', c.episode.id)
        .where('kind', '=', 'review')
        .execute()
      const held = reviews.flatMap((r) => (r.held_on === null ? [] : [r.held_on])).sort()
      return {
        ...c,
        plan: await openPlan(ctx.tx, c.episode.id),
        lastReviewOn: held.at(-1),
        scheduledId: reviews.find((r) => r.held_on === null)?.id,
      }
    }),
  unavailable: (c) => notOpen(c, 'hold_review_conference') ?? (c.plan === undefined ? NO_PLAN : undefined),
  check: (input, c, { today }) => {
    const to = leadsTo(c, 'hold_review_conference', input.outcome)
    const planStart = c.plan === undefined ? undefined : storedDate(c.plan.started_on)
    const lastReview = c.lastReviewOn === undefined ? undefined : storedDate(c.lastReviewOn)
    const earliest =
      lastReview !== undefined && planStart !== undefined && compareLocalDate(lastReview, planStart) > 0
        ? { date: lastReview, what: 'the last review conference' }
        : planStart === undefined
          ? undefined
          : { date: planStart, what: 'the start of the child protection plan' }
    return {
      ...dateInOrder('heldOn', input.heldOn, today, earliest),
      ...(to === undefined ? { outcome: 'Select the review conference’s decision' } : {}),
      ...(to !== undefined && to !== 'child_protection_plan' && input.endReason === undefined
        ? { endReason: 'Select why the plan is ending' }
        : {}),
      ...cinOutcomesMissing(to, input),
    }
  },
  run: async (ctx, input, c) => {
    const { tx, actor, now } = ctx
    const plan = c.plan!
    const heldOn = input.heldOn as LocalDate
    const outcome = input.outcome as string
    const notes = input.notes as string
    // '' ("No change") keeps the category the plan has.
    const latestCategory = (input.latestCategory as string | undefined) || undefined
    const continues = leadsTo(c, 'hold_review_conference', outcome) === 'child_protection_plan'
    const endReason = continues ? null : (input.endReason as string)
    const conferenceId = c.scheduledId ?? newId()
    const step = {
      step: 'hold_review_conference',
      outcome,
      occurredOn: heldOn,
      rationale: historyRationale(notes),
      details: { conferenceId, planId: plan.id, latestCategory: latestCategory ?? plan.latest_category, endReason },
      closureReason: endReason !== null && isPlanEndReason(endReason) ? planEndClosure(endReason) : undefined,
    } as const
    const taken = await takeStepStartingCin(ctx, c, step, input, async () => {
      const details = { notes, latestCategory: latestCategory ?? plan.latest_category, endReason }
      const dissent = (input.dissent as string | undefined) ?? ''
      if (c.scheduledId === undefined) {
        await tx
          .insertInto('conference')
          .values({
            id: conferenceId,
            episode_id: c.episode.id,
            child_id: c.episode.childId,
            kind: 'review',
            section47_enquiry_id: null,
            scheduled_at: now,
            chair_user_id: actor.userId,
            held_on: formatLocalDate(heldOn),
            decision: outcome,
            decision_details: JSON.stringify(details),
            dissent,
            created_by: actor.userId,
            created_at: now,
          })
          .execute()
      } else {
        await recordConferenceDecision(tx, conferenceId, {
          heldOn,
          decision: outcome,
          details,
          dissent,
          chairUserId: actor.userId,
        })
      }
      if (latestCategory !== undefined)
        await tx
          .updateTable('child_protection_plan')
          .set({ latest_category: latestCategory })
          .where('id', '=', plan.id)
          .execute()
      if (!continues) await endProtectionPlan(tx, plan.id, heldOn, endReason, outcome)
    })
    return taken.ok ? ok({ conferenceId, phase: taken.value.to }) : taken
  },
  action: 'case.review_conference_held',
  output: z.object({ conferenceId: z.uuid(), phase: z.enum(episodePhases) }),
})
