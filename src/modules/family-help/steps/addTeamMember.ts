import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { date, radios, text } from '../../../platform/forms/fields.js'
import { ok, type Result } from '../../../platform/shared/result.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { practitionerRoleLabels, type PractitionerRole } from '../domain/codes.js'
import { FAMILY_HELP_LEAD_ROLES } from '../domain/policy.js'
import type { LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'
import {
  activePersonByEmail,
  common,
  checkFields,
  episodeDate,
  fieldProblem,
  stepRules,
  SUBJECT_TYPE,
  takeStep,
  type FamilyHelpError,
  type StepTaken,
} from './engine.js'
import { addTeamMemberRow } from './openFamilyHelpEpisode.js'

/**
 * Adds a practitioner to the team around the family, by their Together account; their organisation joins the
 * team and becomes involved with the children (so its safeguarding leads see the plan and contribute). The
 * organisation's leads are told by email, without the family's names.
 */
/** A practitioner joins the team, as a step and as a member (their organisation becomes involved with the children). */
export async function joinTeam(
  ctx: StepContext,
  loaded: LoadedFamilyHelpEpisode,
  person: {
    readonly id: string
    readonly organisation_id: string
    readonly display_name: string
    readonly organisation_name?: string
  },
  role: PractitionerRole,
  joinedOn: LocalDate,
): Promise<Result<StepTaken, FamilyHelpError>> {
  const taken = await takeStep(ctx, loaded, {
    step: 'add_team_member',
    occurredOn: joinedOn,
    details: {
      userId: person.id,
      organisationId: person.organisation_id,
      name: person.display_name,
      organisationName: person.organisation_name,
      role,
    },
  })
  if (taken.ok)
    await addTeamMemberRow(
      ctx.tx,
      loaded.episode.id,
      loaded.childIds,
      { organisationId: person.organisation_id, userId: person.id, role },
      joinedOn,
      ctx.now,
    )
  return taken
}

export const addTeamMember = defineStep({
  ...common,
  operationId: 'addTeamMember',
  path: '/family-help/:id/team',
  title: 'Add someone to the team around the family',
  submitText: 'Add to the team',
  fields: {
    email: text({
      label: 'Their email address',
      hint: 'Their Together account, in any agency in the area',
      required: 'Enter their email address',
      max: 320,
    }),
    role: radios({
      label: 'Their role in the team',
      required: 'Select their role in the team',
      options: optionsOf(practitionerRoleLabels),
    }),
    joinedOn: date({ label: 'Date they joined the team', required: 'Enter the date they joined the team' }),
  },
  ...stepRules('add_team_member'),
  check: checkFields({ joinedOn: episodeDate('The date they joined') }),
  run: async (ctx, input, loaded) => {
    const person = await activePersonByEmail(ctx.tx, input['email'])
    if (person === undefined || person.local_area_id !== loaded.episode.localAreaId)
      return fieldProblem('email', 'There is no one with that email address in an agency in this area')
    if (loaded.team.some((m) => m.userId === person.id && m.leftOn === null))
      return fieldProblem('email', `${person.display_name} is already in the team around the family`)
    const newAgency = !loaded.team.some((m) => m.organisationId === person.organisation_id && m.leftOn === null)
    const taken = await joinTeam(ctx, loaded, person, input['role'] as PractitionerRole, input['joinedOn'] as LocalDate)
    if (!taken.ok) return taken
    if (newAgency)
      await notifyOrganisationRoles(
        ctx.tx,
        {
          organisationId: person.organisation_id,
          roles: FAMILY_HELP_LEAD_ROLES,
          kind: 'family_help.team_joined',
          subject: `Your organisation has joined the team around a family (${loaded.episode.reference})`,
          body: `${person.display_name} has joined the team around the family for family help ${loaded.episode.reference}, added by ${ctx.actor.displayName} (${ctx.actor.organisationName}).\n\nSee the family in Together: ${ctx.deps.settings.serviceUrl}/family-help/${loaded.episode.id}`,
          relatedType: SUBJECT_TYPE,
          relatedId: loaded.episode.id,
        },
        ctx.now,
      )
    return ok(taken.value)
  },
  action: 'family_help.team_member_added',
})
