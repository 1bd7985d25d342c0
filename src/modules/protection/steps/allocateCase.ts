import type { Actor } from '../../../platform/identity/actor.js'
import { checkAllocation } from '../domain/caseWork.js'
import { err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { auditCase, checkActs, inCase, type CaseError } from './caseSupport.js'

export interface AllocationInput {
  readonly leadUserId: string
  readonly teamManagerUserId: string
}

/**
 * A team manager allocates the case: a social worker of the local authority as lead practitioner (child
 * protection work is always led by a social worker) and the managing team manager. The episode's open
 * statutory clocks are assigned to the new lead, so they appear in that worker's due and overdue list.
 */
export async function allocateCase(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: AllocationInput,
  meta: RequestMeta,
): Promise<Result<{ leadUserId: string; teamManagerUserId: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'allocate', async (c) => {
    const allowed = await checkActs(c, actor, ['team_manager'], 'allocate', meta)
    if (!allowed.ok) return allowed
    if (c.phase === 'closed')
      return err({
        code: 'EPISODE.STEP_NOT_ALLOWED',
        message: 'This case is closed – a new referral starts a new episode',
      })
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
    const people = await c.tx
      .selectFrom('app_user')
      .select(['id', 'roles', 'organisation_id', 'active'])
      .where(
        'id',
        'in',
        [input.leadUserId, input.teamManagerUserId]
          .filter((id) => uuid.test(id))
          .concat(['00000000-0000-0000-0000-000000000000']),
      )
      .execute()
    const person = (id: string) => {
      const p = people.find((x) => x.id === id)
      return p === undefined ? undefined : { roles: p.roles, organisationId: p.organisation_id, active: p.active }
    }
    const checked = checkAllocation(
      person(input.leadUserId),
      person(input.teamManagerUserId),
      c.episode.localAuthorityId,
    )
    if (!checked.ok) return checked
    await c.tx
      .updateTable('episode')
      .set({ lead_user_id: input.leadUserId, team_manager_user_id: input.teamManagerUserId })
      .where('id', '=', c.episode.id)
      .execute()
    await c.tx
      .insertInto('episode_allocation')
      .values({
        id: newId(),
        episode_id: c.episode.id,
        lead_user_id: input.leadUserId,
        team_manager_user_id: input.teamManagerUserId,
        allocated_by: actor.userId,
        allocated_at: c.now,
      })
      .execute()
    await c.tx
      .updateTable('deadline')
      .set({ assigned_user_id: input.leadUserId })
      .where('subject_type', '=', 'episode')
      .where('subject_id', '=', c.episode.id)
      .where('completed_at', 'is', null)
      .execute()
    await c.tx
      .updateTable('child_in_need_plan')
      .set({ lead_user_id: input.leadUserId })
      .where('episode_id', '=', c.episode.id)
      .where('ended_on', 'is', null)
      .execute()
    await auditCase(c, actor, 'episode.allocated', meta, {
      leadUserId: input.leadUserId,
      teamManagerUserId: input.teamManagerUserId,
      previousLeadUserId: c.episode.leadUserId,
    })
    return ok({ leadUserId: input.leadUserId, teamManagerUserId: input.teamManagerUserId })
  })
}
