/**
 * Data protection duties as data (issue 15, item 6): the record of processing (UK GDPR Art 30) and the retention
 * schedule per kind of record, shown to administrators and partnership leads and as JSON; and the data protection
 * complaints log (Data (Use and Access) Act 2025): record, acknowledge within 30 days, record the outcome.
 */
import type { FastifyInstance } from 'fastify'
import type { Step } from '../../platform/steps/defineStep.js'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../platform/web/options.js'
import { dataProtectionRoutes } from './pages/routes.js'
import {
  acknowledgeDataProtectionComplaint,
  recordComplaintOutcome,
  recordDataProtectionComplaint,
} from './steps/complaintSteps.js'

export { processingRecords } from './domain/processing.js'
export { retentionSchedule } from './domain/retention.js'

export const dataProtectionSteps = [
  recordDataProtectionComplaint,
  acknowledgeDataProtectionComplaint,
  recordComplaintOutcome,
] as unknown as readonly Step<never, unknown>[]

export function registerDataProtection(app: FastifyInstance, options: WebOptions): void {
  mountSteps(app, options.deps, dataProtectionSteps)
  dataProtectionRoutes(app, options)
}
