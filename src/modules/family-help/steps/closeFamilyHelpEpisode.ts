import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { ok } from '../../../platform/shared/result.js'
import { closureReasonLabels } from '../domain/codes.js'
import { checkFields, common, episodeDate, openOutcome, stepRules, takeStep, updateEpisode } from './engine.js'

/** Closes the episode with a reason and the family's feedback on their lead practitioner (WT2023 ch.3). */
export const closeFamilyHelpEpisode = defineStep({
  ...common,
  operationId: 'closeFamilyHelpEpisode',
  path: '/family-help/:id/closure',
  title: 'Close family help',
  submitText: 'Close family help',
  fields: {
    reason: radios({
      label: 'Why is family help ending?',
      required: 'Select why family help is ending',
      options: optionsOf(closureReasonLabels),
    }),
    closedOn: date({ label: 'Date family help ended', required: 'Enter the date family help ended' }),
    familyFeedback: textarea({
      label: 'The family’s feedback on their lead practitioner (optional)',
      hint: 'In their words',
      rows: 4,
    }),
    notes: textarea({ label: 'Closing summary', required: 'Enter a closing summary', rows: 5 }),
  },
  ...stepRules('close'),
  check: checkFields({ reason: openOutcome('close'), closedOn: episodeDate('The date family help ended') }),
  run: async (ctx, input, loaded) => {
    const closedOn = input['closedOn'] as LocalDate
    const taken = await takeStep(ctx, loaded, {
      step: 'close',
      outcome: String(input['reason']),
      occurredOn: closedOn,
      details: { familyFeedback: input['familyFeedback'] ?? '', notes: input['notes'] },
    })
    if (!taken.ok) return taken
    await updateEpisode(ctx.tx, loaded.episode.id, {
      closed_on: formatLocalDate(closedOn),
      closure_reason: String(input['reason']),
    })
    return ok(taken.value)
  },
  action: 'family_help.closed',
  auditDetails: (_o, input) => ({ reason: input['reason'] }),
})
