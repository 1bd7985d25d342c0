/**
 * Subject access requests for a child's record (UK GDPR Art 15, answered within Art 12(3)'s month): record the
 * request, verify the requester, extend once, withhold entries with their grounds, export the PDF.
 */
import type { FastifyInstance } from 'fastify'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { Step } from '../../platform/steps/defineStep.js'
import type { WebOptions } from '../../platform/web/options.js'
import { subjectAccessRoutes } from './pages/routes.js'
import { exportSubjectAccess } from './steps/exportSubjectAccess.js'
import {
  extendSubjectAccess,
  recordSubjectAccessRequest,
  verifySubjectAccessIdentity,
  withholdChronologyEntry,
} from './steps/subjectAccessSteps.js'

export const subjectAccessSteps = [
  recordSubjectAccessRequest,
  verifySubjectAccessIdentity,
  extendSubjectAccess,
  withholdChronologyEntry,
  exportSubjectAccess,
] as unknown as readonly Step<never, unknown>[]

export function registerSubjectAccess(app: FastifyInstance, options: WebOptions): void {
  mountSteps(app, options.deps, subjectAccessSteps)
  subjectAccessRoutes(app, options)
}
