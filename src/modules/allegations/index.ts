/**
 * Allegations against people who work with children (with the LADO) and low-level concerns about adults.
 * Other modules use only what is exported here.
 */
import { mountModule } from '../../platform/steps/mountModule.js'
import { allegationRoutes } from './pages/routes.js'
import { recordLadoOutcome, referToLado } from './steps/ladoSteps.js'
import { recordLowLevelConcern, reviewLowLevelConcern } from './steps/lowLevelSteps.js'
import {
  recordAllegation,
  recordAllegationFromConcern,
  recordAllegationFromLowLevelConcern,
} from './steps/recordAllegation.js'

// The step files export only their steps: each is part of what the module offers.
export * from './steps/recordAllegation.js'
export * from './steps/ladoSteps.js'
export * from './steps/lowLevelSteps.js'

export const allegationSteps = [
  recordAllegation,
  recordAllegationFromConcern,
  recordAllegationFromLowLevelConcern,
  referToLado,
  recordLadoOutcome,
  recordLowLevelConcern,
  reviewLowLevelConcern,
]

export const registerAllegations = mountModule(allegationSteps, allegationRoutes)
