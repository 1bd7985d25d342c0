import type { Transaction } from 'kysely'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { formatLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { Actor } from '../../people/domain/actor.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import { findRule } from '../../timescales/domain/rules.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  familyHelpTransition,
  isFamilyHelpPhase,
  type FamilyHelpPhase,
  type FamilyHelpStep,
  type FamilyHelpTransition,
} from '../domain/episode.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { checkEpisodeDate } from '../domain/rules.js'
import { loadFamilyHelpEpisode, type LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'

/** Every expected failure of a family help step, with a stable code the web edge maps to a status. */
export type FamilyHelpError = DomainError<string>

export const SUBJECT_TYPE = 'family_help_episode'

/** What a step's own code sees once the episode is loaded, locked and the step allowed. */
export interface StepContext {
  readonly tx: Transaction<DB>
  readonly actor: Actor
  readonly loaded: LoadedFamilyHelpEpisode
  readonly today: LocalDate
  readonly now: Date
  readonly stepId: string
  readonly from: FamilyHelpPhase
  readonly to: FamilyHelpPhase
}

export interface StepSpec<T> {
  readonly step: FamilyHelpStep
  readonly outcome?: string
  /** The form's date field (raw), checked: not in the future, not before the episode opened. */
  readonly date?: { readonly field: string; readonly value: string; readonly required: string }
  readonly submissionKey?: string | undefined
  /** Field checks that need no database, run before anything is loaded; a failure writes nothing. */
  readonly validate?: () => Result<unknown, FamilyHelpError>
  /** Checks against the loaded episode (team, plan); a failure writes nothing. */
  readonly check?: (
    c: Omit<StepContext, 'stepId' | 'from' | 'to'>,
    occurredOn: LocalDate,
  ) => Promise<Result<unknown, FamilyHelpError>>
  /** What the step stores in family_help_step.details. */
  readonly details?: (occurredOn: LocalDate) => Readonly<Record<string, unknown>>
  /** The step's own writes, after its step row; returns the answer. */
  readonly write?: (c: StepContext, occurredOn: LocalDate) => Promise<T>
  /** Extra audit details (never free text about the family). */
  readonly audit?: Readonly<Record<string, unknown>>
}

const notFound = () => domainError('FAMILY_HELP.NOT_FOUND', 'There is no such family help episode')

function parseDate(field: string, value: string, required: string): Result<LocalDate, FamilyHelpError> {
  if (value.trim() === '') return err(domainError('FAMILY_HELP.INVALID', required, { [field]: required }))
  const parsed = parseLocalDate(value.trim())
  if (!parsed.ok) {
    const message = 'Enter a real date, for example 27 3 2026'
    return err(domainError('FAMILY_HELP.INVALID', message, { [field]: message }))
  }
  return ok(parsed.value)
}

/**
 * The one way a family help episode moves on: one transaction with the episode row locked; the access policy
 * (an agency outside the team gets "not found", audited); the submission key (a form sent twice writes once);
 * the transition table; the date rule; the step's own checks; then the step row, the phase, the step's own
 * writes, its clocks started and met, and the audit row — all or nothing.
 */
export async function runFamilyHelpStep<T>(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  spec: StepSpec<T>,
  meta: RequestMeta,
): Promise<Result<T & { readonly stepId: string; readonly phase: FamilyHelpPhase }, FamilyHelpError>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  const validated = spec.validate?.()
  if (validated !== undefined && !validated.ok) return validated
  let date: LocalDate = today
  if (spec.date !== undefined) {
    const parsed = parseDate(spec.date.field, spec.date.value, spec.date.required)
    if (!parsed.ok) return parsed
    date = parsed.value
  }
  return deps.db.transaction().execute(async (tx) => {
    const loaded = await loadFamilyHelpEpisode(tx, episodeId, { forUpdate: true })
    const view =
      loaded === undefined ? undefined : decideFamilyHelp(actor, { kind: 'family_help.view', episode: loaded.facts })
    if (loaded === undefined || view === undefined || !view.allowed) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'family_help.access_denied',
          subjectType: SUBJECT_TYPE,
          subjectId: episodeId.slice(0, 100),
          reason: view?.reason ?? 'no such episode',
          correlationId: meta.correlationId,
          details: { step: spec.step },
        },
        now,
      )
      return err(notFound())
    }
    if (spec.submissionKey !== undefined && spec.submissionKey !== '') {
      const seen = await tx
        .selectFrom('family_help_step')
        .select('id')
        .where('submission_key', '=', spec.submissionKey)
        .executeTakeFirst()
      if (seen !== undefined)
        return err(
          domainError(
            'FAMILY_HELP.ALREADY_SUBMITTED',
            'This has already been recorded. It was not recorded a second time',
          ),
        )
    }
    const phase = loaded.episode.phase
    if (!isFamilyHelpPhase(phase)) throw new Error(`Family help episode ${episodeId} is in an unknown phase ${phase}`)
    const next = familyHelpTransition(phase, spec.step, spec.outcome ?? 'recorded')
    if (!next.ok) return err(next.error)
    const allowed = decideFamilyHelp(actor, { kind: 'family_help.act', episode: loaded.facts, step: spec.step })
    if (!allowed.allowed) {
      await appendAudit(
        tx,
        {
          ...actorAudit(actor),
          action: 'family_help.step_denied',
          subjectType: SUBJECT_TYPE,
          subjectId: loaded.episode.id,
          reason: allowed.reason,
          correlationId: meta.correlationId,
          details: { step: spec.step },
        },
        now,
      )
      return err(domainError('FAMILY_HELP.NOT_ALLOWED', `You cannot do this: ${allowed.reason}`))
    }
    if (spec.date !== undefined) {
      const opened = parseLocalDate(loaded.episode.openedOn)
      if (!opened.ok) throw new Error(`Episode ${episodeId} has an unreadable opening date`)
      const inRange = checkEpisodeDate(spec.date.field, date, today, {
        date: opened.value,
        what: 'the day the episode was opened',
      })
      if (!inRange.ok) return err(inRange.error)
    }
    const base = { tx, actor, loaded, today, now }
    const checked = await spec.check?.(base, date)
    if (checked !== undefined && !checked.ok) return err(checked.error)

    const stepId = newId()
    const to = next.value.to
    await tx
      .insertInto('family_help_step')
      .values({
        id: stepId,
        episode_id: loaded.episode.id,
        step: spec.step,
        outcome: spec.outcome ?? 'recorded',
        from_phase: phase,
        to_phase: to,
        occurred_on: formatLocalDate(date),
        details: JSON.stringify(spec.details?.(date) ?? {}),
        actor_user_id: actor.userId,
        actor_organisation_id: actor.organisationId,
        submission_key: spec.submissionKey === '' ? null : (spec.submissionKey ?? null),
        created_at: now,
      })
      .execute()
    if (to !== phase) {
      await tx
        .updateTable('family_help_episode')
        .set({ phase: to, phase_changed_at: now })
        .where('id', '=', loaded.episode.id)
        .execute()
    }
    const value = spec.write === undefined ? ({} as T) : await spec.write({ ...base, stepId, from: phase, to }, date)
    const clocks = await moveClocks(tx, loaded, next.value.row, date, now)
    if (!clocks.ok) throw new Error(clocks.error.message)
    await appendAudit(
      tx,
      {
        ...actorAudit(actor),
        action: 'family_help.step_taken',
        subjectType: SUBJECT_TYPE,
        subjectId: loaded.episode.id,
        reason: allowed.reason,
        correlationId: meta.correlationId,
        details: { step: spec.step, outcome: spec.outcome ?? 'recorded', from: phase, to, ...spec.audit },
      },
      now,
    )
    return ok({ ...value, stepId, phase: to })
  })
}

/** Stops the clocks a step meets and starts the ones it begins, assigned to the lead practitioner. */
async function moveClocks(
  tx: Transaction<DB>,
  loaded: LoadedFamilyHelpEpisode,
  row: FamilyHelpTransition,
  occurredOn: LocalDate,
  now: Date,
): Promise<Result<true, FamilyHelpError>> {
  const subject = { type: SUBJECT_TYPE, id: loaded.episode.id }
  for (const rule of row.completes) await completeDeadline(tx, subject, rule, now)
  for (const ruleId of row.starts) {
    const rule = findRule(ruleId)
    if (!rule.ok) return err(rule.error)
    const lead = await tx
      .selectFrom('family_help_episode')
      .select(['lead_user_id', 'lead_organisation_id'])
      .where('id', '=', loaded.episode.id)
      .executeTakeFirstOrThrow()
    const registered = await registerDeadline(
      tx,
      {
        localAreaId: loaded.episode.localAreaId,
        organisationId: lead.lead_organisation_id ?? loaded.episode.coordinatingOrganisationId,
        assignedUserId: lead.lead_user_id,
        ruleId,
        subjectType: SUBJECT_TYPE,
        subjectId: loaded.episode.id,
        childId: loaded.childIds[0] ?? null,
        title: `${rule.value.name} (${loaded.episode.reference})`,
        startedOn: occurredOn,
      },
      now,
    )
    if (!registered.ok) return err(registered.error)
  }
  return ok(true)
}
