import { optionsOf } from '../../../platform/shared/wordList.js'
import { sql, type Transaction } from 'kysely'
import { z } from 'zod'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import { radios, textarea } from '../../../platform/forms/fields.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { defaultReferralSource } from '../../referrals/domain/referral.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import {
  familyHelpLevelLabels,
  practitionerRoleLabels,
  type EpisodeOrigin,
  type FamilyHelpLevel,
  type PractitionerRole,
} from '../domain/codes.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { checkNoOpenEpisode, episodeReference } from '../domain/rules.js'
import { openEpisodesFor } from '../queries/episodeAccess.js'
import { problems, SUBJECT_TYPE, type FamilyHelpError } from './engine.js'
import { involveWithChildren } from '../../../platform/db/involvement.js'

export interface FamilyAdult {
  readonly name: string
  readonly relationship: string
  readonly inHousehold: boolean
}

/** How an episode begins, whichever door it came through. */
export interface EpisodeOpening {
  readonly origin: EpisodeOrigin
  readonly childIds: readonly string[]
  readonly level: FamilyHelpLevel
  readonly requestSource: string
  readonly adults: readonly FamilyAdult[]
  /** The opener's organisation joins the team around the family in this role. */
  readonly openerRole: PractitionerRole
  readonly concernId?: string | null
  readonly referralId?: string | null
  readonly socialCareEpisodeId?: string | null
  readonly previousEpisodeId?: string | null
  readonly submissionKey?: string | undefined
}

export interface OpenedEpisode {
  readonly id: string
  readonly reference: string
}

/**
 * Opens an episode inside the caller's transaction (a DSL's early-help decision, a front-door decision, a
 * step-down, or the form): searches for an open episode for the same children first (one family, one
 * episode), then writes the episode, the family, the opener's agency as the first team member (which becomes
 * involved with the children), the first step row and the audit row.
 */
export async function openEpisodeInTransaction(
  tx: Transaction<DB>,
  actor: Actor,
  opening: EpisodeOpening,
  now: Date,
  meta: RequestMeta,
): Promise<Result<OpenedEpisode, FamilyHelpError>> {
  const today = todayInEngland(now)
  const ids = [...new Set(opening.childIds)].sort()
  // Two people opening family help for the same child at once: the second waits here for the first to commit,
  // then finds its episode, so a child is never in two open episodes.
  if (ids.length > 0)
    await tx.selectFrom('child').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute()
  const open = await openEpisodesFor(tx, ids)
  const single = checkNoOpenEpisode(ids, open)
  if (!single.ok) return err(single.error)
  const children = await tx
    .selectFrom('child_current')
    .select(['id', 'local_area_id', 'given_name', 'family_name'])
    .where('id', 'in', ids)
    .execute()
  if (children.length !== ids.length) return err(domainError('FAMILY_HELP.CHILD_NOT_FOUND', 'There is no such child'))
  const areaId = children[0]?.local_area_id ?? actor.localAreaId
  const la = await localAuthorityFor(tx, areaId)
  if (la === undefined)
    return err(
      domainError(
        'FAMILY_HELP.NO_LOCAL_AUTHORITY',
        'The family’s home area has no local authority in Together, so there is no early help coordinator to open this with',
      ),
    )
  const seq = await sql<{ n: string }>`SELECT nextval('family_help_reference_seq') AS n`.execute(tx)
  const reference = episodeReference(Number(seq.rows[0]?.n ?? '0'))
  const id = newId()
  // The records this episode continues, kept on the episode and told in its opening step.
  const continues = {
    concernId: opening.concernId ?? null,
    referralId: opening.referralId ?? null,
    socialCareEpisodeId: opening.socialCareEpisodeId ?? null,
    previousEpisodeId: opening.previousEpisodeId ?? null,
  }
  await tx
    .insertInto('family_help_episode')
    .values({
      id,
      reference,
      local_area_id: areaId,
      coordinating_organisation_id: la.id,
      level: opening.level,
      origin: opening.origin,
      request_source: opening.requestSource,
      opened_on: formatLocalDate(today),
      opened_by_user_id: actor.userId,
      opened_by_organisation_id: actor.organisationId,
      concern_id: continues.concernId,
      referral_id: continues.referralId,
      social_care_episode_id: continues.socialCareEpisodeId,
      previous_episode_id: continues.previousEpisodeId,
      phase: 'awaiting_consent',
      phase_changed_at: now,
      lead_user_id: null,
      lead_organisation_id: null,
      consent_withdrawn_at: null,
      closed_on: null,
      closure_reason: null,
      created_at: now,
    })
    .execute()
  await tx
    .insertInto('family_help_member')
    .values([
      ...children.map((c) => ({
        id: newId(),
        episode_id: id,
        child_id: c.id,
        name: `${c.given_name} ${c.family_name}`,
        relationship: 'child',
        in_household: true,
        created_at: now,
      })),
      ...opening.adults.map((a) => ({
        id: newId(),
        episode_id: id,
        child_id: null,
        name: a.name,
        relationship: a.relationship,
        in_household: a.inHousehold,
        created_at: now,
      })),
    ])
    .execute()
  await addTeamMemberRow(
    tx,
    id,
    ids,
    { organisationId: actor.organisationId, userId: null, role: opening.openerRole },
    today,
    now,
  )
  await tx
    .insertInto('family_help_step')
    .values({
      id: newId(),
      episode_id: id,
      step: 'open',
      outcome: opening.origin,
      from_phase: 'awaiting_consent',
      to_phase: 'awaiting_consent',
      occurred_on: formatLocalDate(today),
      details: JSON.stringify({
        level: opening.level,
        requestSource: opening.requestSource,
        searchedOpenEpisodes: open.length,
        ...continues,
      }),
      actor_user_id: actor.userId,
      actor_organisation_id: actor.organisationId,
      submission_key: opening.submissionKey === '' ? null : (opening.submissionKey ?? null),
      created_at: now,
    })
    .execute()
  await auditActor(tx, actor, meta, now, {
    action: 'family_help.opened',
    subjectType: SUBJECT_TYPE,
    subjectId: id,
    reason: 'opened family help for a family the organisation is working with',
    details: { origin: opening.origin, childIds: ids, reference },
  })
  return ok({ id, reference })
}

/** A member of the team around the family; their organisation becomes involved with the children. */
export async function addTeamMemberRow(
  tx: Transaction<DB>,
  episodeId: string,
  childIds: readonly string[],
  member: { readonly organisationId: string; readonly userId: string | null; readonly role: PractitionerRole },
  joinedOn: LocalDate,
  now: Date,
): Promise<string> {
  const id = newId()
  await tx
    .insertInto('family_help_team_member')
    .values({
      id,
      episode_id: episodeId,
      organisation_id: member.organisationId,
      user_id: member.userId,
      practitioner_role: member.role,
      joined_on: formatLocalDate(joinedOn),
      left_on: null,
      created_at: now,
    })
    .execute()
  await involveWithChildren(tx, { childIds, organisationId: member.organisationId, reason: 'family_help_team' }, now)
  return id
}

interface ChildToOpen {
  readonly id: string
  readonly name: string
  readonly localAreaId: string
  readonly openEpisode: { readonly id: string; readonly reference: string } | undefined
}

/** "Name, relationship" per line, as the form asks for the adults and family network. */
export function readAdults(text: string | undefined): { adults: FamilyAdult[]; problem?: string } {
  const adults: FamilyAdult[] = []
  for (const [i, line] of (text ?? '').split(/\r?\n/).entries()) {
    if (line.trim() === '') continue
    const [name, ...rest] = line.split(',')
    const relationship = rest.join(',').trim()
    if ((name ?? '').trim() === '' || relationship === '')
      return { adults, problem: `Line ${i + 1}: write the name, a comma, then how they are related to the child` }
    adults.push({
      name: (name ?? '').trim().slice(0, 200),
      relationship: relationship.slice(0, 200),
      inHousehold: true,
    })
  }
  return { adults }
}

/**
 * A practitioner starts family help directly with a family (openFamilyHelpEpisode), from a child their
 * organisation is involved with: anything else is "not found", so the form reveals nothing about children
 * known elsewhere. Searches first: a child already in an open episode joins that one instead.
 */
export const openFamilyHelpEpisode = defineStep({
  module: 'family-help',
  operationId: 'openFamilyHelpEpisode',
  path: '/children/:id/family-help/new',
  apiPath: '/family-help/episodes/for-child/:id',
  title: 'Start family help',
  description:
    'Opens a family help episode for a child your organisation is involved with, after searching for an open one.',
  submitText: 'Start family help',
  fields: {
    level: radios({
      label: 'Level of support',
      required: 'Select the level of support',
      options: optionsOf(familyHelpLevelLabels),
    }),
    openerRole: radios({
      label: 'Your role in the team around the family',
      required: 'Select your role in the team around the family',
      options: optionsOf(practitionerRoleLabels),
    }),
    adults: textarea({
      label: 'Parents, carers and family network (optional)',
      hint: 'One person per line: their name, a comma, then how they are related to the child. For example: Sam Smith, mother',
      rows: 4,
      max: 5000,
    }),
  },
  load: async ({ tx, params, actor }): Promise<ChildToOpen | undefined> => {
    const id = params['id'] ?? ''
    if (!isUuid(id)) return undefined
    const child = await tx
      .selectFrom('child_current as c')
      .select(['c.id', 'c.given_name', 'c.family_name', 'c.local_area_id'])
      .where('c.id', '=', id)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('involvement as i')
            .select('i.child_id')
            .whereRef('i.child_id', '=', 'c.id')
            .where('i.organisation_id', '=', actor.organisationId),
        ),
      )
      .executeTakeFirst()
    if (child === undefined) return undefined
    const open = await openEpisodesFor(tx, [id])
    return {
      id: child.id,
      name: `${child.given_name} ${child.family_name}`,
      localAreaId: child.local_area_id,
      openEpisode: open[0] === undefined ? undefined : { id: open[0].id, reference: open[0].reference },
    }
  },
  access: (actor: Actor): AccessDecision => {
    const d = decideFamilyHelp(actor, { kind: 'family_help.open' })
    return d.allowed ? d : { allowed: false, reason: d.reason, visible: true }
  },
  unavailable: (c: ChildToOpen) =>
    c.openEpisode === undefined
      ? undefined
      : `${c.name} already has an open family help episode (${c.openEpisode.reference}). Ask its lead practitioner to add you to the team instead`,
  check: (input) => problems({ adults: readAdults(input['adults'] as string | undefined).problem }),
  run: async (ctx, input, c: ChildToOpen) => {
    const la = await localAuthorityFor(ctx.tx, c.localAreaId)
    const actor = ctx.actor
    const opened = await openEpisodeInTransaction(
      ctx.tx,
      actor,
      {
        origin: 'direct',
        childIds: [c.id],
        level: input['level'] as FamilyHelpLevel,
        requestSource: defaultReferralSource(
          { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
          { organisationId: la?.id ?? '', localAreaId: c.localAreaId },
        ),
        adults: readAdults(input['adults'] as string | undefined).adults,
        openerRole: input['openerRole'] as PractitionerRole,
      },
      ctx.now,
      ctx.meta,
    )
    // Opened by someone else since the form was loaded: a conflict, said in one sentence.
    if (!opened.ok && opened.error.code === 'FAMILY_HELP.ALREADY_OPEN')
      return err(domainError('FAMILY_HELP.CONFLICT', opened.error.message))
    return opened
  },
  subject: (c: ChildToOpen) => ({ type: 'child', id: c.id }),
  action: 'family_help.opened_directly',
  output: z.object({ id: z.string(), reference: z.string() }),
  done: (out) => `/family-help/${out.id}?recorded=1`,
  caption: (c: ChildToOpen) => c.name,
  back: (params) => ({ href: `/children/${params['id'] ?? ''}`, text: 'Back to the child' }),
})

/** The practitioner role an organisation's person most likely holds in a team, when a hook opens an episode. */
export const defaultPractitionerRole = (kind: string): PractitionerRole => {
  switch (kind) {
    case 'school':
    case 'college':
      return 'teacher'
    case 'early_years':
    case 'voluntary_charity':
    case 'faith_group':
      return 'family_support_worker'
    case 'nhs_trust':
      return 'health_visitor'
    case 'gp_practice':
      return 'gp'
    case 'police_force':
      return 'police_officer'
    case 'la_childrens_social_care':
      return 'social_worker'
    case 'sports_youth_club':
    case 'youth_justice':
      return 'youth_worker'
    default:
      return 'other'
  }
}
