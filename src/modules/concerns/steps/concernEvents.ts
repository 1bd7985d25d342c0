import type { Action } from '../../access/domain/policy.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { CONCERN_LEAD_ROLES, transition, validateEventText, type ConcernEvent } from '../domain/workflow.js'
import { err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { concernToActOn, type ConcernRow } from '../queries/concernAccess.js'
import { tellAuthor } from './tellAuthor.js'
import { appendConcernEvent } from './concernWork.js'

export type ConcernEventError = DomainError<
  'CONCERN.NOT_FOUND' | 'CONCERN.TRANSITION_NOT_ALLOWED' | 'CONCERN.TEXT_INVALID'
>

/** The events still taken here; acknowledging and addenda are step declarations (acknowledgeConcern.ts, addConcernAddendum.ts). */
type HandWrittenEvent = Exclude<ConcernEvent, 'decide' | 'acknowledge' | 'add_addendum'>

const accessFor: Record<HandWrittenEvent, (c: ConcernRow) => Action> = {
  request_information: (c) => ({ kind: 'concern.manage', concern: c.facts }),
  provide_information: (c) => ({ kind: 'concern.provide_information', concern: c.facts }),
}

const auditAction: Record<HandWrittenEvent, string> = {
  request_information: 'concern.information_requested',
  provide_information: 'concern.information_provided',
}

/**
 * Asking the author for more, and answering: each appends an event to the
 * concern (never changing what was recorded), moves its state by the workflow table, and is audited, in one
 * transaction. Someone who may not act on the concern is told it does not exist.
 */
async function applyEvent(
  deps: Deps,
  actor: Actor,
  concernId: string,
  event: HandWrittenEvent,
  text: string,
  meta: RequestMeta,
  serviceUrl: string,
): Promise<Result<{ state: string }, ConcernEventError>> {
  const valid = validateEventText(event, text)
  if (!valid.ok) return err(valid.error)
  return deps.db.transaction().execute(async (tx): Promise<Result<{ state: string }, ConcernEventError>> => {
    const now = deps.clock.now()
    const allowed = await concernToActOn(tx, actor, concernId, event, accessFor[event], meta, now)
    if (!allowed.ok) return allowed
    const { concern, state, reason } = allowed.value
    const next = transition(state, event)
    if (!next.ok) return err(next.error)
    await appendConcernEvent(tx, actor, concern, event, next.value, text, now)
    const link = `${serviceUrl}/concerns/${concern.id}`
    if (event === 'request_information')
      await tellAuthor(
        tx,
        concern,
        {
          kind: 'concern.information_requested',
          subject: `More information needed about concern ${concern.reference}`,
          body: `Your designated safeguarding lead has asked for more information about concern ${concern.reference}.\n\nAnswer in Together: ${link}`,
        },
        now,
      )
    if (event === 'provide_information') {
      await notifyOrganisationRoles(
        tx,
        {
          organisationId: concern.organisationId,
          roles: CONCERN_LEAD_ROLES,
          kind: 'concern.information_provided',
          subject: `More information added to concern ${concern.reference}`,
          body: `The author of concern ${concern.reference} has answered your request.\n\nRead it in Together: ${link}`,
          relatedType: 'concern',
          relatedId: concern.id,
        },
        now,
      )
    }
    await auditActor(tx, actor, meta, now, {
      action: auditAction[event],
      subjectType: 'concern',
      subjectId: concern.id,
      reason,
      details: { from: concern.state, to: next.value },
    })
    return ok({ state: next.value })
  })
}

/** The events that carry the actor's words. */
const withText =
  (event: HandWrittenEvent) =>
  (
    deps: Deps,
    actor: Actor,
    concernId: string,
    text: string,
    meta: RequestMeta,
    serviceUrl = deps.settings.serviceUrl,
  ) =>
    applyEvent(deps, actor, concernId, event, text, meta, serviceUrl)
export const requestInformation = withText('request_information')
export const provideInformation = withText('provide_information')
