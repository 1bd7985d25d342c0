/**
 * Statutory returns: what other modules may use. The pages and API are registered by src/app directly.
 */
import type { AnyStep } from '../../platform/steps/defineStep.js'
import { exportCinCensus } from './steps/census.js'

/** The returns' steps as declarations: src/app mounts each one's page and API route (mountSteps). */
export const returnsSteps: readonly AnyStep[] = [exportCinCensus]
