/**
 * Concerns: what other modules may use. The pages, API and steps are registered by src/app directly.
 */
import type { AnyStep } from '../../platform/steps/defineStep.js'
import { acknowledgeConcern } from './steps/acknowledgeConcern.js'
import { addConcernAddendum } from './steps/addConcernAddendum.js'
import { decideConcern } from './steps/decideConcern.js'
import { recordConcern } from './steps/recordConcern.js'

/** The concern steps as declarations: src/app mounts each one's page and API route (mountSteps). */
export const concernSteps: readonly AnyStep[] = [recordConcern, acknowledgeConcern, addConcernAddendum, decideConcern]
export { concernNextStep, concernRecorder, type ConcernNextStep, type ConcernRecorder } from './domain/nextStep.js'
export { inboxCounts, ownConcernCounts, type InboxCounts, type OwnConcernCounts } from './queries/workCounts.js'
export { unacknowledgedCounts } from './queries/unacknowledged.js'
export { concernCategoriesInWords } from './domain/categoryWords.js'
