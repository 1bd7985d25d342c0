import { optionsOf } from '../../../platform/shared/wordList.js'
import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, select, text, textarea, type Fields } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { actionStatusLabels, outcomeAreaLabels, PROGRESS_SCALE, type OutcomeArea } from '../domain/codes.js'
import { checkPlan, type PlanAction, type PlanGoal } from '../domain/rules.js'
import { latestAssessmentNeeds, planVersions } from '../queries/episodeRecords.js'
import { common, episodeDateProblem, problems, rows, stepRules, takeStep } from './engine.js'

export const PLAN_ACTIONS = 6
export const PLAN_GOALS = 4

const actionFields: Fields = Object.fromEntries(
  Array.from({ length: PLAN_ACTIONS }, (_, k) => k + 1).flatMap((i) => [
    [
      `action${i}What`,
      textarea({ label: `Action ${i}: what will be done${i === 1 ? '' : ' (optional)'}`, rows: 2, max: 2000 }),
    ],
    [
      `action${i}Who`,
      text({
        label: `Action ${i}: who will do it`,
        hint: 'An agency, a practitioner or someone in the family',
        max: 200,
      }),
    ],
    [`action${i}ByWhen`, date({ label: `Action ${i}: by when` })],
    [`action${i}Status`, select({ label: `Action ${i}: status`, options: optionsOf(actionStatusLabels) })],
  ]),
)
const goalFields: Fields = Object.fromEntries(
  Array.from({ length: PLAN_GOALS }, (_, k) => k + 1).flatMap((i) => [
    [`goal${i}Area`, select({ label: `Goal ${i}: outcome area`, options: optionsOf(outcomeAreaLabels) })],
    [`goal${i}Goal`, text({ label: `Goal ${i}: what the family wants to achieve`, max: 1000 })],
    [
      `goal${i}Score`,
      text({
        label: `Goal ${i}: where the family is now, from ${PROGRESS_SCALE.min} to ${PROGRESS_SCALE.max}`,
        hint: `${PROGRESS_SCALE.min} is far from it, ${PROGRESS_SCALE.max} is achieved`,
        width: 2,
        max: 2,
      }),
    ],
  ]),
)

/**
 * The family plan, versioned: SMART actions (what, who, by when, status) and outcome goals on a progress
 * scale. Every version is kept (a new version is a new step); the first starts the first-review clock.
 */
export const recordFamilyPlan = defineStep({
  ...common,
  operationId: 'recordFamilyPlan',
  path: '/family-help/:id/plans',
  title: 'Record the family plan',
  description: 'A new version of the family plan; earlier versions are kept.',
  submitText: 'Record the plan',
  fields: {
    agreedOn: date({
      label: 'Date the plan was agreed with the family',
      required: 'Enter the date the plan was agreed',
    }),
    ...actionFields,
    ...goalFields,
    familyNetwork: textarea({ label: 'What the family network will do (optional)', rows: 3 }),
  },
  ...stepRules('record_plan'),
  check: (input, loaded, { today }) => {
    const found: Record<string, string | undefined> = {
      agreedOn: episodeDateProblem(input['agreedOn'], loaded, today, 'The date the plan was agreed'),
    }
    for (let i = 1; i <= PLAN_ACTIONS; i++) {
      const what = input[`action${i}What`]
      const any = [`action${i}Who`, `action${i}ByWhen`].some((f) => input[f] !== undefined)
      if (what === undefined && !any) continue
      if (what === undefined) found[`action${i}What`] = `Action ${i}: enter what will be done`
      if (input[`action${i}Who`] === undefined) found[`action${i}Who`] = `Action ${i}: enter who will do it`
      if (input[`action${i}ByWhen`] === undefined) found[`action${i}ByWhen`] = `Action ${i}: enter by when`
    }
    for (let i = 1; i <= PLAN_GOALS; i++) {
      const any = [`goal${i}Area`, `goal${i}Goal`, `goal${i}Score`].some((f) => input[f] !== undefined)
      if (!any) continue
      if (input[`goal${i}Area`] === undefined) found[`goal${i}Area`] = `Goal ${i}: select the outcome area`
      if (input[`goal${i}Goal`] === undefined)
        found[`goal${i}Goal`] = `Goal ${i}: enter what the family wants to achieve`
      if (input[`goal${i}Score`] === undefined || !/^\d{1,2}$/.test(String(input[`goal${i}Score`])))
        found[`goal${i}Score`] = `Goal ${i}: enter a whole number from ${PROGRESS_SCALE.min} to ${PROGRESS_SCALE.max}`
    }
    return problems(found)
  },
  run: async (ctx, input, loaded) => {
    const agreedOn = input['agreedOn'] as LocalDate
    const actions = rows<PlanAction & { status: string }>(PLAN_ACTIONS, (i) =>
      input[`action${i}What`] === undefined
        ? undefined
        : {
            what: String(input[`action${i}What`]),
            who: String(input[`action${i}Who`]),
            byWhen: input[`action${i}ByWhen`] as LocalDate,
            status: String(input[`action${i}Status`] ?? 'not_started'),
          },
    )
    const goals = rows<PlanGoal>(PLAN_GOALS, (i) =>
      input[`goal${i}Area`] === undefined
        ? undefined
        : {
            area: input[`goal${i}Area`] as OutcomeArea,
            goal: String(input[`goal${i}Goal`]),
            score: Number(input[`goal${i}Score`]),
          },
    )
    const checked = checkPlan({ actions, goals, agreedOn }, await latestAssessmentNeeds(ctx.tx, loaded.episode.id))
    if (!checked.ok) return err(domainError(checked.error.code, checked.error.message, checked.error.fields))
    const version = (await planVersions(ctx.tx, loaded.episode.id)) + 1
    const taken = await takeStep(ctx, loaded, {
      step: 'record_plan',
      occurredOn: agreedOn,
      details: {
        version,
        actions: actions.map((a) => ({ ...a, byWhen: formatLocalDate(a.byWhen) })),
        goals,
        familyNetwork: input['familyNetwork'] ?? '',
      },
    })
    return taken.ok ? ok({ ...taken.value, version }) : taken
  },
  output: z.object({ stepId: z.string(), phase: z.string(), version: z.number() }),
  action: 'family_help.plan_recorded',
  auditDetails: (out) => ({ version: out.version }),
})
