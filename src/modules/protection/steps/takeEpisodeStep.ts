import type { Transaction } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import {
  isEpisodePhase,
  transition,
  type EpisodePhase,
  type EpisodeStep,
  type EpisodeTransition,
  type StepNotAllowedCode,
} from '../domain/episode.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { findRule } from '../../timescales/domain/rules.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { DB } from '../../../platform/db/schema.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { newId } from '../../../platform/security/secrets.js'
import type { RequestMeta } from '../../../platform/context.js'
import { refusalMessage } from '../../../platform/steps/defineStep.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import type { EpisodeRow } from '../queries/episodeAccess.js'
import type { EpisodeFacts } from '../../access/domain/policy.js'

export interface EpisodeStepInput {
  readonly step: EpisodeStep
  readonly outcome: string
  /** The day the step happened (a discussion held, a conference, an authorisation), for clocks and the census. */
  readonly occurredOn: LocalDate
  readonly rationale?: string
  readonly details?: Readonly<Record<string, unknown>>
  /** A key the form or API client sends once per submission: the same key twice is refused, nothing written. */
  readonly submissionKey?: string | undefined
  /** For closure: the CIN census reason (RC1–RC9). */
  readonly closureReason?: string | undefined
}

/** What the case history keeps of the words a step gives about itself (notes, minutes, a summary): the first 2,000. */
export const historyRationale = (words: string): string => words.slice(0, 2000)

export type EpisodeStepError = DomainError<
  StepNotAllowedCode | 'EPISODE.NOT_ALLOWED' | 'EPISODE.ALREADY_SUBMITTED' | 'EPISODE.CLOCK_FAILED'
>

export interface StepTaken {
  readonly stepId: string
  readonly from: EpisodePhase
  readonly to: EpisodePhase
  readonly transition: EpisodeTransition
}

/**
 * The one way an episode moves on, called inside the use case's transaction with the episode row locked
 * (loadEpisode(..., { forUpdate: true })): the transition table decides whether the step is allowed in the
 * current phase and where it leads; the access policy whether this person leads it; then the step is
 * appended, the phase changed, the step's clocks started and met, and the audit row written — all or nothing.
 * The caller has already checked that the actor may see the episode (episode.view) and validated the step's
 * own fields.
 */
export async function takeEpisodeStep(
  tx: Transaction<DB>,
  actor: Actor,
  loaded: { readonly episode: EpisodeRow; readonly facts: EpisodeFacts },
  input: EpisodeStepInput,
  now: Date,
  meta: RequestMeta,
): Promise<Result<StepTaken, EpisodeStepError>> {
  const { episode, facts } = loaded
  // The step's audit rows, on the episode: refused, or taken.
  const audit = (action: string, reason: string, details: Readonly<Record<string, unknown>>) =>
    auditActor(tx, actor, meta, now, {
      action,
      subjectType: 'episode',
      subjectId: episode.id,
      reason,
      details,
    })
  if (input.submissionKey !== undefined) {
    const seen = await tx
      .selectFrom('episode_step')
      .select('id')
      .where('submission_key', '=', input.submissionKey)
      .executeTakeFirst()
    if (seen !== undefined)
      return err(
        domainError('EPISODE.ALREADY_SUBMITTED', 'This has already been recorded – it was not recorded a second time'),
      )
  }
  if (!isEpisodePhase(episode.phase)) throw new Error(`Episode ${episode.id} is in an unknown phase ${episode.phase}`)
  const from = episode.phase
  const next = transition(from, input.step, input.outcome)
  if (!next.ok) return err(next.error)
  const { to, transition: row } = next.value
  const allowed = decide(actor, { kind: 'episode.act', episode: facts, stepRoles: row.who })
  if (!allowed.allowed) {
    await audit('episode.step_denied', allowed.reason, { step: input.step })
    return err(domainError('EPISODE.NOT_ALLOWED', refusalMessage(allowed.reason)))
  }

  const stepId = await insertWithNewId(tx, 'episode_step', {
    episode_id: episode.id,
    step: input.step,
    outcome: input.outcome,
    from_phase: from,
    to_phase: to,
    occurred_on: formatLocalDate(input.occurredOn),
    rationale: input.rationale ?? '',
    details: JSON.stringify(input.details ?? {}),
    actor_user_id: actor.userId,
    actor_organisation_id: actor.organisationId,
    submission_key: input.submissionKey ?? null,
    created_at: now,
  })

  // What the step does beyond moving the phase is in its row of the transition table (domain/episode.ts).
  const closing = row.endsAllClocks && from !== 'closed'
  const closureReason = input.closureReason ?? (closing ? row.closureReason : undefined)
  await tx
    .updateTable('episode')
    .set({
      phase: to,
      phase_changed_at: now,
      ...(closing ? { closed_on: formatLocalDate(input.occurredOn), closure_reason: closureReason ?? null } : {}),
      ...(row.referralNoFurtherAction ? { referral_nfa: true } : {}),
    })
    .where('id', '=', episode.id)
    .execute()

  // Clocks this step meets (or makes unnecessary). The referral-decision clock belongs to the referral.
  const completes = closing ? [...new Set([...row.completes, ...openClockRules])] : row.completes
  for (const rule of completes) {
    const subject =
      rule === 'referral-decision' ? { type: 'referral', id: episode.referralId } : { type: 'episode', id: episode.id }
    await completeDeadline(tx, subject, rule, now)
  }
  // Deciding to assess (or to hold a strategy discussion, whose section 47 is carried out through the
  // assessment: T4) starts the child and family assessment itself, counted from the referral date (T2).
  if (row.opensAssessment) {
    await tx
      .insertInto('assessment')
      .values({
        id: newId(),
        episode_id: episode.id,
        child_id: episode.childId,
        started_on: episode.referralDate,
        created_at: now,
      })
      .onConflict((oc) => oc.column('episode_id').doNothing())
      .execute()
  }
  for (const start of row.starts) {
    const rule = findRule(start.rule)
    if (!rule.ok) throw new Error(`Unknown rule ${start.rule} in the episode table`)
    const registered = await registerDeadline(
      tx,
      {
        localAreaId: episode.localAreaId,
        organisationId: episode.localAuthorityId,
        assignedUserId: episode.leadUserId,
        ruleId: start.rule,
        subjectType: 'episode',
        subjectId: episode.id,
        childId: episode.childId,
        title: `${rule.value.name} (${episode.reference})`,
        startedOn: start.from === 'referral' ? storedDate(episode.referralDate) : input.occurredOn,
      },
      now,
    )
    if (!registered.ok) return err(domainError('EPISODE.CLOCK_FAILED', registered.error.message))
  }

  await audit('episode.step_taken', allowed.reason, {
    step: input.step,
    outcome: input.outcome,
    from,
    to,
    childId: episode.childId,
  })
  return ok({ stepId, from, to, transition: row })
}

/** What a step's `run` knows that taking an episode step needs: its transaction, who takes it, when, and the request. */
export interface RunContext {
  readonly tx: Transaction<DB>
  readonly actor: Actor
  readonly now: Date
  readonly meta: RequestMeta
}

/** `takeEpisodeStep` from a step declaration's `run`, which has the transaction, the person and the time in its context. */
export function takeCaseStep(
  { tx, actor, now, meta }: RunContext,
  loaded: { readonly episode: EpisodeRow; readonly facts: EpisodeFacts },
  input: EpisodeStepInput,
): Promise<Result<StepTaken, EpisodeStepError>> {
  return takeEpisodeStep(tx, actor, loaded, input, now, meta)
}

/** Every clock an episode may hold open; a closed episode holds none. */
const openClockRules = [
  'child-and-family-assessment',
  'initial-child-protection-conference',
  'first-core-group',
  'first-review-conference',
  'next-review-conference',
] as const
