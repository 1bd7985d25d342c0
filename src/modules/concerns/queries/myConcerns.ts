import { concernChildNames } from './concernAccess.js'
import type { Transaction } from 'kysely'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { readWithAudit } from '../../../platform/steps/readWithAudit.js'

export interface MyConcern {
  readonly id: string
  readonly reference: string
  readonly state: string
  readonly createdAt: Date
  readonly children: string
  /** The latest decision on it, so the author knows what became of it ("closing the loop"). */
  readonly latestDecision: string | null
}

/**
 * The concerns a person recorded, newest first, with their outcome. Nothing about anyone else's. The list names
 * children, so it is read through the audited shell: the reason is that the person recorded each one.
 */
export async function myConcerns(deps: Deps, actor: Actor, meta: RequestMeta): Promise<MyConcern[]> {
  const read = await readWithAudit(deps, actor, meta, {
    action: 'concern.own_list_viewed',
    access: () => ({ allowed: true, reason: 'concerns this person recorded' }),
    read: (tx) => concernsRecordedBy(tx, actor),
    shown: (items) => items.map((i) => ({ type: 'concern', id: i.id })),
  })
  if (!read.ok) throw new Error('Your concerns is open to everyone signed in')
  return read.value
}

async function concernsRecordedBy(tx: Transaction<DB>, actor: Actor): Promise<MyConcern[]> {
  const rows = await tx
    .selectFrom('concern as c')
    .select(['c.id', 'c.reference', 'c.state', 'c.created_at'])
    .select((eb) => [
      concernChildNames('c.id').as('children'),
      eb
        .selectFrom('concern_event as e')
        .select('e.decision_kind')
        .whereRef('e.concern_id', '=', 'c.id')
        .where('e.kind', '=', 'decision')
        .orderBy('e.seq', 'desc')
        .limit(1)
        .as('latest_decision'),
    ])
    .where('c.author_user_id', '=', actor.userId)
    .orderBy('c.created_at', 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    state: r.state,
    createdAt: r.created_at,
    children: r.children ?? '',
    latestDecision: r.latest_decision,
  }))
}
