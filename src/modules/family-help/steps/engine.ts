import type { Transaction, Updateable } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../../platform/db/schema.js'
import {
  compareLocalDate,
  formatLocalDate,
  parseLocalDate,
  type LocalDate,
  formatLongDate,
} from '../../../platform/calendar/localDate.js'
import { radios } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import type { AccessDecision, StepContext } from '../../../platform/steps/defineStep.js'
import { findRule } from '../../timescales/domain/rules.js'
import { completeDeadline, registerDeadline } from '../../timescales/steps/registerDeadline.js'
import {
  familyHelpOutcomesFor,
  familyHelpTransition,
  familyHelpTransitions,
  isFamilyHelpPhase,
  type FamilyHelpPhase,
  type FamilyHelpStep,
} from '../domain/episode.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { checkMeetingDate } from '../domain/rules.js'
import { loadFamilyHelpEpisode, type LoadedFamilyHelpEpisode } from '../queries/episodeAccess.js'

/**
 * What every family help step shares, for its defineStep declaration: loading the episode (locked), the access
 * policy (an agency outside the team gets "not found"; a team member whose part this is not gets 403), the
 * transition table (why a step cannot be taken now), the date rules, and taking the step itself — its row in
 * family_help_step, the phase, and its clocks started and met — in the engine's one transaction.
 */
export type FamilyHelpError = DomainError<string>

export const SUBJECT_TYPE = 'family_help_episode'

export const loadForStep = (ctx: StepContext): Promise<LoadedFamilyHelpEpisode | undefined> =>
  loadFamilyHelpEpisode(ctx.tx, ctx.params['id'] ?? '', { forUpdate: true })

export const accessFor =
  (step: FamilyHelpStep) =>
  (actor: Actor, loaded: LoadedFamilyHelpEpisode): AccessDecision => {
    const view = decideFamilyHelp(actor, { kind: 'family_help.view', episode: loaded.facts })
    if (!view.allowed) return { allowed: false, reason: view.reason, visible: false }
    const act = decideFamilyHelp(actor, { kind: 'family_help.act', episode: loaded.facts, step })
    return act.allowed ? act : { allowed: false, reason: act.reason, visible: true }
  }

const phaseOf = (loaded: LoadedFamilyHelpEpisode): FamilyHelpPhase => {
  const phase = loaded.episode.phase
  if (!isFamilyHelpPhase(phase)) throw new Error(`Family help episode ${loaded.episode.id} has unknown phase ${phase}`)
  return phase
}

/** Why the step cannot be taken at all in the episode's phase (the table's own sentence), if it cannot. */
export const unavailableFor =
  (step: FamilyHelpStep) =>
  (loaded: LoadedFamilyHelpEpisode): string | undefined => {
    const phase = phaseOf(loaded)
    if (familyHelpOutcomesFor(phase, step).length > 0) return undefined
    const outcome = familyHelpTransitions.find((t) => t.step === step)?.outcome ?? 'recorded'
    const refused = familyHelpTransition(phase, step, outcome)
    return refused.ok ? undefined : refused.error.message
  }

/** A step's date: not in the future, and not before the episode was opened. */
export function episodeDateProblem(
  value: unknown,
  loaded: LoadedFamilyHelpEpisode,
  today: LocalDate,
  what: string,
): string | undefined {
  const date = value as LocalDate | undefined
  if (date === undefined) return undefined
  if (compareLocalDate(date, today) > 0) return `${what} must be today or in the past`
  const opened = openedOn(loaded)
  if (compareLocalDate(date, opened) < 0)
    return `${what} must be on or after the day the episode was opened (${formatLongDate(opened)})`
  return undefined
}

/** A rule for one field of a step, given what was entered in it: its problem, if it has one. */
export type FieldCheck = (value: unknown, loaded: LoadedFamilyHelpEpisode, today: LocalDate) => string | undefined

/** The outcome chosen in this field must be open in the episode's phase: the table's own sentence if it is not. */
export const openOutcome =
  (step: FamilyHelpStep): FieldCheck =>
  (value, loaded) => {
    const r = familyHelpTransition(phaseOf(loaded), step, String(value))
    return r.ok ? undefined : r.error.message
  }

/** This field is a step's date: not in the future, and not before the episode was opened (`what` names it). */
export const episodeDate =
  (what: string): FieldCheck =>
  (value, loaded, today) =>
    episodeDateProblem(value, loaded, today, what)

/** A step's `check` from a rule for each of some of its fields: each problem on its own field, in the order written. */
export function checkFields(checks: Readonly<Record<string, FieldCheck>>) {
  return (
    input: Readonly<Record<string, unknown>>,
    loaded: LoadedFamilyHelpEpisode,
    { today }: Pick<StepContext, 'today'>,
  ) =>
    problems(
      Object.fromEntries(Object.entries(checks).map(([field, rule]) => [field, rule(input[field], loaded, today)])),
    )
}

/** The problem, if any, with a meeting's date field: a meeting is arranged for today or later. */
export function meetingDateProblems(
  input: Readonly<Record<string, unknown>>,
  field: string,
  today: LocalDate,
): Record<string, string> {
  const on = input[field] as LocalDate | undefined
  const checked = on === undefined ? undefined : checkMeetingDate(field, on, today)
  return problems({ [field]: checked === undefined || checked.ok ? undefined : checked.error.message })
}

export const openedOn = (loaded: LoadedFamilyHelpEpisode): LocalDate => {
  const parsed = parseLocalDate(loaded.episode.openedOn)
  if (!parsed.ok) throw new Error(`Episode ${loaded.episode.id} has an unreadable opening date`)
  return parsed.value
}

export interface StepTaken {
  readonly stepId: string
  readonly phase: FamilyHelpPhase
}

/**
 * Appends the step, moves the phase, and stops and starts the step's clocks (assigned to the lead
 * practitioner, or the coordinating local authority when there is none yet).
 */
export async function takeStep(
  ctx: StepContext,
  loaded: LoadedFamilyHelpEpisode,
  step: { step: FamilyHelpStep; outcome?: string; occurredOn: LocalDate; details?: Record<string, unknown> },
): Promise<Result<StepTaken, FamilyHelpError>> {
  const from = phaseOf(loaded)
  const next = familyHelpTransition(from, step.step, step.outcome ?? 'recorded')
  if (!next.ok) return err(next.error)
  const { to, row } = next.value
  const stepId = newId()
  await ctx.tx
    .insertInto('family_help_step')
    .values({
      id: stepId,
      episode_id: loaded.episode.id,
      step: step.step,
      outcome: step.outcome ?? 'recorded',
      from_phase: from,
      to_phase: to,
      occurred_on: formatLocalDate(step.occurredOn),
      details: JSON.stringify(step.details ?? {}),
      actor_user_id: ctx.actor.userId,
      actor_organisation_id: ctx.actor.organisationId,
      submission_key: null,
      created_at: ctx.now,
    })
    .execute()
  if (to !== from) await updateEpisode(ctx.tx, loaded.episode.id, { phase: to, phase_changed_at: ctx.now })
  const subject = { type: SUBJECT_TYPE, id: loaded.episode.id }
  for (const rule of row.completes) await completeDeadline(ctx.tx, subject, rule, ctx.now)
  if (row.starts.length > 0) {
    const lead = await ctx.tx
      .selectFrom('family_help_episode')
      .select(['lead_user_id', 'lead_organisation_id'])
      .where('id', '=', loaded.episode.id)
      .executeTakeFirstOrThrow()
    for (const ruleId of row.starts) {
      const rule = findRule(ruleId)
      if (!rule.ok) return err(rule.error)
      const registered = await registerDeadline(
        ctx.tx,
        {
          localAreaId: loaded.episode.localAreaId,
          organisationId: lead.lead_organisation_id ?? loaded.episode.coordinatingOrganisationId,
          assignedUserId: lead.lead_user_id,
          ruleId,
          subjectType: SUBJECT_TYPE,
          subjectId: loaded.episode.id,
          childId: loaded.childIds[0] ?? null,
          title: `${rule.value.name} (${loaded.episode.reference})`,
          startedOn: step.occurredOn,
        },
        ctx.now,
      )
      if (!registered.ok) return err(domainError('FAMILY_HELP.CLOCK_FAILED', registered.error.message))
    }
  }
  return ok({ stepId, phase: to })
}

/** Changes the episode's own row (the phase, the lead, the closure…), in the step's transaction. */
export async function updateEpisode(
  tx: Transaction<DB>,
  episodeId: string,
  set: Updateable<DB['family_help_episode']>,
): Promise<void> {
  await tx.updateTable('family_help_episode').set(set).where('id', '=', episodeId).execute()
}

/** A step refused because of what was typed in one field: the message on that field and at the top. */
export const fieldProblem = (field: string, message: string) =>
  err(domainError('FAMILY_HELP.INVALID', message, { [field]: message }))

/** A practitioner found by the email address of their active Together account, with their organisation. */
export const activePersonByEmail = (tx: Transaction<DB>, email: unknown) =>
  tx
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.organisation_id',
      'u.display_name',
      'u.email',
      'o.local_area_id',
      'o.name as organisation_name',
    ])
    .where(({ fn }) => fn('lower', ['u.email']), '=', String(email).trim().toLowerCase())
    .where('u.active', '=', true)
    .executeTakeFirst()

/** What every family help step answers: the step recorded and the phase the episode is now in. */
export const stepOutput = z.object({ stepId: z.string(), phase: z.string() })
export type StepOutput = z.infer<typeof stepOutput>

export const common = {
  module: 'family-help',
  load: loadForStep,
  subject: (loaded: LoadedFamilyHelpEpisode) => ({ type: SUBJECT_TYPE, id: loaded.episode.id }),
  output: stepOutput,
  done: (_out: unknown, params: Readonly<Record<string, string>>) => `/family-help/${params['id'] ?? ''}?recorded=1`,
  caption: (loaded: LoadedFamilyHelpEpisode) => `Family help ${loaded.episode.reference}`,
  back: (params: Readonly<Record<string, string>>) => ({
    href: `/family-help/${params['id'] ?? ''}`,
    text: 'Back to the family',
  }),
} as const

/** A step's own rules, for its declaration: who may take it, and whether it can be taken now. */
export const stepRules = (step: FamilyHelpStep) => ({ access: accessFor(step), unavailable: unavailableFor(step) })

/** Asked whenever a lead practitioner is chosen, when assigning one and when stepping down to family help. */
export const familyHadSayField = radios({
  label: 'Did the family have a say in who their lead practitioner is?',
  required: 'Select whether the family had a say',
  inline: true,
  options: optionsOf(yesNo),
})

/** The steps' per-row fields (action1What…): present rows, in order, from a form's flat input. */
export function rows<T>(count: number, read: (i: number) => T | undefined): T[] {
  const out: T[] = []
  for (let i = 1; i <= count; i++) {
    const r = read(i)
    if (r !== undefined) out.push(r)
  }
  return out
}

/** A step's `check` answer from possibly-missing problems: only the fields that have one. */
export const problems = (found: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => e[1] !== undefined))
