import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, radios, textarea } from '../../../platform/forms/fields.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { checkSection47Conclusion, section47FindingOptions, type Section47Finding } from '../domain/caseWork.js'
import { latestSection47 } from './caseSupport.js'
import { cinOutcomesField, revealsCinOutcomes, leavingProtection } from './childInNeedPlan.js'
import { notBefore, notOpen, outcomeField } from './episodeStep.js'
import { historyRationale } from './takeEpisodeStep.js'

/**
 * The outcome of the section 47 enquiry (table step conclude_section_47): substantiated with continuing risk
 * leads to an initial child protection conference; otherwise the conference is not required (CIN census
 * ICPCnotRequired) and the table says what follows: the assessment continues, a child in need plan, early
 * help or no further action. Not before the strategy discussion that started the enquiry, not in the future.
 */
export const concludeSection47 = defineStep({
  ...leavingProtection(
    'conclude_section_47',
    { section47: latestSection47 },
    {
      dateField: 'concludedOn',
      earliest: (c) => notBefore(c.section47?.started_on, 'the strategy discussion that started the enquiry'),
      check: (input) => {
        const fits = checkSection47Conclusion(input.finding as Section47Finding, input.outcome as string)
        return fits.ok ? {} : { outcome: fits.error.message }
      },
      taking: (input, c) => ({
        rationale: historyRationale(input.summary as string),
        details: { section47Id: c.section47!.id, finding: input.finding },
      }),
      record: (ctx, input, c) =>
        ctx.tx
          .updateTable('section47_enquiry')
          .set({
            outcome: input.finding as string,
            conference_required: input.outcome === 'conference',
            summary: input.summary as string,
            concluded_on: formatLocalDate(input.concludedOn as LocalDate),
          })
          .where('id', '=', c.section47!.id)
          .execute(),
    },
  ),
  operationId: 'concludeSection47',
  path: '/cases/:id/section-47',
  apiPath: '/cases/:id/section-47/conclusion',
  title: 'Conclude the section 47 enquiry',
  submitText: 'Record the conclusion',
  okStatus: 200,
  fields: {
    finding: radios({
      label: 'What did the enquiry find?',
      required: 'Select what the enquiry found',
      options: section47FindingOptions,
    }),
    outcome: outcomeField(
      'conclude_section_47',
      {
        label: 'What happens next?',
        hint: 'Without a conference, the census records that a conference was not required.',
        required: 'Select what happens next',
      },
      revealsCinOutcomes,
    ),
    concludedOn: date({ label: 'When did the enquiry conclude?', required: 'Enter the date the enquiry concluded' }),
    summary: textarea({
      label: 'Summary of the enquiry',
      required: 'Summarise what the enquiry found',
      max: 50_000,
      rows: 6,
    }),
    childInNeedOutcomes: cinOutcomesField,
  },
  unavailable: (c) =>
    notOpen(c, 'conclude_section_47') ??
    (c.section47 === undefined || c.section47.concluded_on !== null
      ? 'There is no section 47 enquiry under way – a strategy discussion must start one first'
      : undefined),
  action: 'case.section_47_concluded',
})
