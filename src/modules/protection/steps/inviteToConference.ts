import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { auditCase, checkActs, claimSubmission, inCase, type CaseError } from './caseSupport.js'

export interface InvitationInput {
  /** 'agency' (an organisation in Together) or 'family'. */
  readonly kind: string
  readonly organisationId: string
  readonly name: string
  readonly contact: string
  readonly submissionKey?: string | undefined
}

const londonWhen = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'long',
  timeStyle: 'short',
})

/** Who answers for an invited agency: its safeguarding leads (and police child protection officers). */
export const AGENCY_LEAD_ROLES = ['dsl', 'deputy_dsl', 'health_lead', 'police_officer'] as const

/**
 * Invites an agency or a family member to a conference that has not been held. An invited agency becomes
 * involved with the child (reason 'conference_invitation'), so it may see what it is entitled to: its
 * invitation and its own report. Its safeguarding leads are emailed through the outbox — without the child's
 * name — and find the invitation on their Conference invitations page. Family members are recorded.
 */
export async function inviteToConference(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  conferenceId: string,
  input: InvitationInput,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<{ id: string; notified: number }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'invite_to_conference', async (c) => {
    const allowed = await checkActs(
      c,
      actor,
      ['social_worker', 'team_manager', 'conference_chair'],
      'invite_to_conference',
      meta,
    )
    if (!allowed.ok) return allowed
    const conference = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(conferenceId)
      ? await c.tx
          .selectFrom('conference')
          .select(['id', 'held_on', 'scheduled_at', 'kind'])
          .where('id', '=', conferenceId)
          .where('episode_id', '=', c.episode.id)
          .executeTakeFirst()
      : undefined
    if (conference === undefined) return err(domainError('EPISODE.NOT_FOUND', 'There is no such conference'))
    if (conference.held_on !== null)
      return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'This conference has been held: invitations are closed'))
    const problems = new FieldProblems()
    let organisation: { id: string; name: string } | undefined
    let name = ''
    let contact = ''
    if (input.kind === 'agency') {
      organisation = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.organisationId)
        ? await c.tx
            .selectFrom('organisation')
            .select(['id', 'name'])
            .where('id', '=', input.organisationId)
            .where('local_area_id', '=', c.episode.localAreaId)
            .where('id', '!=', c.episode.localAuthorityId)
            .executeTakeFirst()
        : undefined
      if (organisation === undefined) problems.add('organisationId', 'Choose an agency from the list')
      else {
        const already = await c.tx
          .selectFrom('conference_invitation')
          .select('id')
          .where('conference_id', '=', conference.id)
          .where('organisation_id', '=', organisation.id)
          .executeTakeFirst()
        if (already !== undefined) problems.add('organisationId', `${organisation.name} has already been invited`)
        name = organisation.name
      }
    } else if (input.kind === 'family') {
      name = problems.text('name', input.name, 'Enter the family member’s name', 200)
      contact = problems.optionalText('contact', input.contact, 500)
    } else {
      problems.add('kind', 'Select whether you are inviting an agency or a family member')
    }
    const valid = problems.result(true)
    if (!valid.ok) return valid
    const claimed = await claimSubmission(c.tx, input.submissionKey, c.episode.id, 'invite_to_conference', actor, c.now)
    if (!claimed.ok) return claimed

    const id = newId()
    await c.tx
      .insertInto('conference_invitation')
      .values({
        id,
        conference_id: conference.id,
        invitee_kind: input.kind,
        organisation_id: organisation?.id ?? null,
        name,
        contact,
        invited_by: actor.userId,
        invited_at: c.now,
      })
      .execute()
    let notified = 0
    if (organisation !== undefined) {
      await c.tx
        .insertInto('involvement')
        .values({
          child_id: c.episode.childId,
          organisation_id: organisation.id,
          reason: 'conference_invitation',
          since: c.now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
      const label =
        conference.kind === 'initial'
          ? 'an initial child protection conference'
          : 'a child protection review conference'
      notified = await notifyOrganisationRoles(
        c.tx,
        {
          organisationId: organisation.id,
          roles: [...AGENCY_LEAD_ROLES],
          kind: 'conference.invited',
          subject: `Invitation to ${label}`,
          body: `${actor.organisationName} invites ${organisation.name} to ${label} on ${londonWhen.format(conference.scheduled_at)}. Please submit your agency's report in Together before the conference.\n\nSee the invitation in Together: ${serviceUrl}/conferences`,
          relatedType: 'conference',
          relatedId: conference.id,
        },
        c.now,
      )
    }
    await auditCase(c, actor, 'conference.invited', meta, {
      conferenceId: conference.id,
      invitationId: id,
      kind: input.kind,
      organisationId: organisation?.id ?? null,
      notified,
    })
    return ok({ id, notified })
  })
}
