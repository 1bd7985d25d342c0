import type { Transaction } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import type { DB } from '../../../platform/db/schema.js'
import { newId } from '../../../platform/security/secrets.js'
import { auditRefusal } from '../../../platform/audit/auditLog.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { isUuid } from '../../../platform/shared/ids.js'

/**
 * What a person has answered so far while recording a concern. Kept server-side (so nothing is lost if the
 * browser closes, and it works without JavaScript), private to its author, and deleted once the concern is
 * recorded. It is not a record: the concern itself is written once, complete, in one transaction.
 */
export interface ConcernDraft {
  childIds: string[]
  immediateDanger?: 'yes' | 'no'
  policeCalledTime?: string
  policeReference?: string
  observedDay?: string
  observedMonth?: string
  observedYear?: string
  observedTime?: string
  place?: string
  facts?: string
  othersPresent?: string
  childWords?: string
  actionTaken?: string
  categories?: string[]
  fgmKnown?: boolean
  marks: { side: string; region?: string; x?: number; y?: number; description: string; childId?: string }[]
  /** When the safeguarding leads were alerted that the child is in immediate danger (alertImmediateDanger). */
  dangerAlertedAt?: string
  /** How many were alerted then. */
  dangerAlerted?: number
}

export const emptyDraft = (): ConcernDraft => ({ childIds: [], marks: [] })

/** The person's own draft, locked until the transaction ends (so two requests cannot both act on it). */
export const lockOwnDraft = (tx: Transaction<DB>, draftId: string, userId: string) =>
  tx
    .selectFrom('concern_draft')
    .select('data')
    .where('id', '=', draftId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst()

export async function startDraft(deps: Deps, actor: Actor): Promise<string> {
  const id = newId()
  const now = deps.clock.now()
  await deps.db
    .insertInto('concern_draft')
    .values({ id, user_id: actor.userId, data: JSON.stringify(emptyDraft()), created_at: now, updated_at: now })
    .execute()
  return id
}

/**
 * The actor's own draft. Anyone else's draft, or an id that is no draft, is "not there" — a draft names a child
 * and what was seen — and the attempt is audited like any other refused look at child-level data.
 */
export async function loadDraft(
  deps: Deps,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<ConcernDraft | undefined> {
  const row = isUuid(id)
    ? await deps.db.selectFrom('concern_draft').select(['data', 'user_id']).where('id', '=', id).executeTakeFirst()
    : undefined
  if (row !== undefined && row.user_id === actor.userId)
    return { ...emptyDraft(), ...(row.data as Partial<ConcernDraft>) }
  const reason =
    row === undefined ? 'no such draft (never made, or already sent as a concern)' : 'the draft is another person’s'
  await auditRefusal(
    deps.db,
    actor,
    { action: 'concern_draft.view_denied', subjectType: 'concern_draft', subjectId: id, reason },
    meta,
    deps.clock.now(),
  )
  return undefined
}

export async function saveDraft(deps: Deps, actor: Actor, id: string, draft: ConcernDraft): Promise<void> {
  await deps.db
    .updateTable('concern_draft')
    .set({ data: JSON.stringify(draft), updated_at: deps.clock.now() })
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .execute()
}
