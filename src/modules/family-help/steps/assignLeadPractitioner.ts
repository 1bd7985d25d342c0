import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { checkLeadPractitioner } from '../domain/rules.js'
import {
  accessFor,
  common,
  episodeDateProblem,
  familyHadSayField,
  problems,
  SUBJECT_TYPE,
  takeStep,
  unavailableFor,
} from './engine.js'

/**
 * Names the lead practitioner, from any agency in the team around the family (WT2023 ch.3: a teacher, school
 * nurse, health visitor, family support worker or social worker), with whether the family had a say and, for a
 * change of lead, the handover. The episode's open clocks move to the new lead; the history is in the steps.
 */
export const assignLeadPractitioner = defineStep({
  ...common,
  operationId: 'assignLeadPractitioner',
  path: '/family-help/:id/lead-practitioner',
  title: 'Name the lead practitioner',
  submitText: 'Name the lead practitioner',
  fields: {
    email: text({
      label: 'Lead practitioner’s email address',
      hint: 'Their Together account. They must work for an organisation in the team around the family',
      required: 'Enter the lead practitioner’s email address',
      max: 320,
    }),
    familyHadSay: familyHadSayField,
    handover: textarea({
      label: 'Handover from the previous lead practitioner (optional)',
      hint: 'Why the lead is changing and what was handed over',
      max: 5000,
      rows: 3,
    }),
    startsOn: date({ label: 'Date they start as lead practitioner', required: 'Enter the date they start' }),
  },
  access: accessFor('assign_lead_practitioner'),
  unavailable: unavailableFor('assign_lead_practitioner'),
  check: (input, loaded, { today }) =>
    problems({ startsOn: episodeDateProblem(input['startsOn'], loaded, today, 'The date they start') }),
  run: async (ctx, input, loaded) => {
    const email = String(input['email']).trim().toLowerCase()
    const person = await ctx.tx
      .selectFrom('app_user')
      .select(['id', 'organisation_id', 'display_name', 'email'])
      .where(({ fn }) => fn('lower', ['email']), '=', email)
      .where('active', '=', true)
      .executeTakeFirst()
    const message = 'There is no one with that email address in an organisation in the team around the family'
    if (person === undefined) return err(domainError('FAMILY_HELP.INVALID', message, { email: message }))
    const team = loaded.team
      .filter((m) => m.leftOn === null)
      .map((m) => ({ id: m.id, organisationId: m.organisationId, leftOn: null }))
    const inTeam = checkLeadPractitioner(person.organisation_id, team)
    if (!inTeam.ok) return err(domainError(inTeam.error.code, inTeam.error.message, { email: inTeam.error.message }))
    if (person.id === loaded.episode.leadUserId) {
      const same = 'They are already the lead practitioner'
      return err(domainError('FAMILY_HELP.INVALID', same, { email: same }))
    }
    const taken = await takeStep(ctx, loaded, {
      step: 'assign_lead_practitioner',
      occurredOn: input['startsOn'] as LocalDate,
      details: {
        userId: person.id,
        organisationId: person.organisation_id,
        name: person.display_name,
        familyHadSay: input['familyHadSay'] === 'yes',
        handover: input['handover'] ?? '',
        previousUserId: loaded.episode.leadUserId,
      },
    })
    if (!taken.ok) return taken
    await ctx.tx
      .updateTable('family_help_episode')
      .set({ lead_user_id: person.id, lead_organisation_id: person.organisation_id })
      .where('id', '=', loaded.episode.id)
      .execute()
    // Deadlines follow the lead practitioner.
    await ctx.tx
      .updateTable('deadline')
      .set({ assigned_user_id: person.id, organisation_id: person.organisation_id })
      .where('subject_type', '=', SUBJECT_TYPE)
      .where('subject_id', '=', loaded.episode.id)
      .where('completed_at', 'is', null)
      .execute()
    if (person.id !== ctx.actor.userId)
      await enqueueNotification(
        ctx.tx,
        {
          kind: 'family_help.lead_named',
          organisationId: person.organisation_id,
          recipient: person.email,
          subject: `You are the lead practitioner for family help ${loaded.episode.reference}`,
          body: `${ctx.actor.displayName} (${ctx.actor.organisationName}) has named you as the lead practitioner for family help ${loaded.episode.reference}.\n\nSee the family in Together: ${ctx.deps.settings.serviceUrl}/family-help/${loaded.episode.id}`,
          relatedType: SUBJECT_TYPE,
          relatedId: loaded.episode.id,
        },
        ctx.now,
      )
    return ok(taken.value)
  },
  action: 'family_help.lead_practitioner_named',
})
