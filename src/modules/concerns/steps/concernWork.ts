import type { Transaction } from 'kysely'
import { z } from 'zod'
import { decide, type Action } from '../../access/domain/policy.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import type { AccessDecision, StepContext } from '../../../platform/steps/defineStep.js'
import { concernStates, isConcernState, transition, type ConcernEvent, type ConcernState } from '../domain/workflow.js'
import { loadConcern, type ConcernRow } from '../queries/concernAccess.js'

export interface ConcernLoaded {
  readonly concern: ConcernRow
  readonly state: ConcernState
}

/** The kind of a concern_event row for each event, as the concern's history and the chronology read it. */
export const concernEventKind: Readonly<Record<Exclude<ConcernEvent, 'decide'>, string>> = {
  acknowledge: 'acknowledged',
  request_information: 'information_requested',
  provide_information: 'information_provided',
  add_addendum: 'addendum',
}

/** One entry of a concern's history: what kind, the person's words, and for a decision what was decided. */
export interface ConcernEventRow {
  readonly kind: string
  readonly text: string
  readonly decisionKind: string | null
  readonly reviewOn: string | null
  /** JSON. */
  readonly details: string
}

/** Adds an entry to the concern's history, as `actor` now (the concern as recorded never changes). */
export async function insertConcernEvent(
  tx: Transaction<DB>,
  actor: Actor,
  concernId: string,
  event: ConcernEventRow,
  now: Date,
): Promise<void> {
  await tx
    .insertInto('concern_event')
    .values({
      id: newId(),
      concern_id: concernId,
      kind: event.kind,
      actor_user_id: actor.userId,
      actor_organisation_id: actor.organisationId,
      text: event.text,
      decision_kind: event.decisionKind,
      review_on: event.reviewOn,
      details: event.details,
      created_at: now,
    })
    .execute()
}

/**
 * Appends the event to the concern's history and moves its state where the workflow table says. The caller has
 * locked the concern and checked the transition.
 */
export async function appendConcernEvent(
  tx: Transaction<DB>,
  actor: Actor,
  concern: ConcernRow,
  event: Exclude<ConcernEvent, 'decide'>,
  next: ConcernState,
  text: string,
  now: Date,
): Promise<void> {
  const kind = concernEventKind[event]
  await insertConcernEvent(
    tx,
    actor,
    concern.id,
    { kind, text, decisionKind: null, reviewOn: null, details: '{}' },
    now,
  )
  if (next !== concern.state)
    await tx.updateTable('concern').set({ state: next, state_changed_at: now }).where('id', '=', concern.id).execute()
}

/**
 * What every step declaration on a concern shares: the concern loaded and locked (FOR UPDATE) for its workflow
 * change, and who may take the step (`act`). Anyone who may not is told there is no such concern (404, audited),
 * as before the engine: the backup head who may read a concern nobody acknowledged still may not act on it. A
 * step the workflow does not allow in the concern's state is refused with CONCERN.TRANSITION_NOT_ALLOWED (409).
 * The concern's own page holds the step's form (`formPath: null`).
 */
export function concernWork(event: ConcernEvent, act: (c: ConcernRow) => Action) {
  return {
    module: 'concerns',
    tag: 'Concerns',
    formPath: null,
    load: async ({ tx, params }: StepContext): Promise<ConcernLoaded | undefined> => {
      const concern = await loadConcern(tx, params.id!, { forUpdate: true })
      return concern === undefined || !isConcernState(concern.state) ? undefined : { concern, state: concern.state }
    },
    access: (actor: Actor, { concern }: ConcernLoaded): AccessDecision => {
      const allowed = decide(actor, act(concern))
      return allowed.allowed ? allowed : { ...allowed, visible: false }
    },
    conflict: ({ state }: ConcernLoaded) => {
      const next = transition(state, event)
      return next.ok ? undefined : next.error
    },
    subject: ({ concern }: ConcernLoaded) => ({ type: 'concern', id: concern.id }),
    caption: ({ concern }: ConcernLoaded) => `Concern ${concern.reference}`,
    back: (params: Readonly<Record<string, string>>) => ({
      href: `/concerns/${params.id}`,
      text: 'Back to the concern',
    }),
    done: (_out: unknown, params: Readonly<Record<string, string>>) => `/concerns/${params.id}`,
  } as const
}

/**
 * A step that appends one event to the concern's history (`words`, what the person wrote, if anything): besides
 * `concernWork`, its run, its answer (the concern's new state) and its audit details (the state it moved from and to).
 */
export function concernEventStep(
  event: Exclude<ConcernEvent, 'decide'>,
  act: (c: ConcernRow) => Action,
  words: (input: Record<string, unknown>) => string,
) {
  return {
    ...concernWork(event, act),
    run: async ({ tx, now, actor }: StepContext, input: Record<string, unknown>, { concern, state }: ConcernLoaded) => {
      // `conflict` has refused a concern the workflow does not let take the event.
      const next = transition(state, event)
      if (!next.ok) return next
      await appendConcernEvent(tx, actor, concern, event, next.value, words(input), now)
      return ok({ state: next.value })
    },
    auditDetails: (out: { state: ConcernState }, _input: unknown, { state }: ConcernLoaded) => ({
      from: state,
      to: out.state,
    }),
    output: z.object({ state: z.enum(concernStates) }),
  } as const
}
