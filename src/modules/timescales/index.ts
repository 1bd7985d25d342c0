/**
 * Timescales: what other modules may use. The pages are registered by src/app, and the steps mounted there.
 */
import { addNonWorkingDay, removeNonWorkingDay } from './steps/changeNonWorkingDays.js'
import { setTimescaleOverride } from './steps/setTimescaleOverride.js'

/** The partnership lead's steps as declarations: a local timescale, and the local calendar. */
export const timescaleSteps = [setTimescaleOverride, addNonWorkingDay, removeNonWorkingDay]
export { deadlineCounts, type DeadlineScope } from './queries/listDeadlines.js'
