import { sql, type Transaction } from 'kysely'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { isReferralSource } from '../../protection/domain/codes.js'
import { defaultReferralSource } from '../../referrals/domain/referral.js'
import { localAuthorityFor } from '../../referrals/queries/referralAccess.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import {
  isFamilyHelpLevel,
  isPractitionerRole,
  type EpisodeOrigin,
  type FamilyHelpLevel,
  type PractitionerRole,
} from '../domain/codes.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { checkNoOpenEpisode, episodeReference } from '../domain/rules.js'
import { openEpisodesFor } from '../queries/episodeAccess.js'
import { SUBJECT_TYPE, type FamilyHelpError } from './engine.js'

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
  const ids = [...new Set(opening.childIds)]
  const open = await openEpisodesFor(tx, ids)
  const single = checkNoOpenEpisode(ids, open)
  if (!single.ok) return err(single.error)
  const children = await tx
    .selectFrom('child')
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
      concern_id: opening.concernId ?? null,
      referral_id: opening.referralId ?? null,
      social_care_episode_id: opening.socialCareEpisodeId ?? null,
      previous_episode_id: opening.previousEpisodeId ?? null,
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
        concernId: opening.concernId ?? null,
        referralId: opening.referralId ?? null,
        socialCareEpisodeId: opening.socialCareEpisodeId ?? null,
        previousEpisodeId: opening.previousEpisodeId ?? null,
      }),
      actor_user_id: actor.userId,
      actor_organisation_id: actor.organisationId,
      submission_key: opening.submissionKey === '' ? null : (opening.submissionKey ?? null),
      created_at: now,
    })
    .execute()
  await appendAudit(
    tx,
    {
      ...actorAudit(actor),
      action: 'family_help.opened',
      subjectType: SUBJECT_TYPE,
      subjectId: id,
      reason: 'opened family help for a family the organisation is working with',
      correlationId: meta.correlationId,
      details: { origin: opening.origin, childIds: ids, reference },
    },
    now,
  )
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
  if (childIds.length > 0)
    await tx
      .insertInto('involvement')
      .values(
        childIds.map((childId) => ({
          child_id: childId,
          organisation_id: member.organisationId,
          reason: 'family_help_team',
          since: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
  return id
}

export interface OpenEpisodeInput {
  readonly childIds?: readonly string[] | undefined
  readonly level?: string | undefined
  readonly requestSource?: string | undefined
  readonly openerRole?: string | undefined
  readonly adults?: readonly { name?: string; relationship?: string; inHousehold?: boolean }[] | undefined
  readonly submissionKey?: string | undefined
}

/**
 * A practitioner starts family help directly with a family (openFamilyHelpEpisode). Only children the
 * practitioner's organisation is already involved with can be named: anything else is "not found", so the form
 * reveals nothing about children known elsewhere.
 */
export async function openFamilyHelpEpisode(
  deps: Deps,
  actor: Actor,
  input: OpenEpisodeInput,
  meta: RequestMeta,
): Promise<Result<OpenedEpisode, FamilyHelpError>> {
  const now = deps.clock.now()
  const decision = decideFamilyHelp(actor, { kind: 'family_help.open' })
  if (!decision.allowed) return err(domainError('FAMILY_HELP.NOT_ALLOWED', `You cannot do this: ${decision.reason}`))
  const fields: Record<string, string> = {}
  const childIds = [...new Set((input.childIds ?? []).filter((c) => c.trim() !== ''))]
  if (childIds.length === 0) fields['childIds'] = 'Select at least one child in the family'
  const level = input.level?.trim() ?? ''
  if (!isFamilyHelpLevel(level)) fields['level'] = 'Select the level of support'
  const role = input.openerRole?.trim() ?? ''
  if (!isPractitionerRole(role)) fields['openerRole'] = 'Select your role in the team around the family'
  const source = input.requestSource?.trim() ?? ''
  if (source !== '' && !isReferralSource(source)) fields['requestSource'] = 'Select who asked for help'
  const adults: FamilyAdult[] = []
  ;(input.adults ?? []).forEach((a, i) => {
    const name = a.name?.trim() ?? ''
    const relationship = a.relationship?.trim() ?? ''
    if (name === '' && relationship === '') return
    if (name === '' || name.length > 200) fields[`adults[${i}].name`] = `Adult ${i + 1}: enter their name`
    if (relationship === '' || relationship.length > 200)
      fields[`adults[${i}].relationship`] = `Adult ${i + 1}: enter how they are related to the children`
    adults.push({ name, relationship, inHousehold: a.inHousehold ?? true })
  })
  const first = Object.values(fields)[0]
  if (first !== undefined) return err(domainError('FAMILY_HELP.INVALID', first, fields))
  if (childIds.some((c) => !isUuid(c))) return err(domainError('FAMILY_HELP.CHILD_NOT_FOUND', 'There is no such child'))
  return deps.db.transaction().execute(async (tx) => {
    if (input.submissionKey !== undefined && input.submissionKey !== '') {
      const seen = await tx
        .selectFrom('family_help_step')
        .select('id')
        .where('submission_key', '=', input.submissionKey)
        .executeTakeFirst()
      if (seen !== undefined)
        return err(
          domainError(
            'FAMILY_HELP.ALREADY_SUBMITTED',
            'This has already been recorded. It was not recorded a second time',
          ),
        )
    }
    const involved = await tx
      .selectFrom('involvement')
      .select('child_id')
      .distinct()
      .where('organisation_id', '=', actor.organisationId)
      .where('child_id', 'in', childIds)
      .execute()
    if (involved.length !== childIds.length) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'family_help.access_denied',
          subjectType: 'child',
          subjectId: childIds.join(',').slice(0, 100),
          reason: 'your organisation is not involved with this child',
          correlationId: meta.correlationId,
          details: { step: 'open' },
        },
        now,
      )
      return err(domainError('FAMILY_HELP.CHILD_NOT_FOUND', 'There is no such child'))
    }
    const la = await localAuthorityFor(tx, actor.localAreaId)
    return openEpisodeInTransaction(
      tx,
      actor,
      {
        origin: 'direct',
        childIds,
        level: level as FamilyHelpLevel,
        requestSource:
          source !== ''
            ? source
            : defaultReferralSource(
                { organisationId: actor.organisationId, kind: actor.organisationKind, localAreaId: actor.localAreaId },
                { organisationId: la?.id ?? '', localAreaId: actor.localAreaId },
              ),
        adults,
        openerRole: role as PractitionerRole,
        submissionKey: input.submissionKey,
      },
      now,
      meta,
    )
  })
}

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
