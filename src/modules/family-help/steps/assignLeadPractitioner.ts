import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { date, text, textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { enqueueNotification } from '../../notifications/steps/enqueueNotification.js'
import { checkLeadPractitioner } from '../domain/rules.js'
import type { LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'
import {
  activePersonByEmail,
  common,
  checkFields,
  episodeDate,
  familyHadSayField,
  fieldProblem,
  stepRules,
  SUBJECT_TYPE,
  takeStep,
  updateEpisode,
  type FamilyHelpError,
  type StepTaken,
} from './engine.js'

/**
 * Names the lead practitioner, from any agency in the team around the family (WT2023 ch.3: a teacher, school
 * nurse, health visitor, family support worker or social worker), with whether the family had a say and, for a
 * change of lead, the handover. The episode's open clocks move to the new lead; the history is in the steps.
 */
/**
 * The lead practitioner named, as a step, and on the episode: here, and when a case steps down to family help.
 * The person must already be in the team.
 */
export async function nameLeadPractitioner(
  ctx: StepContext,
  loaded: LoadedFamilyHelpEpisode,
  lead: { readonly id: string; readonly organisation_id: string; readonly display_name: string },
  naming: { occurredOn: LocalDate; familyHadSay: boolean; handover: unknown; previousUserId: string | null },
): Promise<Result<StepTaken, FamilyHelpError>> {
  const taken = await takeStep(ctx, loaded, {
    step: 'assign_lead_practitioner',
    occurredOn: naming.occurredOn,
    details: {
      userId: lead.id,
      organisationId: lead.organisation_id,
      name: lead.display_name,
      familyHadSay: naming.familyHadSay,
      handover: naming.handover,
      previousUserId: naming.previousUserId,
    },
  })
  if (taken.ok)
    await updateEpisode(ctx.tx, loaded.episode.id, {
      lead_user_id: lead.id,
      lead_organisation_id: lead.organisation_id,
    })
  return taken
}

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
  ...stepRules('assign_lead_practitioner'),
  check: checkFields({ startsOn: episodeDate('The date they start') }),
  run: async (ctx, input, loaded) => {
    const person = await activePersonByEmail(ctx.tx, input['email'])
    if (person === undefined)
      return fieldProblem(
        'email',
        'There is no one with that email address in an organisation in the team around the family',
      )
    const team = loaded.team
      .filter((m) => m.leftOn === null)
      .map((m) => ({ id: m.id, organisationId: m.organisationId, leftOn: null }))
    const inTeam = checkLeadPractitioner(person.organisation_id, team)
    if (!inTeam.ok) return err(domainError(inTeam.error.code, inTeam.error.message, { email: inTeam.error.message }))
    if (person.id === loaded.episode.leadUserId) return fieldProblem('email', 'They are already the lead practitioner')
    const taken = await nameLeadPractitioner(ctx, loaded, person, {
      occurredOn: input['startsOn'] as LocalDate,
      familyHadSay: input['familyHadSay'] === 'yes',
      handover: input['handover'] ?? '',
      previousUserId: loaded.episode.leadUserId,
    })
    if (!taken.ok) return taken
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
