import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { checkboxes, date, text, textarea } from '../../../platform/forms/fields.js'
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { assessmentFactors } from '../../protection/domain/codes.js'
import { outcomeAreaLabels, type OutcomeArea } from '../domain/codes.js'
import { checkAssessment, NO_LEAD_PRACTITIONER_MESSAGE, waitsForLeadPractitioner } from '../domain/rules.js'
import { accessFor, common, episodeDateProblem, problems, takeStep, unavailableFor } from './engine.js'

/**
 * The family help assessment (one assessment, WT2026/FFP): needs coded to the Supporting Families outcome areas
 * and the CIN census assessment factors; strengths; the child's voice; the parents' voice; the family network;
 * optional authorisation. Start and completion dates and the organisation completing it are Annex A list 2.
 */
export const recordFamilyHelpAssessment = defineStep({
  ...common,
  operationId: 'recordFamilyHelpAssessment',
  path: '/family-help/:id/assessments',
  title: 'Record the family help assessment',
  submitText: 'Record the assessment',
  fields: {
    startedOn: date({ label: 'Date the assessment started', required: 'Enter the date the assessment started' }),
    completedOn: date({ label: 'Date the assessment was completed', required: 'Enter the date it was completed' }),
    needs: checkboxes({
      label: 'Where does the family need help?',
      hint: 'The Supporting Families outcome areas. Select all that apply',
      required: 'Select at least one area where the family needs help',
      options: optionsOf(outcomeAreaLabels),
    }),
    needsSummary: textarea({
      label: 'What the family needs',
      required: 'Enter what the family needs',
      max: 20_000,
      rows: 5,
    }),
    factors: checkboxes({
      label: 'Assessment factors (optional)',
      hint: 'As in the children in need census',
      options: assessmentFactors.map((f) => ({ value: f.code, text: f.label })),
    }),
    strengths: textarea({ label: 'The family’s strengths', required: 'Enter the family’s strengths', rows: 4 }),
    childVoice: textarea({
      label: 'The child’s voice',
      hint: 'What the children said, in their words',
      required: 'Enter what the children said',
      rows: 4,
    }),
    parentsVoice: textarea({
      label: 'The parents’ and carers’ voice',
      required: 'Enter what the parents or carers said',
      rows: 4,
    }),
    familyNetwork: textarea({ label: 'The family network (optional)', hint: 'Who else can help', rows: 3 }),
    authorisedBy: text({
      label: 'Authorised by (optional)',
      hint: 'Name of the manager, if your area asks for one',
      max: 200,
    }),
  },
  access: accessFor('record_assessment'),
  unavailable: (loaded) =>
    unavailableFor('record_assessment')(loaded) ??
    (waitsForLeadPractitioner('record_assessment', loaded.episode.leadUserId !== null)
      ? NO_LEAD_PRACTITIONER_MESSAGE
      : undefined),
  check: (input, loaded, { today }) => {
    const started = input['startedOn'] as LocalDate | undefined
    const completed = input['completedOn'] as LocalDate | undefined
    return problems({
      startedOn: episodeDateProblem(started, loaded, today, 'The date it started'),
      completedOn:
        episodeDateProblem(completed, loaded, today, 'The date it was completed') ??
        (started !== undefined && completed !== undefined && compareLocalDate(completed, started) < 0
          ? 'The date it was completed must be on or after the date it started'
          : undefined),
    })
  },
  run: async (ctx, input, loaded) => {
    const areas = (input['needs'] as OutcomeArea[] | undefined) ?? []
    const checked = checkAssessment(
      areas.map((area) => ({ area, description: String(input['needsSummary'] ?? '') })),
      loaded.episode.leadUserId !== null,
    )
    if (!checked.ok) return err(domainError(checked.error.code, checked.error.message, checked.error.fields))
    const taken = await takeStep(ctx, loaded, {
      step: 'record_assessment',
      occurredOn: input['completedOn'] as LocalDate,
      details: {
        startedOn: formatLocalDate(input['startedOn'] as LocalDate),
        completedOn: formatLocalDate(input['completedOn'] as LocalDate),
        organisationId: ctx.actor.organisationId,
        organisationName: ctx.actor.organisationName,
        needs: areas,
        needsSummary: input['needsSummary'],
        factors: input['factors'] ?? [],
        strengths: input['strengths'],
        childVoice: input['childVoice'],
        parentsVoice: input['parentsVoice'],
        familyNetwork: input['familyNetwork'] ?? '',
        authorisedBy: input['authorisedBy'] ?? '',
      },
    })
    return taken.ok ? ok(taken.value) : taken
  },
  action: 'family_help.assessment_recorded',
})
