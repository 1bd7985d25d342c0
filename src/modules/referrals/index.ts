/**
 * Referrals and the front door: what other modules may use. The pages, API and steps are registered by src/app.
 */
export { frontDoorCounts, type FrontDoorCounts } from './queries/workCounts.js'
