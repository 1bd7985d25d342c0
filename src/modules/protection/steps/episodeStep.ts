import type { EpisodeFacts } from '../../access/domain/policy.js'
import { decide } from '../../access/domain/policy.js'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import type { Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { radios, type FieldSpec, type Option } from '../../../platform/forms/fields.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import type { AccessDecision, StepContext } from '../../../platform/steps/defineStep.js'
import {
  checkStepDate,
  episodeTransitions,
  isEpisodePhase,
  transition,
  type EarliestDate,
  type EpisodePhase,
  type EpisodeStep,
} from '../domain/episode.js'
import { loadEpisode, type EpisodeRow } from '../queries/episodeAccess.js'
import { stepRolesIn } from './caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'

/**
 * What every step declaration on a case shares, so each declaration says only what is its own: the case
 * loaded and locked, who may see its forms and who may take the step (the transition table's `who`), the
 * table's own refusal when the step is not open in the case's phase, and the page's frame.
 */
export interface LoadedCase {
  readonly episode: EpisodeRow
  readonly facts: EpisodeFacts
  readonly phase: EpisodePhase
  /** The child's name now, for the form's caption (the case page shows it too). */
  readonly childName: string
}

/** The case in the address, locked for the step (FOR UPDATE); undefined answers 404, as for an unknown id. */
export async function loadCase({ tx, params }: StepContext): Promise<LoadedCase | undefined> {
  const loaded = await loadEpisode(tx, params.id!, { forUpdate: true })
  if (loaded === undefined || !isEpisodePhase(loaded.episode.phase)) return undefined
  const child = await tx
    .selectFrom('child_current')
    .select(['given_name', 'family_name'])
    .where('id', '=', loaded.episode.childId)
    .executeTakeFirst()
  return {
    ...loaded,
    phase: loaded.episode.phase,
    childName: child === undefined ? '' : `${child.given_name} ${child.family_name}`,
  }
}

/** What a step reads about the case beyond the case itself (its open plan, its enquiry), by the episode's id. */
export type CaseReads = Readonly<Record<string, (tx: Transaction<DB>, episodeId: string) => Promise<unknown>>>

/** The case loaded with what `reads` found for it, under the same names. */
export type CaseWith<R extends CaseReads> = LoadedCase & { [K in keyof R]: Awaited<ReturnType<R[K]>> }

/**
 * A step's `load`: the case, and under each name of `reads` what that read finds for it (`{ plan: openPlan }`), in
 * the same transaction; undefined, as for an unknown case, when there is no such case.
 */
function loadCaseWith<R extends CaseReads>(reads: R) {
  return (ctx: StepContext) =>
    withCase(ctx, async (c): Promise<CaseWith<R>> => {
      const found: Record<string, unknown> = {}
      for (const [name, read] of Object.entries(reads)) found[name] = await read(ctx.tx, c.episode.id)
      return { ...c, ...found } as CaseWith<R>
    })
}

/**
 * For a step's `load` that reads more with the case than `reads` can say (what the form offers, a conference the
 * address names): the case, then `more` for it; undefined, as for an unknown case, when either finds nothing.
 */
export async function withCase<L>(
  ctx: StepContext,
  more: (c: LoadedCase) => Promise<L | undefined>,
): Promise<L | undefined> {
  const c = await loadCase(ctx)
  return c === undefined ? undefined : more(c)
}

/**
 * The parts of a case step's declaration that come from the transition table: everyone in social care of the
 * holding local authority sees the case and its forms; only the roles the table names for `step` in the case's
 * phase take it (others who see the case: 403; anyone else: 404, exactly as an unknown case). `reads`, what the
 * step loads with the case (`{ plan: openPlan }`).
 */
export function caseStep<R extends CaseReads = Record<never, never>>(step: EpisodeStep, reads?: R) {
  return {
    ...caseParts((c) => stepRolesIn(c.phase, step), reads),
    // The published contract of the table's steps, which external tools drive: a submission key sent again is
    // refused with 409 "already recorded" rather than answered again.
    repeatedKey: 'refuse',
  } as const
}

/**
 * The same parts for case work that is not a step of the transition table and does not move the case on
 * (allocating it, arranging a conference, inviting to one): `roles` of the holding local authority take it.
 */
export function caseWork(roles: readonly Role[]) {
  return caseParts(() => roles)
}

function caseParts<R extends CaseReads>(rolesFor: (c: LoadedCase) => readonly Role[], reads?: R) {
  const viewAccess = (actor: Actor, c: LoadedCase): AccessDecision => {
    const view = decide(actor, { kind: 'episode.view', episode: c.facts })
    return view.allowed ? view : { ...view, visible: false }
  }
  return {
    module: 'protection',
    // The group the document has always published case steps under.
    tag: 'Cases',
    load: loadCaseWith(reads ?? ({} as R)),
    viewAccess,
    access: (actor: Actor, c: LoadedCase): AccessDecision => {
      const view = viewAccess(actor, c)
      if (!view.allowed) return view
      const act = decide(actor, { kind: 'episode.act', episode: c.facts, stepRoles: rolesFor(c) })
      return act.allowed ? act : { ...act, visible: true }
    },
    subject: (c: LoadedCase) => ({ type: 'episode', id: c.episode.id }),
    done: (_out: unknown, params: Readonly<Record<string, string>>) => `/cases/${params.id}?recorded=1`,
    caption: (c: LoadedCase) => `${c.childName} – case ${c.episode.reference}`,
    back: (params: Readonly<Record<string, string>>) => ({ href: `/cases/${params.id}`, text: 'Back to the case' }),
  } as const
}

/** The table's plain refusal when `step` is not open in the case's phase ("The case is closed …"). */
export function notOpen(c: LoadedCase, step: EpisodeStep): string | undefined {
  const open = transition(c.phase, step, '')
  return !open.ok && open.error.code === 'EPISODE.STEP_NOT_ALLOWED' ? open.error.message : undefined
}

/** Fields an outcome's option reveals (the GOV.UK conditional reveal), by outcome: asked only when it is chosen. */
type RevealsByOutcome = Readonly<Partial<Record<string, readonly string[]>>>

/** A step's outcomes from the transition table, as the options of its radios. */
function outcomeOptions(step: EpisodeStep, reveals: RevealsByOutcome): Option[] {
  const seen = new Set<string>()
  return episodeTransitions
    .filter((t) => t.step === step && !seen.has(t.outcome) && seen.add(t.outcome))
    .map((t) => {
      const shown = reveals[t.outcome]
      return shown === undefined
        ? { value: t.outcome, text: t.label }
        : { value: t.outcome, text: t.label, reveals: shown }
    })
}

/** The question a step's form asks for its outcome, offering the transition table's outcomes of `step`. */
export const outcomeField = (
  step: EpisodeStep,
  question: { readonly label: string; readonly hint?: string; readonly required: string },
  reveals: RevealsByOutcome = {},
): FieldSpec => radios({ ...question, options: outcomeOptions(step, reveals) })

/** Where `outcome` of `step` leads from the case's phase, if the table allows it. */
export function leadsTo(c: LoadedCase, step: EpisodeStep, outcome: unknown): EpisodePhase | undefined {
  const next = transition(c.phase, step, typeof outcome === 'string' ? outcome : '')
  return next.ok ? next.value.to : undefined
}

/** The refusal of a step that needs the open child protection plan when the child has none. */
export const NO_PLAN = 'The child does not have a child protection plan'

/** The earliest a step's date may be: the day a record (`since`, as the database keeps it) began, if there is one. */
export const notBefore = (since: string | undefined, what: string): EarliestDate =>
  since === undefined ? undefined : { date: storedDate(since), what }

/** "Not in the future, not before `earliest`" as the field error a step's `check` returns. */
export function dateInOrder(
  field: string,
  value: unknown,
  today: LocalDate,
  earliest: EarliestDate,
): Record<string, string> {
  if (value === undefined) return {}
  const inOrder = checkStepDate(field, value as LocalDate, today, earliest)
  return inOrder.ok ? {} : (inOrder.error.fields ?? { [field]: inOrder.error.message })
}
