import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { reasonsForClosure } from '../domain/codes.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { endChildInNeedPlan, openChildInNeedPlan } from './childInNeedPlan.js'
import { caseStep, dateInOrder, notOpen } from './episodeStep.js'
import { historyRationale, takeCaseStep } from './takeEpisodeStep.js'

/**
 * Closes a case from a child in need plan (table step close_episode) with its CIN census reason (RC1–RC9);
 * closing ends the child in need plan on the same day. Not before the plan started (or, with no plan, the
 * referral), not in the future.
 */
export const closeEpisode = defineStep({
  ...caseStep('close_episode', { plan: openChildInNeedPlan }),
  operationId: 'closeCase',
  path: '/cases/:id/close',
  apiPath: '/cases/:id/closure',
  title: 'Close the case',
  description: 'Close the case with its CIN census reason (RC1–RC9); ends the child in need plan',
  submitText: 'Close the case',
  okStatus: 200,
  intro: () => ['Closing the case ends the child in need plan.'],
  fields: {
    closedOn: date({ label: 'When did the case close?', required: 'Enter the date the case closed' }),
    reason: radios({
      label: 'Reason for closure',
      required: 'Select the reason for closing the case',
      options: reasonsForClosure.map((r) => ({ value: r.code, text: `${r.code}: ${r.label}` })),
    }),
    notes: textarea({ label: 'Notes (optional)', max: 50_000, rows: 4 }),
  },
  unavailable: (c) => notOpen(c, 'close_episode'),
  check: (input, c, { today }) =>
    dateInOrder(
      'closedOn',
      input.closedOn,
      today,
      c.plan === undefined
        ? { date: storedDate(c.episode.referralDate), what: 'the referral date' }
        : { date: storedDate(c.plan.started_on), what: 'the start of the child in need plan' },
    ),
  run: async (ctx, input, c) => {
    const closedOn = input.closedOn as LocalDate
    const reason = input.reason as string
    const taken = await takeCaseStep(ctx, c, {
      step: 'close_episode',
      outcome: 'closed',
      occurredOn: closedOn,
      rationale: historyRationale((input.notes as string | undefined) ?? ''),
      closureReason: reason,
      details: { reason },
    })
    if (!taken.ok) return taken
    await endChildInNeedPlan(ctx.tx, c.episode.id, closedOn)
    return ok({ closedOn: formatLocalDate(closedOn) })
  },
  action: 'case.closed',
  output: z.object({ closedOn: z.iso.date() }),
})
