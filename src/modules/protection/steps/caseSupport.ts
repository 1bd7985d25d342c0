import { sql, type Transaction } from 'kysely'
import type { Option } from '../../../platform/forms/fields.js'
import { decide, type EpisodeFacts } from '../../access/domain/policy.js'
import { formatLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { londonInstant as londonWallClockInstant } from '../../../platform/calendar/london.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import type { CaseInputCode } from '../domain/caseWork.js'
import {
  episodeTransitions,
  isEpisodePhase,
  transition,
  type DateOrderCode,
  type EpisodePhase,
  type EpisodeStep,
  type MissingAgenciesCode,
} from '../domain/episode.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { loadEpisode, type EpisodeRow } from '../queries/episodeAccess.js'
import type { EpisodeStepError } from './takeEpisodeStep.js'

/** Every way a case action can fail; the web edge maps each code to a page or an HTTP status. */
export type CaseError = DomainError<
  'EPISODE.NOT_FOUND' | 'CASE.CONFLICT' | CaseInputCode | DateOrderCode | MissingAgenciesCode | EpisodeStepError['code']
>

export interface OpenCase {
  readonly tx: Transaction<DB>
  readonly episode: EpisodeRow
  readonly facts: EpisodeFacts
  readonly phase: EpisodePhase
  readonly now: Date
  readonly today: LocalDate
  /** Why the actor may see the case, for the audit row. */
  readonly reason: string
}

/**
 * Runs a case action in one transaction with the episode row locked: the actor must be social care of the
 * local authority that holds the case (anything else answers "not found", and the attempt is audited, so a
 * guessed or foreign id reveals nothing). The body does the rest and its writes commit with the audit rows.
 */
export async function inCase<T>(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  meta: RequestMeta,
  action: string,
  body: (c: OpenCase) => Promise<Result<T, CaseError>>,
): Promise<Result<T, CaseError>> {
  const now = deps.clock.now()
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const result = await inCaseBody(tx, actor, episodeId, meta, action, now, body)
      // A step refused after it began writing (a clock that cannot be computed) must leave nothing behind.
      if (!result.ok && result.error.code === 'EPISODE.CLOCK_FAILED') throw new RolledBack(result)
      return result
    })
  } catch (e) {
    if (e instanceof RolledBack) return e.result as Result<T, CaseError>
    throw e
  }
}

class RolledBack extends Error {
  constructor(readonly result: Result<unknown, CaseError>) {
    super('rolled back')
  }
}

async function inCaseBody<T>(
  tx: Transaction<DB>,
  actor: Actor,
  episodeId: string,
  meta: RequestMeta,
  action: string,
  now: Date,
  body: (c: OpenCase) => Promise<Result<T, CaseError>>,
): Promise<Result<T, CaseError>> {
  const loaded = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(episodeId)
    ? await loadEpisode(tx, episodeId, { forUpdate: true })
    : undefined
  const decision = loaded === undefined ? undefined : decide(actor, { kind: 'episode.view', episode: loaded.facts })
  if (loaded === undefined || decision === undefined || !decision.allowed || !isEpisodePhase(loaded.episode.phase)) {
    await auditCaseDenied(tx, actor, episodeId, decision?.reason ?? 'no such case', action, meta, now)
    return err(domainError('EPISODE.NOT_FOUND', 'There is no such case'))
  }
  return body({
    tx,
    episode: loaded.episode,
    facts: loaded.facts,
    phase: loaded.episode.phase,
    now,
    today: todayInEngland(now),
    reason: decision.reason,
  })
}

export async function auditCaseDenied(
  tx: Transaction<DB>,
  actor: Actor,
  episodeId: string,
  reason: string,
  action: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  await appendAudit(
    tx,
    {
      ...actorAudit(actor),
      action: 'episode.access_denied',
      subjectType: 'episode',
      subjectId: episodeId.slice(0, 100),
      reason,
      correlationId: meta.correlationId,
      details: { action },
    },
    now,
  )
}

/** The roles that lead a step in a phase, from the transition table. */
export const stepRolesIn = (phase: EpisodePhase, step: EpisodeStep): Role[] => [
  ...new Set(episodeTransitions.filter((t) => t.step === step && t.from.includes(phase)).flatMap((t) => t.who)),
]

/**
 * Before validating a step's own fields: is the step open in this phase at all (else the table's plain
 * refusal), and does this person lead it (else a refusal, audited)? takeEpisodeStep checks both again when
 * the step is taken; this order makes the answer to an illegal step the refusal rather than field errors.
 */
export async function checkStepOpen(
  c: OpenCase,
  actor: Actor,
  step: EpisodeStep,
  meta: RequestMeta,
): Promise<Result<true, CaseError>> {
  const open = transition(c.phase, step, '')
  if (!open.ok && open.error.code === 'EPISODE.STEP_NOT_ALLOWED') return err(open.error)
  return checkActs(c, actor, stepRolesIn(c.phase, step), step, meta)
}

/** Whether the actor may act on the case in one of `roles` (episode.act), with a denial audited. */
export async function checkActs(
  c: OpenCase,
  actor: Actor,
  roles: readonly Role[],
  what: string,
  meta: RequestMeta,
): Promise<Result<true, CaseError>> {
  const allowed = decide(actor, { kind: 'episode.act', episode: c.facts, stepRoles: roles })
  if (allowed.allowed) return ok(true)
  await appendAudit(
    c.tx,
    {
      ...actorAudit(actor),
      action: 'episode.step_denied',
      subjectType: 'episode',
      subjectId: c.episode.id,
      reason: allowed.reason,
      correlationId: meta.correlationId,
      details: { step: what },
    },
    c.now,
  )
  return err(domainError('EPISODE.NOT_ALLOWED', `You cannot do this: ${allowed.reason}`))
}

/**
 * A form that is not an episode step (a conference invitation, an agency's report) carries a one-time key too:
 * the first submission claims it; the same key again is refused and nothing is written.
 */
export async function claimSubmission(
  tx: Transaction<DB>,
  key: string | undefined,
  episodeId: string,
  action: string,
  actor: Actor,
  now: Date,
): Promise<Result<true, CaseError>> {
  if (key === undefined || key === '') return ok(true)
  const claimed = await tx
    .insertInto('case_submission')
    .values({
      submission_key: key.slice(0, 200),
      episode_id: episodeId,
      action,
      submitted_by: actor.userId,
      submitted_at: now,
    })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('submission_key')
    .executeTakeFirst()
  if (claimed === undefined)
    return err(
      domainError('EPISODE.ALREADY_SUBMITTED', 'This has already been recorded – it was not recorded a second time'),
    )
  return ok(true)
}

/** Takes a step's key before anything else is written, so a repeat is refused before it can fail elsewhere. */
export async function stepKeyUsed(tx: Transaction<DB>, key: string | undefined): Promise<boolean> {
  if (key === undefined || key === '') return false
  return (
    (await tx.selectFrom('episode_step').select('id').where('submission_key', '=', key).executeTakeFirst()) !==
    undefined
  )
}

export const alreadySubmitted = (): CaseError =>
  domainError('EPISODE.ALREADY_SUBMITTED', 'This has already been recorded – it was not recorded a second time')

/**
 * A child in need plan starts when a step leads to one; its outcomes are required. One plan is open per
 * episode: an earlier open one ends the day the new one starts.
 */
export async function startChildInNeedPlan(
  tx: Transaction<DB>,
  episode: EpisodeRow,
  startedOn: LocalDate,
  outcomes: string,
  now: Date,
): Promise<string> {
  await endChildInNeedPlan(tx, episode.id, startedOn)
  const id = newId()
  await tx
    .insertInto('child_in_need_plan')
    .values({
      id,
      episode_id: episode.id,
      child_id: episode.childId,
      started_on: formatLocalDate(startedOn),
      outcomes,
      lead_user_id: episode.leadUserId,
      ended_on: null,
      created_at: now,
    })
    .execute()
  return id
}

export async function endChildInNeedPlan(tx: Transaction<DB>, episodeId: string, endedOn: LocalDate): Promise<void> {
  await tx
    .updateTable('child_in_need_plan')
    .set({ ended_on: formatLocalDate(endedOn) })
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .execute()
}

export const day = (text: string): LocalDate => {
  const parsed = parseLocalDate(text)
  if (!parsed.ok) throw new Error(`Unreadable date ${text} in the database`)
  return parsed.value
}

/** The section 47 enquiry under way (or last concluded), with the date of the strategy discussion that started it. */
export async function latestSection47(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('section47_enquiry as s')
    .innerJoin('strategy_discussion as d', 'd.id', 's.strategy_discussion_id')
    .select(['s.id', 's.started_on', 's.outcome', 's.conference_required', 's.concluded_on', 'd.held_at', 'd.held_on'])
    .where('s.episode_id', '=', episodeId)
    .orderBy('s.created_at', 'desc')
    .executeTakeFirst()
}

/** The open child protection plan of an episode. */
export async function openPlan(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('child_protection_plan')
    .select(['id', 'started_on', 'latest_category', 'lead_user_id', 'conference_id'])
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
}

/** The open child in need plan of an episode. */
export async function openChildInNeedPlan(tx: Transaction<DB>, episodeId: string) {
  return tx
    .selectFrom('child_in_need_plan')
    .select(['id', 'started_on'])
    .where('episode_id', '=', episodeId)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
}

/** Audits a successful case action that is not itself an episode step. */
export async function auditCase(
  c: OpenCase,
  actor: Actor,
  action: string,
  meta: RequestMeta,
  details: Record<string, unknown>,
): Promise<void> {
  await appendAudit(
    c.tx,
    {
      ...actorAudit(actor),
      action,
      subjectType: 'episode',
      subjectId: c.episode.id,
      reason: c.reason,
      correlationId: meta.correlationId,
      details: { childId: c.episode.childId, ...details },
    },
    c.now,
  )
}

/**
 * A Europe/London wall-clock date and time (the time reader's 24-hour `HH:MM`) as an instant (British Summer
 * Time checked both ways).
 */
export function londonInstant(date: LocalDate, hhmm: string): Date {
  return new Date(
    londonWallClockInstant(date.year, date.month, date.day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))),
  )
}

/**
 * The holding local authority's active staff with `role`, by name, as a form's options (lead practitioners,
 * team managers, conference chairs): a choice among them is refused if it names anyone else.
 */
export async function staffWithRole(tx: Transaction<DB>, localAuthorityId: string, role: Role): Promise<Option[]> {
  const rows = await tx
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', localAuthorityId)
    .where('active', '=', true)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .orderBy('display_name')
    .execute()
  return rows.map((u) => ({ value: u.id, text: u.display_name }))
}

/** The local area's agencies other than the local authority that holds the case, as a form's options. */
export async function areaAgencies(tx: Transaction<DB>, episode: EpisodeRow): Promise<Option[]> {
  const rows = await tx
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('local_area_id', '=', episode.localAreaId)
    .where('id', '!=', episode.localAuthorityId)
    .orderBy('name')
    .execute()
  return rows.map((o) => ({ value: o.id, text: o.name }))
}
