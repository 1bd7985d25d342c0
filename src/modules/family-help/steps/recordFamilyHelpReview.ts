import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, radios, textarea, type Fields } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { reviewDecisionLabels, reviewProgressLabels, type ReviewProgress } from '../domain/codes.js'
import { checkReview } from '../domain/rules.js'
import { currentPlan, stepsOfKind } from '../queries/episodeRecords.js'
import { checkFields, common, episodeDate, openOutcome, stepRules, takeStep } from './engine.js'
import { PLAN_ACTIONS, PLAN_GOALS } from './recordFamilyPlan.js'

const progressOptions = optionsOf(reviewProgressLabels)
const progressFields: Fields = Object.fromEntries([
  ...Array.from({ length: PLAN_ACTIONS }, (_, k) => [
    `action${k + 1}Progress`,
    radios({ label: `Action ${k + 1}: how has it gone?`, inline: true, options: progressOptions }),
  ]),
  ...Array.from({ length: PLAN_GOALS }, (_, k) => [
    `goal${k + 1}Progress`,
    radios({ label: `Goal ${k + 1}: how has it gone?`, inline: true, options: progressOptions }),
  ]),
])

/**
 * A team around the family review: when it was held, who attended, progress on each action and goal of the
 * current plan (better, the same, worse), and the decision: continue (starts the next-review clock), step up,
 * step down or close (each then taken as its own step, with its own details). No review before a plan.
 */
export const recordFamilyHelpReview = defineStep({
  ...common,
  operationId: 'recordFamilyHelpReview',
  path: '/family-help/:id/reviews',
  title: 'Record a review of the family plan',
  submitText: 'Record the review',
  fields: {
    heldOn: date({ label: 'Date of the review', required: 'Enter the date of the review' }),
    attendees: textarea({
      label: 'Who attended',
      hint: 'Practitioners by agency, and family members',
      required: 'Enter who attended',
      rows: 3,
      max: 5000,
    }),
    ...progressFields,
    decision: radios({
      label: 'What was decided?',
      required: 'Select what was decided',
      options: optionsOf(reviewDecisionLabels),
    }),
    notes: textarea({ label: 'What was discussed and why', required: 'Enter what was discussed and why', rows: 6 }),
  },
  ...stepRules('record_review'),
  check: checkFields({ heldOn: episodeDate('The date of the review'), decision: openOutcome('record_review') }),
  intro: () => ['Say how each action and goal of the current plan has gone, in the order they appear in the plan.'],
  run: async (ctx, input, loaded) => {
    const plan = await currentPlan(ctx.tx, loaded.episode.id)
    if (plan === undefined)
      return err(domainError('FAMILY_HELP.STEP_NOT_ALLOWED', 'There is no family plan to review yet'))
    const actions = Array.from(
      { length: PLAN_ACTIONS },
      (_, k) => input[`action${k + 1}Progress`] as ReviewProgress | undefined,
    )
    const goals = Array.from(
      { length: PLAN_GOALS },
      (_, k) => input[`goal${k + 1}Progress`] as ReviewProgress | undefined,
    )
    const checked = checkReview({ actions, goals }, { actions: plan.actions.length, goals: plan.goals.length })
    if (!checked.ok) return err(domainError(checked.error.code, checked.error.message, checked.error.fields))
    const heldOn = input['heldOn'] as LocalDate
    // The review is the outcome of the latest meeting arranged for on or before that day, if any.
    const meetings = await stepsOfKind(ctx.tx, loaded.episode.id, 'schedule_meeting')
      .select(['id', 'details'])
      .orderBy('seq', 'desc')
      .execute()
    const meeting = meetings.find((m) => String(m.details['on'] ?? '') <= formatLocalDate(heldOn))
    const taken = await takeStep(ctx, loaded, {
      step: 'record_review',
      outcome: String(input['decision']),
      occurredOn: heldOn,
      details: {
        meetingId: meeting?.id ?? null,
        planVersion: plan.version,
        attendees: input['attendees'],
        actionProgress: actions.slice(0, plan.actions.length),
        goalProgress: goals.slice(0, plan.goals.length),
        notes: input['notes'],
      },
    })
    return taken.ok ? ok(taken.value) : taken
  },
  action: 'family_help.review_recorded',
  auditDetails: (_o, input) => ({ decision: input['decision'] }),
})
