import type { Kysely, Transaction } from 'kysely'
import type { Deps } from '../../../platform/context.js'
import type { DB } from '../../../platform/db/schema.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import { loadById } from '../../../platform/db/refLoadById.js'

/** How long an unsent public report is kept: a day, then it is deleted when the next one is started. */
export const PUBLIC_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000
/** How long the page saying a report was sent shows its reference. */
const SENT_PAGE_LIFETIME_MS = 30 * 60 * 1000

/** What a member of the public has answered so far, by form field name. */
export type Answers = Readonly<Record<string, string>>

/**
 * What a member of the public has answered so far, server-side. It is not a referral: nothing reaches the
 * referral tables until "Send" (makePublicReferral). The draft's id lives in a signed cookie only its browser holds,
 * and is the report's submission key.
 */
export async function startPublicDraft(deps: Deps, initial: Readonly<Record<string, string>>): Promise<string> {
  const now = deps.clock.now()
  await deps.db
    .deleteFrom('public_report_draft')
    .where('updated_at', '<', new Date(now.getTime() - PUBLIC_DRAFT_LIFETIME_MS))
    .execute()
  return insertWithNewId(deps.db, 'public_report_draft', {
    data: JSON.stringify(initial),
    created_at: now,
    updated_at: now,
  })
}

export const loadPublicDraft = (deps: Deps, id: string | undefined): Promise<Answers | undefined> =>
  draftAnswers(deps.db, id, deps.clock.now())

/** The draft being sent, locked until the report is made from it: a copy sent at once waits, then finds none. */
export const lockPublicDraft = (tx: Transaction<DB>, id: string | undefined, now: Date): Promise<Answers | undefined> =>
  draftAnswers(tx, id, now, { forUpdate: true })

async function draftAnswers(
  db: Kysely<DB> | Transaction<DB>,
  id: string | undefined,
  now: Date,
  options: LoadOptions = {},
): Promise<Answers | undefined> {
  return loadById(
    id,
    options,
    (id, forUpdate) =>
      db
        .selectFrom('public_report_draft')
        .select(['data', 'updated_at'])
        .where('id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate()),
    (row) => (row.updated_at.getTime() < now.getTime() - PUBLIC_DRAFT_LIFETIME_MS ? undefined : (row.data as Answers)),
  )
}

export async function savePublicDraft(deps: Deps, id: string, data: Readonly<Record<string, string>>): Promise<void> {
  await deps.db
    .updateTable('public_report_draft')
    .set({ data: JSON.stringify(data), updated_at: deps.clock.now() })
    .where('id', '=', id)
    .execute()
}

/**
 * The reference of the report sent with this key (the draft's id, from its browser's cookie), for the page that
 * tells its sender: for half an hour after it was sent, then the page goes back to the start.
 */
export async function sentWithKey(deps: Deps, key: string | undefined): Promise<string | undefined> {
  if (key === undefined || !isUuid(key)) return undefined
  const row = await deps.db
    .selectFrom('referral')
    .select('reference')
    .where('submission_key', '=', key)
    .where('received_at', '>', new Date(deps.clock.now().getTime() - SENT_PAGE_LIFETIME_MS))
    .executeTakeFirst()
  return row?.reference
}
