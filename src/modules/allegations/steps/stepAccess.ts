import type { Decision } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { AccessDecision } from '../../../platform/steps/defineStep.js'
import { decideLowLevelConcern } from '../domain/policy.js'
import type { LoadedLowLevelConcern } from '../queries/allegations.js'

/**
 * Who may take a step on one allegation or low-level concern (`take`): someone who may see the record (`see`) but
 * not take the step is told so (403); anyone else is answered as if there were no such record (404).
 */
export const takeOrSee = (take: Decision, see: Decision): AccessDecision =>
  take.allowed ? { allowed: true, reason: take.reason } : { allowed: false, reason: take.reason, visible: see.allowed }

/** The reviewer's steps on a low-level concern: reviewing it, and recording the allegation it became. */
export const reviewerAccess = (actor: Actor, l: LoadedLowLevelConcern): AccessDecision =>
  takeOrSee(
    decideLowLevelConcern(actor, { kind: 'low_level_concern.review', concern: l.facts }),
    decideLowLevelConcern(actor, { kind: 'low_level_concern.view', concern: l.facts }),
  )
