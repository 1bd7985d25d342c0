import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, radios, text, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { consentGiverLabels } from '../domain/codes.js'
import { checkFields, common, episodeDate, openOutcome, stepRules, takeStep, updateEpisode } from './engine.js'

/**
 * Consent to RECEIVE support (early help is voluntary): who gave it, the child's own view where they are old
 * enough, the date and what it covers; or a refusal; or a withdrawal, which ends the team's access to new
 * records. It is not the lawful basis for sharing information: that is decided and recorded separately.
 */
export const recordFamilyHelpConsent = defineStep({
  ...common,
  operationId: 'recordFamilyHelpConsent',
  path: '/family-help/:id/consent',
  title: 'Record the family’s consent to receive support',
  description:
    'Consent to receive family help (given, refused or withdrawn). It is not the lawful basis for sharing information.',
  submitText: 'Record consent',
  fields: {
    outcome: radios({
      label: 'What did the family decide?',
      required: 'Select whether the family gave, refused or withdrew consent',
      options: [
        { value: 'given', text: 'They agreed to receive support', reveals: ['scope'] },
        { value: 'refused', text: 'They did not agree' },
        { value: 'withdrawn', text: 'They have withdrawn their consent' },
      ],
    }),
    givenBy: radios({
      label: 'Who decided?',
      required: 'Select who decided',
      options: optionsOf(consentGiverLabels),
    }),
    givenByName: text({ label: 'Their name', required: 'Enter the name of the person who decided', max: 200 }),
    childView: textarea({
      label: 'The child’s own view (optional)',
      hint: 'Where the child is old enough to give one, in their words',
      max: 5000,
      rows: 3,
    }),
    scope: textarea({
      label: 'What they agreed to',
      hint: 'Which support, from whom',
      required: 'Enter what the family agreed to',
      max: 5000,
      rows: 3,
    }),
    decidedOn: date({ label: 'Date they decided', required: 'Enter the date the family decided' }),
  },
  ...stepRules('record_consent'),
  check: checkFields({ outcome: openOutcome('record_consent'), decidedOn: episodeDate('The date') }),
  run: async (ctx, input, loaded) => {
    const outcome = String(input['outcome'])
    const taken = await takeStep(ctx, loaded, {
      step: 'record_consent',
      outcome,
      occurredOn: input['decidedOn'] as LocalDate,
      details: {
        givenBy: input['givenBy'],
        givenByName: input['givenByName'],
        childView: input['childView'] ?? '',
        scope: input['scope'] ?? '',
      },
    })
    if (!taken.ok) return taken
    if (outcome === 'withdrawn') await updateEpisode(ctx.tx, loaded.episode.id, { consent_withdrawn_at: ctx.now })
    return ok(taken.value)
  },
  action: 'family_help.consent_recorded',
  auditDetails: (_o, input) => ({ outcome: input['outcome'] }),
})
