/**
 * Allegations against people who work with children (with the LADO) and low-level concerns about adults.
 * Other modules use only what is exported here.
 */
import type { FastifyInstance } from 'fastify'
import type { Step } from '../../platform/steps/defineStep.js'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../platform/web/options.js'
import { allegationRoutes } from './pages/routes.js'
import { recordLadoOutcome, referToLado } from './steps/ladoSteps.js'
import { recordLowLevelConcern, reviewLowLevelConcern } from './steps/lowLevelSteps.js'
import {
  recordAllegation,
  recordAllegationFromConcern,
  recordAllegationFromLowLevelConcern,
} from './steps/recordAllegation.js'

export {
  recordAllegation,
  recordAllegationFromConcern,
  recordAllegationFromLowLevelConcern,
  referToLado,
  recordLadoOutcome,
  recordLowLevelConcern,
  reviewLowLevelConcern,
}

export const allegationSteps = [
  recordAllegation,
  recordAllegationFromConcern,
  recordAllegationFromLowLevelConcern,
  referToLado,
  recordLadoOutcome,
  recordLowLevelConcern,
  reviewLowLevelConcern,
] as unknown as readonly Step<never, unknown>[]

export function registerAllegations(app: FastifyInstance, options: WebOptions): void {
  mountSteps(app, options.deps, allegationSteps)
  allegationRoutes(app, options)
}
