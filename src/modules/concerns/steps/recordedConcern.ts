import type { Actor } from '../../../platform/identity/actor.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { noSuchConcern } from '../queries/concernAccess.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'

export interface RecordedConcern {
  readonly id: string
  readonly reference: string
  readonly immediateDanger: boolean
  readonly fgmDuty: boolean
  /** FGM was among the categories: without the duty, local procedures apply. */
  readonly fgmChosen: boolean
}

/**
 * The confirmation shown once a concern is saved: its reference and what the author must do next. Only the
 * author sees it. Anyone else is told there is no such page, the same as for an id that is no concern, and the
 * attempt is audited.
 */
export async function recordedConcern(
  deps: Deps,
  actor: Actor,
  concernId: string,
  meta: RequestMeta,
): Promise<Result<RecordedConcern, DomainError<'CONCERN.NOT_FOUND'>>> {
  const row = isUuid(concernId)
    ? await deps.db
        .selectFrom('concern')
        .select(['id', 'reference', 'immediate_danger', 'fgm_duty', 'categories', 'author_user_id'])
        .where('id', '=', concernId)
        .executeTakeFirst()
    : undefined
  if (row === undefined || row.author_user_id !== actor.userId) {
    const reason =
      row === undefined ? 'no such concern' : 'only the author sees the confirmation of a concern they recorded'
    return noSuchConcern(
      deps.db,
      actor,
      { action: 'concern.view_denied', concernId, reason, details: { page: 'recorded' } },
      meta,
      deps.clock.now(),
    )
  }
  return ok({
    id: row.id,
    reference: row.reference,
    immediateDanger: row.immediate_danger,
    fgmDuty: row.fgm_duty,
    fgmChosen: row.categories.includes('fgm'),
  })
}
