/**
 * Concerns: what other modules may use. The pages, API and steps are registered by src/app directly.
 */
export { concernNextStep, concernRecorder, type ConcernNextStep, type ConcernRecorder } from './domain/nextStep.js'
export { inboxCounts, ownConcernCounts, type InboxCounts, type OwnConcernCounts } from './queries/workCounts.js'
export { unacknowledgedCounts } from './queries/unacknowledged.js'
