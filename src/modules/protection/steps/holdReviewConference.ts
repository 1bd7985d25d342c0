import { compareLocalDate, formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkPlanCategory, FieldProblems, isPlanEndReason, planEndClosure } from '../domain/caseWork.js'
import { checkStepDate, transition } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  inCase,
  openPlan,
  startChildInNeedPlan,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface ReviewConferenceInput {
  /** 'YYYY-MM-DD' */
  readonly heldOn: string
  readonly outcome: string
  /** A new latest category, or '' to keep it. */
  readonly latestCategory: string
  /** Why the plan ends, when the outcome ends it. */
  readonly endReason: string
  readonly childInNeedOutcomes: string
  readonly dissent: string
  readonly notes: string
  readonly submissionKey?: string | undefined
}

/**
 * A child protection review conference (table step hold_review_conference), chaired: the plan continues (the
 * next review is due within 6 months: T8) — with its latest category changed if need be — or it ends, with a
 * reason, stepping down to a child in need plan, early help or no further action. It uses the review
 * conference arranged for the case, if there is one, and is dated after the plan's start and its last review.
 */
export async function holdReviewConference(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: ReviewConferenceInput,
  meta: RequestMeta,
): Promise<Result<{ conferenceId: string; phase: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'hold_review_conference', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'hold_review_conference', meta)
    if (!open.ok) return open
    const plan = await openPlan(c.tx, c.episode.id)
    if (plan === undefined)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'The child does not have a child protection plan'))
    const lastReview = await c.tx
      .selectFrom('conference')
      .select('held_on')
      .where('episode_id', '=', c.episode.id)
      .where('kind', '=', 'review')
      .where('held_on', 'is not', null)
      .orderBy('held_on', 'desc')
      .executeTakeFirst()
    const earliest =
      lastReview !== undefined &&
      lastReview.held_on !== null &&
      compareLocalDate(day(lastReview.held_on), day(plan.started_on)) > 0
        ? { date: day(lastReview.held_on), what: 'the last review conference' }
        : { date: day(plan.started_on), what: 'the start of the child protection plan' }

    const problems = new FieldProblems()
    const heldOn = problems.date('heldOn', input.heldOn, 'Enter the date the review conference was held')
    if (heldOn !== undefined) {
      const inOrder = checkStepDate('heldOn', heldOn, c.today, earliest)
      if (!inOrder.ok) problems.add('heldOn', inOrder.error.message)
    }
    const next = transition(c.phase, 'hold_review_conference', input.outcome)
    if (!next.ok) problems.add('outcome', 'Select the review conference’s decision')
    const continues = next.ok && next.value.to === 'child_protection_plan'
    if (input.latestCategory !== '' && !checkPlanCategory(input.latestCategory))
      problems.add('latestCategory', 'Select a category from the list')
    if (next.ok && !continues && !isPlanEndReason(input.endReason))
      problems.add('endReason', 'Select why the plan is ending')
    const cinOutcomes =
      next.ok && next.value.to === 'child_in_need_plan'
        ? problems.text(
            'childInNeedOutcomes',
            input.childInNeedOutcomes,
            'Enter what the child in need plan is to achieve',
            50_000,
          )
        : ''
    const dissent = problems.optionalText('dissent', input.dissent, 50_000)
    const notes = problems.text('notes', input.notes, 'Summarise the review', 100_000)
    const valid = problems.result(true)
    if (!valid.ok || heldOn === undefined)
      return valid.ok ? err(domainError('CASE.INVALID', 'Enter the date the review conference was held')) : valid

    const scheduled = await c.tx
      .selectFrom('conference')
      .select('id')
      .where('episode_id', '=', c.episode.id)
      .where('kind', '=', 'review')
      .where('held_on', 'is', null)
      .executeTakeFirst()
    const conferenceId = scheduled?.id ?? newId()
    const endReason = continues ? null : input.endReason
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'hold_review_conference',
        outcome: input.outcome,
        occurredOn: heldOn,
        rationale: notes.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: {
          conferenceId,
          planId: plan.id,
          latestCategory: input.latestCategory || plan.latest_category,
          endReason,
        },
        closureReason: endReason !== null && isPlanEndReason(endReason) ? planEndClosure(endReason) : undefined,
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    const details = JSON.stringify({ notes, latestCategory: input.latestCategory || plan.latest_category, endReason })
    if (scheduled === undefined) {
      await c.tx
        .insertInto('conference')
        .values({
          id: conferenceId,
          episode_id: c.episode.id,
          child_id: c.episode.childId,
          kind: 'review',
          section47_enquiry_id: null,
          scheduled_at: c.now,
          chair_user_id: actor.userId,
          held_on: formatLocalDate(heldOn),
          decision: input.outcome,
          decision_details: details,
          dissent,
          created_by: actor.userId,
          created_at: c.now,
        })
        .execute()
    } else {
      // The decision fields are set once, here; the schema types them as insert-only, hence the cast.
      await c.tx
        .updateTable('conference')
        .set({
          held_on: formatLocalDate(heldOn),
          decision: input.outcome,
          decision_details: details,
          dissent,
          chair_user_id: actor.userId,
        } as never)
        .where('id', '=', conferenceId)
        .execute()
    }
    if (input.latestCategory !== '')
      await c.tx
        .updateTable('child_protection_plan')
        .set({ latest_category: input.latestCategory })
        .where('id', '=', plan.id)
        .execute()
    if (!continues) {
      await c.tx
        .updateTable('child_protection_plan')
        .set({ ended_on: formatLocalDate(heldOn), end_reason: endReason, step_down: input.outcome })
        .where('id', '=', plan.id)
        .execute()
      if (taken.value.to === 'child_in_need_plan')
        await startChildInNeedPlan(c.tx, c.episode, heldOn, cinOutcomes, c.now)
    }
    return ok({ conferenceId, phase: taken.value.to })
  })
}
