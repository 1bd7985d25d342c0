import { z } from 'zod'
import { loadedChoice, radios, text } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { involve } from '../../../platform/db/involvement.js'
import { ok } from '../../../platform/shared/result.js'
import { optionsOf } from '../../../platform/shared/wordList.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { areaAgencies, invitedAgencies } from './caseSupport.js'
import { conferenceArrangers } from '../domain/episode.js'
import { caseWork, withCase } from './episodeStep.js'

const londonWhen = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'long',
  timeStyle: 'short',
})

/** Who answers for an invited agency: its safeguarding leads (and police child protection officers). */
export const AGENCY_LEAD_ROLES = ['dsl', 'deputy_dsl', 'health_lead', 'police_officer'] as const

/**
 * Invites an agency or a family member to a conference of the case that has not been held. An invited agency
 * (one of the area's, not the local authority itself) becomes involved with the child (reason
 * 'conference_invitation'), so it may see what it is entitled to: its invitation and its own report. Its
 * safeguarding leads are emailed through the outbox — without the child's name — and find the invitation on
 * their Conference invitations page. Family members are recorded; they are invited in person or by letter.
 */
export const inviteToConference = defineStep({
  ...caseWork(conferenceArrangers),
  operationId: 'inviteToConference',
  path: '/cases/:id/conferences/:conferenceId/invitations',
  title: 'Invite to the conference',
  description: 'Invite an agency (its leads are emailed; it becomes involved) or a family member',
  submitText: 'Send the invitation',
  repeatedKey: 'refuse',
  intro: () => [
    'An agency’s safeguarding leads are emailed and see the invitation in Together, where they submit their agency’s report. Family members are recorded here; invite them in person or by letter.',
  ],
  fields: {
    kind: radios({
      label: 'Who are you inviting?',
      required: 'Select whether you are inviting an agency or a family member',
      options: optionsOf(
        { agency: 'An agency', family: 'A family member' },
        { agency: ['organisationId'], family: ['name', 'contact'] },
      ),
    }),
    organisationId: loadedChoice({
      kind: 'select',
      label: 'Agency',
      required: 'Choose an agency from the list',
      notOffered: 'Choose an agency from the list',
    }),
    name: text({ label: 'Family member’s name', required: 'Enter the family member’s name', max: 200 }),
    contact: text({ label: 'How to contact them (optional)', hint: 'Address, phone or email', max: 500 }),
  },
  load: (ctx) =>
    withCase(ctx, async (c) => {
      const conference = await ctx.tx
        .selectFrom('conference')
        .select(['id', 'held_on', 'scheduled_at', 'kind'])
        .where('id', '=', ctx.params.conferenceId!)
        .where('episode_id', '=', c.episode.id)
        .executeTakeFirst()
      // A conference of another case is as unknown as one that does not exist.
      if (conference === undefined) return undefined
      return {
        ...c,
        conference,
        agencies: await areaAgencies(ctx.tx, c.episode),
        invited: new Set(await invitedAgencies(ctx.tx, conference.id)),
      }
    }),
  choices: (c) => ({ organisationId: c.agencies }),
  unavailable: (c) =>
    c.conference.held_on !== null ? 'This conference has been held: invitations are closed' : undefined,
  check: (input, c) => {
    const agency = c.agencies.find((a) => a.value === input.organisationId)
    return agency !== undefined && c.invited.has(agency.value)
      ? { organisationId: `${agency.text} has already been invited` }
      : {}
  },
  run: async ({ tx, actor, now, deps }, input, c) => {
    const agency = c.agencies.find((a) => input.kind === 'agency' && a.value === input.organisationId)
    const id = await insertWithNewId(tx, 'conference_invitation', {
      conference_id: c.conference.id,
      invitee_kind: input.kind as string,
      organisation_id: agency?.value ?? null,
      name: agency?.text ?? (input.name as string),
      contact: agency === undefined ? ((input.contact as string | undefined) ?? '') : '',
      invited_by: actor.userId,
      invited_at: now,
    })
    if (agency === undefined) return ok({ id, notified: 0 })
    await involve(
      tx,
      { childId: c.episode.childId, organisationId: agency.value, reason: 'conference_invitation' },
      now,
    )
    const label =
      c.conference.kind === 'initial'
        ? 'an initial child protection conference'
        : 'a child protection review conference'
    const notified = await notifyOrganisationRoles(
      tx,
      {
        organisationId: agency.value,
        roles: [...AGENCY_LEAD_ROLES],
        kind: 'conference.invited',
        subject: `Invitation to ${label}`,
        body: `${actor.organisationName} invites ${agency.text} to ${label} on ${londonWhen.format(c.conference.scheduled_at)}. Please submit your agency's report in Together before the conference.\n\nSee the invitation in Together: ${deps.settings.serviceUrl}/conferences`,
        relatedType: 'conference',
        relatedId: c.conference.id,
      },
      now,
    )
    return ok({ id, notified })
  },
  action: 'conference.invited',
  auditDetails: (out, input, c) => ({
    childId: c.episode.childId,
    conferenceId: c.conference.id,
    invitationId: out.id,
    kind: input.kind,
    organisationId: input.kind === 'agency' ? input.organisationId : null,
    notified: out.notified,
  }),
  output: z.object({ id: z.uuid(), notified: z.number().int() }),
})
