import type { Transaction } from 'kysely'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { validateFrontDoorDecision, type FrontDoorDecisionInput } from '../domain/referral.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { openEpisode } from '../../protection/steps/openEpisode.js'
import { takeEpisodeStep, type EpisodeStepError } from '../../protection/steps/takeEpisodeStep.js'
import { defaultPractitionerRole, openEpisodeInTransaction } from '../../family-help/index.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { registerDeadline } from '../../timescales/steps/registerDeadline.js'
import { referralForStep, type FrontDoorAccessError } from '../queries/frontDoorAccess.js'
import { tellReferrer } from './tellReferrer.js'

export interface DecideReferralInput extends FrontDoorDecisionInput {
  /** The social worker allocated as lead practitioner (optional at the front door). */
  readonly leadUserId?: string | undefined
  readonly teamManagerUserId?: string | undefined
  /** Sent once per form or API submission: the same key twice is refused and nothing is written. */
  readonly submissionKey?: string | undefined
}

export type DecideReferralError =
  | FrontDoorAccessError
  | EpisodeStepError
  | DomainError<'REFERRAL.INVALID' | 'REFERRAL.ALREADY_DECIDED' | 'REFERRAL.CHILD_NOT_LINKED' | 'REFERRAL.CLOCK_FAILED'>

export interface ReferralDecided {
  readonly episodeId: string
  readonly episodeReference: string
  readonly outcome: string
  readonly phase: string
}

/** Thrown to roll the transaction back when a step fails after the episode was opened; carries the result. */
class Refused extends Error {
  constructor(readonly error: DecideReferralError) {
    super(error.message)
  }
}

/** Social workers and team managers of the local authority, for the allocation lists. */
export async function allocationCandidates(
  db: Deps['db'] | Transaction<DB>,
  organisationId: string,
): Promise<{ socialWorkers: { id: string; name: string }[]; teamManagers: { id: string; name: string }[] }> {
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'roles'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('display_name')
    .execute()
  return {
    socialWorkers: users
      .filter((u) => u.roles.includes('social_worker'))
      .map((u) => ({ id: u.id, name: u.display_name })),
    teamManagers: users
      .filter((u) => u.roles.includes('team_manager'))
      .map((u) => ({ id: u.id, name: u.display_name })),
  }
}

/**
 * The front door's decision on a referral (T1), with its reasons: no further action (with signposting), early
 * help, a child and family assessment, a strategy discussion, or immediate protection (police protection, or
 * an emergency protection order, whose clock starts from the day it was made). In one transaction: the episode
 * is opened and the decide_referral step taken through the transition table (which meets the referral-decision
 * clock and starts the assessment clock where the table says), the referral marked decided (and acknowledged,
 * if it was not yet), the social worker and manager allocated, and the referrer told. A second decision on the
 * same referral, or the same form sent twice, is refused and writes nothing.
 */
export async function decideReferral(
  deps: Deps,
  actor: Actor,
  referralId: string,
  input: DecideReferralInput,
  meta: RequestMeta,
  serviceUrl = deps.settings.serviceUrl,
): Promise<Result<ReferralDecided, DecideReferralError>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const valid = validateFrontDoorDecision(input, now.getTime(), today)
  try {
    return await deps.db.transaction().execute(async (tx): Promise<Result<ReferralDecided, DecideReferralError>> => {
      const loaded = await referralForStep(
        tx,
        actor,
        referralId,
        'decide',
        (r) => ({ kind: 'referral.decide', referral: r.facts }),
        now,
        meta,
      )
      if (!loaded.ok) return loaded
      const { referral, decision } = loaded.value
      if (input.submissionKey !== undefined && input.submissionKey !== '') {
        const seen = await tx
          .selectFrom('episode_step')
          .select('id')
          .where('submission_key', '=', input.submissionKey)
          .executeTakeFirst()
        if (seen !== undefined)
          return err(
            domainError(
              'EPISODE.ALREADY_SUBMITTED',
              'This decision has already been recorded – it was not recorded a second time',
            ),
          )
      }
      const existing = await tx
        .selectFrom('episode')
        .select('id')
        .where('referral_id', '=', referral.id)
        .executeTakeFirst()
      if (referral.state !== 'received' || existing !== undefined)
        return err(domainError('REFERRAL.ALREADY_DECIDED', 'A decision has already been made on this referral'))
      if (referral.childId === null)
        return err(
          domainError('REFERRAL.CHILD_NOT_LINKED', 'Link the referral to the child’s record before deciding', {
            outcome: 'Link the referral to the child’s record before deciding',
          }),
        )

      const fields: Record<string, string> = valid.ok ? {} : { ...valid.error.fields }
      const staff = await allocationCandidates(tx, referral.toOrganisationId)
      const lead = input.leadUserId === undefined || input.leadUserId === '' ? undefined : input.leadUserId
      const manager =
        input.teamManagerUserId === undefined || input.teamManagerUserId === '' ? undefined : input.teamManagerUserId
      if (lead !== undefined && !(isUuid(lead) && staff.socialWorkers.some((s) => s.id === lead)))
        fields.leadUserId = 'Select a social worker from the list'
      if (manager !== undefined && !(isUuid(manager) && staff.teamManagers.some((s) => s.id === manager)))
        fields.teamManagerUserId = 'Select a team manager from the list'
      const closes = valid.ok && (valid.value.outcome === 'no_further_action' || valid.value.outcome === 'early_help')
      if (closes && (lead !== undefined || manager !== undefined))
        fields.leadUserId =
          'Do not allocate a social worker when the referral is closed with no further action or early help'
      if (!valid.ok || Object.keys(fields).length > 0)
        return err(domainError('REFERRAL.INVALID', Object.values(fields)[0] ?? 'Check the decision', fields))
      const d = valid.value

      const opened = await openEpisode(
        tx,
        {
          id: referral.id,
          childId: referral.childId,
          toOrganisationId: referral.toOrganisationId,
          receivedOn: todayInEngland(referral.receivedAt),
        },
        now,
      )
      if (lead !== undefined || manager !== undefined) {
        await tx
          .updateTable('episode')
          .set({ lead_user_id: lead ?? null, team_manager_user_id: manager ?? null })
          .where('id', '=', opened.episode.id)
          .execute()
      }
      const episode = { ...opened.episode, leadUserId: lead ?? null, teamManagerUserId: manager ?? null }
      const protection =
        d.immediateProtection === undefined
          ? undefined
          : d.immediateProtection.kind === 'police_protection'
            ? {
                kind: 'police_protection',
                at: new Date(d.immediateProtection.atMs).toISOString(),
                policeReference: d.immediateProtection.policeReference,
              }
            : d.immediateProtection
      const step = await takeEpisodeStep(
        tx,
        actor,
        { episode, facts: opened.facts },
        {
          step: 'decide_referral',
          outcome: d.outcome,
          occurredOn: today,
          rationale: d.rationale,
          details: {
            ...(d.signposting === undefined ? {} : { signposting: d.signposting }),
            ...(protection === undefined ? {} : { immediateProtection: protection }),
            ...(lead === undefined ? {} : { leadUserId: lead }),
            ...(manager === undefined ? {} : { teamManagerUserId: manager }),
          },
          ...(input.submissionKey === undefined || input.submissionKey === ''
            ? {}
            : { submissionKey: input.submissionKey }),
        },
        now,
        meta,
      )
      if (!step.ok) throw new Refused(step.error)
      // Early help from the front door opens family help for the child (unless an episode is open already).
      if (d.outcome === 'early_help') {
        const source = await tx
          .selectFrom('referral')
          .select('source_code')
          .where('id', '=', referral.id)
          .executeTakeFirstOrThrow()
        await openEpisodeInTransaction(
          tx,
          actor,
          {
            origin: 'front_door_decision',
            childIds: [episode.childId],
            level: 'early_help',
            requestSource: source.source_code,
            adults: [],
            openerRole: defaultPractitionerRole(actor.organisationKind),
            referralId: referral.id,
          },
          now,
          meta,
        )
      }
      if (d.orderMadeOn !== undefined) {
        const clock = await registerDeadline(
          tx,
          {
            localAreaId: episode.localAreaId,
            organisationId: episode.localAuthorityId,
            assignedUserId: lead ?? null,
            ruleId: 'emergency-protection-order',
            subjectType: 'episode',
            subjectId: episode.id,
            childId: episode.childId,
            title: `Emergency protection order ends (${episode.reference})`,
            startedOn: d.orderMadeOn,
          },
          now,
        )
        if (!clock.ok) throw new Refused(domainError('REFERRAL.CLOCK_FAILED', clock.error.message))
      }
      await tx
        .updateTable('referral')
        .set({ state: 'decided', acknowledged_at: referral.acknowledgedAt ?? now })
        .where('id', '=', referral.id)
        .execute()
      const referrerTold = await tellReferrer(
        tx,
        referral,
        {
          kind: 'referral.decided',
          subject: `Decision on your referral ${referral.reference}`,
          professional: `Children’s social care has decided what happens next on your referral ${referral.reference}: ${d.outcomeLabel}.\nThe reasons are in Together.`,
        },
        now,
        serviceUrl,
      )
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'referral.decided',
          subjectType: 'referral',
          subjectId: referral.id,
          reason: decision.reason,
          correlationId: meta.correlationId,
          details: {
            episodeId: episode.id,
            outcome: d.outcome,
            childId: episode.childId,
            referrerTold,
            orderMadeOn: d.orderMadeOn === undefined ? undefined : formatLocalDate(d.orderMadeOn),
          },
        },
        now,
      )
      return ok({
        episodeId: episode.id,
        episodeReference: episode.reference,
        outcome: d.outcome,
        phase: step.value.to,
      })
    })
  } catch (e) {
    if (e instanceof Refused) return err(e.error)
    throw e
  }
}
