/**
 * The child-protection file on a school move: sent to the new school's DSL (on Together, or through a secure
 * single-use link), receipt confirmed, the clock in school days. Other modules use only what is exported here.
 */
import { mountModule } from '../../platform/steps/mountModule.js'
import { transferRoutes } from './pages/routes.js'
import { confirmFileReceipt, sendChildProtectionFile } from './steps/transferSteps.js'

export { confirmFileReceipt, sendChildProtectionFile }
export { fileTransferDue, isSchoolDay, type SchoolCalendar } from './domain/schoolDays.js'
export { fileTransferDataSetRows, fileTransferDataSetCategory } from './queries/dataSet.js'

export const transferSteps = [sendChildProtectionFile, confirmFileReceipt]

export const registerTransfers = mountModule(transferSteps, transferRoutes)
