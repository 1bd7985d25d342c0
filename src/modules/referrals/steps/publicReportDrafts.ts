import type { Deps } from '../../../platform/context.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { newId } from '../../../platform/security/secrets.js'

/** How long an unsent public report is kept: a day, then it is deleted when the next one is started. */
export const PUBLIC_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000

/**
 * What a member of the public has answered so far, server-side. It is not a referral: nothing reaches the
 * referral tables until "Send" (sendPublicReport). The draft's id lives in a signed cookie only its browser holds,
 * and is the report's submission key.
 */
export async function startPublicDraft(deps: Deps, initial: Readonly<Record<string, string>>): Promise<string> {
  const id = newId()
  const now = deps.clock.now()
  await deps.db
    .deleteFrom('public_report_draft')
    .where('updated_at', '<', new Date(now.getTime() - PUBLIC_DRAFT_LIFETIME_MS))
    .execute()
  await deps.db
    .insertInto('public_report_draft')
    .values({ id, data: JSON.stringify(initial), created_at: now, updated_at: now })
    .execute()
  return id
}

export async function loadPublicDraft(deps: Deps, id: string | undefined): Promise<Record<string, string> | undefined> {
  if (id === undefined || !isUuid(id)) return undefined
  const row = await deps.db
    .selectFrom('public_report_draft')
    .select(['data', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (row === undefined) return undefined
  if (row.updated_at.getTime() < deps.clock.now().getTime() - PUBLIC_DRAFT_LIFETIME_MS) return undefined
  return row.data as Record<string, string>
}

export async function savePublicDraft(deps: Deps, id: string, data: Readonly<Record<string, string>>): Promise<void> {
  await deps.db
    .updateTable('public_report_draft')
    .set({ data: JSON.stringify(data), updated_at: deps.clock.now() })
    .where('id', '=', id)
    .execute()
}

/** The reference of the report already sent with this key, if it was. */
export async function sentWithKey(deps: Deps, key: string): Promise<string | undefined> {
  if (!isUuid(key)) return undefined
  const row = await deps.db
    .selectFrom('referral')
    .select('reference')
    .where('submission_key', '=', key)
    .executeTakeFirst()
  return row?.reference
}
