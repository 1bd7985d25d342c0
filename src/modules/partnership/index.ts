/**
 * The safeguarding partnership and learning from serious incidents (issue 13): the register and signed-off
 * documents, the agreed data set and its dashboards, serious incident → rapid review → practice review,
 * recommendations and actions, and the yearly report.
 *
 * Other modules (and the demo seed) use only what is exported here.
 */
import type { FastifyInstance } from 'fastify'
import type { Deps } from '../../platform/context.js'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { Step } from '../../platform/steps/defineStep.js'
import { learningSteps } from './steps/learning.js'
import { recordRecommendation, updateAction } from './steps/actions.js'
import { partnershipSteps } from './steps/partnership.js'
import { partnershipRoutes } from './pages/routes.js'

export const steps = [
  ...learningSteps,
  recordRecommendation,
  updateAction,
  ...partnershipSteps,
] as unknown as readonly Step<never, unknown>[]

/** Mounts the steps (pages and /api/v1 routes) and the bespoke pages and read API. */
export function registerPartnership(app: FastifyInstance, deps: Deps): void {
  mountSteps(app, deps, steps)
  partnershipRoutes(app, deps)
}

export { recordRecommendation, updateAction } from './steps/actions.js'
export { openIncidentCounts } from './queries/views.js'
export {
  recordPartnerSeat,
  recordArrangementsDocument,
  signOffDocument,
  draftYearlyReport,
  signOffYearlyReport,
} from './steps/partnership.js'
export { dataSetMeasures, findMeasure } from './domain/dataSet.js'
export { learningThemes } from './domain/actions.js'
export { seedPartnershipRegister } from './queries/seed.js'
