import { optionsOf } from '../../../platform/shared/wordList.js'
import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { date, radios, text, time } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { ok } from '../../../platform/shared/result.js'
import { enqueueNotification, notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { meetingKindLabels, type MeetingKind } from '../domain/codes.js'
import { FAMILY_HELP_LEAD_ROLES } from '../domain/policy.js'
import type { LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'
import type { StepContext } from '../../../platform/steps/defineStep.js'
import { common, meetingDateProblems, stepRules, SUBJECT_TYPE, takeStep } from './engine.js'

/**
 * Invites the team around the family: each named member by email, and the safeguarding leads of each member
 * agency, who submit their agency's contribution before the meeting (as conference reports are). Emails name
 * no one in the family.
 */
export async function arrangeMeeting(
  ctx: StepContext,
  loaded: LoadedFamilyHelpEpisode,
  meeting: { kind: MeetingKind; on: LocalDate; time: string; place: string },
): Promise<string> {
  const taken = await takeStep(ctx, loaded, {
    step: 'schedule_meeting',
    occurredOn: ctx.today,
    details: { kind: meeting.kind, on: formatLocalDate(meeting.on), time: meeting.time, place: meeting.place },
  })
  if (!taken.ok) throw new Error(taken.error.message)
  const team = await ctx.tx
    .selectFrom('family_help_team_member as m')
    .leftJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.organisation_id', 'u.email', 'u.active'])
    .where('m.episode_id', '=', loaded.episode.id)
    .where('m.left_on', 'is', null)
    .execute()
  const label = meetingKindLabels[meeting.kind]
  const subject = `${label} for family help ${loaded.episode.reference} on ${formatLocalDate(meeting.on)}`
  const body = `${ctx.actor.displayName} (${ctx.actor.organisationName}) has arranged a ${label.toLowerCase()} for family help ${loaded.episode.reference} on ${formatLocalDate(meeting.on)} at ${meeting.time}, ${meeting.place}.\n\nPlease submit your agency's contribution in Together before the meeting: ${ctx.deps.settings.serviceUrl}/family-help/${loaded.episode.id}`
  const emailed = new Set<string>()
  for (const m of team) {
    if (m.email !== null && m.active === true && !emailed.has(m.email)) {
      emailed.add(m.email)
      await enqueueNotification(
        ctx.tx,
        {
          kind: 'family_help.meeting',
          organisationId: m.organisation_id,
          recipient: m.email,
          subject,
          body,
          relatedType: SUBJECT_TYPE,
          relatedId: loaded.episode.id,
        },
        ctx.now,
      )
    }
  }
  for (const organisationId of new Set(team.map((m) => m.organisation_id)))
    await notifyOrganisationRoles(
      ctx.tx,
      {
        organisationId,
        roles: FAMILY_HELP_LEAD_ROLES,
        kind: 'family_help.meeting',
        subject,
        body,
        relatedType: SUBJECT_TYPE,
        relatedId: loaded.episode.id,
      },
      ctx.now,
    )
  return taken.value.stepId
}

export const scheduleTeamAroundFamilyMeeting = defineStep({
  ...common,
  operationId: 'scheduleTeamAroundFamilyMeeting',
  path: '/family-help/:id/meetings',
  title: 'Arrange a team around the family meeting',
  description: 'Arranges a meeting and invites the team around the family by email.',
  submitText: 'Arrange the meeting and invite the team',
  fields: {
    kind: radios({
      label: 'Kind of meeting',
      required: 'Select the kind of meeting',
      options: optionsOf(meetingKindLabels),
    }),
    on: date({ label: 'Date of the meeting', required: 'Enter the date of the meeting' }),
    time: time({ label: 'Time of the meeting', required: 'Enter the time of the meeting' }),
    place: text({
      label: 'Where',
      hint: 'An address, or how to join online',
      required: 'Enter where the meeting is',
      max: 500,
    }),
  },
  ...stepRules('schedule_meeting'),
  check: (input, _loaded, { today }) => meetingDateProblems(input, 'on', today),
  run: async (ctx, input, loaded) => {
    const meetingId = await arrangeMeeting(ctx, loaded, {
      kind: input['kind'] as MeetingKind,
      on: input['on'] as LocalDate,
      time: String(input['time']),
      place: String(input['place']),
    })
    return ok({ meetingId })
  },
  output: z.object({ meetingId: z.string() }),
  action: 'family_help.meeting_arranged',
})
