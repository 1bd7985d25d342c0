import { sql, type Kysely, type Transaction } from 'kysely'
import { decide, type Action, type ConcernFacts } from '../../access/domain/policy.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { RequestMeta } from '../../../platform/context.js'
import { loadById } from '../../../platform/db/loadById.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { domainError, err, ok, type DomainError, type Err, type Result } from '../../../platform/shared/result.js'
import { isConcernState, type ConcernEvent, type ConcernState } from '../domain/workflow.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ConcernRow {
  readonly id: string
  readonly reference: string
  readonly organisationId: string
  readonly localAreaId: string
  readonly authorUserId: string
  readonly state: string
  readonly facts: ConcernFacts
}

/** Loads what access decisions need about a concern; `forUpdate` serialises workflow changes to it. */
export const loadConcern = (db: Q, id: string, options: LoadOptions = {}): Promise<ConcernRow | undefined> =>
  loadById(
    id,
    options,
    (id, forUpdate) =>
      db
        .selectFrom('concern')
        .select(['id', 'reference', 'organisation_id', 'local_area_id', 'author_user_id', 'state'])
        .select(({ exists, selectFrom }) =>
          exists(
            selectFrom('concern_escalation as b')
              .select('b.concern_id')
              .whereRef('b.concern_id', '=', 'concern.id')
              .where('b.stage', '=', 'backup')
              .where('b.recipients', '>', 0),
          ).as('reached_backup'),
        )
        .where('id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate()),
    (r) => ({
      id: r.id,
      reference: r.reference,
      organisationId: r.organisation_id,
      localAreaId: r.local_area_id,
      authorUserId: r.author_user_id,
      state: r.state,
      facts: {
        organisationId: r.organisation_id,
        authorUserId: r.author_user_id,
        reachedBackup: r.reached_backup === true,
      },
    }),
  )

/** The answer to a refused look at or action on a concern and to an id that is no concern alike. */
export const concernNotFound = domainError('CONCERN.NOT_FOUND', 'There is no such concern')

/**
 * A refused look at or action on a concern, in the audit trail; the answer is that there is no such concern, the
 * same as for an id that is no concern, so who may not see it is not told it exists.
 */
export async function noSuchConcern(
  q: Q,
  actor: Actor,
  refused: {
    readonly action: 'concern.view_denied' | 'concern.action_denied'
    readonly concernId: string
    readonly reason: string
    readonly details?: Readonly<Record<string, unknown>>
  },
  meta: RequestMeta,
  now: Date,
): Promise<Err<DomainError<'CONCERN.NOT_FOUND'>>> {
  const { concernId, ...entry } = refused
  await auditRefusal(q, actor, { ...entry, subjectType: 'concern', subjectId: concernId }, meta, now)
  return err(concernNotFound)
}

/**
 * The concern, locked for its workflow change, when this person may do `event` to it (`access`). Otherwise the
 * refusal is audited and the answer is that there is no such concern: who may not act on it is not told it exists.
 */
export async function concernToActOn(
  tx: Transaction<DB>,
  actor: Actor,
  concernId: string,
  event: ConcernEvent,
  access: (c: ConcernRow) => Action,
  meta: RequestMeta,
  now: Date,
): Promise<Result<{ concern: ConcernRow; state: ConcernState; reason: string }, DomainError<'CONCERN.NOT_FOUND'>>> {
  const concern = await loadConcern(tx, concernId, { forUpdate: true })
  const decision = concern === undefined ? undefined : decide(actor, access(concern))
  if (concern === undefined || decision === undefined || !decision.allowed || !isConcernState(concern.state))
    return noSuchConcern(
      tx,
      actor,
      { action: 'concern.action_denied', concernId, reason: decision?.reason ?? 'no such concern', details: { event } },
      meta,
      now,
    )
  return ok({ concern, state: concern.state, reason: decision.reason })
}

/**
 * The names of a concern's children, as known now, in one text ("Ava Stone, Leo Stone"), for lists of concerns.
 * Each child is looked up in child_current by id (see childCurrentOf for why not a plain join).
 */
export const concernChildNames = (concernId: `${string}.id`) =>
  sql<string | null>`(SELECT string_agg(ch.given_name || ' ' || ch.family_name, ', ' ORDER BY ch.family_name)
    FROM concern_child cc
    CROSS JOIN LATERAL (SELECT given_name, family_name FROM child_current WHERE id = cc.child_id LIMIT 1) ch
    WHERE cc.concern_id = ${sql.ref(concernId)})`
