import type { Actor } from '../../../platform/identity/actor.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { CONCERN_LEAD_ROLES } from '../domain/workflow.js'
import { lockOwnDraft, type ConcernDraft } from './concernDrafts.js'

export interface DangerAlert {
  /** How many safeguarding leads and deputies were sent the alert (0: the organisation has none active). */
  readonly alerted: number
  /** The alert had already gone for this draft: it is sent once, however often the answer is given. */
  readonly alreadySent: boolean
}

/**
 * The moment someone recording a concern answers "yes, the child is in immediate danger", their organisation's
 * safeguarding leads and deputies are alerted with what is known so far, marked as a concern still being written:
 * not when the whole concern is sent pages later, and whether or not it ever is. The draft remembers the alert
 * (so it goes once), in the same transaction as the messages and the audit row.
 *
 * No child's name goes in the email (it may be read on a shared or personal device): the lead is told who is
 * writing it, and the 999 call and police reference if given, so they can speak to that person now.
 */
export async function alertImmediateDanger(
  deps: Deps,
  actor: Actor,
  draftId: string,
  draft: ConcernDraft,
  meta: RequestMeta,
): Promise<DangerAlert> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now()
    const row = await lockOwnDraft(tx, draftId, actor.userId)
    const stored = (row?.data ?? {}) as Partial<ConcernDraft>
    if (row === undefined || stored.dangerAlertedAt !== undefined) {
      return { alerted: stored.dangerAlerted ?? 0, alreadySent: row !== undefined }
    }
    const known = [
      `Being written by: ${actor.displayName}, ${actor.organisationName}`,
      `Children named so far: ${draft.childIds.length === 0 ? 'none yet' : String(draft.childIds.length)}`,
      draft.policeCalledTime ? `999 called at: ${draft.policeCalledTime}` : '999 call: not recorded yet',
      ...(draft.policeReference ? [`Police reference: ${draft.policeReference}`] : []),
    ]
    const alerted = await notifyOrganisationRoles(
      tx,
      {
        organisationId: actor.organisationId,
        roles: CONCERN_LEAD_ROLES,
        kind: 'concern.danger_while_writing',
        subject: 'URGENT: a child may be in immediate danger – a concern is still being written',
        body: [
          `${actor.displayName} has said that a child is in immediate danger and is recording a concern in Together now.`,
          'The concern is not finished yet: speak to them now. You will be told again when it is sent.',
          '',
          'What is known so far:',
          ...known,
        ].join('\n'),
        relatedType: 'concern_draft',
        relatedId: draftId,
      },
      now,
    )
    await tx
      .updateTable('concern_draft')
      .set({
        data: JSON.stringify({ ...draft, dangerAlertedAt: now.toISOString(), dangerAlerted: alerted }),
        updated_at: now,
      })
      .where('id', '=', draftId)
      .execute()
    await auditActor(tx, actor, meta, now, {
      action: 'concern.danger_alerted',
      subjectType: 'concern_draft',
      subjectId: draftId,
      reason: 'the person recording a concern said the child is in immediate danger',
      details: { alerted, childIds: draft.childIds },
    })
    return { alerted, alreadySent: false }
  })
}
