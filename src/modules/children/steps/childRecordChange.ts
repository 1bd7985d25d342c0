import type { Transaction } from 'kysely'
import { decide, type ChildFacts } from '../../access/domain/policy.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { StepContext } from '../../../platform/steps/defineStep.js'
import { lockedChildWithFacts } from '../queries/childAccess.js'

/**
 * For a step that changes one child's record (an identity correction, census details): the child at
 * `:childId`, locked for the change, with what the step checks against besides. Undefined (a 404) when there is no
 * such child or `more` finds nothing.
 */
export async function loadLockedChild<M extends object>(
  { tx, params, actor, now }: StepContext,
  more: (tx: Transaction<DB>, childId: string) => Promise<M | undefined>,
) {
  const childId = params.childId!
  const found = await lockedChildWithFacts(tx, childId, actor.userId, now)
  const extra = found === undefined ? undefined : await more(tx, childId)
  return found === undefined || extra === undefined ? undefined : { child: found.child, facts: found.facts, ...extra }
}

/**
 * Who may see the form and who may make the change: the form is for whoever may see the child's record (anyone
 * else: no such child, a 404); the change needs `change` (someone who sees the child but may not make it: a 403).
 */
export const childRecordAccess = (change: 'child.correct' | 'child.record_census') => ({
  viewAccess: (actor: Actor, l: { readonly facts: ChildFacts }) => {
    const d = decide(actor, { kind: 'child.view', child: l.facts })
    return d.allowed ? d : { ...d, visible: false }
  },
  access: (actor: Actor, l: { readonly facts: ChildFacts }) => {
    const d = decide(actor, { kind: change, child: l.facts })
    return d.allowed ? d : { ...d, visible: true }
  },
})
