import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { textarea } from '../../../platform/forms/fields.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { findMeeting, stepsOfKind, type MeetingRecord } from '../queries/episodeRecords.js'
import { loadFamilyHelpEpisode, type LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'
import { accessFor, common, takeStep, unavailableFor } from './engine.js'
import { parseLocalDate, formatLongDate } from '../../../platform/calendar/localDate.js'

type Loaded = LoadedFamilyHelpEpisode & { readonly meeting: MeetingRecord }

/**
 * An agency in the team submits its contribution to a team around the family meeting before it is held (as
 * conference reports are): one per agency per meeting. Only what is submitted is seen; there are no shared
 * drafts.
 */
export const submitAgencyContribution = defineStep({
  ...common,
  operationId: 'submitAgencyContribution',
  path: '/family-help/:id/meetings/:meetingId/contributions',
  title: 'Submit your agency’s contribution to the meeting',
  submitText: 'Submit the contribution',
  fields: {
    contribution: textarea({
      label: 'Your agency’s contribution',
      hint: 'What your agency has done, how the family is doing, and what you think should happen next',
      required: 'Enter your agency’s contribution',
      rows: 8,
    }),
  },
  load: async (ctx) => {
    const loaded = await loadFamilyHelpEpisode(ctx.tx, ctx.params['id'] ?? '', { forUpdate: true })
    if (loaded === undefined) return undefined
    const meeting = await findMeeting(ctx.tx, loaded.episode.id, ctx.params['meetingId'] ?? '')
    return meeting === undefined ? undefined : { ...loaded, meeting }
  },
  access: (actor, loaded: Loaded) => accessFor('submit_contribution')(actor, loaded),
  unavailable: (loaded: Loaded) =>
    unavailableFor('submit_contribution')(loaded) ??
    (loaded.meeting.reviewed ? 'The meeting has been held and its review recorded' : undefined),
  intro: (loaded: Loaded) => {
    const on = parseLocalDate(loaded.meeting.on)
    return [
      `Meeting on ${on.ok ? formatLongDate(on.value) : loaded.meeting.on} at ${loaded.meeting.time}, ${loaded.meeting.place}.`,
    ]
  },
  run: async (ctx, input, loaded: Loaded) => {
    const earlier = await stepsOfKind(ctx.tx, loaded.episode.id, 'submit_contribution')
      .select('id')
      .where(({ ref }) => ref('details', '->>').key('meetingId'), '=', loaded.meeting.id)
      .where('actor_organisation_id', '=', ctx.actor.organisationId)
      .executeTakeFirst()
    if (earlier !== undefined)
      return err(
        domainError(
          'FAMILY_HELP.ALREADY_SUBMITTED',
          'Your agency has already submitted its contribution to this meeting',
        ),
      )
    const taken = await takeStep(ctx, loaded, {
      step: 'submit_contribution',
      occurredOn: ctx.today,
      details: {
        meetingId: loaded.meeting.id,
        organisationName: ctx.actor.organisationName,
        contribution: input['contribution'],
        by: ctx.actor.displayName,
      },
    })
    return taken.ok ? ok({ contributionId: taken.value.stepId }) : taken
  },
  output: z.object({ contributionId: z.string() }),
  action: 'family_help.contribution_submitted',
})
