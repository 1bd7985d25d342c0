import { z } from 'zod'
import { loadedChoice } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { staffWithRole } from './caseSupport.js'
import { caseWork, withCase } from './episodeStep.js'

const NOT_A_LEAD = 'Choose a social worker from this local authority as lead practitioner'
const NOT_A_MANAGER = 'Choose a team manager from this local authority'

/**
 * A team manager allocates the case: a social worker of the local authority as lead practitioner (child
 * protection work is always led by a social worker) and the managing team manager. The episode's open
 * statutory clocks, and an open child in need plan, move to the new lead, so they appear in that worker's due
 * and overdue list. The choices are the local authority's active social workers and team managers; the engine
 * refuses anyone else.
 */
export const allocateCase = defineStep({
  ...caseWork(['team_manager']),
  operationId: 'allocateCase',
  path: '/cases/:id/allocate',
  apiPath: '/cases/:id/allocation',
  title: 'Allocate the case',
  description:
    'The team manager allocates a social worker as lead practitioner, and the team manager; open clocks move to the lead',
  submitText: 'Allocate',
  okStatus: 200,
  intro: () => [
    'Child protection work is always led by a social worker. Open statutory deadlines for the case move to the lead practitioner.',
  ],
  fields: {
    leadUserId: loadedChoice({
      kind: 'select',
      label: 'Lead practitioner (social worker)',
      required: NOT_A_LEAD,
      notOffered: NOT_A_LEAD,
    }),
    teamManagerUserId: loadedChoice({
      kind: 'select',
      label: 'Team manager',
      required: NOT_A_MANAGER,
      notOffered: NOT_A_MANAGER,
    }),
  },
  load: (ctx) =>
    withCase(ctx, async (c) => {
      const la = c.episode.localAuthorityId
      return {
        ...c,
        socialWorkers: await staffWithRole(ctx.tx, la, 'social_worker'),
        teamManagers: await staffWithRole(ctx.tx, la, 'team_manager'),
      }
    }),
  choices: (c) => ({ leadUserId: c.socialWorkers, teamManagerUserId: c.teamManagers }),
  prefill: (c) => ({ leadUserId: c.episode.leadUserId, teamManagerUserId: c.episode.teamManagerUserId }),
  unavailable: (c) => (c.phase === 'closed' ? 'This case is closed – a new referral starts a new episode' : undefined),
  run: async ({ tx, actor, now }, input, c) => {
    const lead = input.leadUserId as string
    const manager = input.teamManagerUserId as string
    const episodeId = c.episode.id
    await tx
      .updateTable('episode')
      .set({ lead_user_id: lead, team_manager_user_id: manager })
      .where('id', '=', episodeId)
      .execute()
    await tx
      .insertInto('episode_allocation')
      .values({
        id: newId(),
        episode_id: episodeId,
        lead_user_id: lead,
        team_manager_user_id: manager,
        allocated_by: actor.userId,
        allocated_at: now,
      })
      .execute()
    await tx
      .updateTable('deadline')
      .set({ assigned_user_id: lead })
      .where('subject_type', '=', 'episode')
      .where('subject_id', '=', episodeId)
      .where('completed_at', 'is', null)
      .execute()
    await tx
      .updateTable('child_in_need_plan')
      .set({ lead_user_id: lead })
      .where('episode_id', '=', episodeId)
      .where('ended_on', 'is', null)
      .execute()
    return ok({ leadUserId: lead, teamManagerUserId: manager })
  },
  action: 'episode.allocated',
  auditDetails: (out, _input, c) => ({
    childId: c.episode.childId,
    ...out,
    previousLeadUserId: c.episode.leadUserId,
  }),
  output: z.object({ leadUserId: z.uuid(), teamManagerUserId: z.uuid() }),
})
