import { z } from 'zod'
import type { Transaction } from 'kysely'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { DB } from '../../../platform/db/schema.js'
import { textarea } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { episodePhases, type EarliestDate, type EpisodePhase, type EpisodeStep } from '../domain/episode.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import type { StepContext } from '../../../platform/steps/defineStep.js'
import {
  takeCaseStep,
  type EpisodeStepError,
  type EpisodeStepInput,
  type RunContext,
  type StepTaken,
} from './takeEpisodeStep.js'
import { caseStep, dateInOrder, leadsTo, type CaseReads, type CaseWith } from './episodeStep.js'

/**
 * The child in need plan of a case. A step whose outcome may start one (concluding the section 47 enquiry,
 * authorising the assessment, a conference, ending the child protection plan) asks what the plan is to achieve
 * (`cinOutcomesField`), requires it when the chosen outcome starts a plan (`cinOutcomesMissing`, in `check`) and
 * starts the plan with it when the step led to one (`takeStepStartingCin`, in `run`).
 */
export const cinOutcomesField = textarea({
  label: 'Child in need plan outcomes',
  hint: 'What the plan is to achieve for the child',
  max: 50_000,
  rows: 4,
})

/**
 * The outcome that starts a child in need plan reveals `cinOutcomesField` under its option (the form's `outcome`
 * radios pass it to `outcomeField`), so the question is asked only of that outcome, and a value sent with another
 * outcome is dropped rather than kept.
 */
export const revealsCinOutcomes = { child_in_need_plan: ['childInNeedOutcomes'] } as const

const CIN_OUTCOMES_MISSING = 'Enter what the child in need plan is to achieve'

export const cinOutcomesMissing = (
  to: EpisodePhase | undefined,
  input: Readonly<Record<string, unknown>>,
): Record<string, string> =>
  to === 'child_in_need_plan' && (input.childInNeedOutcomes ?? '') === ''
    ? { childInNeedOutcomes: CIN_OUTCOMES_MISSING }
    : {}

type Input = Readonly<Record<string, unknown>>

/**
 * The parts of a case step that leaves child protection work on a date (concluding the section 47 enquiry, ending
 * the plan), after `caseStep(step, reads)`'s: its `check`, the date in `dateField` not in the future nor before
 * `earliest`, and the plan's outcomes when the form's outcome starts a child in need plan (after the step's own
 * `check`, if it has one); its `run`, the form's outcome taken on that date with what the case history keeps
 * (`taking`) and the step's own `record`, starting the plan when it led to one; its answer, the case's new phase.
 */
export function leavingProtection<R extends CaseReads>(
  step: EpisodeStep,
  reads: R,
  m: {
    readonly dateField: string
    readonly earliest: (c: CaseWith<R>) => EarliestDate
    readonly check?: (input: Input, c: CaseWith<R>) => Record<string, string>
    readonly taking: (input: Input, c: CaseWith<R>) => Pick<EpisodeStepInput, 'rationale' | 'details' | 'closureReason'>
    readonly record: (ctx: RunContext, input: Input, c: CaseWith<R>) => Promise<unknown>
  },
) {
  return {
    ...caseStep(step, reads),
    check: (input: Input, c: CaseWith<R>, { today }: StepContext): Record<string, string> => ({
      ...m.check?.(input, c),
      ...dateInOrder(m.dateField, input[m.dateField], today, m.earliest(c)),
      ...cinOutcomesMissing(leadsTo(c, step, input.outcome), input),
    }),
    run: async (ctx: RunContext, input: Input, c: CaseWith<R>) => {
      const taken = await takeStepStartingCin(
        ctx,
        c,
        { step, outcome: input.outcome as string, occurredOn: input[m.dateField] as LocalDate, ...m.taking(input, c) },
        input,
        () => m.record(ctx, input, c),
      )
      return taken.ok ? ok({ phase: taken.value.to }) : taken
    },
    output: z.object({ phase: z.enum(episodePhases) }),
  }
}

/**
 * Takes a step whose outcome may start a child in need plan: the episode step, then the step's own record
 * (`record`), then the plan when the step led to one, from the day of the step.
 */
export async function takeStepStartingCin(
  ctx: RunContext,
  c: { readonly episode: EpisodeRow; readonly facts: EpisodeFacts },
  step: EpisodeStepInput,
  input: Readonly<Record<string, unknown>>,
  record: (taken: StepTaken) => Promise<unknown>,
): Promise<Result<StepTaken, EpisodeStepError>> {
  const taken = await takeCaseStep(ctx, c, step)
  if (!taken.ok) return taken
  await record(taken.value)
  if (taken.value.to === 'child_in_need_plan')
    await startChildInNeedPlan(ctx.tx, c.episode, step.occurredOn, input.childInNeedOutcomes as string, ctx.now)
  return taken
}

/**
 * A child in need plan starts when a step leads to one; its outcomes are required. One plan is open per
 * episode: an earlier open one ends the day the new one starts.
 */
export async function startChildInNeedPlan(
  tx: Transaction<DB>,
  episode: EpisodeRow,
  startedOn: LocalDate,
  outcomes: string,
  now: Date,
): Promise<string> {
  await endChildInNeedPlan(tx, episode.id, startedOn)
  return insertWithNewId(tx, 'child_in_need_plan', {
    episode_id: episode.id,
    child_id: episode.childId,
    started_on: formatLocalDate(startedOn),
    outcomes,
    lead_user_id: episode.leadUserId,
    ended_on: null,
    created_at: now,
  })
}

export async function endChildInNeedPlan(tx: Transaction<DB>, episodeId: string, endedOn: LocalDate): Promise<void> {
  await tx
    .updateTable('child_in_need_plan')
    .set({ ended_on: formatLocalDate(endedOn) })
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .execute()
}

/** The open child in need plan of an episode. */
export async function openChildInNeedPlan(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('child_in_need_plan')
    .select(['id', 'started_on'])
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
}
