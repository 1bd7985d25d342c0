/**
 * Data protection duties as data (issue 15, item 6): the record of processing (UK GDPR Art 30) and the retention
 * schedule per kind of record, shown to administrators and partnership leads and as JSON; and the data protection
 * complaints log (Data (Use and Access) Act 2025): record, acknowledge within 30 days, record the outcome.
 */
import { mountModule } from '../../platform/steps/mountModule.js'
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
]

export const registerDataProtection = mountModule(dataProtectionSteps, dataProtectionRoutes)
