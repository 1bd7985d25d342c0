/**
 * Timescales: what other modules may use. The pages are registered by src/app.
 */
export { deadlineCounts, type DeadlineScope } from './queries/listDeadlines.js'
