import { sql } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { Db } from '../../../platform/db/database.js'

/** The safeguarding inbox in numbers: concerns not yet decided, and how many of them say a child is in danger. */
export interface InboxCounts {
  readonly waiting: number
  readonly urgent: number
}

/**
 * For the home page: one COUNT over the organisation's undecided concerns (the inbox's own condition), no names, so
 * no audit row. Undefined when the person has no inbox.
 */
export async function inboxCounts(db: Db, actor: Actor): Promise<InboxCounts | undefined> {
  if (!decide(actor, { kind: 'inbox.view', organisationId: actor.organisationId }).allowed) return undefined
  const row = await db
    .selectFrom('concern as c')
    .select([sql<string>`count(*)`.as('waiting'), sql<string>`count(*) FILTER (WHERE c.immediate_danger)`.as('urgent')])
    .where('c.organisation_id', '=', actor.organisationId)
    .where('c.state', '!=', 'decided')
    .executeTakeFirstOrThrow()
  return { waiting: Number(row.waiting), urgent: Number(row.urgent) }
}

/** The concerns a person recorded, in numbers: all of them, those still waiting for a decision, those decided. */
export interface OwnConcernCounts {
  readonly recorded: number
  readonly waiting: number
  readonly decided: number
}

export async function ownConcernCounts(db: Db, actor: Actor): Promise<OwnConcernCounts> {
  const row = await db
    .selectFrom('concern as c')
    .select([
      sql<string>`count(*)`.as('recorded'),
      sql<string>`count(*) FILTER (WHERE c.state = 'decided')`.as('decided'),
    ])
    .where('c.author_user_id', '=', actor.userId)
    .executeTakeFirstOrThrow()
  const recorded = Number(row.recorded)
  const decided = Number(row.decided)
  return { recorded, waiting: recorded - decided, decided }
}
