import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, textarea } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { day } from './caseSupport.js'
import { caseStep, dateInOrder, loadCase, notOpen } from './episodeStep.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

/**
 * A review of the child in need plan (table step review_child_in_need_plan), dated within the plan: not
 * before it started, not in the future.
 */
export const reviewChildInNeedPlan = defineStep({
  ...caseStep('review_child_in_need_plan'),
  operationId: 'reviewChildInNeedPlan',
  path: '/cases/:id/child-in-need-reviews',
  title: 'Record a child in need plan review',
  submitText: 'Record the review',
  okStatus: 201,
  repeatedKey: 'refuse',
  fields: {
    heldOn: date({ label: 'When was the review?', required: 'Enter the date of the review' }),
    notes: textarea({
      label: 'What the review found and agreed',
      required: 'Enter what the review found and agreed',
      max: 100_000,
      rows: 8,
    }),
  },
  load: async (ctx) => {
    const c = await loadCase(ctx)
    if (c === undefined) return undefined
    const plan = await ctx.tx
      .selectFrom('child_in_need_plan')
      .select(['id', 'started_on'])
      .where('episode_id', '=', c.episode.id)
      .where('ended_on', 'is', null)
      .executeTakeFirst()
    return { ...c, plan }
  },
  unavailable: (c) =>
    notOpen(c, 'review_child_in_need_plan') ??
    (c.plan === undefined ? 'The child does not have a child in need plan' : undefined),
  check: (input, c, { today }) =>
    dateInOrder(
      'heldOn',
      input.heldOn,
      today,
      c.plan === undefined ? undefined : { date: day(c.plan.started_on), what: 'the start of the child in need plan' },
    ),
  run: async ({ tx, actor, now, meta }, input, c) => {
    const plan = c.plan!
    const heldOn = input.heldOn as LocalDate
    const notes = input.notes as string
    const id = newId()
    const taken = await takeEpisodeStep(
      tx,
      actor,
      c,
      {
        step: 'review_child_in_need_plan',
        outcome: 'continue_plan',
        occurredOn: heldOn,
        rationale: notes.slice(0, 2000),
        details: { reviewId: id, planId: plan.id },
      },
      now,
      meta,
    )
    if (!taken.ok) return taken
    await tx
      .insertInto('child_in_need_review')
      .values({
        id,
        plan_id: plan.id,
        held_on: formatLocalDate(heldOn),
        notes,
        recorded_by: actor.userId,
        created_at: now,
      })
      .execute()
    return ok({ id })
  },
  action: 'case.child_in_need_review_recorded',
  output: z.object({ id: z.uuid() }),
})
