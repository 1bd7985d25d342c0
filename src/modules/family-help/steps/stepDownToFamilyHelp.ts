import { z } from 'zod'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import { date, radios, text, time } from '../../../platform/forms/fields.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { ok } from '../../../platform/shared/result.js'
import { isOneOf, optionsOf } from '../../../platform/shared/wordList.js'
import {
  familyHelpLevelLabels,
  practitionerRoleLabels,
  type FamilyHelpLevel,
  type PractitionerRole,
} from '../domain/codes.js'
import { loadFamilyHelpEpisode } from '../queries/episodeAccess.js'
import { joinTeam } from './addTeamMember.js'
import { nameLeadPractitioner } from './assignLeadPractitioner.js'
import {
  familyHadSayField,
  fieldProblem,
  meetingDateProblems,
  SUBJECT_TYPE,
  takeStep,
  updateEpisode,
} from './engine.js'
import { openEpisodeInTransaction } from './openFamilyHelpEpisode.js'
import { arrangeMeeting } from './scheduleTeamAroundFamilyMeeting.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

interface SocialCareCase {
  readonly id: string
  readonly reference: string
  readonly childId: string
  readonly childName: string
  readonly localAuthorityId: string
  readonly closedOn: string | null
  readonly closureReason: string | null
  readonly steppedDown: boolean
}

const SOCIAL_CARE_ROLES = ['front_door', 'social_worker', 'team_manager', 'early_help_coordinator'] as const

/**
 * Step-down from children's social care to family help, when a case closed after assessment to early help (RC9)
 * or a plan ended with a step-down to early help: opens a family help episode linked to the case (and to the
 * family's stepped-up episode, which closes), names the new lead practitioner and arranges the handover
 * meeting, so the chronology is one unbroken thread. Child protection cases do not step straight down here
 * (Knowsley protocol): the case must have closed to early help first.
 */
export const stepDownToFamilyHelp = defineStep({
  module: 'family-help',
  operationId: 'stepDownToFamilyHelp',
  path: '/cases/:id/step-down-to-family-help',
  apiPath: '/family-help/step-downs/:id',
  title: 'Step down to family help',
  description:
    'Opens a family help episode from a social care case that closed to early help, with a handover meeting.',
  submitText: 'Open family help and arrange the handover',
  fields: {
    level: radios({
      label: 'Level of support',
      required: 'Select the level of support',
      options: optionsOf(familyHelpLevelLabels),
    }),
    leadEmail: text({
      label: 'New lead practitioner’s email address',
      hint: 'Their Together account, in any agency in the area',
      required: 'Enter the new lead practitioner’s email address',
      max: 320,
    }),
    leadRole: radios({
      label: 'Their role',
      required: 'Select their role',
      options: optionsOf(practitionerRoleLabels),
    }),
    familyHadSay: familyHadSayField,
    handoverOn: date({ label: 'Date of the handover meeting', required: 'Enter the date of the handover meeting' }),
    handoverTime: time({ label: 'Time of the handover meeting', required: 'Enter the time of the handover meeting' }),
    handoverPlace: text({ label: 'Where', required: 'Enter where the handover meeting is', max: 500 }),
  },
  load: async ({ tx, params }): Promise<SocialCareCase | undefined> => {
    const id = params['id'] ?? ''
    if (!isUuid(id)) return undefined
    const row = await tx
      .selectFrom('episode as e')
      .innerJoinLateral(childCurrentOf('e.child_id', 'c'), (j) => j.onTrue())
      .select([
        'e.id',
        'e.reference',
        'e.child_id',
        'c.given_name',
        'c.family_name',
        'e.local_authority_id',
        'e.closed_on',
        'e.closure_reason',
      ])
      .where('e.id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (row === undefined) return undefined
    const earlyHelp = await tx
      .selectFrom('episode_step')
      .select('id')
      .where('episode_id', '=', id)
      .where('outcome', '=', 'early_help')
      .executeTakeFirst()
    const already = await tx
      .selectFrom('family_help_episode')
      .select('id')
      .where('social_care_episode_id', '=', id)
      .executeTakeFirst()
    return {
      id: row.id,
      reference: row.reference,
      childId: row.child_id,
      childName: `${row.given_name} ${row.family_name}`,
      localAuthorityId: row.local_authority_id,
      closedOn: row.closed_on,
      closureReason: row.closure_reason === 'RC9' || earlyHelp !== undefined ? 'early_help' : row.closure_reason,
      steppedDown: already !== undefined,
    }
  },
  access: (actor: Actor, c: SocialCareCase): AccessDecision =>
    actor.organisationId === c.localAuthorityId && actor.roles.some(isOneOf(SOCIAL_CARE_ROLES))
      ? { allowed: true, reason: 'children’s social care for the local authority that holds this case' }
      : { allowed: false, reason: 'only the local authority that holds this case steps it down', visible: false },
  unavailable: (c: SocialCareCase) =>
    c.steppedDown
      ? 'This case has already been stepped down to family help'
      : c.closedOn === null || c.closureReason !== 'early_help'
        ? 'Only a case that closed to early help (after assessment, RC9, or when a plan ended) steps down to family help'
        : undefined,
  check: (input, _c, { today }) => meetingDateProblems(input, 'handoverOn', today),
  run: async (ctx, input, c: SocialCareCase) => {
    const email = String(input['leadEmail']).trim().toLowerCase()
    const lead = await ctx.tx
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .innerJoin('child as ch', 'ch.local_area_id', 'o.local_area_id')
      .select(['u.id', 'u.organisation_id', 'u.display_name'])
      .where(({ fn }) => fn('lower', ['u.email']), '=', email)
      .where('u.active', '=', true)
      .where('ch.id', '=', c.childId)
      .executeTakeFirst()
    if (lead === undefined)
      return fieldProblem('leadEmail', 'There is no one with that email address in an agency in the child’s area')
    // The family's stepped-up episode, if there is one, ends here: the thread continues in the new episode.
    const previous = await ctx.tx
      .selectFrom('family_help_member as m')
      .innerJoin('family_help_episode as e', 'e.id', 'm.episode_id')
      .select('e.id')
      .where('m.child_id', '=', c.childId)
      .where('e.closed_on', 'is', null)
      .where('e.phase', '=', 'stepped_up')
      .executeTakeFirst()
    let adults: { name: string; relationship: string; inHousehold: boolean }[] = []
    if (previous !== undefined) {
      const before = await loadFamilyHelpEpisode(ctx.tx, previous.id, { forUpdate: true })
      if (before === undefined) throw new Error('stepped-up episode vanished')
      const closed = await takeStep(ctx, before, {
        step: 'close',
        outcome: 'stepped_up',
        occurredOn: ctx.today,
        details: { notes: `Stepped up; children’s social care closed case ${c.reference} to early help` },
      })
      if (!closed.ok) return closed
      await updateEpisode(ctx.tx, previous.id, { closed_on: formatLocalDate(ctx.today), closure_reason: 'stepped_up' })
      adults = (
        await ctx.tx
          .selectFrom('family_help_member')
          .select(['name', 'relationship', 'in_household'])
          .where('episode_id', '=', previous.id)
          .where('child_id', 'is', null)
          .execute()
      ).map((a) => ({ name: a.name, relationship: a.relationship, inHousehold: a.in_household }))
    }
    const opened = await openEpisodeInTransaction(
      ctx.tx,
      ctx.actor,
      {
        origin: 'step_down',
        childIds: [c.childId],
        level: input['level'] as FamilyHelpLevel,
        requestSource: '5A',
        adults,
        openerRole: 'social_worker',
        socialCareEpisodeId: c.id,
        previousEpisodeId: previous?.id ?? null,
      },
      ctx.now,
      ctx.meta,
    )
    if (!opened.ok) return opened
    const episodeId = opened.value.id
    let loaded = await loadFamilyHelpEpisode(ctx.tx, episodeId, { forUpdate: true })
    if (loaded === undefined) throw new Error('new episode vanished')
    if (!loaded.team.some((m) => m.userId === lead.id)) {
      const added = await joinTeam(ctx, loaded, lead, input['leadRole'] as PractitionerRole, ctx.today)
      if (!added.ok) return added
    }
    const named = await nameLeadPractitioner(ctx, loaded, lead, {
      occurredOn: ctx.today,
      familyHadSay: input['familyHadSay'] === 'yes',
      handover: `Step-down from children’s social care case ${c.reference}`,
      previousUserId: null,
    })
    if (!named.ok) return named
    loaded = await loadFamilyHelpEpisode(ctx.tx, episodeId, { forUpdate: true })
    if (loaded === undefined) throw new Error('new episode vanished')
    const meetingId = await arrangeMeeting(ctx, loaded, {
      kind: 'handover',
      on: input['handoverOn'] as LocalDate,
      time: String(input['handoverTime']),
      place: String(input['handoverPlace']),
    })
    return ok({ episodeId, reference: opened.value.reference, meetingId })
  },
  subject: (c: SocialCareCase) => ({ type: 'episode', id: c.id }),
  action: 'family_help.stepped_down',
  auditDetails: (out) => ({ familyHelpEpisodeId: out.episodeId, subjectType: SUBJECT_TYPE }),
  output: z.object({ episodeId: z.string(), reference: z.string(), meetingId: z.string() }),
  done: (out) => `/family-help/${out.episodeId}?recorded=1`,
  caption: (c: SocialCareCase) => c.childName,
  back: (params) => ({ href: `/cases/${params['id'] ?? ''}`, text: 'Back to the case' }),
})
